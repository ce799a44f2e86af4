"""The interactive simulator on a real pseudo-terminal: keys (an arrow is not a button),
a screen that fits any terminal, and the terminal put back however it quits."""

import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import pytest
from totp_token.sim.frontends.render import half_blocks, quarter_blocks
from totp_token.sim.frontends.terminal import LEAVE_SCREEN, keys_in, screen_lines

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.mark.parametrize("typed, keys, rest", [
    ("abc", ["a", "b", "c"], ""),
    ("\x1b[A\x1b[B\x1b[C\x1b[D", [], ""),            # arrows: not long presses of A, B, C
    ("\x1bOA\x1b[15~b", ["b"], ""),                   # SS3 arrow, F5, then b
    ("\x1b[1;5Cq", ["q"], ""),                        # Ctrl-Right, then q
    ("a\x1b", ["a"], "\x1b"),                         # cut after ESC: wait for the rest
    ("a\x1b[1;", ["a"], "\x1b[1;"),                   # cut inside the sequence
    ("\x1bb", ["b"], ""),                             # Alt-b: the b
])
def test_keys_drop_escape_sequences(typed, keys, rest):
    assert keys_in(typed) == (keys, rest)


def test_quarter_blocks_pack_two_by_two_pixels():
    assert quarter_blocks(["#..#.", "##..#"]).split("\n") == ["┌───┐", "│▙▝▖│", "└───┘"]


OLED = ["#." * 64] * 32
HEADER = [(5, "title"), (1, "serial")]
FOOTER = [(0, "keys"), (2, "typed"), (8, "console")]


@pytest.mark.parametrize("columns, height, expected", [
    (140, 40, ["title", "serial", "HALF", "keys", "typed", "console"]),
    (131, 40, ["title", "serial", "HALF", "keys", "typed", "console"]),
    (130, 40, ["title", "serial", "QUARTER", "keys", "typed", "console"]),
    (67, 40, ["title", "serial", "QUARTER", "keys", "typed", "console"]),
    (66, 40, ["title", "serial", "TOO SMALL", "keys", "typed", "console"]),
    (140, 21, ["serial", "HALF", "keys", "typed"]),   # short: least needed lines go first
    (140, 18, ["HALF"]),
    (140, 17, ["title", "serial", "TOO SMALL", "keys", "typed", "console"]),
])
def test_the_screen_fits_the_terminal(columns, height, expected):
    lines = screen_lines(HEADER, OLED, FOOTER, columns, height)
    assert len(lines) <= height
    assert all(len(line) < columns for line in lines)
    shown = []
    for line in lines:
        if line.startswith("┌"):
            shown.append("HALF" if line == half_blocks(OLED).split("\n")[0] else "QUARTER")
            assert line in (half_blocks(OLED).split("\n")[0], quarter_blocks(OLED).split("\n")[0])
        elif line.startswith("(OLED hidden"):
            shown.append("TOO SMALL")
            assert "make the terminal at least 67 x 18" in line
        elif not line.startswith(("│", "└")):
            shown.append(line)
    assert shown == expected


