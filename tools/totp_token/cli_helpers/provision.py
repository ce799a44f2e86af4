"""Load accounts into one or more tokens, then verify each: the flow of `totp-token add`
and `totp-token scan --add`.

Shows what will be added (never the secret), asks unless --yes, then for each
token (``--port`` repeated loads a backup token in the same run) asks the
token which accounts it already holds with the same secret and parameters
(`match`: yes/no answers only) and skips those without a write ("already on
the token"). An account whose issuer and name are stored with a different
secret or parameters is reported and left alone unless --replace, which
rewrites it (after the owner's press on the token) but never moves an HOTP
counter backwards. Every account added or replaced is verified without reading
a code back: this computer sends the code it computes and the token answers
only whether it matches (`verify`, a few tries within minutes of the add); an
account already there was matched by its secret. Entries that cannot be
imported are reported and the rest are still added; the exit status is 1 when
anything was left out.
"""

import argparse
import json
import sys
import time
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from totp import wire
from totp.account import HOTP, Account, entry_label
from totp.codes import code_at  # the token's own code path, run on the host's copy

from ..client import Client, connect
from ..errors import InputError, Interrupted, TokenError, TokenRefused, printable
from ..importers.result import ImportResult
from ..ports import PORT_HELP
from .prompts import confirm, print_table

ADD_COLUMNS = ("issuer", "account", "type", "algorithm", "digits", "period")
CLOCK_NOT_SET = ("the token's clock is not set, so it shows no codes yet: run "
                 "`totp-token time --set`")
ALREADY = "already on the token"
BACKUP_HINT = ("keep the QR codes or recovery codes somewhere safe, or load the same accounts "
               "into a second token now (`--port A --port B`): no command can read a secret "
               "back out of a token")


def add_ports_option(parser: argparse.ArgumentParser) -> None:
    """``--port`` that may be repeated: each token named gets the same accounts."""
    parser.add_argument("--port", dest="ports", action="append", metavar="PATH",
                        help=PORT_HELP + "; repeat it to load the same accounts into several "
                                         "tokens (a backup token)")


def provision_reporting(result: ImportResult, args: argparse.Namespace, what: str) -> int:
    """Report what could not be read, add the rest, and exit 1 if anything was left out."""
    if not result.accounts and len(result.failures) == 1:
        raise InputError("%s; nothing was added" % result.failures[0][1])
    for _source, message in result.failures:
        print("error: %s" % printable(message), file=sys.stderr)
    if not result.accounts and result.failures:
        raise InputError("%d %s could not be read (above) and nothing else was found: fix "
                         "them and run again; nothing was added" % (len(result.failures), what))
    status = provision(result.accounts, args, result.warnings)
    if result.failures:
        print("error: %d %s could not be imported (named above); everything else was "
              "added: fix them and run the same command again" % (len(result.failures), what),
              file=sys.stderr)
        return 1
    return status


def target_ports(args: argparse.Namespace) -> list[str | None]:
    """The ports to load: every --port given, else the one found (or $TOTP_TOKEN_PORT)."""
    ports = getattr(args, "ports", None)
    return list(ports) if ports else [getattr(args, "port", None)]


def provision(accounts: Sequence[Account], args: argparse.Namespace,
              warnings: Iterable[str] = (), out: TextIO | None = None) -> int:
    """Add ``accounts`` to each token of ``target_ports(args)`` and verify; returns the exit code.

    ``args`` needs ``port`` or ``ports``, ``yes``, ``replace`` and optionally ``json``.
    """
    out = out or sys.stdout
    as_json = getattr(args, "json", False)
    for warning in warnings:
        print("warning: %s" % (warning,), file=sys.stderr)
    if not accounts:
        raise InputError("no accounts to add: give an otpauth:// URI, a file of them or a QR image")
    _refuse_duplicates_within(accounts)
    ports = target_ports(args)
    if not as_json:
        print("To add:", file=out)
        print_table([account.describe() for account in accounts], ADD_COLUMNS, out)
    if not args.yes and not confirm("Add %d account(s) to %s?" % (
            len(accounts), "the token" if len(ports) == 1 else "%d tokens" % len(ports))):
        raise InputError("nothing added (not confirmed): answer y, or pass --yes")
    status = 0
    reports: dict[str | None, list[dict[str, Any]]] = {}
    for port in ports:
        if len(ports) > 1 and not as_json:
            print("Token %s:" % printable(port), file=out)
        results, clock_set = _provision_one(port, accounts, args.replace, out, as_json)
        reports[port] = results
        if not clock_set:
            print("warning: " + CLOCK_NOT_SET, file=sys.stderr)
        status = max(status, _judge(results, port if len(ports) > 1 else None))
    if as_json:
        print(json.dumps(reports[ports[0]] if len(ports) == 1 else reports, indent=2), file=out)
    if len(ports) == 1 and not as_json:
        print("note: " + BACKUP_HINT, file=sys.stderr)
    return status


