# The store-alone heap sequence, after store_heap_load.py: a collection at the start of
# this script frees the load's garbage, so ``loaded`` is what the loaded store keeps; then,
# when the store has a PIN, unlocks it with ``pin`` and counts the unlock's burst (0
# without a PIN).
#
# Inputs: ``pin`` (text; unused without a PIN). Globals left for store_heap_kept.py:
# ``loaded`` (bytes), ``bursts["unlock"]``, ``report["locked"]`` after the unlock.
# (Comments, not a docstring: MicroPython keeps a script's docstring as ``__doc__``,
# heap this measurement would count.)

import gc

# base, store, bursts, report, given, mem_alloc: the earlier scenarios'
# ruff: noqa: F821
gc.collect()
loaded = mem_alloc() - base
before = mem_alloc()
if store.has_pin:
    job = store.start_unlock(given["pin"])
    while job.step() is None:
        pass
bursts["unlock"] = mem_alloc() - before
report["locked"] = store.locked