class Session:
    """`totp-token sim` on a pseudo-terminal of a given size."""

    def __init__(self, drive, columns=140, rows=40, extra=()):
        self.pid, self.master = pty.fork()
        if self.pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            os.execv(sys.executable, [sys.executable, "-m", "totp_token.cli", "sim",
                                      "--drive", drive, *extra])
        self.output = b""
        self.status = None

    def read_for(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if select.select([self.master], [], [], 0.05)[0]:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    return

    def wait_for(self, text, seconds=15):
        end = time.monotonic() + seconds
        while text.encode() not in self.output and time.monotonic() < end:
            self.read_for(0.1)
        assert text.encode() in self.output, self.text()[-2000:]

    def type(self, data):
        os.write(self.master, data)

    def finish(self, seconds=15):
        """Wait for the exit; returns the terminal's mode as the program left it."""
        end = time.monotonic() + seconds
        while self.status is None and time.monotonic() < end:
            self.read_for(0.1)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
        mode = termios.tcgetattr(self.master)
        os.close(self.master)
        return mode

    def text(self):
        return self.output.decode("utf-8", "replace")

    def frames(self):
        """Each drawn frame as its visible lines (escape sequences removed)."""
        frames = self.text().split("\x1b[H")[1:]
        return [ESCAPES.sub("", frame).split("\r\n") for frame in frames]

    def last_frame_with(self, marker):
        """The newest frame drawn at least up to the line holding marker (the newest
        frame of all may still be arriving)."""
        whole = [frame for frame in self.frames() if any(marker in line for line in frame)]
        assert whole, self.text()[-2000:]
        return whole[-1]


@pytest.fixture
def session(sim_drive):
    started = []

    def start(**size):
        started.append(Session(sim_drive, **size))
        return started[-1]

    yield start
    for running in started:
        if running.status is None:
            os.kill(running.pid, signal.SIGKILL)
            os.waitpid(running.pid, 0)


def cooked(mode):
    return bool(mode[3] & termios.ICANON) and bool(mode[3] & termios.ECHO)


def test_the_screen_names_the_serial_port_and_the_keys(session):
    sim = session()
    sim.wait_for("keys: a b c press a button")
    assert re.search(r"serial port (/dev/\S+)  \(e\.g\. totp-token --port \1 add URI\)",
                     sim.text())
    assert "t set the clock" in sim.text() and "q quit" in sim.text()
    assert "state not kept: quit loses the accounts (use --state FILE)" in sim.text()
    sim.type(b"q")
    assert cooked(sim.finish())
    assert os.WEXITSTATUS(sim.status) == 0


def test_arrow_keys_are_not_button_presses(session):
    sim = session()
    sim.wait_for("typed: (nothing yet)")
    sim.type(b"\x1b[B")  # Down is ESC [ B: it once held button B (which types "l")
    sim.read_for(1.0)
    sim.type(b"b")
    sim.wait_for("typed: '1\\n'")
    sim.type(b"q")
    sim.finish()
    assert "'l'" not in sim.text()


QUARTER_BLOCK_TOP = "┌" + "─" * 64 + "┐"  # quarter blocks: 64 columns for 128 pixels
HIDDEN = "(OLED hidden: make the terminal at least 67 x 18"


@pytest.mark.parametrize("columns, rows, oled_line", [
    (90, 40, QUARTER_BLOCK_TOP),
    (50, 40, HIDDEN),
    (0, 0, QUARTER_BLOCK_TOP),  # a terminal that does not report its size: taken as 80 x 24
], ids=["90 columns", "50 columns", "size unknown"])
def test_a_narrow_terminal_gets_a_smaller_oled_or_a_message(session, columns, rows, oled_line):
    sim = session(columns=columns, rows=rows)
    sim.wait_for("keys:")
    sim.read_for(0.5)
    frame = sim.last_frame_with("keys:")  # the footer comes after the OLED
    assert any(line.startswith(oled_line) for line in frame), frame
    assert all(len(line) < (columns or 80) for line in frame)
    sim.type(b"q")
    sim.finish()


@pytest.mark.parametrize("how", ["ctrl-c", "ctrl-c twice", "sigterm", "sighup"])
def test_every_way_out_restores_the_terminal(session, how):
    sim = session()
    sim.wait_for("keys:")
    if how.startswith("ctrl-c"):
        sim.type(b"\x03\x03" if how == "ctrl-c twice" else b"\x03")
    else:
        os.kill(sim.pid, signal.SIGTERM if how == "sigterm" else signal.SIGHUP)
    mode = sim.finish()
    assert sim.status is not None and os.WIFEXITED(sim.status)
    assert os.WEXITSTATUS(sim.status) == 0
    assert cooked(mode)
    assert LEAVE_SCREEN in sim.text()
    assert "Traceback" not in sim.text()


def test_a_terminal_that_hangs_up_still_gets_the_state_saved(session, tmp_path):
    state = tmp_path / "state.json"
    sim = session(extra=("--state", str(state)))
    sim.wait_for("keys:")
    sim.type(b"t")  # set the clock: a change to save
    sim.wait_for("last: clock set")
    os.close(sim.master)  # the terminal window closes: SIGHUP
    _, status = os.waitpid(sim.pid, 0)
    sim.status = status
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    saved = json.loads(state.read_text())
    assert saved["rtc"]["unix"] >= time.time() - 60


def test_stdin_that_is_not_a_terminal_gets_a_clear_error(sim_drive):
    result = subprocess.run([sys.executable, "-m", "totp_token.cli", "sim", "--drive", sim_drive],
                            input="q\n", capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == ("error: the interactive simulator needs a terminal on stdin: use "
                             "--headless to drive it from a script (one command per line)\n")
