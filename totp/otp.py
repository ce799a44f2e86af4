"""HOTP (RFC 4226), TOTP (RFC 6238) and Steam Guard codes: the token's OTP core.

``OTP`` derives the HMAC key state once, in its constructor; each code is
then one HMAC over an 8-byte counter. The hash is the interpreter's native
one where it has the algorithm (``hashlib.new(name)`` on CircuitPython,
``hashlib.<name>`` on MicroPython/CPython), otherwise the pure-Python
``totp.sha1``/``sha256``/``sha512``, which cost exactly two compressions and
allocate nothing per code but the returned string. The core never reads a
clock: times are integer UTC seconds passed in.
"""

from totp import sha_common
from totp.account import ALGORITHMS, MAX_DIGITS, MIN_DIGITS, STEAM_DIGITS

STEAM_ALPHABET = b"23456789BCDFGHJKMNPQRTVWXY"
_COUNTER_LIMIT = 1 << 64  # the counter is 8 bytes
_IPAD = 0x36
_OPAD = 0x5C
_HAS_BYTEARRAY_DECODE = hasattr(bytearray, "decode")
# The hashes' block sizes, for the native path without importing the pure modules.
HMAC_BLOCK_BYTES = {"SHA1": 64, "SHA256": 64, "SHA512": 128}


def _pure_hash(algorithm):
    """The pure-Python hash module (imported on first use: saves RAM when unused)."""
    if algorithm == "SHA1":
        from totp import sha1
        return sha1
    if algorithm == "SHA256":
        from totp import sha256
        return sha256
    from totp import sha512
    return sha512


def _native_hash(algorithm):
    """A no-argument constructor of the interpreter's hash, or ``None`` if it lacks it."""
    try:
        import hashlib
    except ImportError:
        return None
    name = algorithm.lower()
    new = getattr(hashlib, "new", None)  # CircuitPython offers only this form
    if new is not None:
        try:
            new(name)
        except (ValueError, RuntimeError, OSError):
            return None
        return lambda: new(name)
    return getattr(hashlib, name, None)


class _PureScratch:
    """Per-algorithm HMAC message blocks with their padding laid out once.

    ``inner`` holds the counter block; the inner hash writes its digest
    straight into the front of ``outer``; the outer hash writes ``result``.
    Shared by every ``OTP`` of that algorithm (one code at a time).
    """

    def __init__(self, sha):
        limbs = sha.BLOCK_BYTES // 2
        digest_limbs = sha.DIGEST_BYTES // 2
        self.inner = [0] * limbs
        self.inner[4] = 0x8000  # the 0x80 byte after the 8-byte counter
        self.inner[limbs - 1] = 8 * (sha.BLOCK_BYTES + 8)  # bit length, fits one limb
        self.outer = [0] * limbs
        self.outer[digest_limbs] = 0x8000
        self.outer[limbs - 1] = 8 * (sha.BLOCK_BYTES + sha.DIGEST_BYTES)
        self.result = [0] * digest_limbs


_SCRATCH = {}  # type: dict


