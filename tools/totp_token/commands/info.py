"""`totp-token info`: what the token reports about itself in `hello`, readable or as JSON."""

import json

from ..client import connect
from ..errors import printable
from ..ports import add_port_option

# hello fields in display order, with their labels; anything else follows as is
FIELDS = (
    ("name", "name"), ("serial", "serial"), ("board", "board"), ("firmware", "firmware"),
    ("protocol", "protocol"), ("accounts", "accounts"),
    ("max_accounts", "accounts that fit (estimate)"),
    ("used_bytes", "storage used (bytes)"), ("total_bytes", "storage total (bytes)"),
    ("storage_ok", "storage ok"), ("storage_problem", "storage problem"),
    ("storage_notice", "storage notice"),
    ("clock_valid", "clock set"), ("time", "token time (UTC s)"), ("max_line", "max line"),
)
HIDDEN = ("id", "ok")


def register(subparsers):
    parser = subparsers.add_parser(
        "info", help="show what the token reports about itself",
        description="Show the token's firmware, board, serial, storage and clock state.")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_port_option(parser)
    parser.set_defaults(func=run)


def run(args):
    with connect(args.port) as client:
        info = {key: value for key, value in client.hello_info.items() if key not in HIDDEN}
    if args.json:
        print(json.dumps(info, indent=2))
        return 0
    known = [key for key, _ in FIELDS]
    rows = [(text, info[key]) for key, text in FIELDS if key in info]
    rows += [(key, info[key]) for key in sorted(info) if key not in known]
    width = max(len(text) for text, _ in rows)
    for text, value in rows:
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value) or "none"
        print("%s  %s" % (printable(text).ljust(width), "-" if value is None else printable(value)))
    if not info.get("clock_valid"):
        print("the clock is not set: run `totp-token time --set`")
    if info.get("storage_problem"):
        print("storage is damaged: %s" % printable(info["storage_problem"]))
    return 0
