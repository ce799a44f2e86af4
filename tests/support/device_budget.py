"""Measure the firmware's heap under real MicroPython 1.27 (WebAssembly): what it keeps
after boot with 50 accounts, and the largest single allocation burst while booting.

How, given this port: the WebAssembly MicroPython frees nothing while one script runs
(its collector finds every object still referenced from the running C stack), but a
``gc.collect()`` at the start of a *later* script in the same interpreter frees all
that is unreachable. So the measurement is a sequence of scripts in one interpreter
(``run_micropython(scripts=...)``): the first records the baseline after a collection,
later ones boot the firmware and keep it in globals, and a final one collects and
reads ``gc.mem_alloc()``: kept heap = that minus the baseline. Within a script
``gc.mem_alloc()`` differences count every byte allocated (nothing is freed), so the
difference across one boot phase (the store load, building the App, one step) is the
heap that phase needs on top of what stays: its burst.

The modules run compiled: ``totp/`` and the libraries are compiled by
``totp_token.deploy_mpy`` exactly as deploy writes them for the board, with the first
byte set back to MicroPython's ``M`` (the rest of the file is the board's). With
``compiled=False`` the same run imports the ``.py`` sources instead.
"""

import json
import tempfile
from pathlib import Path

from support.mpy import REPO, run_micropython
from totp.account import Account
from totp.store import Store

ACCOUNTS = 50
KB = 1024
# The budgets, from the smallest board whose heap is measured (docs/boards.md): a
# Raspberry Pi Pico on CircuitPython 10.2.1 has 171.7 KB of heap at the REPL. Kept after
# boot + the store-load burst + 12 KB for typing and fragmentation must fit in it.
SMALLEST_HEAP = int(171.7 * KB)
STORE_LOAD_BUDGET = 44 * KB  # measured 41.3 KB (every byte the load allocates)
STEP_BUDGET = 24 * KB  # one app.step() while booting; measured 15.6 KB (the first screen)
MARGIN = 12 * KB
KEPT_BUDGET = SMALLEST_HEAP - STORE_LOAD_BUDGET - MARGIN  # 115.7 KB; measured 110.3 KB
# What a PIN adds to the store's kept heap once unlocked (40 accounts); measured 14.3 KB, of
# which 3.1 KB is the pure-Python AES a board with aesio never imports
PIN_KEPT_BUDGET = 16 * KB
NVM_FILE = "nvm50.bin"
FAKES = "device_fakes.py"
FIRMWARE_LIBRARIES = ("adafruit_ds3231", "adafruit_register", "adafruit_bus_device",
                      "adafruit_ssd1306", "adafruit_framebuf", "adafruit_hid")

BASELINE = r"""
import gc, json
nvm = bytearray(4096)  # microcontroller.nvm is not heap on a board: part of the baseline
with open("/lib/@NVM@", "rb") as f:
    f.readinto(nvm)
gc.collect()
base = gc.mem_alloc()
"""

