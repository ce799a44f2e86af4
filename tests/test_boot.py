"""boot.py's USB modes, run in the simulator: which usb_cdc, usb_hid and storage calls it makes.

Normal mode: drive off, console off, data port on, keyboard only. Maintenance mode
(button A held at power-on): drive and console on, data port too where the chip has
the endpoints (not ESP32-S2/S3). Bad settings or a broken firmware tree never stop
the boot: they end in normal mode.
"""

import os
import shutil

import pytest
from totp_token.sim import Simulator

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

NORMAL = [
    ("storage.disable_usb_drive", {}),
    ("usb_cdc.enable", {"console": False, "data": True}),
    ("usb_hid.enable", {"boot_device": 0}),
]
MAINTENANCE = [
    ("storage.enable_usb_drive", {}),
    ("usb_cdc.enable", {"console": True, "data": True}),
    ("usb_hid.enable", {"boot_device": 0}),
]
MAINTENANCE_FEW_ENDPOINTS = [
    ("storage.enable_usb_drive", {}),
    ("usb_cdc.enable", {"console": True, "data": False}),
    ("usb_hid.enable", {"boot_device": 0}),
]


def boot(board="feather_rp2040", held=(), settings=None, drive=None):
    """Power on with `held` buttons down: (boot.py's USB calls, console text, boot errors)."""
    sim = Simulator(board=board, settings=settings, drive=drive)
    for name in held:
        sim.machine.set_button(name, True)
    sim.start()
    try:
        calls = list(sim.boot_calls)
        console = "".join(sim.machine.console_lines)
        errors = [e for e in sim.take_errors() if "boot.py" in e or "safe mode" in e]
        return calls, console, errors
    finally:
        sim.stop()


def summary(calls):
    return [(name, kwargs) for name, _args, kwargs in calls]


def enabled_hid_devices(calls):
    [devices] = [args[0] for name, args, _ in calls if name == "usb_hid.enable"]
    return [(device.usage_page, device.usage) for device in devices]


@pytest.mark.parametrize(("board", "held", "expected"), [
    ("feather_rp2040", False, NORMAL),
    ("feather_rp2040", True, MAINTENANCE),
    ("pico", False, NORMAL),
    ("pico", True, MAINTENANCE),
    ("feather_nrf52840", False, NORMAL),
    ("feather_nrf52840", True, MAINTENANCE),
    ("feather_esp32s3", False, NORMAL),
    ("feather_esp32s3", True, MAINTENANCE_FEW_ENDPOINTS),
])
def test_usb_mode_per_board(board, held, expected):
    calls, _console, errors = boot(board, held=("A",) if held else ())
    assert summary(calls) == expected
    assert enabled_hid_devices(calls) == [(0x01, 0x06)]  # the keyboard, nothing else
    assert errors == []  # e.g. no safe mode for too many USB endpoints


@pytest.mark.parametrize("held", [("B",), ("C",), ("B", "C")])
def test_only_button_a_opens_maintenance_mode(held):
    calls, _, _ = boot(held=held)
    assert summary(calls) == NORMAL


@pytest.mark.parametrize(("pin_a", "held", "expected", "console_says"), [
    # the pin from settings.toml wins over the board default
    ("D6", ("B",), MAINTENANCE, "maintenance mode"),
    ("D6", ("A",), NORMAL, "normal mode"),
    # a pin this board does not have: the board's default (D9) is used, and boot_out.txt
    # says so, so a typo cannot lock maintenance mode out
    ("GP13", ("A",), MAINTENANCE, "'GP13' is not on this board; using the default D9"),
    ("D99", ("A",), MAINTENANCE, "'D99' is not on this board; using the default D9"),
    ("D99", (), NORMAL, "'D99' is not on this board; using the default D9"),
    # a value that is no pin name at all: ignored with a note, the default D9 is used
    ("two words", ("A",), MAINTENANCE, "TOTP_PIN_A='two words' ignored"),
])
def test_button_a_pin_comes_from_settings(pin_a, held, expected, console_says):
    calls, console, errors = boot(held=held, settings={"TOTP_PIN_A": pin_a})
    assert summary(calls) == expected
    assert console_says in console
    assert errors == []


def test_pico_button_a_is_the_firmware_default_pin():
    from totp.hardware import board_defaults

    assert board_defaults("raspberry_pi_pico")["pin_a"] == "GP13"
    calls, _, _ = boot("pico", held=("A",))
    assert summary(calls) == MAINTENANCE


def test_broken_firmware_tree_still_boots_in_normal_mode(tmp_path):
    # a drive whose totp/ package is missing: boot.py cannot read the settings
    shutil.copy(os.path.join(REPO, "boot.py"), tmp_path / "boot.py")
    (tmp_path / "code.py").write_text("import time\nwhile True:\n    time.sleep(1)\n")
    calls, console, errors = boot(held=("A",), drive=tmp_path)
    assert summary(calls) == NORMAL
    assert "cannot read the button settings" in console
    assert errors == []


@pytest.mark.parametrize("settings_text", [
    'TOTP_PIN_A = "D9\n',                   # unterminated string
    "TOTP_PIN_A = D9\nTOTP_BUTTONS = x\n",  # bare words are no TOML values
])
def test_malformed_settings_file_still_boots(tmp_path, settings_text):
    shutil.copy(os.path.join(REPO, "boot.py"), tmp_path / "boot.py")
    shutil.copytree(os.path.join(REPO, "totp"), tmp_path / "totp")
    (tmp_path / "code.py").write_text("import time\nwhile True:\n    time.sleep(1)\n")
    (tmp_path / "settings.toml").write_text(settings_text)
    calls, _, errors = boot(held=("A",), drive=tmp_path)
    assert summary(calls) == MAINTENANCE  # the default pin D9 still works
    assert errors == []
