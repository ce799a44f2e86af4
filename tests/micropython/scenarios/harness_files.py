"""The harness's own check that files keep their repo-relative paths.

Inputs: ``probe``: "import" (totp.base32 encodes b"hi"), "listdir" or "read" (the
first three characters of a file) of ``path``. Results: what the probe found.
"""

import os

from scenario import emit, inputs

given = inputs()
if given["probe"] == "import":
    from totp.base32 import encode

    found = encode(b"hi")
elif given["probe"] == "listdir":
    found = sorted(os.listdir(given["path"]))
else:
    with open(given["path"]) as handle:
        found = handle.readline().strip()[:3]
emit(found)
