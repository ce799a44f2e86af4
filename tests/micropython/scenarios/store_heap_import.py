# Second of the store-alone heap sequence (after heap_baseline.py; see
# tests/support/device_budget.py measure_store): imports the store, collects, and moves
# ``base`` past the import, so what follows counts the store's data and what a PIN adds.
#
# Globals left for later scenarios: ``Store``, ``base``, ``mem_alloc``.
# (Comments, not a docstring: MicroPython keeps a script's docstring as ``__doc__``,
# heap this measurement would count.)

import gc

from scenario import mem_alloc

from totp.store import Store  # noqa: F401 - for store_heap_load.py

gc.collect()
base = mem_alloc()
