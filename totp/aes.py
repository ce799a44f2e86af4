"""AES (FIPS-197) block encryption and CTR mode in pure Python, for boards without ``aesio``.

Only the encryption direction exists: CTR mode never needs the inverse
cipher. Every value is a byte, so nothing becomes a heap int on 32-bit
MicroPython. The S-box is computed on first use from its definition
(inverse in GF(2^8), then the affine map) rather than stored as a table.
CTR mode matches CircuitPython's ``aesio`` ``MODE_CTR``: the 16-byte IV is a
big-endian counter incremented per block.
"""

BLOCK_BYTES = 16
KEY_SIZES = (16, 24, 32)
_AFFINE_CONSTANT = 0x63
_REDUCTION = 0x1B  # x^8 = x^4 + x^3 + x + 1 in GF(2^8)
# ShiftRows as a gather: output byte i comes from input byte _SHIFT[i]
# (the state is column-major: byte i is row i % 4, column i // 4).
_SHIFT = bytes((r + 4 * ((c + r) % 4)) for c in range(4) for r in range(4))

_sbox = None  # bytearray(256) once built


def _xtime(b):
    """``b`` times x in GF(2^8)."""
    b <<= 1
    if b & 0x100:
        b ^= 0x100 | _REDUCTION
    return b


def _rotl8(b, n):
    return ((b << n) | (b >> (8 - n))) & 0xFF


def sbox():
    """The S-box (FIPS-197 section 5.1.1), built once."""
    global _sbox
    if _sbox is None:
        exp = bytearray(256)
        log = bytearray(256)
        x = 1
        for i in range(255):  # 3 generates the multiplicative group
            exp[i] = x
            log[x] = i
            x ^= _xtime(x)
        table = bytearray(256)
        for a in range(256):
            inverse = exp[(255 - log[a]) % 255] if a else 0
            table[a] = (inverse ^ _rotl8(inverse, 1) ^ _rotl8(inverse, 2) ^ _rotl8(inverse, 3)
                        ^ _rotl8(inverse, 4) ^ _AFFINE_CONSTANT)
        _sbox = table
    return _sbox


class AES:
    """One expanded key: ``encrypt_block(src, dest)`` on 16-byte buffers."""

    def __init__(self, key):
        if len(key) not in KEY_SIZES:
            raise ValueError("an AES key is 16, 24 or 32 bytes, not %d" % len(key))
        s = sbox()
        nk = len(key) // 4
        self.rounds = nk + 6
        words = 4 * (self.rounds + 1)
        w = bytearray(4 * words)
        w[:len(key)] = key
        rcon = 1
        for i in range(nk, words):
            at = 4 * i
            t0 = w[at - 4]
            t1 = w[at - 3]
            t2 = w[at - 2]
            t3 = w[at - 1]
            if i % nk == 0:  # RotWord, SubWord, round constant
                t0, t1, t2, t3 = s[t1] ^ rcon, s[t2], s[t3], s[t0]
                rcon = _xtime(rcon)
            elif nk > 6 and i % nk == 4:  # AES-256 only: SubWord
                t0, t1, t2, t3 = s[t0], s[t1], s[t2], s[t3]
            back = at - 4 * nk
            w[at] = w[back] ^ t0
            w[at + 1] = w[back + 1] ^ t1
            w[at + 2] = w[back + 2] ^ t2
            w[at + 3] = w[back + 3] ^ t3
        self._w = w
        self._state = bytearray(BLOCK_BYTES)
        self._temp = bytearray(BLOCK_BYTES)

    def encrypt_block(self, src, dest):
        """Encrypt the 16 bytes of ``src`` into ``dest`` (may be the same buffer)."""
        s = sbox()
        w = self._w
        state = self._state
        temp = self._temp
        shift = _SHIFT
        for i in range(BLOCK_BYTES):
            state[i] = src[i] ^ w[i]
        last = self.rounds
        for r in range(1, last + 1):
            for i in range(BLOCK_BYTES):  # SubBytes and ShiftRows
                temp[i] = s[state[shift[i]]]
            key_at = BLOCK_BYTES * r
            if r == last:  # the last round has no MixColumns
                for i in range(BLOCK_BYTES):
                    state[i] = temp[i] ^ w[key_at + i]
                break
            for c in range(0, BLOCK_BYTES, 4):  # MixColumns, then AddRoundKey
                a0 = temp[c]
                a1 = temp[c + 1]
                a2 = temp[c + 2]
                a3 = temp[c + 3]
                total = a0 ^ a1 ^ a2 ^ a3
                state[c] = a0 ^ total ^ _xtime(a0 ^ a1) ^ w[key_at + c]
                state[c + 1] = a1 ^ total ^ _xtime(a1 ^ a2) ^ w[key_at + c + 1]
                state[c + 2] = a2 ^ total ^ _xtime(a2 ^ a3) ^ w[key_at + c + 2]
                state[c + 3] = a3 ^ total ^ _xtime(a3 ^ a0) ^ w[key_at + c + 3]
        for i in range(BLOCK_BYTES):
            dest[i] = state[i]

    def wipe(self):
        """Overwrite the expanded key and scratch state with zeros."""
        for buffer in (self._w, self._state, self._temp):
            for i in range(len(buffer)):
                buffer[i] = 0


def ctr_xcrypt(key, iv, src, dest):
    """AES-CTR from counter block ``iv`` over ``src`` into ``dest`` (same length).

    Encrypts and decrypts alike. The counter is the whole 16-byte block, big
    endian, as in ``aesio`` and NIST SP 800-38A.
    """
    if len(iv) != BLOCK_BYTES:
        raise ValueError("the CTR IV is 16 bytes, not %d" % len(iv))
    if len(src) != len(dest):
        raise ValueError("source and destination must be the same length")
    cipher = AES(key)
    counter = bytearray(iv)
    stream = bytearray(BLOCK_BYTES)
    for start in range(0, len(src), BLOCK_BYTES):
        cipher.encrypt_block(counter, stream)
        for i in range(min(BLOCK_BYTES, len(src) - start)):
            dest[start + i] = src[start + i] ^ stream[i]
        i = BLOCK_BYTES - 1
        while i >= 0:  # increment, carrying across the whole block
            counter[i] = (counter[i] + 1) & 0xFF
            if counter[i]:
                break
            i -= 1
    cipher.wipe()
    for i in range(BLOCK_BYTES):
        stream[i] = 0