class OTP:
    """One account's code generator.

    Keeps the HMAC states after the padded key blocks rather than the secret
    (or, for a native hash without ``copy()``, the padded key blocks); none of
    it appears in ``repr``.
    """

    def __init__(self, secret, *, algorithm="SHA1", digits=6, period=30, steam=False,
                 native=None):
        """``native``: ``None`` uses the native hash if there is one, ``False`` forces
        the pure-Python path, ``True`` requires the native hash."""
        if not isinstance(secret, (bytes, bytearray)):
            raise TypeError("the secret must be bytes: decode base32 text with totp.base32.decode")
        if algorithm not in ALGORITHMS:
            raise ValueError("algorithm %r is not supported: use SHA1, SHA256 or SHA512"
                             % (algorithm,))
        if steam:
            if algorithm != "SHA1":
                raise ValueError("Steam Guard codes use SHA1, not %s" % algorithm)
            digits = STEAM_DIGITS
        elif not (isinstance(digits, int) and MIN_DIGITS <= digits <= MAX_DIGITS):
            raise ValueError("digits must be %d to %d, not %r" % (MIN_DIGITS, MAX_DIGITS, digits))
        if not (isinstance(period, int) and period > 0):
            raise ValueError("period must be a positive number of seconds, not %r" % (period,))
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
        self.steam = steam
        self._text = bytearray(digits)
        new_hash = None if native is False else _native_hash(algorithm)
        if native is True and new_hash is None:
            raise ValueError("this interpreter has no native %s hash" % algorithm)
        self._new_hash = new_hash
        if new_hash is None:
            self._init_pure(secret)
        else:
            self._init_native(secret, new_hash)

    def _init_pure(self, secret):
        sha = _pure_hash(self.algorithm)
        if len(secret) > sha.BLOCK_BYTES:
            secret = sha_common.digest(sha, secret)  # RFC 2104: long keys are hashed first
        key = bytearray(sha.BLOCK_BYTES)
        key[:len(secret)] = secret
        block = [0] * (sha.BLOCK_BYTES // 2)
        states = []
        for pad in (_IPAD, _OPAD):
            sha_common.bytes_to_limbs(bytes(b ^ pad for b in key), block)
            state = list(sha.IV)
            sha.compress(state, block, state)
            states.append(state)
        self._inner_state, self._outer_state = states
        scratch = _SCRATCH.get(self.algorithm)
        if scratch is None:
            scratch = _SCRATCH[self.algorithm] = _PureScratch(sha)
        self._scratch = scratch
        self._compress = sha.compress

    def _init_native(self, secret, new_hash):
        block_bytes = HMAC_BLOCK_BYTES[self.algorithm]
        if len(secret) > block_bytes:
            hashed = new_hash()
            hashed.update(secret)
            secret = hashed.digest()
        key = bytearray(block_bytes)
        key[:len(secret)] = secret
        self._counter_bytes = bytearray(8)
        inner_pad = bytes(b ^ _IPAD for b in key)
        outer_pad = bytes(b ^ _OPAD for b in key)
        inner = new_hash()
        if hasattr(inner, "copy"):
            # CPython: keep the hash objects after the key blocks, copy per code
            inner.update(inner_pad)
            outer = new_hash()
            outer.update(outer_pad)
            self._inner_hash = inner
            self._outer_hash = outer
        else:
            # CircuitPython and MicroPython hashes have no copy(): each code must
            # rehash the padded key blocks (four compressions instead of two).
            self._inner_hash = None
            self._inner_pad = inner_pad
            self._outer_pad = outer_pad

    def __repr__(self):
        kind = "steam" if self.steam else "%d digits" % self.digits
        return "<OTP %s, %s, %d s>" % (self.algorithm, kind, self.period)

    def totp(self, unix_time):
        """The code for ``unix_time`` (integer UTC seconds)."""
        if not isinstance(unix_time, int) or unix_time < 0:
            raise ValueError("time must be whole UTC seconds since 1970, not %r" % (unix_time,))
        return self.hotp(unix_time // self.period)

    def hotp(self, counter):
        """The code for event counter ``counter`` (0 to 2**64 - 1)."""
        if not isinstance(counter, int) or counter < 0 or counter >= _COUNTER_LIMIT:
            raise ValueError("counter must be a whole number from 0 to 2**64-1, not %r"
                             % (counter,))
        new_hash = self._new_hash
        if new_hash is not None:
            return self._native_code(counter, new_hash)
        scratch = self._scratch
        block = scratch.inner
        # A counter below 2**30 (every TOTP counter for millennia) stays a small
        # int through these shifts: nothing is allocated.
        block[0] = (counter >> 48) & 0xFFFF
        block[1] = (counter >> 32) & 0xFFFF
        block[2] = (counter >> 16) & 0xFFFF
        block[3] = counter & 0xFFFF
        self._compress(self._inner_state, block, scratch.outer)
        digest = scratch.result
        self._compress(self._outer_state, scratch.outer, digest)
        # RFC 4226 dynamic truncation: 31 bits from byte offset (last nibble),
        # read from 16-bit limbs as a high 15-bit and a low 16-bit half.
        offset = digest[len(digest) - 1] & 0xF
        at = offset >> 1
        if offset & 1:
            hi = ((digest[at] & 0x7F) << 8) | (digest[at + 1] >> 8)
            lo = ((digest[at + 1] & 0xFF) << 8) | (digest[at + 2] >> 8)
        else:
            hi = digest[at] & 0x7FFF
            lo = digest[at + 1]
        return self._render(hi, lo)

    def _native_code(self, counter, new_hash):
        message = self._counter_bytes
        for i in range(8):
            message[i] = (counter >> (56 - 8 * i)) & 0xFF
        if self._inner_hash is not None:
            hashed = self._inner_hash.copy()
            hashed.update(message)
            inner_digest = hashed.digest()
            hashed = self._outer_hash.copy()
        else:
            hashed = new_hash()
            hashed.update(self._inner_pad)
            hashed.update(message)
            inner_digest = hashed.digest()
            hashed = new_hash()
            hashed.update(self._outer_pad)
        hashed.update(inner_digest)
        digest = hashed.digest()
        offset = digest[len(digest) - 1] & 0xF
        return self._render(((digest[offset] & 0x7F) << 8) | digest[offset + 1],
                            (digest[offset + 2] << 8) | digest[offset + 3])

    def _render(self, hi, lo):
        """Format the 31-bit value ``hi * 65536 + lo`` without making an int of 2**30+."""
        text = self._text
        if self.steam:
            # base-26 digits, least significant first
            alphabet = STEAM_ALPHABET
            for i in range(STEAM_DIGITS):
                rest = ((hi % 26) << 16) | lo
                hi //= 26
                lo = rest // 26
                text[i] = alphabet[rest % 26]
        else:
            # value mod 10**digits, zero padded: long division by 10 on the halves
            for i in range(self.digits - 1, -1, -1):
                rest = ((hi % 10) << 16) | lo
                hi //= 10
                lo = rest // 10
                text[i] = 48 + rest % 10
        if _HAS_BYTEARRAY_DECODE:
            return text.decode()
        return str(text, "ascii")


def totp(secret, unix_time, digits=6, period=30, algorithm="SHA1"):
    """The TOTP code of ``secret`` (bytes) at ``unix_time`` (integer UTC seconds)."""
    return OTP(secret, algorithm=algorithm, digits=digits, period=period).totp(unix_time)


def hotp(secret, counter, digits=6, algorithm="SHA1"):
    """The HOTP code of ``secret`` (bytes) for ``counter``."""
    return OTP(secret, algorithm=algorithm, digits=digits).hotp(counter)


def steam(secret, unix_time):
    """The 5-character Steam Guard code of ``secret`` at ``unix_time``."""
    return OTP(secret, steam=True).totp(unix_time)
