"""`totp-token demo`: a short guided tour of a simulated token; exit 0 if its code is right."""

import argparse
import time
from collections.abc import Iterable

from totp.account import Account

from ..cli_helpers import Subparsers
from ..errors import EXIT_TOKEN
from ..importers.uri import parse_uri
from ..sim import Simulator
from ..sim.frontends.render import half_blocks

EXAMPLE_URI = ("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP"
               "&issuer=Example")


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "demo", help="a few-second tour of a simulated token (no hardware needed)",
        description="Run the token's firmware on a simulated board, load an example "
                    "account, press the button and compare the typed code with the one "
                    "this laptop computes.")
    parser.set_defaults(func=run)


def say(text: str = "") -> None:
    print(text, flush=True)


def laptop_codes(account: Account, moments: Iterable[int]) -> set[str]:
    from totp.otp import totp

    return {totp(account.secret, unix, digits=account.digits, period=account.period,
                 algorithm=account.algorithm) for unix in moments}


def run(args: argparse.Namespace) -> int:
    account, _ = parse_uri(EXAMPLE_URI)
    say("totp-token demo: the real firmware (boot.py, code.py, totp/) running on a simulated")
    say("Feather RP2040 with a DS3231 clock, a 128x32 OLED and buttons A, B, C.")
    say()
    say("1. Loading one example account into the token's storage:")
    say("   %s" % EXAMPLE_URI)
    with Simulator(accounts=[EXAMPLE_URI]) as sim:
        say("   The token is up. Its data port is %s: real tools talk to it there." %
            sim.serial_path)
        say()
        now = int(time.time())
        say("2. Setting the token's clock (UTC) from this laptop: %d." % now)
        sim.set_time(now)
        say()
        say("3. Pressing button B, which types the code as a USB keyboard:")
        before = sim.machine.rtc.unix()
        sim.press("B")
        after = sim.machine.rtc.unix()
        say(half_blocks(sim.screen_rows()))
        texts = sim.typed()
        typed = "".join(texts).strip()
        say("   The laptop received the keystrokes: %r" % typed)
        for problem in sim.take_errors():
            say("   problem: %s" % problem)
    try:
        expected = laptop_codes(account, range(before, after + 1))
    except ImportError as exc:
        say("   The laptop cannot compute codes: the OTP core is missing (%s)." % exc)
        return EXIT_TOKEN
    say()
    say("4. The laptop computes the same account's code itself: %s"
        % " or ".join(sorted(expected)))
    if typed not in expected:
        say("   MISMATCH: the token typed %r. Something is broken; please report it." % typed)
        return EXIT_TOKEN
    say("   They match.")
    say()
    say("Next:")
    say("  totp-token sim                  play with the simulated token yourself")
    say("                                  (keys a b c press buttons, q quits)")
    say("  totp-token sim --state my.json  keep its accounts and clock between runs")
    say("  totp-token --port PTY add ...   provision it like a real token, from an")
    say("                                  otpauth:// URI or a QR code image")
    return 0
