"""`--state FILE`: saved while the simulator runs (so a killed one loses at most the last
half second), a clean quit on SIGTERM/SIGHUP/SIGINT, and a file the simulator cannot use,
or that something else changed, is named and never overwritten."""

import base64
import json
import os
import resource
import signal
import subprocess
import sys
import time

import pytest
from support.sim_drives import make_drive
from totp_token.errors import InputError
from totp_token.sim import Simulator
from totp_token.sim import state as state_file

IDLE_CODE = "import time\nwhile True:\n    time.sleep(0.1)\n"
# counts boots in nvm[0], like the runner tests' firmware
COUNTING_CODE = ("import microcontroller, time\n"
                 "nvm = microcontroller.nvm\n"
                 "nvm[0] = 1 if nvm[0] == 0xFF else nvm[0] + 1\n" + IDLE_CODE)
SET_TIME = 2_000_000_000
SAVE_SECONDS = 3.0  # well above the 0.5 s save interval


def wait_for(check, seconds=SAVE_SECONDS):
    give_up = time.monotonic() + seconds
    while time.monotonic() < give_up:
        if check():
            return True
        time.sleep(0.05)
    return check()


def saved(path, board="feather_rp2040"):
    try:
        return state_file.load(str(path), board)
    except InputError:
        return None  # not written yet


def rtc_set(path):
    state = saved(path)
    return state is not None and state["rtc"]["unix"] >= SET_TIME


@pytest.fixture
def counting_drive(tmp_path):
    """A CIRCUITPY folder whose code.py counts presses into nvm (no boot.py, no libraries)."""
    return make_drive(tmp_path / "CIRCUITPY", code=COUNTING_CODE, boot=None, libs=())


def test_changes_are_saved_while_the_simulator_runs(counting_drive, tmp_path):
    path = tmp_path / "state.json"
    with Simulator(drive=counting_drive, state=str(path)) as sim:
        assert wait_for(lambda: saved(path) is not None)
        assert saved(path)["nvm"][0] == 1  # written by the firmware at power-on
        sim.set_time(SET_TIME)
        assert wait_for(lambda: rtc_set(path))
        sim.wait(600)  # the clock runs ahead of wall-clock time: that is a change too
        assert wait_for(lambda: saved(path)["rtc"]["unix"] >= SET_TIME + 600)
        sim.reboot()
        assert wait_for(lambda: saved(path)["nvm"][0] == 2)
        assert sim.take_errors() == []


def test_state_file_keeps_nvm_and_rtc(counting_drive, tmp_path):
    state = str(tmp_path / "state.json")
    with Simulator(drive=counting_drive, state=state) as sim:
        sim.set_time(SET_TIME)
    with Simulator(drive=counting_drive, state=state) as sim:
        assert sim.machine.nvm[0] == 2
        assert not sim.machine.rtc.lost_power
        assert SET_TIME <= sim.machine.rtc.unix() <= SET_TIME + 10
        sim.rtc_lost_power()
    with Simulator(drive=counting_drive, state=state) as sim:
        assert sim.machine.rtc.lost_power


def test_an_unchanged_state_is_not_rewritten(tmp_path):
    drive = make_drive(tmp_path / "d", code=IDLE_CODE, boot=None, libs=())
    path = tmp_path / "state.json"
    Simulator(drive=drive, state=str(path)).save_state()
    before = os.stat(path).st_mtime_ns
    with Simulator(drive=drive, state=str(path)):
        time.sleep(1.2)
    assert os.stat(path).st_mtime_ns == before


