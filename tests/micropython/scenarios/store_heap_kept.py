# Last of the store-alone heap sequence (after store_heap_unlock.py): a collection at
# the start of this script frees the unlock's garbage; what remains above ``base`` is what
# the store keeps (unlocked: with the data key and the cipher's modules).
#
# Results: the earlier scenarios' ``report`` ({"accounts", "locked"}) and ``modules``,
# the ``totp`` modules imported (sorted). Heap (MicroPython only): ``kept``, ``loaded``
# and the ``bursts`` ("store load", "unlock"), bytes.
# (Comments, not a docstring: MicroPython keeps a script's docstring as ``__doc__``,
# heap this measurement would count.)

import gc
import sys

from scenario import emit

# base, loaded, bursts, report, mem_alloc: the earlier scenarios'
# ruff: noqa: F821
gc.collect()
figures = {"kept": mem_alloc() - base, "loaded": loaded}
figures.update(bursts)
report["modules"] = sorted(name for name in sys.modules if name.startswith("totp"))
emit(report, figures)
