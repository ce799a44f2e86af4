"""`totp-token sim`: run the token's firmware on a simulated board, live or driven by stdin.

Ctrl-C, SIGTERM and SIGHUP are a clean quit in both modes: the firmware stops, the
state file is saved, the terminal is put back.
"""

import argparse
import collections
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from ..cli_helpers import Subparsers
from ..errors import InputError, printable
from ..sim import Simulator
from ..sim.boards import DEFAULT_BOARD, PROFILES
from ..sim.frontends.headless import json_emitter, serve
from ..sim.frontends.terminal import CTRL_D, KEYS_HELP, MESSAGES_SHOWN, TYPED_SHOWN, Terminal
from ..sim.usb_host.hid_host import LAYOUTS

REFRESH_SECONDS = 0.2
QUIT_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class QuitSignal(Exception):
    """A signal asked the simulator to quit; raised in the main thread only."""


class QuitOnSignals:
    """Context: the first quit signal raises QuitSignal in the main thread; once disarmed
    (while stopping and saving) signals are only noted, so a second Ctrl-C cannot cut
    the save short."""

    def __init__(self) -> None:
        self.armed = True
        self.received: list[str] = []
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> "QuitOnSignals":
        if threading.current_thread() is threading.main_thread():
            self._previous = {signum: signal.signal(signum, self._handle)
                              for signum in QUIT_SIGNALS}
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def disarm(self) -> None:
        self.armed = False

    def _handle(self, signum, frame):
        self.received.append(signal.Signals(signum).name)
        if self.armed:
            self.armed = False
            raise QuitSignal("stopped by %s" % self.received[-1])


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "sim", help="run the token firmware on a simulated board",
        description="Run the literal boot.py and code.py on a simulated board with a DS3231, "
                    "an SSD1306 and buttons. Its data port is a pseudo-terminal, so the other "
                    "totp-token commands work on it with --port. Keys: a b c press a button, "
                    "A B C hold it, t sets the clock from this computer, q quits.")
    add_board_options(parser)
    parser.add_argument("--headless", action="store_true",
                        help="read control lines on stdin, write JSON events on stdout")
    parser.set_defaults(func=run)


def add_board_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--board", default=DEFAULT_BOARD, choices=sorted(PROFILES),
                        help="board profile (default %(default)s)")
    parser.add_argument("--state", metavar="FILE",
                        help="keep nvm and the RTC in FILE between runs (saved as they change)")
    parser.add_argument("--layout", default="us", choices=LAYOUTS,
                        help="the host's keyboard layout, for decoding typed codes")
    parser.add_argument("--numlock", default="on", choices=("on", "off"),
                        help="the host's NumLock state at start")
    parser.add_argument("--account", action="append", default=[], metavar="URI",
                        help="preload an otpauth:// account (repeatable, kept in order)")
    parser.add_argument("--drive", metavar="PATH",
                        help="run a deployed CIRCUITPY tree instead of this checkout")
    parser.add_argument("--buttons", type=int, choices=(1, 2, 3),
                        help="wire only the first N buttons (A, then B, then C)")


def make_simulator(args: argparse.Namespace, console: Callable[[str], object] | None = None,
                   show_warnings: bool = True) -> Simulator:
    sim = Simulator(board=args.board, state=args.state, accounts=args.account,
                    layout=args.layout, numlock=args.numlock == "on", buttons=args.buttons,
                    drive=args.drive, console=console)
    if show_warnings:
        for warning in sim.warnings:
            print("warning: %s" % printable(warning), file=sys.stderr)
    return sim


def run(args: argparse.Namespace) -> int:
    if not args.headless and not sys.stdin.isatty():
        raise InputError("the interactive simulator needs a terminal on stdin: use --headless "
                         "to drive it from a script (one command per line)")
    with QuitOnSignals() as signals:
        try:
            return headless(args, signals) if args.headless else interactive(args, signals)
        except QuitSignal:
            return 0  # before the simulator started: nothing to stop or save


