"""SHA-256 compression in pure Python, allocation-free, for boards without a native hash.

32-bit words are (high, low) pairs of 16-bit limbs so nothing reaches 2**30
(see ``totp.sha_common``). Only ``compress`` is here; ``totp.otp`` runs it on
precomputed HMAC states, and ``totp.sha_common.digest`` hashes long keys.
"""

BLOCK_BYTES = 64
DIGEST_BYTES = 32
LENGTH_BYTES = 8
IV = (0x6A09, 0xE667, 0xBB67, 0xAE85, 0x3C6E, 0xF372, 0xA54F, 0xF53A,
      0x510E, 0x527F, 0x9B05, 0x688C, 0x1F83, 0xD9AB, 0x5BE0, 0xCD19)

# Round constants (FIPS 180-4 section 4.2.2) as (high, low) limbs.
_K = (
    0x428A, 0x2F98, 0x7137, 0x4491, 0xB5C0, 0xFBCF, 0xE9B5, 0xDBA5,
    0x3956, 0xC25B, 0x59F1, 0x11F1, 0x923F, 0x82A4, 0xAB1C, 0x5ED5,
    0xD807, 0xAA98, 0x1283, 0x5B01, 0x2431, 0x85BE, 0x550C, 0x7DC3,
    0x72BE, 0x5D74, 0x80DE, 0xB1FE, 0x9BDC, 0x06A7, 0xC19B, 0xF174,
    0xE49B, 0x69C1, 0xEFBE, 0x4786, 0x0FC1, 0x9DC6, 0x240C, 0xA1CC,
    0x2DE9, 0x2C6F, 0x4A74, 0x84AA, 0x5CB0, 0xA9DC, 0x76F9, 0x88DA,
    0x983E, 0x5152, 0xA831, 0xC66D, 0xB003, 0x27C8, 0xBF59, 0x7FC7,
    0xC6E0, 0x0BF3, 0xD5A7, 0x9147, 0x06CA, 0x6351, 0x1429, 0x2967,
    0x27B7, 0x0A85, 0x2E1B, 0x2138, 0x4D2C, 0x6DFC, 0x5338, 0x0D13,
    0x650A, 0x7354, 0x766A, 0x0ABB, 0x81C2, 0xC92E, 0x9272, 0x2C85,
    0xA2BF, 0xE8A1, 0xA81A, 0x664B, 0xC24B, 0x8B70, 0xC76C, 0x51A3,
    0xD192, 0xE819, 0xD699, 0x0624, 0xF40E, 0x3585, 0x106A, 0xA070,
    0x19A4, 0xC116, 0x1E37, 0x6C08, 0x2748, 0x774C, 0x34B0, 0xBCB5,
    0x391C, 0x0CB3, 0x4ED8, 0xAA4A, 0x5B9C, 0xCA4F, 0x682E, 0x6FF3,
    0x748F, 0x82EE, 0x78A5, 0x636F, 0x84C8, 0x7814, 0x8CC7, 0x0208,
    0x90BE, 0xFFFA, 0xA450, 0x6CEB, 0xBEF9, 0xA3F7, 0xC671, 0x78F2,
)

# The 64-word message schedule as limbs; shared scratch (one compression at a
# time), so a code allocates nothing.
_W = [0] * 128


