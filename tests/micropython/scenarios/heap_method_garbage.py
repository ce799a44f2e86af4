# The heap method's own check, between heap_baseline.py and heap_kept.py: keeps 20
# buffers of 1000 bytes and drops 200 more, so only the 20 should count as kept.
# (Comments, not a docstring: MicroPython keeps a script's docstring as ``__doc__``,
# heap this measurement would count.)

kept = [bytearray(1000) for _ in range(20)]
junk = [bytearray(1000) for _ in range(200)]
del junk
report = {"kept_buffers": len(kept)}
