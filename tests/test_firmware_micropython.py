"""The firmware's hardware-free modules under real MicroPython 1.27: glyphs drawn (and
read back on the host: the decoder is host-side), drawn without allocating even 3x with
descenders, screens, button timing, key sequences, calendar maths, and the app's main
loop allocating nothing at all (gc.mem_alloc) between redraws."""

import json

from support.mpy import run_micropython
from support.panels import Panel
from totp_token.sim.frontends.screen_text import read_screen, read_text, rows_from_buffer

from totp import clock, glyphs, keyboard, screens

PRINTABLE = "".join([chr(code) for code in range(33, 127)])


def rows(hex_buffer, height):
    return rows_from_buffer(bytes.fromhex(hex_buffer), 128, height)

SCRIPT = r"""
import gc, json, sys
sys.path.append("/tests/support")
from device_fakes import Event, Keys, Panel, Ticks
from totp import glyphs, screens, buttons, keyboard, clock
from totp.app import App
from totp.account import Account
from totp.settings import Settings
from totp.hardware import board_defaults
from totp.store import Store

results = {}

printable = "".join([chr(c) for c in range(33, 127)])
results["glyphs"] = []
for start in range(0, len(printable), 21):
    panel = Panel(64)
    glyphs.draw_text(panel, 0, 3, printable[start:start + 21])
    results["glyphs"].append(bytes(panel.buf).hex())

# scale 3 at a row offset of 7 is the widest column value: it must stay a small int
panel = Panel(64)
glyphs.draw_text(panel, 0, 7, "gjpqy", 3)
gc.collect()
gc.disable()
before = gc.mem_alloc()
glyphs.draw_text(panel, 0, 7, "gjpqy", 3)
results["draw_alloc"] = gc.mem_alloc() - before
gc.enable()
results["scaled_buf"] = bytes(panel.buf).hex()

for height in (32, 64):
    panel = Panel(height)
    screens.Screen(panel).code("GitHub", "alice", "2/5", "12345678", 4, 30, "87654321")
    results["screen%d" % height] = bytes(panel.buf).hex()

keys = Keys()
ticks = Ticks((1 << 29) - 300)
b = buttons.Buttons(keys, 2, ticks, 600)
actions = []
for key, held in ((0, 100), (0, 800), (1, 100), (1, 800)):
    keys.events.queued.append(Event(key, True))
    for _ in range(held // 10):
        actions.append(b.poll())
        ticks.ms = (ticks.ms + 10) % (1 << 29)
    keys.events.queued.append(Event(key, False))
    actions.append(b.poll())
results["buttons"] = [a for a in actions if a > buttons.PRESSED]

results["keys"] = {}
for mode in keyboard.MODES:
    for numlock in (True, False):
        results["keys"]["%s-%s" % (mode, numlock)] = keyboard.key_sequence(
            "4BXK90", mode, True, numlock)

results["days"] = [clock.civil_from_days(d) for d in (0, 11016, 20454, 47482)]
results["unix"] = clock.unix_from_fields(2027, 3, 14, 15, 9, 26)

class Clock:
    def __init__(self, unix):
        self.unix = unix
        self.wrapped = unix % clock.SECOND_WRAP
        self.reason = None
    def now(self):
        return self.unix
    def second(self):
        return self.wrapped  # computed once: the unix time is a heap int here
    def set(self, unix):
        self.unix = unix
        self.wrapped = unix % clock.SECOND_WRAP

class Devices:
    pass

devices = Devices()
devices.settings = Settings(None, board_defaults("x"))
devices.clock = Clock(1800000010)
devices.display = Panel(32)
devices.keys = Keys()
devices.buttons = ("A", "B", "C")
devices.keyboard = None
devices.serial = None
devices.nvm = bytearray(b"\xff" * 4096)
devices.port = "rp2040"
devices.ticks_ms = Ticks((1 << 29) - 300)
devices.usb_connected = lambda: True
devices.board_id = "mpy"
devices.uid = "00"
devices.missing = []
devices.warnings = []
store = Store(devices.nvm)
store.add(Account(b"12345678901234567890", issuer="GitHub", name="alice"))
app = App(devices)
for _ in range(50):
    app.step()
    devices.ticks_ms.ms += 10
results["app_screen"] = bytes(devices.display.buf).hex()
shows = devices.display.shows
gc.collect()
gc.disable()
before = gc.mem_alloc()
for _ in range(300):
    app.step()
    app.idle_seconds()
    devices.ticks_ms.ms += 10
after = gc.mem_alloc()
gc.enable()
results["steady_alloc"] = after - before
results["steady_redraws"] = devices.display.shows - shows
print(json.dumps(results))
"""


def test_firmware_modules_under_micropython():
    output = run_micropython(SCRIPT, files=("totp", "tests/support/device_fakes.py"))
    results = json.loads(output.strip().splitlines()[-1])
    chunks = [PRINTABLE[start:start + 21] for start in range(0, len(PRINTABLE), 21)]
    assert [read_text(rows(drawn, 64), 3) for drawn in results["glyphs"]] == chunks
    assert read_text(rows(results["scaled_buf"], 64), 7, 3) == "gjpqy"
    assert results["draw_alloc"] == 0
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
    assert results["steady_alloc"] == 0