def compress(state_in, block, state_out):
    """Compress one block (32 limbs) into ``state_in`` (16 limbs), writing ``state_out``.

    ``state_out`` may be ``state_in``, or a longer list whose first 16 limbs
    receive the result (e.g. the next HMAC block).
    """
    w = _W
    k = _K
    for i in range(32):
        w[i] = block[i]
    # Rotations of a (high, low) pair: by n < 16 shift across the pair; by
    # 16 + n swap the halves first. Bits shifted above 16 are masked off; a
    # left shift by 15 masks first so it stays below 2**30.
    for i in range(32, 128, 2):
        xh = w[i - 30]
        xl = w[i - 29]
        # sigma0 = rotr 7 ^ rotr 18 ^ shr 3
        s0h = ((xh >> 7) | (xl << 9)) ^ ((xl >> 2) | (xh << 14)) ^ (xh >> 3)
        s0l = ((xl >> 7) | (xh << 9)) ^ ((xh >> 2) | (xl << 14)) ^ ((xl >> 3) | (xh << 13))
        xh = w[i - 4]
        xl = w[i - 3]
        # sigma1 = rotr 17 ^ rotr 19 ^ shr 10
        s1h = ((xl >> 1) | ((xh & 1) << 15)) ^ ((xl >> 3) | (xh << 13)) ^ (xh >> 10)
        s1l = ((xh >> 1) | ((xl & 1) << 15)) ^ ((xh >> 3) | (xl << 13)) ^ ((xl >> 10) | (xh << 6))
        lo = w[i - 31] + w[i - 13] + (s0l & 0xFFFF) + (s1l & 0xFFFF)
        w[i] = (w[i - 32] + w[i - 14] + (s0h & 0xFFFF) + (s1h & 0xFFFF) + (lo >> 16)) & 0xFFFF
        w[i + 1] = lo & 0xFFFF

    ah = state_in[0]
    al = state_in[1]
    bh = state_in[2]
    bl = state_in[3]
    ch = state_in[4]
    cl = state_in[5]
    dh = state_in[6]
    dl = state_in[7]
    eh = state_in[8]
    el = state_in[9]
    fh = state_in[10]
    fl = state_in[11]
    gh = state_in[12]
    gl = state_in[13]
    hh = state_in[14]
    hl = state_in[15]
    for i in range(0, 128, 2):
        # t1 = h + Sigma1(e) + Ch(e, f, g) + K[i] + W[i], Sigma1 = rotr 6 ^ 11 ^ 25
        sh = ((eh >> 6) | (el << 10)) ^ ((eh >> 11) | (el << 5)) ^ ((el >> 9) | (eh << 7))
        sl = ((el >> 6) | (eh << 10)) ^ ((el >> 11) | (eh << 5)) ^ ((eh >> 9) | (el << 7))
        t1l = hl + (sl & 0xFFFF) + ((el & fl) ^ ((el ^ 0xFFFF) & gl)) + k[i + 1] + w[i + 1]
        t1h = (hh + (sh & 0xFFFF) + ((eh & fh) ^ ((eh ^ 0xFFFF) & gh)) + k[i] + w[i]
               + (t1l >> 16)) & 0xFFFF
        t1l &= 0xFFFF
        # t2 = Sigma0(a) + Maj(a, b, c), Sigma0 = rotr 2 ^ 13 ^ 22
        sh = ((ah >> 2) | (al << 14)) ^ ((ah >> 13) | (al << 3)) ^ ((al >> 6) | (ah << 10))
        sl = ((al >> 2) | (ah << 14)) ^ ((al >> 13) | (ah << 3)) ^ ((ah >> 6) | (al << 10))
        t2l = (sl & 0xFFFF) + ((al & bl) | (cl & (al | bl)))
        t2h = (sh & 0xFFFF) + ((ah & bh) | (ch & (ah | bh)))
        hh = gh
        hl = gl
        gh = fh
        gl = fl
        fh = eh
        fl = el
        el = dl + t1l
        eh = (dh + t1h + (el >> 16)) & 0xFFFF
        el &= 0xFFFF
        dh = ch
        dl = cl
        ch = bh
        cl = bl
        bh = ah
        bl = al
        al = t1l + t2l
        ah = (t1h + t2h + (al >> 16)) & 0xFFFF
        al &= 0xFFFF

    # Low limb first: state_out may be state_in, and each word reads its own limbs.
    lo = state_in[1] + al
    state_out[0] = (state_in[0] + ah + (lo >> 16)) & 0xFFFF
    state_out[1] = lo & 0xFFFF
    lo = state_in[3] + bl
    state_out[2] = (state_in[2] + bh + (lo >> 16)) & 0xFFFF
    state_out[3] = lo & 0xFFFF
    lo = state_in[5] + cl
    state_out[4] = (state_in[4] + ch + (lo >> 16)) & 0xFFFF
    state_out[5] = lo & 0xFFFF
    lo = state_in[7] + dl
    state_out[6] = (state_in[6] + dh + (lo >> 16)) & 0xFFFF
    state_out[7] = lo & 0xFFFF
    lo = state_in[9] + el
    state_out[8] = (state_in[8] + eh + (lo >> 16)) & 0xFFFF
    state_out[9] = lo & 0xFFFF
    lo = state_in[11] + fl
    state_out[10] = (state_in[10] + fh + (lo >> 16)) & 0xFFFF
    state_out[11] = lo & 0xFFFF
    lo = state_in[13] + gl
    state_out[12] = (state_in[12] + gh + (lo >> 16)) & 0xFFFF
    state_out[13] = lo & 0xFFFF
    lo = state_in[15] + hl
    state_out[14] = (state_in[14] + hh + (lo >> 16)) & 0xFFFF
    state_out[15] = lo & 0xFFFF
