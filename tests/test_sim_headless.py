"""The headless control protocol end to end: `totp-token sim --headless` with control lines on
stdin and one JSON event per line on stdout."""

import os
import subprocess
import sys

import pytest
from support.headless import run_headless


def test_headless_protocol_events(sim_drive, tmp_path):
    png = str(tmp_path / "screen.png")
    code, events = run_headless(sim_drive, ["press B", "screen", "png " + png, "quit",
                                        "press B"])
    assert code == 0
    assert events[0]["event"] == "ready" and events[0]["serial"].startswith("/dev/")
    assert {"event": "typed", "text": "1\n"} in events
    screen = [e for e in events if e["event"] == "screen"][0]
    assert len(screen["rows"]) == 32 and set("".join(screen["rows"])) <= {"#", "."}
    assert os.path.getsize(png) > 0
    assert len([e for e in events if e["event"] == "typed"]) == 1  # nothing after quit


@pytest.mark.parametrize("line, problem", [
    ("jump", "unknown command 'jump'"),
    ("press", "press needs one button name"),
    ("press Z", "no button 'Z'"),
    ("wait soon", "'soon' is not a number"),
    ("wait -1", "seconds must be"),
    ("time", "time needs one number"),
    ("screen now", "screen takes no arguments"),
])
def test_headless_bad_lines_name_the_problem_and_the_commands(sim_drive, line, problem):
    code, events = run_headless(sim_drive, [line])  # then EOF: quits
    assert code == 0
    errors = [e["message"] for e in events if e["event"] == "error"]
    assert len(errors) == 1
    assert problem in errors[0] and "valid commands: press A|B|C" in errors[0]


def test_a_reader_that_goes_away_is_not_a_crash(sim_drive):
    process = subprocess.Popen(
        [sys.executable, "-m", "totp_token.cli", "sim", "--headless", "--drive", sim_drive],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    process.stdout.close()  # nobody reads the events
    _, err = process.communicate("screen\npress B\nscreen\nquit\n", timeout=60)
    assert process.returncode == 0
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_warnings_come_right_after_ready(sim_drive):
    uri = "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example"
    code, events = run_headless(sim_drive, ["quit"], "--account", uri, "--account", uri)
    assert code == 0
    assert [event["event"] for event in events] == ["ready", "warning"]
    assert "--account 2: Example:alice is already on the token" in events[1]["message"]
