"""The Simulator runner on small CIRCUITPY trees: boot.py + code.py, lock step, reboot, pty,
preloaded accounts. (State file: test_sim_state; headless: test_sim_headless.)"""

import os
import select
import time

import pytest
from totp_token.errors import InputError
from totp_token.sim import Simulator

BOOT_PY = """
import storage, usb_cdc, usb_hid
print("boot.py ran")
storage.disable_usb_drive()
usb_cdc.enable(console=False, data=True)
usb_hid.enable((usb_hid.Device.KEYBOARD,))
"""

# B released: types the boot count (or "l" after a hold of 1 s or more), one key report
# per step like the real firmware; C crashes; serial lines are echoed, "reset" resets
CODE_PY = """
import time
import board, keypad, microcontroller, supervisor, usb_cdc, usb_hid
from adafruit_hid.keyboard import Keyboard
from adafruit_hid.keycode import Keycode

DIGITS = (Keycode.ZERO, Keycode.ONE, Keycode.TWO, Keycode.THREE, Keycode.FOUR,
          Keycode.FIVE, Keycode.SIX, Keycode.SEVEN, Keycode.EIGHT, Keycode.NINE)
nvm = microcontroller.nvm
nvm[0] = 1 if nvm[0] == 0xFF else nvm[0] + 1
keys = keypad.Keys((board.D9, board.D6, board.D5), value_when_pressed=False)
keyboard = Keyboard(usb_hid.devices)
serial = usb_cdc.data
serial.timeout = 0
to_type = []
pressed_at = 0
while True:
    event = keys.events.get()
    if event and event.key_number == 1:
        if event.pressed:
            pressed_at = event.timestamp
        elif (event.timestamp - pressed_at) % (1 << 29) >= 1000:
            to_type = [Keycode.L]
        else:
            to_type = [DIGITS[int(char)] for char in str(nvm[0])] + [Keycode.ENTER]
    if event and event.pressed and event.key_number == 2:
        raise RuntimeError("boom")
    if to_type:
        if keyboard.report[2]:
            keyboard.release_all()
        else:
            keyboard.press(to_type.pop(0))
    elif keyboard.report[2]:
        keyboard.release_all()
    if serial.in_waiting:
        line = serial.readline()
        if line == b"reset\\n":
            microcontroller.reset()
        if line == b"reload\\n":
            supervisor.reload()
        serial.write(b"echo:" + line)
    time.sleep(0.005 if to_type else 0.02)
"""


def make_drive(path, code=CODE_PY, boot=BOOT_PY, settings=None, libs=("adafruit_hid",)):
    """A CIRCUITPY tree; `libs` are deployed as compiled packages (lib/NAME/*.mpy)."""
    path.mkdir(exist_ok=True)
    for lib in libs:
        (path / "lib" / lib).mkdir(parents=True)
        (path / "lib" / lib / "__init__.mpy").write_bytes(b"M\x06")
    (path / "code.py").write_text(code)
    if boot is not None:
        (path / "boot.py").write_text(boot)
    if settings is not None:
        (path / "settings.toml").write_text(settings)
    return str(path)


@pytest.fixture
def drive(tmp_path):
    return make_drive(tmp_path / "CIRCUITPY")


def send_until(sim, line, check, seconds=5):
    """Write a line to the data port and run the firmware until check() holds.

    The pty hands the bytes over asynchronously and sim.wait() skips the firmware's
    sleeps, so one fixed wait could end before the firmware saw the line.
    """
    host = os.open(sim.serial_path, os.O_RDWR | os.O_NOCTTY)
    try:
        os.write(host, line)
        give_up = time.monotonic() + seconds
        while not check() and time.monotonic() < give_up:
            sim.wait(0.05)
    finally:
        os.close(host)
    assert check(), "the firmware did not act on %r within %d s" % (line, seconds)


def test_boot_calls_are_recorded_and_presses_type(drive):
    with Simulator(drive=drive) as sim:
        assert [call[0] for call in sim.boot_calls] == [
            "storage.disable_usb_drive", "usb_cdc.enable", "usb_hid.enable"]
        assert sim.boot_calls[1][2] == {"console": False, "data": True}
        sim.press("B")
        assert sim.typed() == ["1\n"]
        sim.press("A")
        assert sim.typed() == []
        assert sim.take_errors() == []


def test_reboot_keeps_nvm(drive):
    with Simulator(drive=drive) as sim:
        sim.reboot()
        sim.press("B")
        assert sim.typed() == ["2\n"]


def test_long_press_holds_the_button_past_a_second(drive):
    with Simulator(drive=drive) as sim:
        sim.long("B")
        sim.press("B")
        assert sim.typed() == ["l", "1\n"]


def test_microcontroller_reset_runs_boot_and_code_again(drive):
    with Simulator(drive=drive) as sim:
        send_until(sim, b"reset\n", lambda: sim.machine.nvm[0] == 2)  # code.py counts runs
        sim.press("B")
        assert sim.typed() == ["2\n"]
        assert "".join(sim.machine.console_lines).count("boot.py ran") == 2
        assert sim.take_errors() == []


