"""PBKDF2-HMAC-SHA256 run in slices, and HMAC-SHA256, over the best SHA-256 available.

The hash is the interpreter's own where it has one (``hashlib.new("sha256")``
on CircuitPython, ``hashlib.sha256`` elsewhere), else the pure-Python
``totp.sha256`` (imported only then). ``Pbkdf2`` derives one 32-byte block
(the only block a 32-byte key needs) a slice of iterations at a time, so
the firmware loop never blocks; ``totp.cipher`` is the public face.
"""

from array import array

_HMAC_BLOCK = 64
_IPAD = 0x36
_OPAD = 0x5C
_HASH_NAME = "sha256"
_FIRST_BLOCK_INDEX = b"\x00\x00\x00\x01"  # PBKDF2's INT(1): one 32-byte block is the key


def _native_hashlib():
    """``(new, name)``: the interpreter's SHA-256 is ``new(name, data)`` (CircuitPython's
    only form) or, with ``name`` None, ``new(data)``; ``(None, None)`` without one."""
    try:
        import hashlib
    except ImportError:
        return None, None
    sha256 = getattr(hashlib, "sha256", None)  # MicroPython, CPython
    if sha256 is not None:
        return sha256, None
    new = getattr(hashlib, "new", None)
    if new is None:
        return None, None
    try:
        new(_HASH_NAME)
    except (ValueError, RuntimeError, OSError):
        return None, None
    return new, _HASH_NAME


def _native_sha256():
    """The interpreter's SHA-256 as ``f(data=b"")`` returning a hash object, or ``None``."""
    new, name = _native_hashlib()
    if new is None or name is None:
        return new
    return lambda data=b"": new(name, data)


def _as_bytes(value, what):
    if isinstance(value, str):
        return value.encode()
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError("%s must be bytes" % what)
    return bytes(value)


def _padded_key(key, new_hash):
    """The HMAC key as one 64-byte block (RFC 2104: longer keys are hashed first)."""
    if len(key) > _HMAC_BLOCK:
        key = _sha256(key, new_hash)
    block = bytearray(_HMAC_BLOCK)
    block[:len(key)] = key
    return block


def _sha256(data, new_hash):
    if new_hash is not None:
        hashed = new_hash()
        hashed.update(data)
        return hashed.digest()
    from totp import sha256, sha_common
    return sha_common.digest(sha256, data)


def _hmac(key, msg, new_hash):
    block = _padded_key(key, new_hash)
    inner = bytes(b ^ _IPAD for b in block)
    outer = bytes(b ^ _OPAD for b in block)
    if new_hash is not None:
        hashed = new_hash()
        hashed.update(inner)
        hashed.update(msg)
        digest = hashed.digest()
        hashed = new_hash()
        hashed.update(outer)
        hashed.update(digest)
        return hashed.digest()
    return _sha256(outer + _sha256(inner + bytes(msg), None), None)


def hmac_sha256(key, msg, native=None):
    """HMAC-SHA256 of ``msg`` under ``key`` (RFC 2104), 32 bytes.

    ``native``: ``None`` uses the native hash if there is one, ``False`` forces
    ``totp.sha256``.
    """
    return _hmac(key, msg, None if native is False else _native_sha256())


