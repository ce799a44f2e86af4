"""What a scenario file (tests/micropython/scenarios/*.py) imports to take its inputs and
report its results. Runs unchanged under MicroPython and CPython: the harness
(tests/support/mpy.py) copies it into the interpreter's ``lib/`` as ``scenario``.

The convention, defined here once:

- inputs: the harness writes one JSON object, as UTF-8 text, to ``INPUTS_FILE`` in the
  interpreter's working directory; ``inputs()`` returns it (an empty object when none
  were given). Bytes travel as hex text, tuples become lists;
- results: the scenario ends with one ``emit(results, heap)`` call, which prints one
  line: ``RESULT_MARK`` then JSON ``{"results": ..., "heap": {...}}``; the harness keeps
  other lines (what the code under test prints) apart. ``results`` must be the same
  under both interpreters (tests compare them). ``heap`` holds byte counts only
  MicroPython measures (``gc.mem_alloc()``: every byte allocated, see
  tests/support/mpy.py); CPython's allocator has no equivalent count, so there each
  heap value is ``None`` and the tests check heap figures under MicroPython only.

``mem_alloc()`` and ``mem_free()`` are ``gc.mem_alloc()`` and ``gc.mem_free()`` where
they exist and 0 otherwise, so a scenario takes differences the same way on both.
"""

import gc
import json

INPUTS_FILE = "scenario_inputs.json"
RESULT_MARK = "scenario result: "
COUNTS_HEAP = hasattr(gc, "mem_alloc")


def inputs():
    """The scenario's inputs: the JSON object the harness wrote to ``INPUTS_FILE``."""
    with open(INPUTS_FILE) as handle:
        return json.load(handle)


def _uncounted():
    return 0


# MicroPython's own functions where it has them (no wrapper call inside a measurement)
mem_alloc = gc.mem_alloc if COUNTS_HEAP else _uncounted
mem_free = gc.mem_free if COUNTS_HEAP else _uncounted


def emit(results, heap=None):
    """Print the scenario's one result line: ``results`` as given, ``heap`` values only
    where the interpreter counts them (``None`` each under CPython)."""
    heap = heap or {}
    if not COUNTS_HEAP:
        heap = {name: None for name in heap}
    print(RESULT_MARK + json.dumps({"results": results, "heap": heap}))
