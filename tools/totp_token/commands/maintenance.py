"""`totp-token maintenance`: restart the token with its drive and REPL on, for one boot.

With a PIN set, holding A at plug-in no longer opens maintenance mode: this command,
on the unlocked token and with the owner's press, asks for it instead. The token
restarts at once; the boot after that one is normal again.
"""

import argparse

from ..cli_helpers import Subparsers
from ..client import connect
from ..errors import TokenError
from ..ports import add_port_option

LOCKED = "the token is locked: enter the PIN on the token, then run this again"


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "maintenance", help="restart the token in maintenance mode (drive and REPL), once",
        description="Restart the token with its CIRCUITPY drive and REPL on, for the next "
                    "boot only (after a press on the token). The way in when a PIN is set.")
    add_port_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with connect(args.port) as client:
        info = client.hello_info or {}
        if info.get("locked") is True:
            raise TokenError(LOCKED)
        client.maintenance()
    print("The token restarts in maintenance mode: its CIRCUITPY drive and REPL come on for "
          "this boot only; unplug it and plug it in again for normal mode.")
    return 0
