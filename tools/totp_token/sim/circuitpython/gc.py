"""Simulated `gc` for one firmware run: the host's collector behind CircuitPython's API.

`mem_free`/`mem_alloc` report a fixed share of the port's heap: the firmware may print
them, but only the MicroPython tests measure memory.
"""

import gc as host_gc
import types

HEAP_BYTES = {"rp2040": 192_000, "nrf52840": 160_000, "esp32": 2_000_000}
DEFAULT_HEAP_BYTES = 192_000


def threshold(amount=None):
    return -1 if amount is None else None


def build(ctx):
    module = types.ModuleType("gc", "Simulated gc (CircuitPython API)")
    heap = HEAP_BYTES.get(ctx.machine.profile.port, DEFAULT_HEAP_BYTES)
    module.collect = host_gc.collect
    module.enable = host_gc.enable
    module.disable = host_gc.disable
    module.isenabled = host_gc.isenabled
    module.mem_alloc = lambda: heap // 4
    module.mem_free = lambda: heap - heap // 4
    module.threshold = threshold
    return module