def headless(args: argparse.Namespace, signals: QuitOnSignals) -> int:
    sim = make_simulator(args, console=lambda text: sys.stderr.write(text),
                         show_warnings=False)
    emit = json_emitter(sys.stdout)
    try:
        sim.start()
        serve(sim, sys.stdin, emit)
    except QuitSignal:
        pass
    finally:
        signals.disarm()
        sim.stop()
        for message in sim.take_errors():
            emit({"event": "error", "message": message})
    return 0


def interactive(args: argparse.Namespace, signals: QuitOnSignals) -> int:
    console: collections.deque[str] = collections.deque(maxlen=MESSAGES_SHOWN * 4)
    sim = make_simulator(args, console=console.append)
    terminal = Terminal(sys.stdin, sys.stdout)
    typed: list[str] = []
    previous_suspend = None
    try:
        sim.start()
        terminal.enter()
        if threading.current_thread() is threading.main_thread():
            previous_suspend = terminal.suspend_on_ctrl_z()
        status = "started"
        while True:
            typed = (typed + sim.typed())[-TYPED_SHOWN:]
            terminal.draw(header_lines(sim, args), sim.screen_rows(),
                          footer_lines(sim, typed, console, status))
            if not select.select([sys.stdin], [], [], REFRESH_SECONDS)[0]:
                continue
            for key in terminal.read_keys():
                if key in ("q", CTRL_D):
                    return 0
                status = act(sim, key)
    except QuitSignal:
        return 0
    finally:
        signals.disarm()
        if previous_suspend is not None:
            signal.signal(signal.SIGTSTP, previous_suspend)
        terminal.leave()
        sim.stop()
        report = ["error: %s" % printable(message) for message in sim.take_errors()]
        if sim.state_kept:
            report.append("state kept in %s" % args.state)
        try:
            sys.stderr.write("".join(line + "\n" for line in report))
        except OSError:
            pass  # the terminal hung up


def act(sim: Simulator, key: str) -> str:
    """Carry out one key; returns what happened, for the status line."""
    name = key.upper()
    if name in sim.machine.button_pins:
        if key.isupper():
            sim.long(name)
            return "held %s" % name
        sim.press(name)
        return "pressed %s" % name
    if key == "t":
        now = int(time.time())
        sim.set_time(now)
        return "clock set to this computer's time (%d, UTC)" % now
    if name in ("A", "B", "C"):
        return "button %s is not wired on this board (--buttons)" % name
    return "key %r does nothing: see the keys below" % key


# (priority, text) lines around the OLED: a short terminal drops high numbers first
def header_lines(sim: Simulator, args: argparse.Namespace) -> list[tuple[int, str]]:
    port = sim.serial_path
    return [(5, "totp-token simulator: %s (%s), firmware from %s"
             % (sim.profile.name, sim.profile.board_id, sim.root)),
            (1, "serial port %s  (e.g. totp-token --port %s add URI)" % (port, port)),
            (6, ("state kept in %s (saved as it changes)" % args.state) if args.state
             else "state not kept: quit loses the accounts (use --state FILE)")]


def footer_lines(sim: Simulator, typed: list[str], console: Iterable[str],
                 status: str) -> list[tuple[int, str]]:
    lines = [(0, KEYS_HELP),
             (2, "typed: %s" % (" | ".join(repr(text) for text in typed) or "(nothing yet)")),
             (4, "last: %s" % status)]
    lines += [(3, "error: %s" % printable(message)) for message in sim.errors[-MESSAGES_SHOWN:]]
    lines += [(7, "warning: %s" % printable(message))
              for message in sim.warnings[-MESSAGES_SHOWN:]]
    printed = [text.rstrip() for text in console if text.strip()]
    lines += [(8, "console: %s" % printable(text)) for text in printed[-MESSAGES_SHOWN:]]
    return lines
