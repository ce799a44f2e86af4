"""A deployed CIRCUITPY tree runs in the simulator on its own: deploy copies everything.

`totp-token sim --drive DIR` imports code.py, boot.py, totp/ and lib/ from DIR only,
never from the checkout or the host's site-packages, so a token that types its code
from a freshly deployed tree proves the board gets every file it needs. CPython cannot
run .mpy: a compiled firmware module runs from the checkout's source only after that
source, compiled as deploy does, gave the drive's bytes; a compiled driver comes from
the installed package of the same name.
"""

import json
import shutil
import subprocess
import sys

import pytest
from totp_token import cli

URI = "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"
CONTROL = "time 1257894000\npress B\nquit\n"  # 2009-11-10T23:00:00Z: code 528064
BOOT_OUT = ("Adafruit CircuitPython 10.0.3 on 2025-10-17; Adafruit Feather RP2040 with rp2040\r\n"
            "Board ID:adafruit_feather_rp2040\r\n")


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    drive = tmp_path_factory.mktemp("CIRCUITPY")
    (drive / "boot_out.txt").write_text(BOOT_OUT)
    assert cli.main(["deploy", "--drive", str(drive)]) == 0
    return drive


def run_sim(drive):
    """Events (decoded JSON lines) of a headless sim run from the drive."""
    result = subprocess.run(
        [sys.executable, "-m", "totp_token.cli", "sim", "--drive", str(drive), "--headless",
         "--account", URI],
        input=CONTROL, capture_output=True, text=True, timeout=60,
    )
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result, events


def test_deployed_tree_types_the_code(deployed):
    result, events = run_sim(deployed)
    assert result.returncode == 0, result.stderr
    typed = [event["text"] for event in events if event.get("event") == "typed"]
    assert typed and typed[0].strip() == "528064", events
    assert not [event for event in events if event.get("event") == "error"], events


def test_a_compiled_module_that_is_not_the_checkouts_is_refused(deployed, tmp_path):
    drive = tmp_path / "CIRCUITPY"
    shutil.copytree(deployed, drive)
    tampered = bytearray((drive / "totp" / "app.mpy").read_bytes())
    tampered[-1] ^= 1
    (drive / "totp" / "app.mpy").write_bytes(bytes(tampered))
    _, events = run_sim(drive)
    errors = [event["message"] for event in events if event.get("event") == "error"]
    assert any("totp/app.mpy is compiled" in message and "--source" in message
               for message in errors), events
    assert not [event for event in events if event.get("event") == "typed"]


@pytest.fixture(scope="module")
def deployed_source(tmp_path_factory):
    drive = tmp_path_factory.mktemp("CIRCUITPY")
    (drive / "boot_out.txt").write_text(BOOT_OUT)
    assert cli.main(["deploy", "--drive", str(drive), "--source"]) == 0
    return drive


def test_source_deploy_types_the_code(deployed_source):
    result, events = run_sim(deployed_source)
    assert result.returncode == 0, result.stderr
    typed = [event["text"] for event in events if event.get("event") == "typed"]
    assert typed and typed[0].strip() == "528064", events


@pytest.mark.parametrize(("removed", "module"), [
    ("totp/app.mpy", "totp.app"),
    ("lib/adafruit_ssd1306.mpy", "adafruit_ssd1306"),
])
def test_sim_runs_only_what_is_on_the_drive(deployed, tmp_path, removed, module):
    drive = tmp_path / "CIRCUITPY"
    shutil.copytree(deployed, drive)
    (drive / removed).unlink()
    _, events = run_sim(drive)
    errors = [event["message"] for event in events if event.get("event") == "error"]
    assert any(module in message for message in errors), events
    assert not [event for event in events if event.get("event") == "typed"]
