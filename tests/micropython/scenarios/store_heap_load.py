# The store-alone heap sequence, after store_heap_import.py: loads the store from
# ``nvm`` (heap_baseline.py's) as the firmware does. Within one script nothing is freed,
# so the gc.mem_alloc() difference is the load's burst.
#
# Globals left for later scenarios: ``store``, ``bursts`` {"store load"}, ``report``
# {"accounts": loaded}.
# (Comments, not a docstring: MicroPython keeps a script's docstring as ``__doc__``,
# heap this measurement would count.)

# Store, nvm, mem_alloc: the earlier scenarios' (no new global names while measuring)
# ruff: noqa: F821
before = mem_alloc()
store = Store(nvm, "rp2040")
bursts = {"store load": mem_alloc() - before}
report = {"accounts": len(store)}
