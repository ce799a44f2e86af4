"""`totp-token scan`: find every OTP QR code on every screen, show them, and with --add load them.

Screens are captured with mss (see ``importers.screen``); where that is
impossible (no display, Wayland) the message says to save the QR code as an
image and import the file instead.
"""

import argparse

from ..cli_helpers import Subparsers
from ..cli_helpers.found import add_output_options, report
from ..cli_helpers.provision import add_ports_option, provision_reporting
from ..errors import NothingFoundError

NOTHING_ON_SCREEN = ("no OTP QR code found on %d screen(s): show the whole QR code (not "
                     "covered, not tiny) and scan again, or save it as an image and run "
                     "`totp-token parse IMAGE`")


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "scan", help="find OTP QR codes on the screen (and add them with --add)",
        description="Capture every screen, decode every otpauth:// or otpauth-migration:// "
                    "QR code on it and show the accounts; with --add, load them into the "
                    "token like `totp-token add`.")
    add_output_options(parser)
    parser.add_argument("--add", action="store_true",
                        help="load the accounts found into the token and verify them")
    parser.add_argument("--yes", "-y", action="store_true", help="with --add: do not ask first")
    parser.add_argument("--replace", action="store_true",
                        help="with --add: overwrite accounts with the same issuer and name")
    add_ports_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..importers.screen import capture_screens
    from ..importers.sources import read_images

    screens = capture_screens()
    result = read_images(screens)
    if not result.accounts and not result.failures:
        raise NothingFoundError(NOTHING_ON_SCREEN % len(screens))
    if not args.add:
        return report(result, args)
    return provision_reporting(result, args, "QR code(s) on screen")
