"""Every text from the token or a file is made printable before it reaches a terminal:
labels stored on the token (written there by a hostile program or device), file names and
URIs go through `list`, `code`, `move`, `rename`, `delete`, `add`, `parse` and `info`, and
no raw control, bidi override or escape sequence comes out on stdout or stderr."""

import subprocess
import sys
import tempfile
import time

import pytest
from support import hostile
from totp_token.sim import Simulator

from totp.account import Account
from totp.hardware import storage_port
from totp.store import Store

SECRET = b"12345678901234567890"
NOW = 1_800_000_000
PRESS_EVERY_S = 0.3


@pytest.fixture
def hostile_sim():
    """A simulated token holding a hostile label in slot 0 and a plain one in slot 1."""
    sim = Simulator()
    store = Store(sim.machine.nvm, port=storage_port(sim.profile.board_id,
                                                    sim.profile.machine))
    store.add(Account(SECRET, issuer=hostile.ISSUER, name=hostile.NAME))
    store.add(Account(SECRET, issuer="Plain", name="bob"))
    store.add(Account(SECRET, issuer=hostile.ISSUER, name="hotp", kind="hotp"))
    sim.start()
    sim.set_time(NOW)
    yield sim
    sim.stop()


def tool(sim, *argv, answer=None):
    """Run `totp-token --port PTY argv...` as a process: (status, stdout + stderr). Presses
    button B meanwhile, for a token that waits for the owner's press before a change."""
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "totp_token.cli", "--port", sim.serial_path, *argv],
            stdin=subprocess.PIPE, stdout=output, stderr=output)
        process.stdin.write((answer or "").encode())
        process.stdin.close()
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(PRESS_EVERY_S)
            if process.poll() is None:
                sim.press("B")
        status = process.wait(timeout=10)
        output.seek(0)
        return status, output.read().decode("utf-8", "surrogateescape")


@pytest.mark.parametrize("argv, answer, status", [
    (["list"], None, 0),
    (["code"], None, 0),
    (["info"], None, 0),
    (["move", "--slot", "0", "--to", "1"], "y\n", 0),        # the question and the report
    (["delete", "--slot", "0"], "y\n", 0),
    (["delete", "--slot", "0"], "n\n", 1),
    (["delete", "hotp"], None, 1),                           # no answer: the question quoted
    # only the account changes (the stored issuer is kept as it is): question and report
    (["rename", "--slot", "0", "--account", "carol"], "y\n", 0),
    (["add", "--yes", "otpauth://totp/Plain:bob?secret=GEZDGNBVGY3TQOJQ"], None, 1),  # a clash
    (["wipe"], None, 1),
], ids=lambda value: " ".join(value) if isinstance(value, list) else None)
def test_no_raw_control_from_the_token_reaches_the_terminal(hostile_sim, argv, answer, status):
    returned, output = tool(hostile_sim, *argv, answer=answer)
    assert returned == status, output
    assert hostile.raw_controls(output) == [], output
    assert "Traceback" not in output
    if argv[0] not in ("add", "wipe", "info"):
        assert "\\x1b]0;owned\\x07Bank\\u202e" in output  # shown, escaped


def test_the_hostile_label_is_still_shown_escaped(hostile_sim):
    status, output = tool(hostile_sim, "list")
    assert status == 0
    assert "\\x1b]0;owned\\x07Bank\\u202e" in output and "\\x9b2J\\x85alice" in output


@pytest.mark.parametrize("source", [
    "otpauth://totp/%1B%5B31mEvil%E2%80%AE:bob?secret=GEZDGNBVGY3TQOJQ",  # ESC, RLO in a label
    "otpauth://totp/Evil:bob?secret=GEZDGNBVGY3TQOJ%C2%9B",              # C1 in the secret
    hostile.FILE_NAME,                                                   # a missing file
])
@pytest.mark.parametrize("command", [["parse"], ["add", "--yes"]])
def test_no_raw_control_from_a_file_or_uri_reaches_the_terminal(command, source, tmp_path):
    result = subprocess.run([sys.executable, "-m", "totp_token.cli", *command, source],
                            capture_output=True, cwd=tmp_path, timeout=60)
    output = (result.stdout + result.stderr).decode("utf-8", "surrogateescape")
    assert result.returncode != 0 and output.strip()
    assert hostile.raw_controls(output) == [], output


def test_a_file_whose_name_and_lines_are_hostile(tmp_path):
    path = tmp_path / hostile.FILE_NAME
    path.write_text("otpauth://totp/\x1b[2JEvil:bob?secret=GEZDGNBVGY3TQOJQ\n"
                    "\u202enot a uri\x9b\n")
    result = subprocess.run([sys.executable, "-m", "totp_token.cli", "parse", str(path)],
                            capture_output=True, timeout=60)
    output = (result.stdout + result.stderr).decode("utf-8", "surrogateescape")
    assert output.strip()
    assert hostile.raw_controls(output) == [], output


@pytest.mark.parametrize("raw, shown", [
    ("\x1b[2J", "\\x1b[2J"), ("\x07", "\\x07"), ("\x7f", "\\x7f"),         # C0, DEL
    ("\x9b31m", "\\x9b31m"), ("\x85", "\\x85"),                             # C1
    ("\u202eabc", "\\u202eabc"), ("\u2066", "\\u2066"), ("\u200b", "\\u200b"),  # format
    ("\u2028", "\\u2028"), ("\ud800", "\\ud800"),                          # separator, lone
    ("Zürich 日本 a b", "Zürich 日本 a b"),                                  # text stays
])
def test_printable_escapes_every_control_and_format_character(raw, shown):
    from totp_token.errors import printable

    assert printable(raw) == shown
    assert hostile.raw_controls(printable(raw)) == []