class Pbkdf2:
    """PBKDF2-HMAC-SHA256 with a 32-byte output, run in slices.

    ``run(n)`` does up to ``n`` more iterations and returns True once all
    are done; then ``key`` holds the 32 bytes (``None`` before) and the
    working state is wiped.
    """

    def __init__(self, pin, salt, iterations, native=None):
        pin = _as_bytes(pin, "the PIN")
        salt = _as_bytes(salt, "the salt")
        if not isinstance(iterations, int) or iterations < 1:
            raise ValueError("iterations must be a whole number >= 1, not %r" % (iterations,))
        self.iterations = iterations
        self.done_iterations = 0
        self.key = None
        new_hash = None if native is False else _native_sha256()
        self._new_hash = new_hash
        # U1 = HMAC(pin, salt || INT(1)); the key and sum start as U1
        first = _hmac(pin, salt + _FIRST_BLOCK_INDEX, new_hash)
        block = _padded_key(pin, new_hash)
        if new_hash is not None:
            self._init_native(block, first)
        else:
            self._init_pure(block, first)
        for i in range(_HMAC_BLOCK):
            block[i] = 0
        self.done_iterations = 1
        self._finish_if_done()

    def _init_native(self, block, first):
        # Each HMAC hashes one 96-byte buffer, pad block || 32-byte message, in one
        # call: these hashes have no copy() to keep the state after the pad block,
        # and one call per hash is the cheapest form on CircuitPython.
        self._new, self._name = _native_hashlib()
        # the sum as 16-bit words (the bytes reinterpreted, so no byte order is involved)
        self._words = array("H", first)
        self._inner = bytearray(b ^ _IPAD for b in block) + first
        self._outer = bytearray(b ^ _OPAD for b in block) + bytes(32)

    def _init_pure(self, block, first):
        self._sum = bytearray(first)
        from totp import sha256, sha_common
        compress = sha256.compress
        limbs = sha256.BLOCK_BYTES // 2
        digest_limbs = sha256.DIGEST_BYTES // 2
        states = []
        scratch = [0] * limbs
        for pad in (_IPAD, _OPAD):
            sha_common.bytes_to_limbs(bytes(b ^ pad for b in block), scratch)
            state = list(sha256.IV)
            compress(state, scratch, state)
            states.append(state)
        self._inner_state, self._outer_state = states
        # The second block of each hash: a 32-byte message after the pad block,
        # then 0x80 and the bit length (64 + 32 bytes). The outer hash writes
        # the next U straight into the front of the inner block.
        message = [0] * limbs
        message[digest_limbs] = 0x8000
        message[limbs - 1] = 8 * (sha256.BLOCK_BYTES + sha256.DIGEST_BYTES)
        sha_common.bytes_to_limbs(first, message)
        self._message = message
        inner_digest = [0] * limbs
        inner_digest[digest_limbs] = 0x8000
        inner_digest[limbs - 1] = message[limbs - 1]
        self._inner_digest = inner_digest
        self._compress = compress

    def run(self, max_iterations):
        """Do up to ``max_iterations`` more iterations; True once the key is ready."""
        if self.key is not None:
            return True
        count = min(max_iterations, self.iterations - self.done_iterations)
        if self._new_hash is not None:
            self._run_native(count)
        else:
            self._run_pure(count)
        self.done_iterations += count
        return self._finish_if_done()

    def _run_native(self, count):
        total = self._words
        inner = self._inner
        outer = self._outer
        new = self._new
        name = self._name
        # two copies of the loop: a call through a wrapper costs as much as the XOR
        if name is None:
            for _ in range(count):
                outer[_HMAC_BLOCK:] = new(inner).digest()
                u = new(outer).digest()
                inner[_HMAC_BLOCK:] = u
                _xor16(total, array("H", u))
        else:
            for _ in range(count):
                outer[_HMAC_BLOCK:] = new(name, inner).digest()
                u = new(name, outer).digest()
                inner[_HMAC_BLOCK:] = u
                _xor16(total, array("H", u))

    def _run_pure(self, count):
        compress = self._compress
        inner_state = self._inner_state
        outer_state = self._outer_state
        message = self._message
        inner_digest = self._inner_digest
        total = self._sum
        for _ in range(count):
            compress(inner_state, message, inner_digest)
            compress(outer_state, inner_digest, message)
            for i in range(16):
                limb = message[i]
                total[2 * i] ^= limb >> 8
                total[2 * i + 1] ^= limb & 0xFF

    def _finish_if_done(self):
        if self.done_iterations < self.iterations:
            return False
        self.key = bytes(self._sum if self._new_hash is None else self._words)
        self.wipe()
        return True

    def wipe(self):
        """Forget the working state (a finished ``key`` stays until the caller drops it)."""
        for name in ("_sum", "_words", "_inner", "_outer", "_message", "_inner_digest",
                     "_inner_state", "_outer_state"):
            buffer = getattr(self, name, None)
            if buffer is not None:
                for i in range(len(buffer)):
                    buffer[i] = 0


def _xor16(total, u):
    """total ^= u for two arrays of 16 16-bit words, unrolled.

    On the board the loop, not the hashing, was the cost: 32 byte-wise XORs in a
    loop took as long as the two hashes; 16 word-wise ones, unrolled, a third.
    """
    total[0] ^= u[0]; total[1] ^= u[1]; total[2] ^= u[2]; total[3] ^= u[3]  # noqa: E702
    total[4] ^= u[4]; total[5] ^= u[5]; total[6] ^= u[6]; total[7] ^= u[7]  # noqa: E702
    total[8] ^= u[8]; total[9] ^= u[9]; total[10] ^= u[10]; total[11] ^= u[11]  # noqa: E702
    total[12] ^= u[12]; total[13] ^= u[13]; total[14] ^= u[14]; total[15] ^= u[15]  # noqa: E702


def derive(pin, salt, iterations, native=None):
    """PBKDF2-HMAC-SHA256(pin, salt, iterations) as 32 bytes, in one go."""
    job = Pbkdf2(pin, salt, iterations, native)
    job.run(iterations)
    return job.key