def _judge(results, port):
    """Exit status for one token's results; raises when an account did not verify."""
    where = "" if port is None else " on the token at %s" % printable(port)
    failed = [result for result in results if result["status"] != "clash"
              and not result["verified"]]
    if failed:
        raise TokenError("%d account(s) did not verify%s: the token computes a different code; "
                         "delete them (`totp-token delete --slot N`) and add them again"
                         % (len(failed), where))
    clashes = [result for result in results if result["status"] == "clash"]
    if clashes:
        named = ", ".join("%s (slot %d)" % (printable(entry_label(result)), result["slot"])
            for result in clashes)
        print("error: left alone%s: the token already holds %s under the same issuer and name "
              "with a different secret or parameters; pass --replace to overwrite, or rename "
              "the stored one (`totp-token rename`)" % (where, named), file=sys.stderr)
        return 1
    return 0


def _provision_one(port, accounts, replace, out, as_json):
    with connect(port) as client:
        stored = {entry["slot"]: entry for entry in client.accounts()}
        results = []
        try:
            for account in accounts:
                results.append(_load_one(client, account, replace, stored))
        except (TokenError, KeyboardInterrupt) as exc:
            _report_partial(results, out, as_json)
            if isinstance(exc, KeyboardInterrupt):
                raise Interrupted("interrupted after %d of %d account(s): run "
                                  "`totp-token list` to see what the token holds"
                                  % (len(results), len(accounts))) from None
            raise
        clock_set = client.hello_info.get("clock_valid", True)
    if not as_json:
        _report(results, out)
    return results, clock_set


def _load_one(client: Client, account: Account, replace: bool,
              stored: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Skip, refuse, replace or add one account; then verify what the token holds."""
    found = client.match(account)
    slot = found["slot"]
    if slot is not None and found["same_secret"] and found["same_parameters"]:
        counter = stored.get(slot, {}).get("counter", account.counter)
        # the token itself said it holds this secret with these parameters
        return _entry(_at_counter(account, counter), slot, ALREADY, True)
    if slot is not None and not replace:
        entry = account.describe()
        entry.update(slot=slot, status="clash", verified=False)
        return entry
    if slot is not None and found["same_secret"] and account.kind == HOTP:
        # same credential, other parameters: keep the stored counter if it is ahead
        account = _at_counter(account, max(account.counter,
                                           stored.get(slot, {}).get("counter") or 0))
    return _add_one(client, account, slot is not None)


def _at_counter(account, counter):
    if account.kind != HOTP or counter is None or counter == account.counter:
        return account
    return Account(account.secret, account.issuer, account.name, account.kind,
                   account.algorithm, account.digits, account.period, counter)


def _add_one(client, account, replace):
    """Add one account and verify it; a full store becomes a message with the numbers."""
    try:
        slot = client.add(account, replace=replace)
    except TokenRefused as exc:
        if exc.code != wire.ERR_FULL:
            raise
        raise TokenError(full_message(exc.response, account.label())) from None
    now = int(time.time())
    # the laptop's time: the check needs no clock on the token, and answers only yes or no
    verified = client.verify(slot, code_at(account, now), at=now)
    return _entry(account, slot, "replaced" if replace else "added", verified)


def full_message(info: dict, label: str) -> str:
    """The token's "full" answer in numbers that add up: needed, free, in use, kept back."""
    needed, free = info.get("needed"), info.get("free")
    used, total = info.get("used_bytes"), info.get("total_bytes")
    # the token's message ends with the advice for its own flash (delete, or wipe)
    advice = printable(str(info.get("message", "")).partition("; ")[2]
                       or "delete an account you no longer need")
    numbers = ""
    if (isinstance(needed, int) and isinstance(free, int) and isinstance(used, int)
            and isinstance(total, int)):
        kept = total - used - free
        numbers = (" it needs %d bytes and %d are free (%d of the %d bytes are in use%s);"
                   % (needed, free, used, total,
                      ", %d more are kept back so counters and changes can still be saved"
                      % kept if kept > 0 else ""))
    return ("the token's storage is full: %s was not added:%s %s; every account already "
            "stored is kept" % (printable(label), numbers, advice))


def _entry(account, slot, status, verified):
    entry = account.describe()
    entry["slot"] = slot
    entry["status"] = status
    entry["verified"] = verified
    return entry


def _refuse_duplicates_within(accounts):
    seen = set()
    for account in accounts:
        key = (account.issuer.lower(), account.name.lower())
        if key in seen:
            raise InputError("%s appears twice in the sources: keep one and run again"
                             % printable(account.label()))
        seen.add(key)


def _report_partial(results, out, as_json):
    if results:
        print("Done before the failure:", file=sys.stderr)
        _report(results, sys.stderr)


def _report(results, out):
    for entry in results:
        label = entry_label(entry)
        if entry["status"] == "clash":
            outcome = ("NOT ADDED: the token holds %s (slot %d) with a different secret or "
                       "parameters; pass --replace to overwrite"
                       % (printable(label), entry["slot"]))
        else:
            outcome = "verified" if entry["verified"] else "NOT VERIFIED"
            if entry["status"] != "added":
                outcome = "%s, %s" % (entry["status"], outcome)
        print("slot %d  %s  %s" % (entry["slot"], printable(label), outcome), file=out)
