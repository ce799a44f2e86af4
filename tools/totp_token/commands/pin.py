"""`totp-token pin set | remove`: guard the token with a PIN entered on its buttons, or not.

The new PIN is typed twice at a prompt that does not echo it (or given as two lines on
piped standard input), never on the command line, and checked here (digits only,
``wire.PIN_MIN`` to ``wire.PIN_MAX`` of them) before it goes to the token over the
data port like a secret does. The token then asks for its current PIN on its buttons
(or, without one, for a press): nothing the computer holds can change or remove a PIN.
"""

import argparse
import sys

from totp import wire

from ..cli_helpers import Subparsers
from ..cli_helpers.passwords import ask_hidden
from ..client import connect
from ..errors import InputError, TokenError
from ..ports import add_port_option

NEW_PROMPT = "New PIN for the token (%d to %d digits): " % (wire.PIN_MIN, wire.PIN_MAX)
AGAIN_PROMPT = "The same PIN again: "
LOCKED = "the token is locked: enter the PIN on the token, then run this again"
NO_SUPPORT = ("this token's firmware knows no PIN: update it with `totp-token deploy`, then "
              "run this again")


class _RefusePin(argparse.Action):
    """``--pin VALUE``: refused without echoing VALUE (it would be in the process list)."""

    def __call__(self, parser, namespace, values, option_string=None):
        parser.error("a PIN is never taken on the command line (other users can see it): "
                     "type it at the prompt, or pipe it in as two lines")


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "pin", help="set, change or remove the PIN entered on the token's buttons",
        description="Set, change or remove the token's PIN. With a PIN, the token shows, "
                    "types and sends no code until the PIN is entered on its buttons, and "
                    "erases itself after %d wrong PINs in a row." % wire.MAX_PIN_TRIES)
    actions = parser.add_subparsers(dest="pin_action", metavar="ACTION")
    actions.required = True
    setter = actions.add_parser(
        "set", help="set a new PIN, or change it (the current one is entered on the token)",
        description="Set a new PIN, typed twice here. With a PIN already set, the token asks "
                    "for the current one on its buttons; without, for a press.")
    setter.add_argument("--pin", nargs="?", action=_RefusePin, help=argparse.SUPPRESS)
    add_port_option(setter)
    remover = actions.add_parser(
        "remove", help="remove the PIN (the current one is entered on the token)",
        description="Remove the PIN; the token asks for the current one on its buttons.")
    add_port_option(remover)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """`pin set` or `pin remove` (argparse makes sure it is one of them)."""
    return run_set(args) if args.pin_action == "set" else run_remove(args)


def check_pin(text: str) -> str:
    """``text`` if it is a PIN the token takes, else an InputError naming the rule (never
    quoting the PIN)."""
    if not text:
        raise InputError("no PIN given: type %d to %d digits" % (wire.PIN_MIN, wire.PIN_MAX))
    if not all("0" <= char <= "9" for char in text):
        raise InputError("a PIN is digits only (0-9), since it is entered on the token's "
                         "buttons: type it again")
    if not wire.PIN_MIN <= len(text) <= wire.PIN_MAX:
        raise InputError("a PIN is %d to %d digits, this one has %d: type it again"
                         % (wire.PIN_MIN, wire.PIN_MAX, len(text)))
    return text


def _typed(prompt: str) -> str:
    """One PIN at a prompt that does not echo; never an echoing fallback."""
    return ask_hidden(prompt, "no terminal to ask for the PIN without showing it: pipe it in "
                              "as two lines instead", "no PIN given: nothing changed",
                      interrupt_too=True)


def _piped() -> tuple[str, str]:
    """The PIN and its repeat from the first two lines of piped standard input."""
    lines = []
    for _ in range(2):
        try:
            line = sys.stdin.readline(wire.PIN_MAX * 4 + 2)
        except (OSError, ValueError, UnicodeError):
            line = ""
        if not line:
            raise InputError("standard input ended before the PIN and its repeat: give the "
                             "new PIN on two lines, or run this in a terminal")
        lines.append(line.rstrip("\r\n"))
    return lines[0], lines[1]


def read_new_pin() -> str:
    """The new PIN, typed twice and checked; InputError when the two differ."""
    if sys.stdin is None or sys.stdin.closed:
        raise InputError("standard input is closed: run this in a terminal to type the PIN")
    if sys.stdin.isatty():
        first = check_pin(_typed(NEW_PROMPT))
        second = _typed(AGAIN_PROMPT)
    else:
        first, second = _piped()
        check_pin(first)
    if first != second:
        raise InputError("the two PINs differ: nothing changed; run this again")
    return first


def _pin_state(client) -> dict:
    info = client.hello_info or {}
    if "pin" not in info:
        raise TokenError(NO_SUPPORT)
    if info.get("locked") is True:
        raise TokenError(LOCKED)
    return info


def run_set(args: argparse.Namespace) -> int:
    with connect(args.port) as client:
        had_pin = _pin_state(client).get("pin") is True
        pin = read_new_pin()
        client.set_pin(pin)
    if had_pin:
        print("PIN changed: enter the new one on the token from now on.")
    else:
        print("PIN set: the token now locks after its idle time (TOTP_LOCK_MINUTES) and when "
              "unplugged, and shows no code until the PIN is entered on its buttons; %d wrong "
              "PINs in a row erase every account." % wire.MAX_PIN_TRIES)
    return 0


def run_remove(args: argparse.Namespace) -> int:
    with connect(args.port) as client:
        if _pin_state(client).get("pin") is not True:
            raise InputError("the token has no PIN: nothing to remove")
        client.remove_pin()
    print("PIN removed: the token shows codes without one again, and holding A at plug-in "
          "opens maintenance mode.")
    return 0
