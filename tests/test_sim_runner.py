"""The Simulator runner on small CIRCUITPY trees: boot.py + code.py, lock step, reboot, pty,
preloaded accounts. (State file: test_sim_state; headless: test_sim_headless.)"""

import os
import select
import time

import pytest
from support.sim_drives import make_drive
from totp_token.errors import InputError
from totp_token.sim import Simulator


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


def test_boot_calls_are_recorded_and_presses_type(sim_drive):
    with Simulator(drive=sim_drive) as sim:
        assert [call[0] for call in sim.boot_calls] == [
            "storage.disable_usb_drive", "usb_cdc.enable", "usb_hid.enable"]
        assert sim.boot_calls[1][2] == {"console": False, "data": True}
        sim.press("B")
        assert sim.typed() == ["1\n"]
        sim.press("A")
        assert sim.typed() == []
        assert sim.take_errors() == []


def test_reboot_keeps_nvm(sim_drive):
    with Simulator(drive=sim_drive) as sim:
        sim.reboot()
        sim.press("B")
        assert sim.typed() == ["2\n"]


def test_long_press_holds_the_button_past_a_second(sim_drive):
    with Simulator(drive=sim_drive) as sim:
        sim.long("B")
        sim.press("B")
        assert sim.typed() == ["l", "1\n"]


def test_microcontroller_reset_runs_boot_and_code_again(sim_drive):
    with Simulator(drive=sim_drive) as sim:
        send_until(sim, b"reset\n", lambda: sim.machine.nvm[0] == 2)  # code.py counts runs
        sim.press("B")
        assert sim.typed() == ["2\n"]
        assert "".join(sim.machine.console_lines).count("boot.py ran") == 2
        assert sim.take_errors() == []


def test_supervisor_reload_runs_code_py_again_but_not_boot_py(sim_drive):
    with Simulator(drive=sim_drive) as sim:
        send_until(sim, b"reload\n", lambda: sim.machine.nvm[0] == 2)
        sim.press("B")
        assert sim.typed() == ["2\n"]
        assert "".join(sim.machine.console_lines).count("boot.py ran") == 1


def test_an_exception_escaping_code_py_is_an_error(sim_drive):
    with Simulator(drive=sim_drive) as sim:
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


def test_the_data_port_is_a_raw_pty(sim_drive):
    with Simulator(drive=sim_drive) as sim:
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


def test_wait_fast_forwards_the_rtc(sim_drive):
    with Simulator(drive=sim_drive) as sim:
        sim.set_time(2_000_000_000)
        started = time.monotonic()
        sim.wait(600)
        # a hang guard, not a speed goal: a wait in real time would take 600 s
        assert time.monotonic() - started < 60
        assert 2_000_000_600 <= sim.machine.rtc.unix() <= 2_000_000_602


def test_unknown_button_and_board_are_refused(sim_drive):
    with pytest.raises(ValueError, match="choose one of"):
        Simulator(board="uno", drive=sim_drive)
    with Simulator(drive=sim_drive, buttons=1) as sim:
        with pytest.raises(ValueError, match="no button 'B'"):
            sim.press("B")


EXAMPLE = "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"
OTHER = "otpauth://hotp/Other:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Other&counter=4"


def test_accounts_are_preloaded_in_order_and_once_per_state_file(sim_drive, tmp_path):
    from totp.store import Store

    state = str(tmp_path / "state.json")
    sim = Simulator(drive=sim_drive, state=state, accounts=[EXAMPLE, OTHER])
    store = Store(sim.machine.nvm, port="rp2040")
    assert [store.public(slot)["issuer"] for slot in range(len(store))] == ["Example", "Other"]
    assert store.get(1).counter == 4
    sim.save_state()
    again = Simulator(drive=sim_drive, state=state, accounts=[EXAMPLE])
    assert len(Store(again.machine.nvm, port="rp2040")) == 2
    assert "already on the token" in again.warnings[-1]


def test_a_bad_account_uri_is_refused(sim_drive):
    with pytest.raises(InputError, match="--account 1"):
        Simulator(drive=sim_drive, accounts=["otpauth://totp/x?secret=!!"])
