"""A PIN-protected token on real CircuitPython: set a PIN, power-cycle, unlock on the wheel.

Same board as tests/test_board_circuitpython.py (the official Pico UF2 in rp2040py);
runs only with $TOTP_TOKEN_UF2. A PIN check is one KDF, about a second of emulated
time, so each one takes tens of wall seconds here.
"""

import re
import subprocess

import pytest
from support.board import drive_image
from support.board.emulated_token import EmulatedToken, wait_until
from support.board.journey import (
    ANSWER_WAIT,
    BOOT_WAIT,
    FIRMWARE_WAIT,
    STEP_WAIT,
    TOOL,
    Steps,
    click,
    deployed_drive,
    expected_codes,
    repl_run,
    run_tool,
    screen_text,
    shown_code,
    tool,
    tool_env,
    typed_code,
)

from totp import base32

pytestmark = pytest.mark.board

SECRET = base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")  # RFC 6238's SHA-1 key
URI = "otpauth://totp/Board:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Board"
PIN = "000111"
# the Pico profile has 3 buttons: A turns the wheel back, C on, B picks; it starts at 0,
# and one turn back from 0 is "OK"
WHEEL_PRESSES = ("B", "B", "B", "C", "B", "B", "B", "A", "A", "B")
SETTLE_SECONDS = 0.1  # emulated seconds between two presses


MEASURE = (
    "import gc;gc.collect();print('FREE-REPL', gc.mem_free())",
    "from totp import hardware",
    "from totp.app import App",
    "app = App(hardware.build())",
    "app.step()",
    "print('LOCKED-BEFORE', app.store.locked)",
    "gc.collect();print('FREE-LOCKED', gc.mem_free())",
    "job = app.store.start_unlock(b'%s')" % PIN,
    "while job.step() is None: pass",
    "",
    "app.step()",
    "print('LOCKED-AFTER', app.store.locked)",
    "gc.collect();print('FREE-UNLOCKED', gc.mem_free())",
)


def boot_out(token):
    return drive_image.read_file(token.drive_image(), "boot_out.txt").decode()


def screen_says(token, words):
    return any(words in line for line in screen_text(token))


def test_pin_set_then_unlock_after_power_cycle(board_uf2, tmp_path, record_property):
    steps = Steps(record_property)
    drive, _ = deployed_drive(tmp_path, board_uf2)
    token = EmulatedToken(board_uf2, drive_image.build_image(drive))
    try:
        token.power_on(BOOT_WAIT)
        wait_until(lambda: screen_says(token, "Set the time"), FIRMWARE_WAIT,
                   "the OLED to ask for the time")
        tool(token.usb.path, "time", "--set")
        tool(token.usb.path, "add", "--yes", URI)
        steps.done("boot, time --set, add")

        # no PIN yet: the token asks for the owner's press (B says yes)
        typed_twice = tmp_path / "pin-twice.txt"
        typed_twice.write_text("%s\n%s\n" % (PIN, PIN))
        with typed_twice.open() as stdin:
            setting = subprocess.Popen(
                [str(TOOL), "--port", token.usb.path, "pin", "set"], stdin=stdin,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=tool_env())
        try:
            wait_until(lambda: screen_says(token, "set a new PIN"), STEP_WAIT,
                       "the token to ask for a press to set the PIN")
            click(token, "B")
            out, err = setting.communicate(timeout=ANSWER_WAIT * 3)
        finally:
            if setting.poll() is None:
                setting.kill()
        assert setting.returncode == 0, out + err
        assert PIN not in out + err
        steps.done("totp-token pin set (press B)")

        # power cycle: the token starts locked, asks for the PIN, refuses codes
        token.replug(BOOT_WAIT)
        wait_until(lambda: screen_says(token, "Enter PIN"), FIRMWARE_WAIT,
                   "the PIN entry after the power cycle")
        assert shown_code(token) is None
        refused = run_tool(token.usb.path, "code")
        assert refused.returncode != 0, refused.stdout
        assert "enter the PIN on the token" in refused.stderr + refused.stdout
        steps.done("power cycle: locked, PIN entry shown, `code` refused")

        for name in WHEEL_PRESSES:
            click(token, name)
            token.run_for(SETTLE_SECONDS, 120)
        code = wait_until(lambda: shown_code(token), STEP_WAIT * 2,
                          "a code on the OLED after the PIN")
        assert code in expected_codes(token, SECRET), (code, screen_text(token))
        steps.done("PIN on the wheel: unlocked, code on the screen")

        click(token, "B")
        typed = wait_until(lambda: typed_code(token), STEP_WAIT, "a code typed over HID")
        assert typed in expected_codes(token, SECRET), (typed, code)
        steps.done("unlocked: code typed over HID")

        # free heap with the PIN, at the REPL: `maintenance` (press B) restarts the token
        # once in maintenance mode, where code.py is interrupted and the firmware booted
        # again as code.py does, locked, then unlocked through the store
        asking = subprocess.Popen([str(TOOL), "--port", token.usb.path, "maintenance"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=tool_env())
        try:
            wait_until(lambda: screen_says(token, "maintenance boot"), STEP_WAIT,
                       "the token to ask for a press to restart in maintenance mode")
            click(token, "B")
            out, err = asking.communicate(timeout=ANSWER_WAIT * 3)
        finally:
            if asking.poll() is None:
                asking.kill()
        assert asking.returncode == 0, out + err
        wait_until(lambda: "maintenance mode" in boot_out(token), BOOT_WAIT,
                   "boot.py to take the maintenance request", poll=5)
        steps.done("totp-token maintenance (press B): restarted in maintenance mode")
        console = repl_run(token, MEASURE, "FREE-UNLOCKED", FIRMWARE_WAIT)
        free = {name: int(value) for name, value in
                re.findall(r"(FREE-[A-Z]+) (\d+)", console)}
        record_property("gc.mem_free() at the REPL", free["FREE-REPL"])
        record_property("gc.mem_free() booted, locked", free["FREE-LOCKED"])
        record_property("gc.mem_free() unlocked", free["FREE-UNLOCKED"])
        assert "LOCKED-BEFORE True" in console and "LOCKED-AFTER False" in console, console
        assert 0 < free["FREE-UNLOCKED"] < free["FREE-REPL"]
        steps.done("gc.mem_free() over the REPL, locked and unlocked")
    finally:
        token.close()