BOOT = r"""
import sys, time
sys.path.append("/lib")
from device_fakes import Keys, Ticks
from collections import namedtuple
from totp.app import App
from totp.clock import Clock
from totp.hardware import board_defaults
from totp.settings import Settings
from totp.store import Store
import adafruit_ds3231, adafruit_ssd1306
from adafruit_hid.keyboard import Keyboard

_Stamp = namedtuple("struct_time", ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min",
                                    "tm_sec", "tm_wday", "tm_yday", "tm_isdst"))
time.struct_time = lambda fields: _Stamp(*fields)  # CircuitPython's; this port has none

class Bus:
    # busio.I2C with a DS3231 at 0x68 (2027-01-15 12:00:05) and an SSD1306 at 0x3C
    def __init__(self):
        self.regs = bytearray(b"\x05\x00\x12\x05\x15\x01\x27" + bytes(12))
    def try_lock(self):
        return True
    def unlock(self):
        pass
    def writeto(self, address, buffer, *, start=0, end=None):
        if address not in (0x68, 0x3C):
            raise OSError(19)
    def readfrom_into(self, address, buffer, *, start=0, end=None):
        raise OSError(19)
    def writeto_then_readfrom(self, address, out_buffer, in_buffer, *, out_start=0,
                              out_end=None, in_start=0, in_end=None):
        pointer = out_buffer[out_start]
        for index in range(in_start, in_end):
            in_buffer[index] = self.regs[pointer % len(self.regs)]
            pointer += 1

class Hid:
    # usb_hid.Device's surface for adafruit_hid: a boot keyboard
    usage_page = 1
    usage = 6
    def send_report(self, report, report_id=None):
        pass

class Devices:
    pass

ticks = Ticks(1000)
bus = Bus()
devices = Devices()
devices.settings = Settings({"TOTP_IDLE_SECONDS": "0"}.get, board_defaults("x"))
devices.clock = Clock(adafruit_ds3231.DS3231(bus), ticks)
devices.display = adafruit_ssd1306.SSD1306_I2C(128, 32, bus)
devices.keys = Keys()
devices.buttons = ("A", "B", "C")
devices.keyboard = Keyboard([Hid()])
devices.serial = None
devices.nvm = nvm
devices.port = "rp2040"
devices.ticks_ms = ticks
devices.usb_connected = lambda: True
devices.board_id = "budget"
devices.uid = "00"
devices.missing = []
"""

PHASES = r"""
bursts = {}
before = gc.mem_alloc()
store = Store(devices.nvm, "rp2040")
bursts["store load"] = gc.mem_alloc() - before
before = gc.mem_alloc()
app = App(devices, store)
bursts["app"] = gc.mem_alloc() - before
step_max = 0
for _ in range(300):  # three seconds of 10 ms steps: clock lock, account list, first code
    before = gc.mem_alloc()
    app.step()
    step_max = max(step_max, gc.mem_alloc() - before)
    ticks.ms += 10
bursts["largest step"] = step_max
assert len(store) == @ACCOUNTS@, len(store)
"""

KEPT = r"""
gc.collect()
print(json.dumps({"kept": gc.mem_alloc() - base, "bursts": bursts,
                  "free_at_start": gc.mem_free()}))
"""

DEVICES_ONLY = r"""
gc.collect()
print(json.dumps({"devices": gc.mem_alloc() - base}))
"""


def nvm_image(count: int = ACCOUNTS) -> bytes:
    """An rp2040 store holding ``count`` TOTP accounts (20-byte secrets, 31-byte labels)."""
    nvm = bytearray(b"\xff" * 4096)
    store = Store(nvm, "rp2040")
    for index in range(count):
        store.add(Account(bytes(range(index, index + 20)), issuer="Service %02d" % index,
                          name="alice@example.com"))
    return bytes(nvm)


def _library_dirs() -> list[Path]:
    import importlib.util

    found = []
    for name in FIRMWARE_LIBRARIES:
        spec = importlib.util.find_spec(name)
        locations = spec.submodule_search_locations
        found.append(Path(list(locations)[0]) if locations else Path(spec.origin))
    return found


def _compiled_tree(folder: Path) -> list[Path]:
    """totp/ and the deployed library modules as deploy compiles them, under ``folder``,
    with MicroPython's first byte; returns the top-level entries to copy into /lib."""
    from totp_token import deploy, deploy_mpy

    entries = set()
    pairs = [(Path("lib") / target, source) for target, source in deploy.library_sources()]
    pairs += [(target, source) for target, source in deploy.firmware_sources(REPO)
              if target.parts[0] == "totp"]
    for target, source in pairs:
        compiled = bytearray(deploy_mpy.compile_module(source.read_bytes(), target.as_posix()))
        compiled[0] = deploy_mpy.MICROPYTHON_MAGIC
        relative = Path(*target.parts[1:]) if target.parts[0] == "lib" else target
        path = folder / relative.with_suffix(".mpy")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(compiled))
        entries.add(folder / relative.with_suffix(".mpy").parts[0])
    return sorted(entries)


