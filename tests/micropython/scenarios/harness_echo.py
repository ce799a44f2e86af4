"""The harness's own check of the inputs convention: reports its inputs back as results,
and their ``heap`` entry (if any) as heap figures.

Inputs: anything JSON. Results: the inputs. Heap: inputs["heap"] (None each under
CPython).
"""

from scenario import emit, inputs

given = inputs()
emit(given, given.get("heap"))
