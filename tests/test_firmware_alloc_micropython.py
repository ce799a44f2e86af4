"""The token's memory budget under real MicroPython 1.27: two minutes of steady state
(display on, one TOTP account, no presses) with the real adafruit_ds3231 driver (and
adafruit_register, adafruit_bus_device) reading a DS3231 answered by a register-level
fake I2C bus (tests/micropython/scenarios/firmware_steady.py). gc.mem_alloc counts every
byte (this port frees nothing while running). The same scenario runs under CPython,
which must read the chip as rarely and show the same screen; the byte counts are
MicroPython's only (CPython has no equivalent).

The budget (for a short label and for one that scrolls): a second allocates nothing
unless the code changes in it (one HOTP computation: the next step's code) or the clock
read the chip's date in it (a resync: the driver builds a struct_time per read). The
chip's date is read at boot and then only every ``clock.RESYNC_MS``, a few reads each
time until its second changes.
"""

from pathlib import Path

import adafruit_bus_device
import adafruit_ds3231
import adafruit_register
import pytest
from support.mpy import CPYTHON, INTERPRETERS, MICROPYTHON, run_scenario
from totp_token.sim.frontends.screen_text import group, read_screen, rows_from_buffer

from totp import clock
from totp.otp import OTP

SECRET = b"12345678901234567890"
START = (2027, 1, 15, 12, 0, 5)  # a time step starts at :00 and :30
PHASE_MS = 370  # the chip's second turns over this far into each simulated second
SECONDS = 120
NEW_CODES = SECONDS // 30
RESYNCS = SECONDS * 1000 // clock.RESYNC_MS + 1
# Measured on MicroPython 1.27 (wasm32, small ints below 2**30 like a board): a new code
# 160 bytes (the HOTP's code string and a few small objects: the step's code is the
# previous step's next code), a resync about 1400 bytes over its two seconds (five reads:
# each a struct_time and its field tuple, the UTC seconds as a heap int).
NEW_CODE_BYTES = 256
RESYNC_BYTES = 5 * 320
LIBS = (Path(adafruit_ds3231.__file__), Path(adafruit_register.__file__).parent,
        Path(adafruit_bus_device.__file__).parent)

@pytest.fixture(scope="module", params=["GitHub", "Yoyodyne Propulsion Systems"],
                ids=["short-label", "scrolling-label"])
def runs(request):
    given = {"start": START, "phase_ms": PHASE_MS, "seconds": SECONDS, "issuer": request.param}
    return {name: run_scenario("firmware_steady", given, name, libs=LIBS)
            for name in INTERPRETERS}


@pytest.fixture
def run(runs):
    """The MicroPython run: each second as [bytes allocated, date reads, chip's second]."""
    outcome = runs[MICROPYTHON]
    return {"seconds": [[allocated, *entry] for allocated, entry
                        in zip(outcome.heap["seconds"], outcome.results["seconds"], strict=True)],
            "redraws": outcome.results["redraws"], "screen": outcome.results["screen"]}


def test_cpython_runs_the_same_seconds_and_shows_the_same_screen(runs):
    assert runs[CPYTHON].results == runs[MICROPYTHON].results
    assert runs[CPYTHON].heap == {"seconds": None}  # no count of bytes allocated there


def test_seconds_without_a_new_code_or_a_clock_read_allocate_nothing(run):
    quiet = [alloc for alloc, reads, chip_second in run["seconds"]
             if not reads and chip_second % 30 != 0]
    assert len(quiet) >= SECONDS - NEW_CODES - 2 * RESYNCS  # a resync spans two seconds at most
    assert quiet == [0] * len(quiet)
    assert run["redraws"] >= SECONDS  # every second, and as a long label scrolls


def test_the_chip_date_is_read_rarely(run):
    reads = sum(entry[1] for entry in run["seconds"])
    assert 0 < reads <= RESYNCS * 5  # each resync reads until the chip's second changes


def test_two_minutes_allocate_a_small_bounded_total(run):
    new_codes = [entry[0] for entry in run["seconds"] if entry[2] % 30 == 0 and not entry[1]]
    resync_seconds = [entry[0] for entry in run["seconds"] if entry[1]]
    total = sum(entry[0] for entry in run["seconds"])
    print("allocated over %d s: %d bytes; per new code %s; per resync second %s"
          % (SECONDS, total, new_codes, resync_seconds))
    assert len(new_codes) == NEW_CODES and max(new_codes) <= NEW_CODE_BYTES
    assert total <= NEW_CODES * NEW_CODE_BYTES + RESYNCS * RESYNC_BYTES  # 5824 bytes


def test_the_screen_still_shows_the_right_code_and_seconds(run):
    start = clock.unix_from_fields(*START)
    now = start + 3 + SECONDS  # boot seconds, then the measured ones
    lines = read_screen(rows_from_buffer(bytes.fromhex(run["screen"]), 128, 32))
    assert group(OTP(SECRET).totp(now)) in lines
    assert "%ds" % (30 - now % 30) in lines[-1]
