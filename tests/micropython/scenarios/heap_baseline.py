# First of a sequence of scenarios in one interpreter that measures the heap kept (see
# tests/support/device_budget.py): reads the store image into ``nvm`` when one is named
# (microcontroller.nvm is not heap on a board, so it is part of the baseline), collects,
# and records the heap in use as ``base``.
#
# Inputs: ``nvm`` (optional: a file name in lib/). Globals left for later scenarios:
# ``given``, ``nvm``, ``base``.
# (Comments, not a docstring: MicroPython keeps a script's docstring as ``__doc__``,
# heap this measurement would count.)

import gc

from scenario import inputs, mem_alloc

given = inputs()
nvm = bytearray(4096)
if given.get("nvm"):
    with open("lib/" + given["nvm"], "rb") as image:
        image.readinto(nvm)
gc.collect()
base = mem_alloc()
