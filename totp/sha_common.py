"""Shared layout for the pure-Python SHA modules (``sha1``, ``sha256``, ``sha512``).

Words are held as big-endian lists of 16-bit limbs (a 32-bit word is two
limbs, a 64-bit word four), so every intermediate value stays a small int on
32-bit MicroPython, where ints of 2**30 and above are heap objects. Each hash
module offers ``compress(state_in, block, state_out)`` on such limb lists,
with ``IV``, ``BLOCK_BYTES``, ``DIGEST_BYTES`` and ``LENGTH_BYTES``.
"""


def bytes_to_limbs(data, limbs, start=0):
    """Write ``data`` (even length) into ``limbs`` as big-endian 16-bit values from ``start``."""
    for i in range(0, len(data), 2):
        limbs[start + (i >> 1)] = (data[i] << 8) | data[i + 1]


def limbs_to_bytes(limbs, count):
    """The first ``count`` limbs as big-endian bytes."""
    out = bytearray(2 * count)
    for i in range(count):
        out[2 * i] = limbs[i] >> 8
        out[2 * i + 1] = limbs[i] & 0xFF
    return bytes(out)


def digest(sha, data):
    """The full ``sha`` digest of ``data`` (any length): for keys longer than a block."""
    block_bytes = sha.BLOCK_BYTES
    bit_length = 8 * len(data)
    padded = bytearray(data)
    padded.append(0x80)
    while len(padded) % block_bytes != block_bytes - sha.LENGTH_BYTES:
        padded.append(0)
    padded.extend(bit_length.to_bytes(sha.LENGTH_BYTES, "big"))
    state = list(sha.IV)
    block = [0] * (block_bytes // 2)
    for offset in range(0, len(padded), block_bytes):
        bytes_to_limbs(padded[offset:offset + block_bytes], block)
        sha.compress(state, block, state)
    return limbs_to_bytes(state, sha.DIGEST_BYTES // 2)
