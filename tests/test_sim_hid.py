"""The simulated USB host: adafruit_hid's reports decoded per host layout and NumLock state."""

import pytest
from totp_token.sim import boards
from totp_token.sim.context import CODE, RunContext
from totp_token.sim.loader import FirmwareImporter
from totp_token.sim.machine import Machine
from totp_token.sim.usb_host.hid_host import HidHost


def keyboard_on(layout, numlock):
    machine = Machine(boards.profile("feather_rp2040"), layout=layout, numlock=numlock)
    ctx = RunContext(machine, {}, "/nonexistent", [], lambda text: None, uid=b"12345678")
    ctx.enter_phase(CODE)
    importer = FirmwareImporter([], ctx.build_modules(), print, ctx.open_file)
    usb_hid = importer.import_module("usb_hid")
    # adafruit_hid imported on the firmware side (the host's Blinka usb_hid breaks on a PC)
    keyboard_module = importer.import_module("adafruit_hid.keyboard", fromlist=("Keyboard",))
    keycode = importer.import_module("adafruit_hid.keycode", fromlist=("Keycode",)).Keycode
    return machine.host, keyboard_module.Keyboard(usb_hid.devices), keycode


# adafruit_hid Keycode names
DIGITS = ("ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "ZERO")
TOP_ROW = DIGITS
KEYPAD = tuple("KEYPAD_" + name for name in DIGITS)


@pytest.mark.parametrize("layout, numlock, keys, shift, text", [
    ("us", True, TOP_ROW, False, "1234567890"),
    ("us", False, TOP_ROW, False, "1234567890"),
    ("us", True, TOP_ROW, True, "!@#$%^&*()"),
    ("fr", True, TOP_ROW, False, "&é\"'(-è_çà"),
    ("fr", True, TOP_ROW, True, "1234567890"),
    ("us", True, KEYPAD, False, "1234567890"),
    ("fr", True, KEYPAD, False, "1234567890"),
    ("us", False, KEYPAD[:3], False, "<End><Down><PageDown>"),
    ("fr", False, ("KEYPAD_ZERO",), False, "<Insert>"),
    ("us", True, ("A", "Q", "W", "Z", "M"), False, "aqwzm"),
    ("fr", True, ("A", "Q", "W", "Z", "SEMICOLON"), False, "qazwm"),
    ("us", True, ("ENTER",), False, "\n"),
    ("fr", False, ("KEYPAD_ENTER",), False, "\n"),
])
def test_keys_type_what_the_host_layout_says(layout, numlock, keys, shift, text):
    host, keyboard, keycode = keyboard_on(layout, numlock)
    for name in keys:
        if shift:
            keyboard.send(keycode.SHIFT, getattr(keycode, name))
        else:
            keyboard.send(getattr(keycode, name))
    assert host.take_text() == text
    assert not host.keys_down


def test_numlock_key_toggles_the_host_and_its_led_report_comes_back():
    host, keyboard, K = keyboard_on("us", numlock=False)
    assert not keyboard.led_on(keyboard.LED_NUM_LOCK)  # the host reported its LEDs at attach
    keyboard.send(K.KEYPAD_NUMLOCK)
    assert host.numlock
    assert keyboard.led_on(keyboard.LED_NUM_LOCK)
    keyboard.send(K.KEYPAD_ONE)
    keyboard.send(K.KEYPAD_NUMLOCK)
    assert not keyboard.led_on(keyboard.LED_NUM_LOCK)
    keyboard.send(K.KEYPAD_ONE)
    assert host.take_text() == "1<End>"


def test_caps_lock_changes_letter_case_only():
    host, keyboard, K = keyboard_on("us", numlock=True)
    keyboard.send(K.CAPS_LOCK)
    assert keyboard.led_on(keyboard.LED_CAPS_LOCK)
    keyboard.send(K.A)
    keyboard.send(K.ONE)
    keyboard.send(K.SHIFT, K.B)
    assert host.take_text() == "A1b"


def test_held_keys_type_once_and_release_is_tracked():
    host = HidHost("us", True)
    host.receive(bytes([0, 0, 0x1E, 0, 0, 0, 0, 0]))
    host.receive(bytes([0, 0, 0x1E, 0x1F, 0, 0, 0, 0]))
    assert host.keys_down
    host.receive(bytes(8))
    assert host.take_text() == "12"
    assert host.reports == 3 and not host.keys_down


def test_unknown_layout_is_refused():
    with pytest.raises(ValueError, match="use us or fr"):
        HidHost("de", True)
