"""The firmware's hardware-free modules: glyphs drawn (and drawn again 3x with
descenders, counting the bytes), screens, button timing, key sequences, calendar maths,
and the app's main loop between redraws.

Inputs: none. Results: ``glyphs`` (the panel buffer, hex, for each chunk of 21
printable characters), ``scaled_buf``, ``screen32``/``screen64`` (a code screen),
``buttons`` (the actions of two short and two long presses), ``keys`` (key sequences
per mode and numlock), ``days``, ``unix``, ``app_screen``, ``steady_redraws``.
Heap (MicroPython only): ``draw_alloc`` (one 3x draw), ``steady_alloc`` (300 app steps).
"""

import gc

from device_fakes import Event, Keys, Panel, Ticks
from scenario import emit, mem_alloc

from totp import buttons, clock, glyphs, keyboard, screens
from totp.account import Account
from totp.app import App
from totp.hardware import board_defaults
from totp.settings import Settings
from totp.store import Store

PRINTABLE = "".join([chr(c) for c in range(33, 127)])


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


def draw_glyphs(results, heap):
    results["glyphs"] = []
    for start in range(0, len(PRINTABLE), 21):
        panel = Panel(64)
        glyphs.draw_text(panel, 0, 3, PRINTABLE[start:start + 21])
        results["glyphs"].append(bytes(panel.buf).hex())
    # scale 3 at a row offset of 7 is the widest column value: it must stay a small int
    panel = Panel(64)
    glyphs.draw_text(panel, 0, 7, "gjpqy", 3)
    gc.collect()
    gc.disable()
    before = mem_alloc()
    glyphs.draw_text(panel, 0, 7, "gjpqy", 3)
    heap["draw_alloc"] = mem_alloc() - before
    gc.enable()
    results["scaled_buf"] = bytes(panel.buf).hex()


def draw_screens(results):
    for height in (32, 64):
        panel = Panel(height)
        screens.Screen(panel).code("GitHub", "alice", "2/5", "12345678", 4, 30, "87654321")
        results["screen%d" % height] = bytes(panel.buf).hex()


def press_buttons(results):
    keys = Keys()
    ticks = Ticks((1 << 29) - 300)
    pad = buttons.Buttons(keys, 2, ticks, 600)
    actions = []
    for key, held in ((0, 100), (0, 800), (1, 100), (1, 800)):
        keys.events.queued.append(Event(key, True))
        for _ in range(held // 10):
            actions.append(pad.poll())
            ticks.ms = (ticks.ms + 10) % (1 << 29)
        keys.events.queued.append(Event(key, False))
        actions.append(pad.poll())
    results["buttons"] = [a for a in actions if a > buttons.PRESSED]


def key_sequences(results):
    results["keys"] = {}
    for mode in keyboard.MODES:
        for numlock in (True, False):
            results["keys"]["%s-%s" % (mode, numlock)] = keyboard.key_sequence(
                "4BXK90", mode, True, numlock)


def run_app(results, heap):
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
    before = mem_alloc()
    for _ in range(300):
        app.step()
        app.idle_seconds()
        devices.ticks_ms.ms += 10
    after = mem_alloc()
    gc.enable()
    heap["steady_alloc"] = after - before
    results["steady_redraws"] = devices.display.shows - shows


results = {}
heap = {}
draw_glyphs(results, heap)
draw_screens(results)
press_buttons(results)
key_sequences(results)
results["days"] = [clock.civil_from_days(d) for d in (0, 11016, 20454, 47482)]
results["unix"] = clock.unix_from_fields(2027, 3, 14, 15, 9, 26)
run_app(results, heap)
emit(results, heap)
