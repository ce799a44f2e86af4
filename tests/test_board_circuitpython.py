"""The token on real CircuitPython: the official-format UF2 for the Raspberry Pi Pico, booted
in the rp2040py emulator with a drive made by `totp-token deploy`, driven by the real client.

Runs only when $TOTP_TOKEN_UF2 names a CircuitPython .uf2 for raspberry_pi_pico
(`./dev test-board PATH.uf2`); without one, the suite says in one line that this
tier did not run. The emulator runs 15-30 times slower than a board, so every wait
below is in wall seconds sized for that, and each step records its wall time.
"""

import re
import time

import pytest
from support.board import drive_image
from support.board.emulated_token import EmulatedToken, wait_until
from support.board.journey import (
    ANSWER_WAIT,
    BOOT_WAIT,
    FIRMWARE_WAIT,
    STEP_WAIT,
    Steps,
    click,
    deployed_drive,
    shown_code,
    tool,
    typed_code,
)
from support.board.journey import expected_codes as codes_for
from totp_token.sim.frontends.screen_text import read_screen

from totp import base32

pytestmark = pytest.mark.board

SECRET = base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")  # RFC 6238's SHA-1 key
ACCOUNT = "Board:alice"
URI = "otpauth://totp/%s?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Board" % ACCOUNT
CTRL_C = b"\x03"


def boot_out(token):
    return drive_image.read_file(token.drive_image(), "boot_out.txt").decode()


def expected_codes(token):
    return codes_for(token, SECRET)


def test_token_journey_on_real_circuitpython(board_uf2, tmp_path, record_property):
    steps = Steps(record_property)
    drive, version = deployed_drive(tmp_path, board_uf2)
    image = drive_image.build_image(drive)
    assert "code.py" in drive_image.list_files(image)
    token = EmulatedToken(board_uf2, image)
    try:
        # normal mode: keyboard and data port, and boot.py's line in boot_out.txt
        token.power_on(BOOT_WAIT)
        text = boot_out(token)
        assert text.startswith("Adafruit CircuitPython %s" % version), text
        assert "totp-token boot: normal mode" in text, text
        steps.done("power-on to USB enumeration (normal mode)")

        # code.py up: a fresh DS3231 has lost power, so the screen asks for the time
        wait_until(lambda: "Set the time" in read_screen(token.screen_rows()), FIRMWARE_WAIT,
                   "the OLED to ask for the time")
        # the drivers' zero-byte probes went over the pins; everything else over the I2C block
        assert set(token.pins.acknowledged) == {0x68, 0x3C}, token.pins.acknowledged
        assert token.i2c_bus.transactions > 0
        steps.done("code.py running, screen says 'Set the time'")

        # the real client over a real pty: set the clock, add an account
        tool(token.usb.path, "time", "--set")
        assert not token.rtc.lost_power
        assert abs(token.rtc.unix() - time.time()) < ANSWER_WAIT
        steps.done("totp-token time --set")
        tool(token.usb.path, "add", "--yes", URI)
        steps.done("totp-token add")

        # B: the OLED shows the core's code for the emulated clock
        awake = token.on_emulator(lambda: token.oled.display_on)
        click(token, "B")
        code = wait_until(lambda: shown_code(token), STEP_WAIT, "a code on the OLED")
        assert code in expected_codes(token), (code, read_screen(token.screen_rows()))
        steps.done("press B: code on the screen")

        # a press of B types it (if the screen was asleep, the first press only woke it)
        if not awake:
            click(token, "B")
        typed = wait_until(lambda: typed_code(token), STEP_WAIT, "a code typed over HID")
        assert typed in expected_codes(token), (typed, code)
        steps.done("press B: code typed over HID")

        # A held while plugging in again: maintenance mode (drive and REPL console on USB),
        # and the account kept in flash is back on the screen (blank at power-on)
        token.press("A")
        token.replug(BOOT_WAIT)
        token.release("A")
        text = boot_out(token)
        assert "totp-token boot: maintenance mode" in text, text
        steps.done("replug with A held: maintenance mode")
        code = wait_until(lambda: shown_code(token), FIRMWARE_WAIT, "the kept account's code")
        assert code in expected_codes(token), (code, read_screen(token.screen_rows()))
        steps.done("after the replug: the account's code on the screen again")

        free = repl_mem_free(token)
        record_property("gc.mem_free() at the REPL", free["repl"])
        record_property("gc.mem_free() after the firmware's boot", free["booted"])
        assert 0 < free["booted"] < free["repl"]
        steps.done("gc.mem_free() over the REPL")
    finally:
        token.close()


MEASURE = (
    "import gc;gc.collect();print('FREE-REPL', gc.mem_free())\r"
    "from totp import hardware\r"
    "from totp.app import App\r"
    "app = App(hardware.build())\r"
    "app.step()\r"
    "gc.collect();print('FREE-BOOTED', gc.mem_free())\r"
)


def repl_mem_free(token):
    """Interrupt code.py on the console, then boot the firmware as code.py does, at the
    REPL, and read gc.mem_free() before and after."""
    start = len(token.usb.received_text())
    assert token.usb.bind_console(CTRL_C), "no CDC interface to bind"

    def console():
        return token.usb.received_text()[start:]

    wait_until(lambda: "Press any key" in console(), STEP_WAIT, "code.py to stop on Ctrl-C")
    token.usb.send(b"\r")
    wait_until(lambda: ">>> " in console(), STEP_WAIT, "the REPL prompt")
    token.usb.send(MEASURE.encode())
    found = wait_until(lambda: re.search(r"FREE-BOOTED (\d+)", console()), FIRMWARE_WAIT,
                       "gc.mem_free() after the firmware's boot at the REPL")
    repl = re.search(r"FREE-REPL (\d+)", console())
    return {"repl": int(repl.group(1)), "booted": int(found.group(1))}
