"""Store load timing and allocation inside MicroPython (run by ``bench.bench_store`` with
the harness's scenario convention, tests/support/scenario.py).

Inputs: ``image`` (a full RP2040 log, hex), ``repeats`` (best of this many timings),
``batch`` (loads per timing). Results: one figure per CRC path the interpreter has
("native" where binascii has crc32, then "pure"): microseconds per load, accounts
read, the store's problem. Heap: bytes one load allocates, per path.
"""

import gc
import time

from scenario import emit, inputs, mem_alloc

from totp.store import Store, crc


def load_us(nvm, repeats, batch):
    """The best time of ``repeats`` batches of loads (this port's clock ticks in ms)."""
    best = None
    for _ in range(repeats):
        start = time.ticks_us()
        for _ in range(batch):
            Store(nvm, "rp2040")
        elapsed = time.ticks_diff(time.ticks_us(), start) / batch
        if best is None or elapsed < best:
            best = elapsed
    return best


def allocated(nvm):
    gc.collect()
    before = mem_alloc()  # this port frees nothing while a script runs
    store = Store(nvm, "rp2040")
    return mem_alloc() - before, len(store), store.problem


def main():
    given = inputs()
    nvm = bytearray(bytes.fromhex(given["image"]))
    native = crc._native_crc32
    figures, heap = [], {}
    for name in ("native", "pure"):
        if name == "pure":
            crc._native_crc32 = None
        elif native is None:
            continue
        Store(nvm, "rp2040")  # warm up: imports and the CRC table
        used, count, problem = allocated(nvm)
        heap[name] = used
        figures.append({"crc": name, "us": load_us(nvm, given["repeats"], given["batch"]),
                        "accounts": count, "problem": problem})
    crc._native_crc32 = native
    emit(figures, heap)


main()
