"""``python -m bench device``: the firmware's heap under real MicroPython 1.27 (WebAssembly).

Boots the firmware with 50 accounts twice, from the .mpy files deploy writes and from
the .py sources, and prints what stays on the heap after boot, what the imports and
devices keep before the store opens, and the allocation bursts while booting (the
method is in tests/support/device_budget.py). Exit status 1 when the .mpy boot misses
the budgets the test suite asserts.
"""

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the MicroPython harness lives with the tests
from support import device_budget as budget  # noqa: E402


def _kb(value):
    return "%.1f KB" % (value / budget.KB)


def main():
    status = 0
    print("device heap, %d accounts, MicroPython 1.27 (wasm32)" % budget.ACCOUNTS)
    print("| modules | kept after boot | imports + devices | store load | largest step |")
    print("| --- | --- | --- | --- | --- |")
    for compiled in (True, False):
        figures = budget.measure(compiled=compiled)
        bursts = figures["bursts"]
        print("| %s | %s | %s | %s | %s |" % (
            ".mpy" if compiled else ".py", _kb(figures["kept"]), _kb(figures["devices"]),
            _kb(bursts["store load"]), _kb(bursts["largest step"])))
        print(json.dumps({"modules": "mpy" if compiled else "py", **figures}))
        if compiled and (figures["kept"] > budget.KEPT_BUDGET
                         or bursts["store load"] > budget.STORE_LOAD_BUDGET
                         or bursts["largest step"] > budget.STEP_BUDGET):
            status = 1
    print("budgets (.mpy): kept %s, store load %s, step %s; smallest measured heap %s"
          % (_kb(budget.KEPT_BUDGET), _kb(budget.STORE_LOAD_BUDGET), _kb(budget.STEP_BUDGET),
             _kb(budget.SMALLEST_HEAP)))
    return status


if __name__ == "__main__":
    sys.exit(main())
