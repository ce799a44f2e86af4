"""The issue's "done when" sequence, literally: the real `totp-token` commands against a
running `totp-token sim --headless` (the literal firmware on simulated chips) over its pty."""

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import otp_reference as reference

from totp import base32

TOOL = Path(sys.executable).with_name("totp-token")
URI = ("otpauth://totp/ACME:bob@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME"
       "&digits=8&algorithm=SHA256&period=60")
ACME_SECRET = base32.decode("JBSWY3DPEHPK3PXP")
READY_SECONDS = 30


@pytest.fixture
def sim_port(tmp_path):
    assert TOOL.is_file(), "the totp-token command is not installed in %s" % TOOL.parent
    env = dict(os.environ, HOME=str(tmp_path))
    sim = subprocess.Popen([str(TOOL), "sim", "--headless"], cwd=tmp_path, env=env,
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        yield _wait_ready(sim), sim
    finally:
        sim.stdin.close()
        sim.terminate()
        try:
            sim.wait(10)
        except subprocess.TimeoutExpired:
            sim.kill()
            sim.wait()


def _wait_ready(sim):
    deadline = time.monotonic() + READY_SECONDS
    seen = []
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sim.stdout], [], [], 0.5)
        if not ready:
            continue
        line = sim.stdout.readline()
        if not line:
            break
        seen.append(line)
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("event") == "ready":
            return event["serial"]
    raise AssertionError("`totp-token sim --headless` did not report ready within %d s; it "
                         "printed %r; stderr: %r" % (READY_SECONDS, seen, sim.stderr.read1(4000)))


def _tool(port, *argv):
    done = subprocess.run([str(TOOL), "--port", port] + list(argv), capture_output=True,
                          text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def _tool_pressing(sim_port, sim, *argv):
    """Run the tool; when it says the token waits for a press, press B on the simulator."""
    tool = subprocess.Popen([str(TOOL), "--port", sim_port] + list(argv), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    asked = tool.stderr.readline()  # the tool's first words: what to press
    if asked.startswith("Press B on the token"):
        sim.stdin.write(b"press B\n")
        sim.stdin.flush()
    out, err = tool.communicate(timeout=60)
    return tool.returncode, out, asked + err


def test_done_when_sequence_against_the_simulator(sim_port):
    sim_port, sim = sim_port
    status, out, err = _tool(sim_port, "time", "--set")
    assert status == 0, err
    assert "offset: +0 s" in out or "offset: -1 s" in out or "offset: +1 s" in out

    status, out, err = _tool(sim_port, "add", "--yes", URI)
    assert status == 0, err
    assert "ACME:bob@example.com  verified" in out

    status, out, err = _tool(sim_port, "list", "--json")
    assert status == 0, err
    assert json.loads(out) == [{"slot": 0, "issuer": "ACME", "account": "bob@example.com",
                                "type": "totp", "algorithm": "SHA256", "digits": 8,
                                "period": 60}]

    before = int(time.time())
    status, out, err = _tool_pressing(sim_port, sim, "code", "--json")
    after = int(time.time())
    assert status == 0, err
    assert "Press B on the token to send the code for ACME:bob@example.com" in err
    (entry,) = json.loads(out)
    assert len(entry["code"]) == 8
    # CPython's hmac, for every second the request may have been answered in
    assert entry["code"] in {reference.totp(ACME_SECRET, at, 8, 60, "SHA256")
                             for at in range(before - 1, after + 2)}
    assert 0 < entry["seconds_left"] <= 60

    status, out, err = _tool(sim_port, "info", "--json")
    assert status == 0, err
    serial = json.loads(out)["serial"]
    status, _, err = _tool_pressing(sim_port, sim, "wipe", "--confirm", serial)
    assert status == 0, err
    assert "Press B on the token to erase the 1 account" in err
    status, out, err = _tool(sim_port, "list", "--json")
    assert status == 0 and json.loads(out) == []
