"""The firmware's hardware-free modules under real MicroPython 1.27 and CPython, from one
scenario file (tests/micropython/scenarios/firmware_modules.py): glyphs drawn (and read
back on the host: the decoder is host-side), drawn without allocating even 3x with
descenders, screens, button timing, key sequences, calendar maths, and the app's main
loop allocating nothing at all (gc.mem_alloc, MicroPython only) between redraws."""

import pytest
from support.mpy import CPYTHON, INTERPRETERS, MICROPYTHON, run_scenario
from support.panels import Panel
from totp_token.sim.frontends.screen_text import read_screen, read_text, rows_from_buffer

from totp import clock, glyphs, keyboard, screens

PRINTABLE = "".join([chr(code) for code in range(33, 127)])


def rows(hex_buffer, height):
    return rows_from_buffer(bytes.fromhex(hex_buffer), 128, height)


@pytest.fixture(scope="module")
def outcomes():
    return {name: run_scenario("firmware_modules", interpreter=name) for name in INTERPRETERS}


@pytest.mark.parametrize("interpreter", INTERPRETERS)
def test_firmware_modules_under_each_interpreter(outcomes, interpreter):
    outcome = outcomes[interpreter]
    results = outcome.results
    chunks = [PRINTABLE[start:start + 21] for start in range(0, len(PRINTABLE), 21)]
    assert [read_text(rows(drawn, 64), 3) for drawn in results["glyphs"]] == chunks
    assert read_text(rows(results["scaled_buf"], 64), 7, 3) == "gjpqy"
    cpython = Panel(64)
    glyphs.draw_text(cpython, 0, 7, "gjpqy", 3)
    assert results["scaled_buf"] == bytes(cpython.buf).hex()  # the same pixels as CPython
    for height in (32, 64):  # the same pixels as on CPython's adafruit_framebuf
        panel = Panel(height)
        screens.Screen(panel).code("GitHub", "alice", "2/5", "12345678", 4, 30, "87654321")
        assert read_screen(rows(results["screen%d" % height], height)) == panel.text()
        assert "1234 5678" in panel.text() and "next 8765 4321" in " ".join(panel.text())
    assert results["buttons"] == [3, 2, 4, 5]  # next, previous, type, type+Enter
    for mode in keyboard.MODES:
        for numlock in (True, False):
            expected = keyboard.key_sequence("4BXK90", mode, True, numlock)
            assert [tuple(s) for s in results["keys"]["%s-%s" % (mode, numlock)]] == expected
    assert [tuple(d) for d in results["days"]] == [
        clock.civil_from_days(d) for d in (0, 11016, 20454, 47482)]
    assert results["unix"] == clock.unix_from_fields(2027, 3, 14, 15, 9, 26)
    code_lines = read_screen(rows(results["app_screen"], 32))
    assert code_lines[0].endswith("1/1") and len(code_lines) >= 2
    assert results["steady_redraws"] == 0
    if interpreter == MICROPYTHON:
        assert outcome.heap == {"draw_alloc": 0, "steady_alloc": 0}
    else:  # no count of bytes allocated under CPython
        assert outcome.heap == {"draw_alloc": None, "steady_alloc": None}


def test_firmware_modules_draw_and_decide_the_same_under_both_interpreters(outcomes):
    assert outcomes[MICROPYTHON].results == outcomes[CPYTHON].results
