"""Which of the store's modules a healthy store imports: after opening it, and after one
add (heap on the smallest boards: the other port's layout, compaction, the damage texts
and the wear budget stay off it until needed).

Inputs: ``port``, ``size`` (nvm bytes). Results: ``booted`` and ``after_add``, the
sorted names in sys.modules that start with "totp.store".
"""

import sys

from scenario import emit, inputs

from totp.account import Account
from totp.store import Store


def store_modules():
    return sorted(name for name in sys.modules if name.startswith("totp.store"))


given = inputs()
store = Store(bytearray(b"\xff" * given["size"]), given["port"], ticks_ms=lambda: 0)
booted = store_modules()
store.add(Account(bytes(range(20)), "A", "b"))
emit({"booted": booted, "after_add": store_modules()})
