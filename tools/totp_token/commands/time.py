"""`totp-token time [--set]`: compare the token's clock with this computer's, or set it.

--set waits for the next whole second of the laptop's UTC clock before sending
it, so the token (which counts whole seconds) ends up within a second.
"""

import argparse
import datetime
import json
import time

from totp import wire

from ..cli_helpers import Subparsers
from ..client import Client, connect
from ..errors import TokenError
from ..ports import add_port_option


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "time", help="show or set the token's clock (UTC)",
        description="Show the token's clock next to this computer's, or set it (--set).")
    parser.add_argument("--set", action="store_true",
                        help="set the token's clock from this computer's (and mark it valid)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_port_option(parser)
    parser.set_defaults(func=run)


def _iso(unix):
    if unix is None:
        return "not set"
    return datetime.datetime.fromtimestamp(unix, datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def set_clock(client: Client) -> int:
    """Send the laptop's UTC time at a whole-second boundary; returns the time sent."""
    now = time.time()
    target = int(now) + 1
    time.sleep(target - now)
    answer = client.request(wire.OP_SET_TIME, time=target)
    if not answer.get("clock_valid"):
        raise TokenError("the token accepted the time but its clock still reads as not set: "
                         "check the DS3231 and its coin cell, then run `totp-token time --set` "
                         "again")
    return target


def run(args: argparse.Namespace) -> int:
    with connect(args.port) as client:
        sent = set_clock(client) if args.set else None
        answer = client.request(wire.OP_TIME)
        laptop = time.time()
    token = answer.get("time")
    offset = None if token is None else token - int(laptop)
    result = {"token": token, "laptop": int(laptop), "offset": offset,
              "clock_valid": answer.get("clock_valid"), "set": sent}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    if sent is not None:
        print("set the token's clock to %s" % _iso(sent))
    print("token:  %s" % _iso(token))
    print("laptop: %s" % _iso(int(laptop)))
    if offset is None:
        print("offset: unknown: the token's clock is not set; run `totp-token time --set`")
    else:
        print("offset: %+d s (token minus laptop)" % offset)
    return 0
