"""`totp-token pin set|remove` and `totp-token maintenance`: the real command against the
literal firmware on the simulator, the PIN piped in (never on the command line) or typed
at a real terminal without echo, its checks, and the locked token's clear error."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.pin_sim import enter_pin, screen

TOOL = Path(sys.executable).with_name("totp-token")
NOW = 1_800_000_010
ACCOUNTS = ["otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&issuer=ACME"]
PIN = "48151623"
NEW_PIN = "42424242"
LOCKED = "enter the PIN on the token, then run this again"


def tool(sim, *argv, stdin=""):
    done = subprocess.run([str(TOOL), "--port", sim.serial_path, *argv], input=stdin,
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def tool_then(sim, argv, stdin, act):
    """Run the tool; when its first stderr line says what the token waits for, ``act``."""
    process = subprocess.Popen([str(TOOL), "--port", sim.serial_path, *argv],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    process.stdin.write(stdin)
    process.stdin.close()
    asked = process.stderr.readline()
    act(asked)
    out, err = process.stdout.read(), process.stderr.read()
    return process.wait(120), out, asked + err


def press_b(sim):
    def act(asked):
        if asked.startswith("Press B"):
            sim.press("B")
    return act


def pin_on_token(sim, pin):
    def act(asked):
        if asked.startswith("Enter the token's current PIN"):
            enter_pin(sim, pin)
    return act


@pytest.fixture
def sim(running_sim):
    assert TOOL.is_file(), "the totp-token command is not installed in %s" % TOOL.parent
    return running_sim(accounts=ACCOUNTS, now=NOW)


def test_pin_set_then_locked_then_change_then_remove(sim):
    status, out, err = tool_then(sim, ["pin", "set"], "%s\n%s\n" % (PIN, PIN), press_b(sim))
    assert status == 0, err
    assert "Press B on the token to set a new PIN" in err
    assert "PIN set" in out and PIN not in out + err

    sim.reboot()
    sim.wait(1)
    for argv in (["list"], ["code"], ["add", "--yes", ACCOUNTS[0]]):
        status, out, err = tool(sim, *argv)
        assert status == 2, (argv, err)
        assert LOCKED in err, argv
    status, out, _ = tool(sim, "info")
    assert "PIN set; the token is locked" in out
    status, _, err = tool(sim, "pin", "set", stdin="%s\n%s\n" % (NEW_PIN, NEW_PIN))
    assert status == 2 and LOCKED in err

    enter_pin(sim, PIN)
    status, out, err = tool(sim, "list")
    assert status == 0 and "ACME" in out, err

    status, out, err = tool_then(sim, ["pin", "set"], "%s\n%s\n" % (NEW_PIN, NEW_PIN),
                                 pin_on_token(sim, PIN))
    assert status == 0, err
    assert "Enter the token's current PIN on its buttons to change the PIN (90 s)" in err
    assert "PIN changed" in out

    status, out, err = tool_then(sim, ["pin", "remove"], "", pin_on_token(sim, PIN))
    assert status == 2 and "the PIN entered on the token was wrong" in err  # the old PIN
    status, out, err = tool_then(sim, ["pin", "remove"], "", pin_on_token(sim, NEW_PIN))
    assert status == 0, err
    assert "PIN removed" in out
    status, out, _ = tool(sim, "info", "--json")
    assert '"pin": false' in out


@pytest.mark.parametrize(("typed", "says"), [
    ("12345\n12345\n", "a PIN is 6 to 12 digits, this one has 5"),
    ("1234567890123\n1234567890123\n", "a PIN is 6 to 12 digits, this one has 13"),
    ("12345a78\n12345a78\n", "a PIN is digits only (0-9)"),
    ("12345678\n87654321\n", "the two PINs differ: nothing changed"),
    ("12345678\n", "standard input ended before the PIN and its repeat"),
    ("\n\n", "no PIN given"),
])
def test_bad_new_pins_are_refused_with_the_rule_and_nothing_changes(sim, typed, says):
    status, out, err = tool(sim, "pin", "set", stdin=typed)
    assert status == 1
    assert says in err
    first = typed.splitlines()[0] if typed.strip() else None
    assert not first or first not in err + out
    status, out, _ = tool(sim, "info", "--json")
    assert '"pin": false' in out


def test_the_pin_is_never_taken_on_the_command_line(sim):
    status, out, err = tool(sim, "pin", "set", "--pin", PIN)
    assert status == 1
    assert "never taken on the command line" in err and PIN not in err


def test_pin_remove_without_a_pin_says_there_is_none(sim):
    status, _, err = tool(sim, "pin", "remove")
    assert status == 1 and "the token has no PIN" in err


def test_at_a_terminal_the_pin_is_asked_twice_and_never_echoed(sim):
    master, slave = os.openpty()
    process = subprocess.Popen([str(TOOL), "--port", sim.serial_path, "pin", "set"],
                               stdin=slave, stdout=subprocess.PIPE, stderr=slave,
                               start_new_session=True)
    os.close(slave)
    shown = bytearray()

    def read_until(text, seconds=30):
        deadline = time.monotonic() + seconds
        while text not in shown and time.monotonic() < deadline:
            try:
                shown.extend(os.read(master, 1024))
            except OSError:
                break
        assert text in shown, bytes(shown)

    try:
        read_until(b"New PIN for the token")
        os.write(master, PIN.encode() + b"\n")
        read_until(b"The same PIN again")
        os.write(master, PIN.encode() + b"\n")
        read_until(b"Press B on the token")
        sim.press("B")
        out, _ = process.communicate(timeout=60)
    finally:
        os.close(master)
    assert process.returncode == 0
    assert b"PIN set" in out
    assert PIN.encode() not in bytes(shown)  # the terminal never showed it
    assert "Enter PIN" not in screen(sim)  # set, not locked until the next lock


def test_maintenance_needs_the_unlocked_token_and_a_press(sim):
    status, out, err = tool_then(sim, ["maintenance"], "", press_b(sim))
    assert status == 0, err
    assert "Press B on the token to restart for a maintenance boot (15 s)" in err
    assert "restarts in maintenance mode" in out
    sim.wait(3)
    assert ("usb_cdc.enable", (), {"console": True, "data": True}) in sim.boot_calls
