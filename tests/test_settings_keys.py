"""A mistyped settings.toml key is named with the key it was probably meant to be: on the
token (hello's warnings, read at boot from the file) and in the simulator's warnings."""

import json

import pytest
from support.mpy import run_scenario
from totp_token import cli
from totp_token.client import Client
from totp_token.sim import Simulator

from totp import settings_keys

BOOT_OUT = ("Adafruit CircuitPython 10.0.3 on 2025-10-17; Adafruit Feather RP2040 with rp2040\r\n"
            "Board ID:adafruit_feather_rp2040\r\n")
TYPO = "settings.toml: TOTP_IDLE_SECOND is not a setting the token knows, so it is ignored; " \
       "did you mean TOTP_IDLE_SECONDS?"


@pytest.mark.parametrize("line, meant", [
    ("TOTP_IDLE_SECOND = 5", "TOTP_IDLE_SECONDS"),
    ("TOTP_BUTTON=1", "TOTP_BUTTONS"),
    ("TOPT_NAME = \"desk\"", "TOTP_NAME"),       # no prefix, but two edits from ours
    ("totp_type_mode = \"keypad\"", "TOTP_TYPE_MODE"),  # keys are case-sensitive
    ("TOTP_COLOUR = 1", None),                   # ours by prefix, near nothing: still named
])
def test_a_mistyped_key_is_named_with_the_nearest_known_key(line, meant):
    (note,) = settings_keys.unknown_key_notes([line])
    key = line.split("=")[0].strip()
    assert note.startswith("settings.toml: %s is not a setting the token knows" % key)
    if meant:
        assert note.endswith("did you mean %s?" % meant)


def test_known_keys_and_keys_of_others_are_not_warned_about():
    lines = ["# TOTP_IDLE_SECOND = 1 (a comment)", "", "TOTP_IDLE_SECONDS = 5",
             'CIRCUITPY_WIFI_SSID = "home"', "WIFI_PASSWORD = \"x\"", "[table]",
             "TOTP_AFTER_TABLE = 1"]  # CircuitPython stops reading at a table
    assert settings_keys.unknown_key_notes(lines) == []


def test_the_check_runs_under_micropython(interpreter):
    lines = ["TOTP_IDLE_SECOND = 5", "CIRCUITPY_X = 1"]
    assert run_scenario("settings_notes", {"lines": lines}, interpreter).results == [TYPO]


def test_boot_lets_the_check_go_once_it_has_run(interpreter):
    # only boot asks, so the module is dropped after: its code is not kept on the heap
    assert run_scenario("settings_dropped", interpreter=interpreter).results == {
        "notes": [], "in_modules": False, "on_package": False}


@pytest.fixture(scope="module")
def drive_with_typo(tmp_path_factory):
    drive = tmp_path_factory.mktemp("CIRCUITPY")
    (drive / "boot_out.txt").write_text(BOOT_OUT)
    assert cli.main(["deploy", "--drive", str(drive)]) == 0
    (drive / "settings.toml").write_text("TOTP_IDLE_SECOND = 5\n")
    return drive


def test_the_token_and_the_simulator_both_warn(drive_with_typo):
    with Simulator(drive=str(drive_with_typo)) as sim:
        with Client(sim.serial_path) as client:
            hello = client.hello()
    assert TYPO in hello["warnings"]
    assert not any("TOTP_IDLE_SECOND" in item for item in hello["missing"])
    assert any(warning.endswith(TYPO.split(": ", 1)[1]) and "line 1" in warning
               for warning in sim.warnings)


def test_the_headless_simulator_sends_it_as_a_warning_event(drive_with_typo, capsys,
                                                           monkeypatch):
    import io
    monkeypatch.setattr("sys.stdin", io.StringIO("quit\n"))
    assert cli.main(["sim", "--headless", "--drive", str(drive_with_typo)]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert any(event["event"] == "warning" and "did you mean TOTP_IDLE_SECONDS?" in
               event["message"] for event in events)
