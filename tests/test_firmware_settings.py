"""settings.toml parsing: str (CircuitPython 10.2+) or int (before) values, bad values
fall back to the default with a note, and the example file documents every key."""

import re
from pathlib import Path

import pytest

from totp import hardware, settings

REPO = Path(__file__).resolve().parent.parent
FEATHER = hardware.board_defaults("adafruit_feather_rp2040")


def load(**values):
    return settings.Settings(values.get, FEATHER)


@pytest.mark.parametrize("key, raw, attribute, value", [
    ("TOTP_BUTTONS", "2", "buttons", 2),
    ("TOTP_BUTTONS", 1, "buttons", 1),  # CircuitPython before 10.2 hands back ints
    ("TOTP_PIN_A", "D10", "pin_a", "D10"),
    ("TOTP_DISPLAY_HEIGHT", "64", "display_height", 64),
    ("TOTP_DISPLAY_FLIP", "true", "display_flip", True),
    ("TOTP_IDLE_SECONDS", " 0 ", "idle_seconds", 0),
    ("TOTP_LONG_PRESS_MS", 800, "long_press_ms", 800),
    ("TOTP_TYPE_MODE", "Keypad", "type_mode", "keypad"),
    ("TOTP_TYPE_MODE", "azerty", "type_mode", "azerty"),
    ("TOTP_TYPE_ENTER", "yes", "type_enter", True),
    ("TOTP_TYPE_ENTER", "0", "type_enter", False),
    ("TOTP_USB_TIMEOUT_S", "10", "usb_timeout_s", 10),
    ("TOTP_NAME", " work laptop ", "name", "work laptop"),
    ("TOTP_NAME", 7, "name", "7"),
    ("TOTP_REQUIRE_PRESS", "false", "require_press", False),
    ("TOTP_REQUIRE_PRESS", "on", "require_press", True),
])
def test_good_values_are_used(key, raw, attribute, value):
    loaded = load(**{key: raw})
    assert getattr(loaded, attribute) == value
    assert loaded.notes == []


@pytest.mark.parametrize("key, raw, attribute, default, hint", [
    ("TOTP_BUTTONS", "4", "buttons", 3, "1 to 3"),
    ("TOTP_BUTTONS", "three", "buttons", 3, "whole number"),
    ("TOTP_DISPLAY_HEIGHT", "48", "display_height", 32, "32 or 64"),
    ("TOTP_LONG_PRESS_MS", "50", "long_press_ms", 600, "200 to 5000"),
    ("TOTP_REQUIRE_PRESS", "maybe", "require_press", True, "true or false"),
    ("TOTP_TYPE_MODE", "dvorak", "type_mode", "toprow", "toprow, keypad, azerty"),
    ("TOTP_TYPE_ENTER", "maybe", "type_enter", False, "true or false"),
    ("TOTP_PIN_B", "D 6", "pin_b", "D6", "pin name"),
    ("TOTP_USB_TIMEOUT_S", "-1", "usb_timeout_s", 5, "1 to 60"),
    ("TOTP_NAME", "x" * 33, "name", "", "at most 32"),
    ("TOTP_NAME", "Jörg's token", "name", "", "ASCII"),
    ("TOTP_NAME", "two\nlines", "name", "", "ASCII"),
])
def test_bad_values_fall_back_with_a_note_naming_key_and_fix(key, raw, attribute, default, hint):
    loaded = load(**{key: raw})
    assert getattr(loaded, attribute) == default
    assert len(loaded.notes) == 1
    assert key in loaded.notes[0] and hint in loaded.notes[0]


@pytest.mark.parametrize("error", [
    ValueError("invalid syntax"),  # CircuitPython < 10.2 on a bare `false`
    UnicodeError("not UTF-8"),
])
def test_a_getenv_that_raises_falls_back_to_defaults_with_a_note(error):
    def getenv(key):
        if key == "TOTP_DISPLAY_FLIP":
            raise error
        return "2" if key == "TOTP_BUTTONS" else None

    parsed = settings.Settings(getenv, FEATHER)
    assert parsed.display_flip is False and parsed.buttons == 2
    assert len(parsed.notes) == 1 and "TOTP_DISPLAY_FLIP could not be read" in parsed.notes[0]


def test_nothing_set_gives_the_board_defaults():
    feather = settings.Settings(None, FEATHER)
    pico = settings.Settings(None, hardware.board_defaults("raspberry_pi_pico"))
    assert (feather.pin_a, feather.pin_b, feather.pin_c) == ("D9", "D6", "D5")
    assert feather.display_height == 32
    assert (pico.pin_a, pico.pin_b, pico.pin_c, pico.display_height) == ("GP13", "GP14", "GP15", 64)
    assert (pico.i2c_scl, pico.i2c_sda) == ("GP5", "GP4")
    assert feather.idle_seconds == 30 and feather.long_press_ms == 600
    assert feather.type_mode == "toprow" and feather.type_enter is False
    assert feather.name == ""


def test_example_file_documents_every_key_with_its_default():
    text = (REPO / "settings.toml.example").read_text()
    documented = re.findall(r"^# (TOTP_\w+) = \S+\s+# default: \S+", text, re.M)
    keys = [spec[0] for spec in settings.SPECS]
    assert sorted(documented) == sorted(keys)
    for key, attribute, _kind, default, _low, _high in settings.SPECS:
        line = re.search(r"^# %s = (\S+)\s+# default: (\S+)" % key, text, re.M)
        if default is None:
            assert line.group(2) == "board", key
            continue
        shown = line.group(2)
        assert shown == line.group(1)  # the sample value is the default
        expected = {True: "true", False: "false"}.get(default, default)
        assert shown in (str(expected), '"%s"' % expected), key
        # and the documented default parses back to the real default
        parsed = settings.Settings({key: shown.strip('"')}.get, FEATHER)
        assert getattr(parsed, attribute) == default


@pytest.mark.parametrize("board_id, machine, port", [
    ("adafruit_feather_rp2040", "", "rp2040"),
    ("raspberry_pi_pico", "", "rp2040"),
    ("feather_nrf52840_express", "", "nrf52840"),
    ("adafruit_feather_esp32s3_4mbflash_2mbpsram", "", "esp32s3"),
    ("some_new_board", "Some Board with ESP32-S2", "esp32s2"),
    ("some_new_board", "Some Board with nRF52840", "nrf52840"),
    ("some_new_board", "", None),  # no chip named: its nvm is not modelled, so refused
])
def test_storage_port_per_board(board_id, machine, port):
    assert hardware.storage_port(board_id, machine) == port