def start_headless(drive, path):
    return subprocess.Popen(
        [sys.executable, "-m", "totp_token.cli", "sim", "--headless", "--drive", drive,
         "--state", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def send(process, line):
    """Write a control line; returns the events up to the end of its answer."""
    process.stdin.write(line + "\n")
    process.stdin.write("screen\n")  # its screen event marks the end of the line's events
    process.stdin.flush()
    events = []
    while True:
        event = json.loads(process.stdout.readline())
        if event["event"] == "screen":
            return events
        events.append(event)


def test_a_killed_simulator_keeps_what_was_saved(counting_drive, tmp_path):
    path = tmp_path / "state.json"
    process = start_headless(counting_drive, path)
    try:
        send(process, "time %d" % SET_TIME)
        assert wait_for(lambda: rtc_set(path))
    finally:
        process.kill()
        process.communicate(timeout=10)
    assert saved(path)["nvm"][0] == 1


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_quit_signals_stop_cleanly_and_save(counting_drive, tmp_path, signum):
    path = tmp_path / "state.json"
    process = start_headless(counting_drive, path)
    send(process, "time %d" % SET_TIME)
    process.send_signal(signum)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert rtc_set(path)
    assert [json.loads(line)["event"] for line in out.splitlines()] == []  # nothing pending


def valid_state(tmp_path):
    drive = make_drive(tmp_path / "valid", code=IDLE_CODE, boot=None, libs=())
    path = tmp_path / "valid.json"
    Simulator(drive=drive, state=str(path)).save_state()
    return json.loads(path.read_text())


def changed(document, **fields):
    for dotted, value in fields.items():
        target = document
        *parents, last = dotted.split("__")
        for name in parents:
            target = target[name]
        if value is KeyError:
            del target[last]
        else:
            target[last] = value
    return json.dumps(document).encode()


# (how the file is made from a valid state document, what the error says)
BAD_STATES = [
    (lambda doc: b"", "cannot be read"),
    (lambda doc: b"\xff\xfe\x00garbage", "cannot be read (not UTF-8 text)"),
    (lambda doc: b"[1, 2]", "is not a simulator state file"),
    (lambda doc: changed(doc, format="other"), "is not a simulator state file"),
    (lambda doc: changed(doc, version=2), "version 2"),
    (lambda doc: changed(doc, board="pico"), "use --board pico"),
    (lambda doc: changed(doc, nvm=base64.b64encode(bytes(10)).decode()),
     "nvm image must be 4096 bytes, not 10"),
    (lambda doc: changed(doc, nvm="not base64!"), "is damaged"),
    (lambda doc: changed(doc, rtc__registers="00ff"), "is damaged (rtc registers: 2 bytes"),
    (lambda doc: changed(doc, rtc__unix=10 ** 12), "is damaged (rtc unix"),
    (lambda doc: changed(doc, rtc__unix=True), "is damaged (rtc unix"),
    (lambda doc: changed(doc, rtc=KeyError), "is damaged (no 'rtc')"),
    (lambda doc: changed(doc, saved_at=float("nan")), "is damaged (saved_at"),
]


@pytest.mark.parametrize("make, problem", BAD_STATES)
def test_an_unusable_state_file_is_named_and_left_alone(counting_drive, tmp_path, make, problem):
    path = tmp_path / "state.json"
    content = make(valid_state(tmp_path))
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        Simulator(drive=counting_drive, state=str(path))
    message = str(caught.value)
    assert problem in message and str(path) in message
    assert "delete it" in message or "--state" in message or "--board" in message
    assert path.read_bytes() == content


def test_the_cli_reports_a_bad_state_file_without_a_traceback(counting_drive, tmp_path):
    path = tmp_path / "state.json"
    path.write_bytes(b"\x00\x01 not json")
    result = subprocess.run(
        [sys.executable, "-m", "totp_token.cli", "sim", "--headless", "--drive", counting_drive,
         "--state", str(path)], input="", capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("error: state file %s cannot be read" % path)
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == b"\x00\x01 not json"


@pytest.mark.parametrize("where, problem", [
    ("missing/state.json", "does not exist: create it"),
    ("folder", "is a folder"),
])
def test_a_state_path_that_cannot_be_written_is_refused_at_start(counting_drive, tmp_path, where,
                                                                 problem):
    (tmp_path / "folder").mkdir()
    with pytest.raises(InputError, match=problem):
        Simulator(drive=counting_drive, state=str(tmp_path / where))


def test_a_file_changed_by_another_program_is_not_overwritten(counting_drive, tmp_path):
    path = tmp_path / "state.json"
    with Simulator(drive=counting_drive, state=str(path)) as sim:
        assert wait_for(lambda: saved(path) is not None)
        path.write_text("someone else's notes")
        sim.set_time(SET_TIME)
        assert wait_for(lambda: sim.errors)
        assert "changed or deleted by another program" in sim.take_errors()[0]
    assert path.read_text() == "someone else's notes"
    assert sim.take_errors() == []  # reported once


def test_a_deleted_state_file_is_not_silently_recreated(counting_drive, tmp_path):
    path = tmp_path / "state.json"
    with Simulator(drive=counting_drive, state=str(path)) as sim:
        assert wait_for(path.exists)
        path.unlink()
        sim.set_time(SET_TIME)
        assert wait_for(lambda: sim.errors)
    assert "changed or deleted by another program" in sim.take_errors()[0]
    assert not path.exists()


def limit_file_size():
    """In the child: files over 1 KiB cannot be written (EFBIG), like a full disk."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_a_save_that_fails_is_reported_not_raised(counting_drive, tmp_path):
    path = tmp_path / "state.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "totp_token.cli", "sim", "--headless", "--drive", counting_drive,
         "--state", str(path)], preexec_fn=limit_file_size,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # the window starts once the simulator answers: a slow start is not a slow save
        errors = [event["message"] for event in send(process, "wait 0")
                  if event["event"] == "error"]
        give_up = time.monotonic() + SAVE_SECONDS
        while not errors and time.monotonic() < give_up:
            errors = [event["message"] for event in send(process, "time %d" % SET_TIME)
                      if event["event"] == "error"]
            time.sleep(0.2)
    finally:
        out, err = process.communicate(timeout=20)
    assert len(errors) == 1
    assert "cannot save the state file %s (File too large)" % path in errors[0]
    assert process.returncode == 0 and "Traceback" not in err
    assert not path.exists()
