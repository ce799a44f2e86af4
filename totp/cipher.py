"""Keys for the PIN vault: PBKDF2-HMAC-SHA256 in slices, HMAC-SHA256, AES-256-CTR, seal/open.

The PIN-derived key is PBKDF2-HMAC-SHA256(PIN, 16-byte salt, iterations,
32 bytes). ``Pbkdf2`` runs it a slice at a time so the firmware loop never
blocks; ``derive`` runs it whole. ``seal`` is encrypt-then-MAC: AES-256-CTR
under ``subkey(key, b"enc")`` with the counter block ``nonce || 8 zero
bytes``, then HMAC-SHA256 under ``subkey(key, b"mac")`` over ``context ||
nonce || ciphertext``, cut to 16 bytes. A blob is ``nonce || ciphertext ||
tag``, ``SEAL_OVERHEAD`` bytes longer than the plaintext.

The KDF and HMAC live in ``totp.kdf`` (re-exported here). Hashing uses the
interpreter's SHA-256 (``hashlib.new("sha256")`` on CircuitPython) where
there is one, else ``totp.sha256``; AES uses CircuitPython's ``aesio`` where
there is one, else ``totp.aes``. Both pairs give identical bytes. Each
fallback is imported only when needed.

KDF_ITERATIONS is set so one PIN guess costs about a second on an RP2040
(``python -m bench kdf``, with $TOTP_TOKEN_UF2 for the board). Measured
(CircuitPython 10.2.1 for the Raspberry Pi Pico in the rp2040py emulator,
whose clock counts Cortex-M0+ cycles at 125 MHz without the flash cache's
misses, so a real board is somewhat slower): 0.57 ms per iteration with the
native sha256 (two hashes 0.46 ms, the XOR the rest), 1.0 s per guess at
1800 iterations, 28 ms per 50-iteration slice; the pure ``totp.sha256`` path
32 ms per iteration. A PC core with OpenSSL pays a few ms per guess: a
copied flash falls to an offline search far faster than on the token
(docs/security.md has the figures).
"""

from totp.kdf import Pbkdf2, derive, hmac_sha256  # noqa: F401 (the public API)

KDF_ITERATIONS = 1800
KDF_SLICE = 80  # iterations per firmware step: about 45 ms on an RP2040
SALT_BYTES = 16
KEY_BYTES = 32
NONCE_BYTES = 8
TAG_BYTES = 16
SEAL_OVERHEAD = NONCE_BYTES + TAG_BYTES
ENC_LABEL = b"enc"
MAC_LABEL = b"mac"
_COUNTER_TAIL = bytes(8)  # the CTR counter block is nonce || 8 zero bytes


class SealError(ValueError):
    """A sealed blob did not open: wrong key, wrong context, or damaged bytes."""


def subkey(key, label):
    """A key for one purpose: HMAC-SHA256(key, label)."""
    return hmac_sha256(key, label)


def _aesio():
    try:
        import aesio
    except ImportError:
        return None
    return aesio


def aes_ctr(key, nonce, data, aesio=None):
    """``data`` through AES-CTR under ``key`` from counter block ``nonce || 8 zero bytes``.

    ``aesio``: ``None`` uses CircuitPython's module if importable, ``False``
    forces ``totp.aes``, a module object uses that module.
    """
    if len(nonce) != NONCE_BYTES:
        raise ValueError("the nonce is %d bytes, not %d" % (NONCE_BYTES, len(nonce)))
    iv = bytes(nonce) + _COUNTER_TAIL
    out = bytearray(len(data))
    module = _aesio() if aesio is None else (aesio or None)
    if module is not None:
        if len(data):
            module.AES(key, module.MODE_CTR, IV=iv).encrypt_into(data, out)
    else:
        from totp import aes
        aes.ctr_xcrypt(key, iv, data, out)
    return out


def _tag(mac_key, context, nonce, ciphertext):
    return hmac_sha256(mac_key, bytes(context) + bytes(nonce) + bytes(ciphertext))[:TAG_BYTES]


def _wipe(buffer):
    for i in range(len(buffer)):
        buffer[i] = 0


def seal(key, plaintext, context, nonce=None):
    """``nonce || AES-CTR(plaintext) || tag``: encrypt-then-MAC under the 32-byte ``key``.

    ``context`` is authenticated but not stored; opening needs the same one.
    ``nonce`` (8 bytes) is random when not given: never reuse one with a key.
    """
    if len(key) != KEY_BYTES:
        raise ValueError("a sealing key is %d bytes, not %d" % (KEY_BYTES, len(key)))
    if nonce is None:
        nonce = random_bytes(NONCE_BYTES)
    ciphertext = aes_ctr(subkey(key, ENC_LABEL), nonce, plaintext)
    return bytes(nonce) + bytes(ciphertext) + _tag(subkey(key, MAC_LABEL), context, nonce,
                                                   ciphertext)


def open_sealed(key, blob, context):
    """The plaintext ``seal`` put in ``blob``, or ``SealError`` if the tag does not match."""
    if len(key) != KEY_BYTES:
        raise ValueError("a sealing key is %d bytes, not %d" % (KEY_BYTES, len(key)))
    if len(blob) < SEAL_OVERHEAD:
        raise SealError("sealed data is too short")
    nonce = blob[:NONCE_BYTES]
    ciphertext = blob[NONCE_BYTES:len(blob) - TAG_BYTES]
    expected = _tag(subkey(key, MAC_LABEL), context, nonce, ciphertext)
    if not equal(expected, blob[len(blob) - TAG_BYTES:]):
        raise SealError("sealed data does not open: wrong key or damaged")
    plaintext = aes_ctr(subkey(key, ENC_LABEL), nonce, ciphertext)
    result = bytes(plaintext)
    _wipe(plaintext)
    return result


def equal(a, b):
    """Constant-time comparison of two byte strings of public length."""
    if len(a) != len(b):
        return False
    difference = 0
    for i in range(len(a)):
        difference |= a[i] ^ b[i]
    return difference == 0


def random_bytes(n):
    """``n`` bytes from the system's random source (the RP2040's ring oscillator on a board)."""
    import os
    urandom = getattr(os, "urandom", None)
    if urandom is None:  # e.g. MicroPython's WebAssembly port: tests supply their own
        raise RuntimeError("this interpreter has no os.urandom: no random source for keys")
    return urandom(n)
