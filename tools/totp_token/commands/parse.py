"""`totp-token parse SOURCE...`: show the accounts a source holds, offline (no token needed).

Secrets are masked unless --show-secrets. --json prints a list of objects with
the keys in ``JSON_KEYS`` (plus ``secret`` with --show-secrets). Warnings and
failures go to standard error; exit 1 when anything failed or nothing was found.
"""

import json
import sys

from totp import base32

from ..errors import EXIT_BAD_INPUT, EXIT_OK, NothingFoundError, printable
from .manage import print_table
from .passwords import add_password_option, password_reader

JSON_KEYS = ("issuer", "account", "type", "algorithm", "digits", "period", "counter")
TABLE_COLUMNS = JSON_KEYS + ("secret",)
HIDDEN = "(hidden)"


def register(subparsers):
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


def add_output_options(parser):
    parser.add_argument("--json", action="store_true", help="print the accounts as JSON")
    parser.add_argument("--show-secrets", action="store_true",
                        help="print the secrets (base32) instead of masking them")


def run(args):
    from ..importers import read_sources

    return report(read_sources(args.sources, stdin=sys.stdin, password=password_reader(args)),
                  args)


def report(result, args, out=None, err=None):
    """Print an ImportResult: accounts on ``out``, warnings and failures on ``err``."""
    out = out or sys.stdout
    err = err or sys.stderr
    for warning in result.warnings:
        print("warning: %s" % printable(warning), file=err)
    for _source, message in result.failures:
        print("error: %s" % printable(message), file=err)
    rows = [account_row(account, args.show_secrets) for account in result.accounts]
    if args.json:
        # ASCII escapes: json leaves C1 controls and bidi overrides raw otherwise
        print(json.dumps(rows, indent=2), file=out)
    elif rows:
        if not args.show_secrets:
            for row in rows:
                row["secret"] = HIDDEN
        print_table(rows, TABLE_COLUMNS, out)
    if not result.accounts and not result.failures:
        raise NothingFoundError("no OTP account found")
    return EXIT_BAD_INPUT if result.failures or not result.accounts else EXIT_OK


def account_row(account, show_secret):
    """The public fields of one account, with its base32 secret only when asked."""
    row = account.describe()
    if show_secret:
        row["secret"] = base32.encode(account.secret)
    return row
