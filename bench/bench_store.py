"""``python -m bench store``: boot-time load of a full RP2040 account log.

Builds a 4096-byte RP2040 log on the flash model (32 accounts, a quarter of
them HOTP with presses, then renames until the log is full), and times
``Store(nvm)`` over it, the work the token does at every boot, under real
MicroPython 1.27 (the WebAssembly build under Node.js, as in the tests) and
under CPython, with the CRC from ``binascii`` and with the pure fallback (as
on a port without zlib). Prints microseconds per load and bytes allocated by
one load. Target: under 200 ms per load under MicroPython; exit status 1
when missed or when a load reads the log wrong. Then prints the flash erases
per operation on each port and the years of a heavy user's day
(``bench.store_wear``).
"""

import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the MicroPython harness lives with the tests
from support.mpy import run_scenario  # noqa: E402
from totp_token.sim.chips.nvm import for_port  # noqa: E402

from bench.store_wear import print_wear  # noqa: E402
from totp.account import Account  # noqa: E402
from totp.store import Store, StoreFull, crc  # noqa: E402

ACCOUNTS = 32
REPEATS = 5  # best of this many timings
BATCH = 10  # loads per timing
TARGET_MS = 200
DEVICE_SCENARIO = REPO / "bench" / "store_micropython.py"  # what runs under MicroPython

def full_log():
    """A full RP2040 log image: 32 accounts, HOTP presses, renames until no room is left."""
    medium = for_port("rp2040")
    store = Store(medium, "rp2040")
    store.may_compact = lambda: False  # a full log, the longest load, not a compacted one
    for number in range(ACCOUNTS):
        kind = "hotp" if number % 4 == 3 else "totp"
        store.add(Account(bytes((number,)) * 20, "Issuer %02d" % number,
                          "user%02d@example.com" % number, kind=kind))
    presses = 0
    for number in range(3, ACCOUNTS, 4):
        for counter in range(1, 10):
            store.set_counter(number, counter)
            presses += 1
    changes = 0
    try:
        while True:
            store.rename(changes % ACCOUNTS, "Renamed %d" % changes, "someone")
            changes += 1
    except StoreFull:
        pass
    return medium.dump(), changes, presses, store.used_bytes()


def cpython_figures(image):
    figures = []
    native = crc._native_crc32
    try:
        for name in ("native", "pure"):
            crc._native_crc32 = native if name == "native" else None
            nvm = bytearray(image)
            Store(nvm, "rp2040")
            best = None
            for _ in range(REPEATS):
                start = time.perf_counter()
                for _ in range(BATCH):
                    Store(nvm, "rp2040")
                elapsed = (time.perf_counter() - start) * 1e6 / BATCH
                best = elapsed if best is None else min(best, elapsed)
            tracemalloc.start()
            store = Store(nvm, "rp2040")
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            figures.append({"crc": name, "us": best, "bytes": peak, "accounts": len(store),
                            "problem": store.problem})
    finally:
        crc._native_crc32 = native
    return figures


def main():
    image, changes, presses, used = full_log()
    outcome = run_scenario(DEVICE_SCENARIO, {"image": image.hex(), "repeats": REPEATS,
                                             "batch": BATCH},
                           timeout=300, node_options=("--no-liftoff",))
    device = [dict(figure, bytes=outcome.heap[figure["crc"]]) for figure in outcome.results]
    print("store: boot-time load of a full RP2040 log (%d accounts, %d renames and %d HOTP "
          "presses after them, %d of 4096 bytes)" % (ACCOUNTS, changes, presses, used))
    print("  %-26s %-7s %12s %16s" % ("interpreter", "crc", "us per load", "bytes allocated"))
    rows = [("MicroPython 1.27 (wasm)", figure, "allocated") for figure in device]
    rows += [("CPython %d.%d" % sys.version_info[:2], figure, "peak")
             for figure in cpython_figures(image)]
    ok = True
    for interpreter, figure, kind in rows:
        print("  %-26s %-7s %12.0f %10d (%s)" % (interpreter, figure["crc"], figure["us"],
                                                figure["bytes"], kind))
        ok = ok and figure["accounts"] == ACCOUNTS and figure["problem"] is None
    slowest = max(figure["us"] for figure in device) / 1000
    verdict = "ok" if ok and slowest < TARGET_MS else "SLOW or FAILED"
    print("  slowest MicroPython load %.1f ms (target < %d ms) %s" % (slowest, TARGET_MS, verdict))
    print_wear()
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
