"""Measure the firmware's heap under real MicroPython 1.27 (WebAssembly): what it keeps
after boot with 50 accounts, and the largest single allocation burst while booting.

How, given this port: the WebAssembly MicroPython frees nothing while one script runs
(its collector finds every object still referenced from the running C stack), but a
``gc.collect()`` at the start of a *later* script in the same interpreter frees all
that is unreachable. So the measurement is a sequence of scenario files in one
interpreter (``run_scenarios``, tests/micropython/scenarios/): ``heap_baseline``
records the baseline after a collection, ``budget_boot`` and ``budget_phases`` boot the
firmware and keep it in globals, and ``heap_kept`` collects and reads
``gc.mem_alloc()``: kept heap = that minus the baseline. Within a script
``gc.mem_alloc()`` differences count every byte allocated (nothing is freed), so the
difference across one boot phase (the store load, building the App, one step) is the
heap that phase needs on top of what stays: its burst.

The modules run compiled: ``totp/`` and the libraries are compiled by
``totp_token.deploy_mpy`` exactly as deploy writes them for the board, with the first
byte set back to MicroPython's ``M`` (the rest of the file is the board's). With
``compiled=False`` the same run imports the ``.py`` sources instead, which is how it
also runs under CPython: the same boot, with no heap figures (``None``: CPython has no
equivalent count).

``measure_store`` does the same for the store alone (``store_heap_*`` scenarios): what
it keeps loaded, what unlocking a PIN adds, and the modules each imports.
"""

import tempfile
from pathlib import Path

from support.mpy import MICROPYTHON, REPO, run_scenarios
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
FIRMWARE_LIBRARIES = ("adafruit_ds3231", "adafruit_register", "adafruit_bus_device",
                      "adafruit_ssd1306", "adafruit_framebuf", "adafruit_hid")

# the scenario files (tests/micropython/scenarios/) each measurement runs in turn
DEVICES_ONLY = ("heap_baseline", "budget_boot", "heap_kept")
BOOTED = ("heap_baseline", "budget_boot", "budget_phases", "heap_kept")
STORE_ALONE = ("heap_baseline", "store_heap_import", "store_heap_load", "store_heap_unlock",
               "store_heap_kept")


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


def measure(compiled: bool = True, accounts: int = ACCOUNTS,
            interpreter: str = MICROPYTHON) -> dict:
    """{"devices": bytes kept by the imports and the devices before the store opens,
    "kept": bytes kept after boot, "free_at_start": gc.mem_free() then,
    "bursts": {phase: bytes allocated}, "accounts": accounts the boot loaded} for the
    firmware booting with ``accounts`` (byte figures ``None`` under CPython)."""
    if compiled and interpreter != MICROPYTHON:
        raise ValueError("only MicroPython loads the .mpy files deploy writes")
    with tempfile.TemporaryDirectory(prefix="totp-budget-") as work:
        work = Path(work)
        (work / NVM_FILE).write_bytes(nvm_image(accounts))
        # CircuitPython has a built-in __future__ (adafruit_hid imports it); this port not
        (work / "__future__.py").write_text("annotations = None\n")
        libs = [work / NVM_FILE, work / "__future__.py"]
        if compiled:
            libs += _compiled_tree(work / "mpy")
        else:
            libs += [REPO / "totp"] + _library_dirs()
        given = {"nvm": NVM_FILE, "accounts": accounts}
        (devices,) = run_scenarios(DEVICES_ONLY, given, interpreter, files=(), libs=libs)
        (booted,) = run_scenarios(BOOTED, given, interpreter, files=(), libs=libs)
    heap = booted.heap
    return {"devices": devices.heap["kept"], "kept": heap["kept"],
            "free_at_start": heap["free_at_start"],
            "bursts": {phase: heap[phase] for phase in ("store load", "app", "largest step")},
            "accounts": booted.results["accounts"]}


def store_image(count: int, pin: str | None) -> bytes:
    """nvm_image(count), with ``pin`` set (3 KDF iterations: the heap does not depend
    on the count) when given."""
    image = bytearray(nvm_image(count))
    if pin is not None:
        Store(image, "rp2040").set_pin(pin, 3)
    return bytes(image)


def measure_store(accounts: int, pin: str | None = None, compiled: bool = True,
                  interpreter: str = MICROPYTHON) -> dict:
    """{"loaded": bytes the store keeps after loading (locked, with a PIN), "kept": after
    unlocking with ``pin`` (the data key and the cipher's modules), "bursts": {"store
    load", "unlock"}, "modules": totp modules imported, "accounts": accounts loaded,
    "locked": whether the store is still locked} for the store alone, from the .mpy files
    deploy writes (or the sources with ``compiled=False``; byte figures ``None`` under
    CPython)."""
    if compiled and interpreter != MICROPYTHON:
        raise ValueError("only MicroPython loads the .mpy files deploy writes")
    with tempfile.TemporaryDirectory(prefix="totp-budget-") as work:
        work = Path(work)
        (work / NVM_FILE).write_bytes(store_image(accounts, pin))
        libs = [work / NVM_FILE]
        libs += _compiled_tree(work / "mpy") if compiled else [REPO / "totp"]
        (outcome,) = run_scenarios(STORE_ALONE, {"nvm": NVM_FILE, "pin": pin or ""},
                                   interpreter, files=(), libs=libs)
    heap = outcome.heap
    return {"loaded": heap["loaded"], "kept": heap["kept"],
            "bursts": {phase: heap[phase] for phase in ("store load", "unlock")},
            **outcome.results}
