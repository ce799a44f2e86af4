"""Steps the board-tier tests share: a deployed drive, the real client, presses, and
reading codes off the emulated OLED and keyboard.

The emulator runs 15-30 times slower than a board, so every wait here is in wall
seconds sized for that.
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from totp_token.sim.frontends.screen_text import read_screen

from totp import otp

from .emulated_token import uf2_version, wait_until

TOOL = Path(sys.executable).with_name("totp-token")
# wall seconds; measured on a loaded 2-core machine (80x slower than a board): 190 s to
# enumerate, 270 s more until code.py (compiled from .py) draws its first screen
BOOT_WAIT = 600  # reset to USB enumeration (boot.py has run)
FIRMWARE_WAIT = 900  # enumeration to code.py's first screen
ANSWER_WAIT = 240  # the client's wait for one answer
STEP_WAIT = 300  # a press to what it shows or types
PRESS_SECONDS = 0.15  # emulated seconds a button stays down


def deployed_drive(tmp_path, uf2):
    """The drive a user would have: boot_out.txt as the board writes it, then `deploy`."""
    version, built = uf2_version(uf2)
    drive = tmp_path / "CIRCUITPY"
    drive.mkdir()
    (drive / "boot_out.txt").write_text(
        "Adafruit CircuitPython %s on %s; Raspberry Pi Pico with rp2040\n"
        "Board ID:raspberry_pi_pico\n" % (version, built))
    done = subprocess.run([str(TOOL), "deploy", "--drive", str(drive)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return drive, version


def tool_env():
    return dict(os.environ, TOTP_TOKEN_TIMEOUT=str(ANSWER_WAIT))


def run_tool(port, *argv, stdin=None):
    """The client's finished run (not checked)."""
    return subprocess.run([str(TOOL), "--port", port, *argv], capture_output=True, text=True,
                          input=stdin, env=tool_env(), timeout=ANSWER_WAIT * 3)


def tool(port, *argv):
    done = run_tool(port, *argv)
    assert done.returncode == 0, "totp-token %s: %s%s" % (" ".join(argv), done.stdout,
                                                         done.stderr)
    return done.stdout


def click(token, name):
    token.press(name)
    token.run_for(PRESS_SECONDS, 120)
    token.release(name)


def screen_text(token):
    return read_screen(token.screen_rows())


def shown_code(token):
    """The grouped code on the OLED, decoded glyph by glyph, or None."""
    for line in screen_text(token):
        if re.fullmatch(r"\d{3} \d{3}", line):
            return line.replace(" ", "")
    return None


def typed_code(token):
    """The first six digits the keyboard typed (decoded from its HID reports), or None."""
    found = re.search(r"\d{6}", "".join(token.usb.hid.text))
    return found.group(0) if found else None


def expected_codes(token, secret):
    """The core's code for the emulated clock now, and for the step before (a code read
    just after a 30 s boundary was drawn in the step before)."""
    now = token.rtc.unix()
    return {otp.totp(secret, now), otp.totp(secret, now - 30)}


class Steps:
    """Wall time of each step, reported with the results."""

    def __init__(self, record):
        self._record = record
        self._start = time.monotonic()

    def done(self, name):
        now = time.monotonic()
        self._record("wall seconds: " + name, round(now - self._start, 1))
        self._start = now


CTRL_C = b"\x03"


def repl_run(token, lines, last_marker, wait):
    """Interrupt code.py on the console (maintenance mode), type ``lines`` at the REPL,
    and return the console's text once ``last_marker`` followed by a number shows."""
    start = len(token.usb.received_text())
    assert token.usb.bind_console(CTRL_C), "no CDC interface to bind"

    def console():
        return token.usb.received_text()[start:]

    wait_until(lambda: "Press any key" in console(), STEP_WAIT, "code.py to stop on Ctrl-C")
    token.usb.send(b"\r")
    wait_until(lambda: ">>> " in console(), STEP_WAIT, "the REPL prompt")
    token.usb.send("".join(line + "\r" for line in lines).encode())
    wait_until(lambda: re.search(last_marker + r" \d+", console()), wait,
               "%s at the REPL" % last_marker)
    return console()
