"""`totp-token add SOURCE...`: load accounts into the token, then verify each one.

Shows what will be added (never the secret), asks unless --yes, refuses
accounts whose issuer and name the token already holds unless --replace (a
replacement waits for the owner's press on the token), adds, then verifies each
account without reading a code back: it sends the code this computer computes
and the token answers only whether it matches (its `verify`, a few tries within
minutes of the add). ``provision()`` is the same flow for
`totp-token scan --add`.
"""

import json
import sys
import time

from totp import wire
from totp.protocol import code_at  # the token's own code path, run on the host's copy

from ..client import connect
from ..errors import InputError, Interrupted, TokenError, TokenRefused, printable
from ..ports import add_port_option
from .manage import confirm, print_table
from .passwords import add_password_option, password_reader

ADD_COLUMNS = ("issuer", "account", "type", "algorithm", "digits", "period")
SOURCE_HELP = ("an otpauth:// or otpauth-migration:// URI (in quotes), a text file of them, "
               "a QR image, an export of another app, a directory, or - for standard input")
CLOCK_NOT_SET = ("the token's clock is not set, so it shows no codes yet: run "
                 "`totp-token time --set`")


def register(subparsers):
    parser = subparsers.add_parser(
        "add", help="load accounts into the token and verify them",
        description="Load accounts into the token, then check the token computes the same "
                    "codes as this computer. Reads the same SOURCEs as `totp-token parse`; "
                    "secrets are never shown.")
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help=SOURCE_HELP)
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask before adding")
    parser.add_argument("--replace", action="store_true",
                        help="overwrite accounts with the same issuer and name")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    add_password_option(parser)
    add_port_option(parser)
    parser.set_defaults(func=run)


def run(args):
    from ..importers import read_sources

    result = read_sources(args.sources, stdin=sys.stdin, password=password_reader(args))
    if len(result.failures) == 1:
        raise InputError("%s; nothing was added" % result.failures[0][1])
    for _source, message in result.failures:
        print("error: %s" % printable(message), file=sys.stderr)
    if result.failures:
        raise InputError("%d source(s) could not be read (above): fix or drop them and run "
                         "`totp-token add` again; nothing was added" % len(result.failures))
    return provision(result.accounts, args, result.warnings)


def provision(accounts, args, warnings=(), out=None):
    """Add ``accounts`` to the token at ``args.port`` and verify each; returns the exit code.

    ``args`` needs ``port``, ``yes``, ``replace`` and optionally ``json``.
    """
    out = out or sys.stdout
    as_json = getattr(args, "json", False)
    for warning in warnings:
        print("warning: %s" % printable(warning), file=sys.stderr)
    if not accounts:
        raise InputError("no accounts to add: give an otpauth:// URI, a file of them or a QR image")
    _refuse_duplicates_within(accounts)
    if not as_json:
        print("To add:", file=out)
        print_table([account.describe() for account in accounts], ADD_COLUMNS, out)
    with connect(args.port) as client:
        _refuse_existing(client, accounts, args.replace)
        if not args.yes and not confirm("Add %d account(s) to the token?" % len(accounts)):
            raise InputError("nothing added (not confirmed): answer y, or pass --yes")
        results = []
        try:
            for account in accounts:
                results.append(_add_one(client, account, args.replace))
        except (TokenError, KeyboardInterrupt) as exc:
            _report_partial(results, out, as_json)
            if isinstance(exc, KeyboardInterrupt):
                raise Interrupted("interrupted after adding %d of %d account(s): run "
                                  "`totp-token list` to see what the token holds"
                                  % (len(results), len(accounts))) from None
            raise
        clock_set = client.hello_info.get("clock_valid", True)
    _report(results, out, as_json)
    if not clock_set:
        print("warning: " + CLOCK_NOT_SET, file=sys.stderr)
    failed = [result for result in results if not result["verified"]]
    if failed:
        raise TokenError("%d account(s) did not verify: the token computes a different code; "
                         "delete them (`totp-token delete --slot N`) and add them again"
                         % len(failed))
    return 0


def _add_one(client, account, replace):
    """Add one account and verify it; a full store becomes a message with the numbers."""
    try:
        slot = client.add(account, replace=replace)
    except TokenRefused as exc:
        if exc.code != wire.ERR_FULL:
            raise
        raise TokenError(full_message(exc.response, account.label())) from None
    return _verify(client, account, slot)


def full_message(info: dict, label: str) -> str:
    """The token's "full" answer in numbers that add up: needed, free, in use, kept back."""
    needed, free = info.get("needed"), info.get("free")
    used, total = info.get("used_bytes"), info.get("total_bytes")
    # the token's message ends with the advice for its own flash (delete, or wipe)
    advice = printable(str(info.get("message", "")).partition("; ")[2]
                       or "delete an account you no longer need")
    numbers = ""
    if all(isinstance(n, int) for n in (needed, free, used, total)):
        kept = total - used - free
        numbers = (" it needs %d bytes and %d are free (%d of the %d bytes are in use%s);"
                   % (needed, free, used, total,
                      ", %d more are kept back so counters and changes can still be saved"
                      % kept if kept > 0 else ""))
    return ("the token's storage is full: %s was not added:%s %s; every account already "
            "stored is kept" % (printable(label), numbers, advice))


def _verify(client, account, slot):
    now = int(time.time())
    entry = account.describe()
    entry["slot"] = slot
    # the laptop's time: the check needs no clock on the token, and answers only yes or no
    entry["verified"] = client.verify(slot, code_at(account, now), at=now)
    return entry


def _refuse_duplicates_within(accounts):
    seen = set()
    for account in accounts:
        key = (account.issuer.lower(), account.name.lower())
        if key in seen:
            raise InputError("%s appears twice in the sources: keep one and run again"
                             % printable(account.label()))
        seen.add(key)


def _refuse_existing(client, accounts, replace):
    if replace:
        return
    stored = {(entry["issuer"].lower(), entry["account"].lower()): entry["slot"]
              for entry in client.accounts()}
    clashes = ["%s (slot %d)" % (printable(account.label()), stored[key]) for account in accounts
               for key in [(account.issuer.lower(), account.name.lower())] if key in stored]
    if clashes:
        raise InputError("the token already holds %s: pass --replace to overwrite, or rename "
                         "the stored one (`totp-token rename`); nothing was added"
                         % ", ".join(clashes))


def _report_partial(results, out, as_json):
    if results:
        print("Added before the failure:", file=sys.stderr)
        _report(results, sys.stderr, as_json)


def _report(results, out, as_json):
    if as_json:
        print(json.dumps(results, indent=2), file=out)
        return
    for entry in results:
        label = ":".join(part for part in (entry["issuer"], entry["account"]) if part)
        print("slot %d  %s  %s" % (entry["slot"], printable(label),
                                   "verified" if entry["verified"] else "NOT VERIFIED"), file=out)
