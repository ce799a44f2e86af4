"""The simulated CircuitPython core modules the firmware imports, one file per module.

A file named after a CircuitPython module (``busio.py`` for ``busio``) has ``build(ctx)``,
which returns a fresh module for one firmware run (``ctx``: a ``context.RunContext``).
Its classes are written once at module level and bound to the run by ``_bind.bound``,
so two runs (a reboot, or two simulators in one process) never share module state.
Files whose names start with ``_`` are helpers the modules share, not modules.
"""
