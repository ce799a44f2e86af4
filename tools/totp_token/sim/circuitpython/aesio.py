"""Simulated `aesio`: CircuitPython's AES (ECB, CBC, CTR) over the `cryptography` package.

The behaviour follows CircuitPython's own implementation (shared-module/aesio, built
on tiny-AES), not a general AES library, where the two differ:
- CBC and CTR keep their chaining value between calls: a second ``encrypt_into``
  continues from where the first stopped.
- CTR's counter is the whole 16-byte IV, big endian, and each call starts a fresh
  keystream block: the unused rest of the last block of a call is dropped.
- Without an IV the chaining value is 16 zero bytes; an IV that is not a buffer is
  ignored; ``rekey`` resets the IV, setting ``mode`` does not.
The argument checks and their messages are CircuitPython's.
"""

import types

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ._bind import bound

MODE_ECB = 1
MODE_CBC = 2
MODE_CTR = 6
BLOCK_SIZE = 16
KEY_SIZES = (16, 24, 32)
_MODES = (MODE_ECB, MODE_CBC, MODE_CTR)


def _readable(value):
    """The bytes of a buffer-protocol object, or TypeError as CircuitPython raises it.

    A ``str`` counts: on CircuitPython it offers its UTF-8 bytes for reading.
    """
    if isinstance(value, str):
        return value.encode()
    try:
        return bytes(memoryview(value))
    except TypeError:
        raise TypeError("object with buffer protocol required") from None


def _writable(value):
    try:
        view = memoryview(value)
    except TypeError:
        raise TypeError("object with buffer protocol required") from None
    if view.readonly:
        raise TypeError("object with buffer protocol required")
    return view


def _key(key):
    data = _readable(key)
    if len(data) not in KEY_SIZES:
        raise ValueError("Key must be 16, 24, or 32 bytes long")
    return data


def _iv(iv):
    """The IV's bytes, or 16 zero bytes when there is none (or it is not a buffer)."""
    if iv is None:
        return bytes(BLOCK_SIZE)
    try:
        data = _readable(iv)
    except TypeError:
        return bytes(BLOCK_SIZE)
    if len(data) != BLOCK_SIZE:
        raise ValueError("IV length must be %d" % BLOCK_SIZE)
    return data


def _check_mode(mode):
    if not isinstance(mode, int):
        raise TypeError("can't convert %s to int" % type(mode).__name__)
    if mode not in _MODES:
        raise NotImplementedError("Requested AES mode is unsupported")
    return mode


class AES:
    """Encrypt and decrypt AES streams."""

    __slots__ = ("_mode", "_block", "_chain")

    def __init__(self, key, mode=MODE_ECB, IV=None, counter=None, segment_size=8):  # noqa: N803
        key = _key(key)
        self._mode = _check_mode(mode)
        self._set_key(key, IV)

    def _set_key(self, key, iv):
        self._block = Cipher(algorithms.AES(key), modes.ECB())
        self._chain = bytearray(_iv(iv))

    def rekey(self, key, IV=None):  # noqa: N803
        """Update the AES state with the given key (and IV: zeros when absent)."""
        self._set_key(_key(key), IV)

    @property
    def mode(self):
        return self._mode

    @mode.setter
    def mode(self, mode):
        self._mode = _check_mode(mode)

    def _check_lengths(self, src, dest):
        if len(src) != len(dest):
            raise ValueError("Source and destination buffers must be the same length")
        if self._mode == MODE_ECB and len(src) != BLOCK_SIZE:
            raise ValueError("ECB only operates on 16 bytes at a time")
        if self._mode == MODE_CBC and len(src) % BLOCK_SIZE:
            raise ValueError("CBC blocks must be multiples of 16 bytes")

    def encrypt_into(self, src, dest):
        """Encrypt ``src`` into ``dest`` (same length; ECB: 16 bytes, CBC: multiples of 16)."""
        data = _readable(src)
        out = _writable(dest)
        self._check_lengths(data, out)
        if self._mode == MODE_ECB:
            result = self._encrypt_blocks(data)
        elif self._mode == MODE_CBC:
            result = bytearray()
            for start in range(0, len(data), BLOCK_SIZE):
                block = bytes(a ^ b for a, b in zip(data[start:start + BLOCK_SIZE], self._chain,
                                                    strict=True))
                self._chain[:] = self._encrypt_blocks(block)
                result += self._chain
        else:
            result = self._ctr(data)
        out[:] = result

    def decrypt_into(self, src, dest):
        """Decrypt ``src`` into ``dest``; the same length rules as ``encrypt_into``."""
        data = _readable(src)
        out = _writable(dest)
        self._check_lengths(data, out)
        if self._mode == MODE_ECB:
            result = self._decrypt_blocks(data)
        elif self._mode == MODE_CBC:
            result = bytearray()
            for start in range(0, len(data), BLOCK_SIZE):
                block = data[start:start + BLOCK_SIZE]
                plain = self._decrypt_blocks(block)
                result += bytes(a ^ b for a, b in zip(plain, self._chain, strict=True))
                self._chain[:] = block
        else:
            result = self._ctr(data)
        out[:] = result

    def _encrypt_blocks(self, data):
        encryptor = self._block.encryptor()
        return encryptor.update(data) + encryptor.finalize()

    def _decrypt_blocks(self, data):
        decryptor = self._block.decryptor()
        return decryptor.update(data) + decryptor.finalize()

    def _ctr(self, data):
        result = bytearray(len(data))
        for start in range(0, len(data), BLOCK_SIZE):
            stream = self._encrypt_blocks(bytes(self._chain))
            value = int.from_bytes(self._chain, "big") + 1
            self._chain[:] = (value % (1 << 128)).to_bytes(BLOCK_SIZE, "big")
            for i, byte in enumerate(data[start:start + BLOCK_SIZE]):
                result[start + i] = byte ^ stream[i]
        return result


def build(ctx):
    """The `aesio` module for one firmware run (it keeps no state between runs)."""
    module = types.ModuleType("aesio", "Simulated aesio core module")
    module.AES = bound(AES, ctx)
    module.MODE_ECB = MODE_ECB
    module.MODE_CBC = MODE_CBC
    module.MODE_CTR = MODE_CTR
    module.block_size = BLOCK_SIZE
    module.key_size = KEY_SIZES
    return module
