"""`totp-token info`: what the token reports about itself in `hello`, as sentences or as JSON.

The sentences name the token, say how many accounts it holds and about how many
more fit, give its clock as a UTC date, and list missing parts apart from
settings warnings (a warning is a setting that fell back; a missing part is
hardware the token runs without). Every text from the token goes through
``printable``.
"""

import argparse
import datetime
import json

from ..cli_helpers import Subparsers
from ..client import connect
from ..errors import printable
from ..ports import add_port_option

HIDDEN = ("id", "ok")
# hello fields the sentences below say; any other field is listed after them as is
SAID = ("name", "serial", "board", "firmware", "protocol", "accounts", "max_accounts",
        "used_bytes", "total_bytes", "storage_ok", "storage_problem", "storage_notice",
        "clock_valid", "time", "max_line", "missing", "warnings", "pin", "locked",
        "pin_tries_left")


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "info", help="show what the token reports about itself",
        description="Show the token's name, serial, board, firmware, storage, clock, "
                    "missing parts and settings warnings.")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_port_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with connect(args.port) as client:
        info = {key: value for key, value in client.hello_info.items() if key not in HIDDEN}
    if args.json:
        print(json.dumps(info, indent=2))
        return 0
    for line in describe(info):
        print(line)
    return 0


def describe(info: dict) -> list[str]:
    """The `hello` fields as lines of plain sentences, every token text made printable."""
    def shown(key, default="unknown"):
        value = info.get(key)
        return default if value is None or value == "" else printable(value)

    name = info.get("name")
    lines = ["Token %sserial %s, board %s." % ("%s, " % printable(name) if name else "",
                                                shown("serial"), shown("board")),
             "Firmware %s, protocol %s." % (shown("firmware"), shown("protocol"))]
    lines.append(_accounts(info))
    lines += _storage(info)
    lines.append(_pin(info))
    lines.append(_clock(info))
    lines += _listed("Missing parts", info.get("missing"))
    lines += _listed("Settings warnings", info.get("warnings"))
    others = sorted(key for key in info if key not in SAID)
    lines += ["%s: %s" % (printable(key), _value(info[key])) for key in others]
    return lines


def _accounts(info):
    count = info.get("accounts")
    if not isinstance(count, int):
        return "The token did not say how many accounts it holds."
    text = "%d account%s stored" % (count, "" if count == 1 else "s")
    fit = info.get("max_accounts")
    if isinstance(fit, int):
        more = max(0, fit - count)
        text += ", about %d more fit" % more if more else ", and the storage is full"
    used, total = info.get("used_bytes"), info.get("total_bytes")
    if isinstance(used, int) and isinstance(total, int):
        text += " (%d of %d bytes of storage in use)" % (used, total)
    return text + "."


def _storage(info):
    lines = []
    if info.get("storage_problem"):
        lines.append("Storage is damaged: %s" % printable(info["storage_problem"]))
    elif info.get("storage_ok") is True:
        lines.append("Storage is healthy.")
    if info.get("storage_notice"):
        lines.append("Storage note: %s" % printable(info["storage_notice"]))
    return lines


def _pin(info: dict) -> str:
    """Whether a PIN guards the token, and whether it is entered now."""
    if "pin" not in info:
        return "The token's firmware has no PIN support: `totp-token deploy` brings it."
    if info.get("pin") is not True:
        return ("No PIN: anyone holding the token gets its codes and, holding A at plug-in, "
                "its storage; `totp-token pin set` adds one.")
    tries = info.get("pin_tries_left")
    if info.get("locked") is True:
        text = "PIN set; the token is locked: enter the PIN on it"
        if isinstance(tries, int):
            text += " (%d tr%s left before it erases itself)" % (tries, "y" if tries == 1
                                                                  else "ies")
        return text + "."
    return "PIN set; the token is unlocked."


def _clock(info):
    unix = info.get("time")
    if not info.get("clock_valid") or not isinstance(unix, int):
        return "The clock is not set: run `totp-token time --set`."
    try:
        when = datetime.datetime.fromtimestamp(unix, datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return "The clock reads %d seconds since 1970, beyond any date: run " \
               "`totp-token time --set`." % unix
    return "The clock reads %s UTC." % when.strftime("%Y-%m-%d %H:%M:%S")


def _listed(title, items):
    if not isinstance(items, list) or not items:
        return ["%s: none." % title]
    return ["%s:" % title] + ["  - %s" % printable(item) for item in items]


def _value(value):
    if isinstance(value, list):
        return ", ".join(printable(item) for item in value) or "none"
    return "-" if value is None else printable(value)
