"""One compression of each pure hash (sha1, sha256, sha512) on all-ones and on varied
limbs, from an all-ones state and from the IV, measured after a first use of the
module's scratch.

Results: the state after each compression, as lists of limbs. Heap (MicroPython only):
bytes each compression allocated (any int of 2**30 or more is a heap object there, so
0 means every value stayed small).
"""

import gc

from scenario import emit, mem_alloc

from totp import sha1, sha256, sha512

states_after = []
allocated = []
for sha in (sha1, sha256, sha512):
    limbs = sha.BLOCK_BYTES // 2
    blocks = [[0xFFFF] * limbs, [(i * 40503 + 12345) & 0xFFFF for i in range(limbs)]]
    for block in blocks:
        for state in ([0xFFFF] * len(sha.IV), list(sha.IV)):
            sha.compress(state, block, state)  # first use of the module's scratch
            gc.collect()
            gc.disable()
            before = mem_alloc()
            sha.compress(state, block, state)
            allocated.append(mem_alloc() - before)
            gc.enable()
            states_after.append(list(state))
emit(states_after, {"compressions": allocated})
