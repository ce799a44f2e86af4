# The firmware's boot, phase by phase, after budget_boot.py: the store load, building
# the App, then three seconds of 10 ms steps (clock lock, account list, first code).
# Within one script nothing is freed, so each phase's gc.mem_alloc() difference is the
# heap it needs on top of what stays: its burst.
#
# Inputs: ``accounts`` (how many the image holds). Globals left for heap_kept.py:
# ``report`` {"accounts": loaded}, ``bursts`` {"store load", "app", "largest step"}
# (bytes; 0 under CPython, which heap_kept.py reports as None), ``store``, ``app``.
# (Comments, not a docstring: MicroPython keeps a script's docstring as ``__doc__``,
# heap this measurement would count.)

# mem_alloc, Store, App, devices, ticks: budget_boot.py's (imported there, so the
# bindings are not new globals here, allocated while measuring)
# ruff: noqa: F821
bursts = {}
before = mem_alloc()
store = Store(devices.nvm, "rp2040")
bursts["store load"] = mem_alloc() - before
before = mem_alloc()
app = App(devices, store)
bursts["app"] = mem_alloc() - before
step_max = 0
for _ in range(300):
    before = mem_alloc()
    app.step()
    step_max = max(step_max, mem_alloc() - before)
    ticks.ms += 10
bursts["largest step"] = step_max
report = {"accounts": len(store)}