def test_supervisor_reload_runs_code_py_again_but_not_boot_py(drive):
    with Simulator(drive=drive) as sim:
        send_until(sim, b"reload\n", lambda: sim.machine.nvm[0] == 2)
        sim.press("B")
        assert sim.typed() == ["2\n"]
        assert "".join(sim.machine.console_lines).count("boot.py ran") == 1


def test_an_exception_escaping_code_py_is_an_error(drive):
    with Simulator(drive=drive) as sim:
        sim.press("C")
        errors = sim.take_errors()
        assert len(errors) == 1 and "RuntimeError: boom" in errors[0]
        assert "code.py line" in errors[0]
        assert not sim.firmware_running


@pytest.mark.parametrize("code, missing", [
    ("import hmac\n", "hmac"),
    ("from typing import List\n", "typing"),
    ("import adafruit_ds3231\n", "adafruit_ds3231"),  # not deployed to lib/
    ("import usb_midi\n", "usb_midi"),  # a core module the simulator lacks
])
def test_firmware_cannot_import_what_the_board_lacks(tmp_path, code, missing):
    drive = make_drive(tmp_path / "d", code=code, boot=None)
    with Simulator(drive=drive) as sim:
        assert "no module named %r" % missing in " ".join(sim.take_errors())


def test_drivers_deployed_as_mpy_run_from_the_installed_package(tmp_path):
    code = ("import board, adafruit_ds3231, time\n"
            "rtc = adafruit_ds3231.DS3231(board.I2C())\n"
            "while True:\n"
            "    time.sleep(0.1)\n")
    drive = make_drive(tmp_path / "d", code=code, boot=None, libs=())
    (tmp_path / "d" / "lib").mkdir()
    lib = tmp_path / "d" / "lib"
    (lib / "adafruit_ds3231.mpy").write_bytes(b"M\x06")
    (lib / "adafruit_register").mkdir()
    (lib / "adafruit_bus_device").mkdir()
    with Simulator(drive=drive) as sim:
        assert sim.take_errors() == []
        assert sim.firmware_running


def test_too_many_usb_endpoints_on_esp32s3_is_safe_mode(tmp_path):
    boot = "import usb_cdc\nusb_cdc.enable(console=True, data=True)\n"
    drive = make_drive(tmp_path / "d", boot=boot)
    with Simulator(board="feather_esp32s3", drive=drive) as sim:
        assert "USB_TOO_MANY_ENDPOINTS" in " ".join(sim.take_errors())


def test_the_data_port_is_a_raw_pty(drive):
    with Simulator(drive=drive) as sim:
        host = os.open(sim.serial_path, os.O_RDWR | os.O_NOCTTY)
        try:
            os.write(host, b"hello\n")
            received = b""
            give_up = time.monotonic() + 5
            while not received.endswith(b"\n") and time.monotonic() < give_up:
                if select.select([host], [], [], 0.1)[0]:
                    received += os.read(host, 100)
            assert received == b"echo:hello\n"  # no echo of what the host wrote
        finally:
            os.close(host)


def test_wait_fast_forwards_the_rtc(drive):
    with Simulator(drive=drive) as sim:
        sim.set_time(2_000_000_000)
        started = time.monotonic()
        sim.wait(600)
        # a hang guard, not a speed goal: a wait in real time would take 600 s
        assert time.monotonic() - started < 60
        assert 2_000_000_600 <= sim.machine.rtc.unix() <= 2_000_000_602


def test_unknown_button_and_board_are_refused(drive):
    with pytest.raises(ValueError, match="choose one of"):
        Simulator(board="uno", drive=drive)
    with Simulator(drive=drive, buttons=1) as sim:
        with pytest.raises(ValueError, match="no button 'B'"):
            sim.press("B")


EXAMPLE = "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"
OTHER = "otpauth://hotp/Other:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Other&counter=4"


def test_accounts_are_preloaded_in_order_and_once_per_state_file(drive, tmp_path):
    from totp.store import Store

    state = str(tmp_path / "state.json")
    sim = Simulator(drive=drive, state=state, accounts=[EXAMPLE, OTHER])
    store = Store(sim.machine.nvm, port="rp2040")
    assert [store.public(slot)["issuer"] for slot in range(len(store))] == ["Example", "Other"]
    assert store.get(1).counter == 4
    sim.save_state()
    again = Simulator(drive=drive, state=state, accounts=[EXAMPLE])
    assert len(Store(again.machine.nvm, port="rp2040")) == 2
    assert "already on the token" in again.warnings[-1]


def test_a_bad_account_uri_is_refused(drive):
    with pytest.raises(InputError, match="--account 1"):
        Simulator(drive=drive, accounts=["otpauth://totp/x?secret=!!"])
