"""`totp-token list | code | delete | rename | move | wipe`: look at and manage stored accounts.

NAME picks an account by ``issuer:account``, ``account`` or ``issuer``
(case-insensitive); ``--slot N`` picks it by position. Changes ask first
unless --yes. Codes and changes then wait for the owner's press on the token;
the client says what to press. Nothing here can read a secret: the token never
sends one.
"""

import argparse
import json
import sys

from totp import wire
from totp.account import MAX_LABEL_BYTES, entry_label

from ..cli_helpers import Subparsers
from ..cli_helpers.prompts import ask, confirm, print_table
from ..client import Client, Response, connect
from ..errors import InputError, printable
from ..ports import add_port_option

Entry = Response  # one account's public fields, as `list` sends them

LIST_COLUMNS = ("slot", "issuer", "account", "type", "algorithm", "digits", "period")
CODE_COLUMNS = ("slot", "issuer", "account", "code", "seconds_left", "counter")
HOTP_NOTE = ("an HOTP code given here used up its counter value, like a press on the token: "
             "the token's next code is the following one")


def register(subparsers: Subparsers) -> None:
    parser = _command(subparsers, "list", "list the accounts on the token (no secrets)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--compare", metavar="PATH",
                        help="compare with the token at PATH (a backup token): names and "
                             "parameters, never secrets; exit 1 when they differ")
    parser.set_defaults(func=run_list)

    parser = _command(subparsers, "code", "show the codes the token computes now")
    parser.add_argument("name", nargs="?", metavar="NAME",
                        help="only the accounts NAME matches (issuer:account, account or issuer)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run_code)

    parser = _command(subparsers, "delete", "delete one account from the token")
    _add_selector(parser)
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask first")
    parser.add_argument("--now", action="store_true",
                        help="compact the token's storage at once, so the secret leaves its "
                             "flash now (keep the token plugged in)")
    parser.set_defaults(func=run_delete)

    parser = _command(subparsers, "rename", "change an account's issuer or name")
    _add_selector(parser)
    parser.add_argument("--issuer", help="the new issuer")
    parser.add_argument("--account", help="the new account name")
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask first")
    parser.set_defaults(func=run_rename)

    parser = _command(subparsers, "move", "move an account to another place in the list")
    _add_selector(parser)
    parser.add_argument("--to", type=int, required=True, metavar="N",
                        help="the new slot (0 is shown first)")
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask first")
    parser.set_defaults(func=run_move)

    parser = _command(subparsers, "wipe", "erase every account on the token")
    parser.add_argument("--confirm", metavar="SERIAL",
                        help="the token's serial or name (see `totp-token info`), for scripts")
    parser.set_defaults(func=run_wipe)


def _command(subparsers, name, summary):
    parser = subparsers.add_parser(name, help=summary, description=summary[0].upper()
                                   + summary[1:] + ".")
    add_port_option(parser)
    return parser


def _add_selector(parser):
    parser.add_argument("name", nargs="?", metavar="NAME",
                        help="issuer:account, account or issuer (case-insensitive)")
    parser.add_argument("--slot", type=int, metavar="N", help="the account in slot N instead")


# -- shared helpers -------------------------------------------------------------

def match_accounts(entries: list[Entry], name: str) -> list[Entry]:
    """The entries NAME picks: an exact issuer:account first, else every account or issuer match."""
    wanted = name.lower()
    exact = [entry for entry in entries if entry_label(entry).lower() == wanted]
    if exact:
        return exact
    return [entry for entry in entries
            if wanted in (entry["account"].lower(), entry["issuer"].lower())]


def select_account(client: Client, args: argparse.Namespace) -> Entry:
    """The one stored account chosen by NAME or --slot, or a clear InputError."""
    entries = client.accounts()
    if args.slot is not None and args.name:
        raise InputError("give NAME or --slot, not both")
    if not entries:
        raise InputError("the token holds no accounts: add one with `totp-token add`")
    if args.slot is not None:
        for entry in entries:
            if entry["slot"] == args.slot:
                return entry
        raise InputError("slot %d does not exist: the token has %d account(s), slots 0 to %d; "
                         "see `totp-token list`" % (args.slot, len(entries), len(entries) - 1))
    if not args.name:
        raise InputError("say which account: NAME (issuer:account, account or issuer) or --slot N")
    matches = match_accounts(entries, args.name)
    if not matches:
        raise InputError("no account matches '%s': see `totp-token list` for the names"
                         % printable(args.name))
    if len(matches) > 1:
        raise InputError("'%s' matches several accounts: %s; use issuer:account or --slot N"
                         % (printable(args.name),
                            ", ".join("slot %d %s" % (entry["slot"], printable(entry_label(entry)))
                                      for entry in matches)))
    return matches[0]


def _ask(args, question):
    if not args.yes and not confirm(question):
        raise InputError("nothing changed (not confirmed): answer y, or pass --yes")


# -- commands --------------------------------------------------------------------

def run_list(args: argparse.Namespace) -> int:
    if getattr(args, "compare", None):
        from ..cli_helpers.compare import run_compare
        return run_compare(args)
    with connect(args.port) as client:
        entries = client.accounts()
    rows = [{col: entry.get(col) for col in LIST_COLUMNS} for entry in entries]
    if args.json:
        print(json.dumps(rows, indent=2))
    elif rows:
        print_table(rows, LIST_COLUMNS)
    else:
        print("The token holds no accounts: add one with `totp-token add`.")
    return 0


def run_code(args: argparse.Namespace) -> int:
    with connect(args.port) as client:
        entries = client.accounts()
        if args.name:
            entries = match_accounts(entries, args.name)
            if not entries:
                raise InputError("no account matches '%s': see `totp-token list`"
                                 % printable(args.name))
        elif not entries:
            raise InputError("the token holds no accounts: add one with `totp-token add`")
        rows = []
        for entry in entries:
            answer = client.code(entry["slot"])  # waits for the press on the token
            rows.append({"slot": entry["slot"], "issuer": entry["issuer"],
                         "account": entry["account"], "code": answer["code"],
                         "seconds_left": answer.get("seconds_left"),
                         "counter": answer.get("counter")})
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print_table(rows, CODE_COLUMNS)
    if any(row["counter"] is not None for row in rows):
        print(HOTP_NOTE)
    return 0


def run_delete(args: argparse.Namespace) -> int:
    with connect(args.port) as client:
        entry = select_account(client, args)
        _ask(args, "Delete slot %d %s from the token?" % (entry["slot"], entry_label(entry)))
        client.request(wire.OP_DELETE, slot=entry["slot"])
        print("deleted slot %d %s" % (entry["slot"], printable(entry_label(entry))))
        from ..cli_helpers.deleted import report_final
        report_final(client, args.now)
    return 0


def run_rename(args: argparse.Namespace) -> int:
    if args.issuer is None and args.account is None:
        raise InputError("give the new name with --issuer, --account or both")
    _check_label(args.issuer, "--issuer")
    _check_label(args.account, "--account")
    with connect(args.port) as client:
        entry = select_account(client, args)
        issuer = entry["issuer"] if args.issuer is None else args.issuer
        account = entry["account"] if args.account is None else args.account
        if not issuer and not account:
            raise InputError("an account needs an issuer, a name or both: give a non-empty "
                             "--issuer or --account")
        new = {"issuer": issuer, "account": account}
        _ask(args, "Rename slot %d %s to %s?"
             % (entry["slot"], entry_label(entry), entry_label(new)))
        # only the fields given: the token keeps the other as stored
        changes = {key: value for key, value in (("issuer", args.issuer),
                                                 ("account", args.account)) if value is not None}
        client.request(wire.OP_RENAME, slot=entry["slot"], **changes)
    print("renamed slot %d to %s" % (entry["slot"], printable(entry_label(new))))
    return 0


def _check_label(text, option):
    """Refuse, before asking the token, a new issuer or name it could not store."""
    if text is None:
        return
    if any(not ch.isprintable() and ch != " " for ch in text):
        raise InputError("%s '%s' holds a control character or text that is not UTF-8: the "
                         "token shows printable text only" % (option, printable(text)))
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_LABEL_BYTES:
        raise InputError("%s is %d bytes long, over the token's %d: shorten it"
                         % (option, size, MAX_LABEL_BYTES))


def run_move(args: argparse.Namespace) -> int:
    with connect(args.port) as client:
        entry = select_account(client, args)
        count = len(client.accounts())
        if not 0 <= args.to < count:
            raise InputError("--to %d is not a slot: use 0 to %d" % (args.to, count - 1))
        _ask(args, "Move %s from slot %d to slot %d?"
             % (entry_label(entry), entry["slot"], args.to))
        client.request(wire.OP_MOVE, slot=entry["slot"], to=args.to)
    print("moved %s to slot %d" % (printable(entry_label(entry)), args.to))
    return 0


def run_wipe(args: argparse.Namespace) -> int:
    with connect(args.port) as client:
        info = client.hello_info
        serial, name = str(info.get("serial", "")), str(info.get("name", "") or "")
        shown_serial, shown_name = printable(serial), printable(name)
        if args.confirm is not None:
            typed = args.confirm
        else:
            if not sys.stdin or sys.stdin.closed or not sys.stdin.isatty():
                raise InputError("wipe asks you to type the token's serial; in a script pass "
                                 "--confirm %s" % shown_serial)
            typed = ask("This erases all %s account(s) on token %s%s. Type its serial or name "
                        "to confirm: " % (printable(info.get("accounts", 0)), shown_serial,
                                          " (%s)" % shown_name if name else ""))
        if not typed or typed not in (serial, name):
            raise InputError("'%s' is not this token's serial (%s)%s: nothing erased; type it "
                             "exactly as `totp-token info` shows it"
                             % (printable(typed), shown_serial,
                                " or name (%s)" % shown_name if name else ""))
        client.request(wire.OP_WIPE, confirm=serial)
    print("wiped: the token holds no accounts")
    return 0
