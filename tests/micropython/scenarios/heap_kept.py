# Last of a heap-measuring sequence (after heap_baseline.py): a collection at the start
# of this script frees what nothing references any more, so what remains above ``base``
# is what the scenarios in between kept.
#
# Results: the global ``report`` if an earlier scenario left one, else {}. Heap
# (MicroPython only): ``kept`` (bytes), ``free_at_start`` (gc.mem_free()), and each of the
# global ``bursts`` if an earlier scenario left them.
# (Comments, not a docstring: MicroPython keeps a script's docstring as ``__doc__``,
# heap this measurement would count.)

import gc

from scenario import emit, mem_alloc, mem_free

gc.collect()
figures = {"kept": mem_alloc() - base, "free_at_start": mem_free()}  # noqa: F821 - baseline's
figures.update(globals().get("bursts", {}))
emit(globals().get("report", {}), figures)
