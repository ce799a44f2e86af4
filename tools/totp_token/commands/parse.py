"""`totp-token parse SOURCE...`: show the accounts a source holds, offline (no token needed).

Secrets are masked unless --show-secrets. --json prints a list of objects with
the keys in ``cli_helpers.found.JSON_KEYS`` (plus ``secret`` with --show-secrets).
Warnings and failures go to standard error; exit 1 when anything failed or nothing
was found.
"""

import argparse
import sys

from ..cli_helpers import Subparsers
from ..cli_helpers.found import add_output_options, report
from ..cli_helpers.passwords import add_password_option, password_reader


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "parse", help="show the accounts in URIs, files, QR images and exports (offline)",
        description="Read otpauth:// and otpauth-migration:// URIs, text files of them, QR "
                    "code images, exports of Aegis and 2FAS (plain or encrypted), andOTP, "
                    "Bitwarden (JSON, CSV), Proton Authenticator and FreeOTP+, and "
                    "directories, and show the accounts found. Nothing is sent to the token.")
    add_output_options(parser)
    add_password_option(parser)
    parser.add_argument("sources", nargs="+", metavar="SOURCE",
                        help="a URI (quoted), a file, a directory, or - for standard input")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..importers import read_sources

    return report(read_sources(args.sources, stdin=sys.stdin, password=password_reader(args)),
                  args)
