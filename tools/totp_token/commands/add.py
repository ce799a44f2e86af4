"""`totp-token add SOURCE...`: load accounts into one or more tokens, then verify each one.

The flow itself (what is shown, asked, skipped, replaced and verified) is
``cli_helpers.provision``, shared with `totp-token scan --add`.
"""

import argparse
import sys

from ..cli_helpers import Subparsers
from ..cli_helpers.passwords import add_password_option, password_reader
from ..cli_helpers.provision import add_ports_option, provision_reporting

SOURCE_HELP = ("an otpauth:// or otpauth-migration:// URI (in quotes), a text file of them, "
               "a QR image, an export of another app, a directory, or - for standard input")


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "add", help="load accounts into the token and verify them",
        description="Load accounts into the token (or several, with --port repeated), then "
                    "check each token computes the same codes as this computer. Reads the "
                    "same SOURCEs as `totp-token parse`; secrets are never shown. Accounts "
                    "already on a token are skipped, so an import can be run again.")
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help=SOURCE_HELP)
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask before adding")
    parser.add_argument("--replace", action="store_true",
                        help="rewrite stored accounts with the same issuer and name whose "
                             "secret or parameters differ (an HOTP counter never goes back)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    add_password_option(parser)
    add_ports_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..importers import read_sources

    result = read_sources(args.sources, stdin=sys.stdin, password=password_reader(args))
    return provision_reporting(result, args, "source(s) or entr(ies)")