def measure(compiled: bool = True, accounts: int = ACCOUNTS) -> dict:
    """{"devices": bytes kept by the imports and the devices before the store opens,
    "kept": bytes kept after boot,
    "bursts": {phase: bytes allocated}} for the firmware booting with ``accounts``."""
    with tempfile.TemporaryDirectory(prefix="totp-budget-") as work:
        work = Path(work)
        (work / NVM_FILE).write_bytes(nvm_image(accounts))
        # CircuitPython has a built-in __future__ (adafruit_hid imports it); this port not
        (work / "__future__.py").write_text("annotations = None\n")
        libs = [work / NVM_FILE, work / "__future__.py", REPO / "tests" / "support" / FAKES]
        if compiled:
            libs += _compiled_tree(work / "mpy")
        else:
            libs += [REPO / "totp"] + _library_dirs()
        baseline = BASELINE.replace("@NVM@", NVM_FILE)
        phases = PHASES.replace("@ACCOUNTS@", str(accounts))
        imports = run_micropython("", files=(), libs=libs,
                                  scripts=(baseline, BOOT, DEVICES_ONLY))
        booted = run_micropython("", files=(), libs=libs,
                                 scripts=(baseline, BOOT, phases, KEPT))
    result = json.loads(booted.strip().splitlines()[-1])
    result.update(json.loads(imports.strip().splitlines()[-1]))
    return result


STORE_ONLY = r"""
import gc, json, sys
sys.path.append("/lib")
from totp.store import Store
gc.collect()
base = gc.mem_alloc()
"""

STORE_LOAD = r"""
before = gc.mem_alloc()
store = Store(nvm, "rp2040")
bursts = {"store load": gc.mem_alloc() - before}
assert len(store) == @ACCOUNTS@, len(store)
"""

STORE_UNLOCK = r"""
gc.collect()
loaded = gc.mem_alloc() - base
before = gc.mem_alloc()
if store.has_pin:
    job = store.start_unlock("@PIN@")
    while job.step() is None:
        pass
    assert not store.locked
bursts["unlock"] = gc.mem_alloc() - before
"""

STORE_KEPT = r"""
gc.collect()
print(json.dumps({"loaded": loaded, "kept": gc.mem_alloc() - base, "bursts": bursts,
                  "modules": sorted(m for m in sys.modules if m.startswith("totp"))}))
"""


def store_image(count: int, pin: str | None) -> bytes:
    """nvm_image(count), with ``pin`` set (3 KDF iterations: the heap does not depend
    on the count) when given."""
    image = bytearray(nvm_image(count))
    if pin is not None:
        Store(image, "rp2040").set_pin(pin, 3)
    return bytes(image)


def measure_store(accounts: int, pin: str | None = None) -> dict:
    """{"loaded": bytes the store keeps after loading (locked, with a PIN), "kept": after
    unlocking with ``pin`` (the data key and the cipher's modules), "bursts": {"store
    load", "unlock"}, "modules": totp modules imported} for the store alone, from the
    .mpy files deploy writes."""
    with tempfile.TemporaryDirectory(prefix="totp-budget-") as work:
        work = Path(work)
        (work / NVM_FILE).write_bytes(store_image(accounts, pin))
        libs = [work / NVM_FILE] + _compiled_tree(work / "mpy")
        baseline = BASELINE.replace("@NVM@", NVM_FILE)
        output = run_micropython("", files=(), libs=libs, scripts=(
            baseline, STORE_ONLY, STORE_LOAD.replace("@ACCOUNTS@", str(accounts)),
            STORE_UNLOCK.replace("@PIN@", pin or ""), STORE_KEPT))
    return json.loads(output.strip().splitlines()[-1])

