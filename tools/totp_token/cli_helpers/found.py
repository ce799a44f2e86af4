"""Showing the accounts sources hold (`totp-token parse`, `totp-token scan`): a table with the
secrets masked unless --show-secrets, or JSON; warnings and failures on standard error."""

import argparse
import json
import sys
from typing import Any, TextIO

from totp import base32
from totp.account import Account

from ..errors import EXIT_BAD_INPUT, EXIT_OK, NothingFoundError, printable
from ..importers.result import ImportResult
from .prompts import print_table

JSON_KEYS = ("issuer", "account", "type", "algorithm", "digits", "period", "counter")
TABLE_COLUMNS = JSON_KEYS + ("secret",)
HIDDEN = "(hidden)"


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the accounts as JSON")
    parser.add_argument("--show-secrets", action="store_true",
                        help="print the secrets (base32) instead of masking them")


def report(result: ImportResult, args: argparse.Namespace, out: TextIO | None = None,
           err: TextIO | None = None) -> int:
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


def account_row(account: Account, show_secret: bool) -> dict[str, Any]:
    """The public fields of one account, with its base32 secret only when asked."""
    row = account.describe()
    if show_secret:
        row["secret"] = base32.encode(account.secret)
    return row
