"""SHA-512 compression in pure Python, allocation-free (no native SHA-512 on the boards).

64-bit words are four 16-bit limbs so nothing reaches 2**30 (see
``totp.sha_common``); locals ``a0``..``a3`` are word a's limbs, least
significant first, while lists hold limbs most significant first. Only
``compress`` is here; ``totp.otp`` runs it on precomputed HMAC states, and
``totp.sha_common.digest`` hashes long keys.
"""

BLOCK_BYTES = 128
DIGEST_BYTES = 64
LENGTH_BYTES = 16
IV = (0x6A09, 0xE667, 0xF3BC, 0xC908, 0xBB67, 0xAE85, 0x84CA, 0xA73B,
      0x3C6E, 0xF372, 0xFE94, 0xF82B, 0xA54F, 0xF53A, 0x5F1D, 0x36F1,
      0x510E, 0x527F, 0xADE6, 0x82D1, 0x9B05, 0x688C, 0x2B3E, 0x6C1F,
      0x1F83, 0xD9AB, 0xFB41, 0xBD6B, 0x5BE0, 0xCD19, 0x137E, 0x2179)

# Round constants (FIPS 180-4 section 4.2.3) as limbs, most significant first.
_K = (
    0x428A, 0x2F98, 0xD728, 0xAE22, 0x7137, 0x4491, 0x23EF, 0x65CD,
    0xB5C0, 0xFBCF, 0xEC4D, 0x3B2F, 0xE9B5, 0xDBA5, 0x8189, 0xDBBC,
    0x3956, 0xC25B, 0xF348, 0xB538, 0x59F1, 0x11F1, 0xB605, 0xD019,
    0x923F, 0x82A4, 0xAF19, 0x4F9B, 0xAB1C, 0x5ED5, 0xDA6D, 0x8118,
    0xD807, 0xAA98, 0xA303, 0x0242, 0x1283, 0x5B01, 0x4570, 0x6FBE,
    0x2431, 0x85BE, 0x4EE4, 0xB28C, 0x550C, 0x7DC3, 0xD5FF, 0xB4E2,
    0x72BE, 0x5D74, 0xF27B, 0x896F, 0x80DE, 0xB1FE, 0x3B16, 0x96B1,
    0x9BDC, 0x06A7, 0x25C7, 0x1235, 0xC19B, 0xF174, 0xCF69, 0x2694,
    0xE49B, 0x69C1, 0x9EF1, 0x4AD2, 0xEFBE, 0x4786, 0x384F, 0x25E3,
    0x0FC1, 0x9DC6, 0x8B8C, 0xD5B5, 0x240C, 0xA1CC, 0x77AC, 0x9C65,
    0x2DE9, 0x2C6F, 0x592B, 0x0275, 0x4A74, 0x84AA, 0x6EA6, 0xE483,
    0x5CB0, 0xA9DC, 0xBD41, 0xFBD4, 0x76F9, 0x88DA, 0x8311, 0x53B5,
    0x983E, 0x5152, 0xEE66, 0xDFAB, 0xA831, 0xC66D, 0x2DB4, 0x3210,
    0xB003, 0x27C8, 0x98FB, 0x213F, 0xBF59, 0x7FC7, 0xBEEF, 0x0EE4,
    0xC6E0, 0x0BF3, 0x3DA8, 0x8FC2, 0xD5A7, 0x9147, 0x930A, 0xA725,
    0x06CA, 0x6351, 0xE003, 0x826F, 0x1429, 0x2967, 0x0A0E, 0x6E70,
    0x27B7, 0x0A85, 0x46D2, 0x2FFC, 0x2E1B, 0x2138, 0x5C26, 0xC926,
    0x4D2C, 0x6DFC, 0x5AC4, 0x2AED, 0x5338, 0x0D13, 0x9D95, 0xB3DF,
    0x650A, 0x7354, 0x8BAF, 0x63DE, 0x766A, 0x0ABB, 0x3C77, 0xB2A8,
    0x81C2, 0xC92E, 0x47ED, 0xAEE6, 0x9272, 0x2C85, 0x1482, 0x353B,
    0xA2BF, 0xE8A1, 0x4CF1, 0x0364, 0xA81A, 0x664B, 0xBC42, 0x3001,
    0xC24B, 0x8B70, 0xD0F8, 0x9791, 0xC76C, 0x51A3, 0x0654, 0xBE30,
    0xD192, 0xE819, 0xD6EF, 0x5218, 0xD699, 0x0624, 0x5565, 0xA910,
    0xF40E, 0x3585, 0x5771, 0x202A, 0x106A, 0xA070, 0x32BB, 0xD1B8,
    0x19A4, 0xC116, 0xB8D2, 0xD0C8, 0x1E37, 0x6C08, 0x5141, 0xAB53,
    0x2748, 0x774C, 0xDF8E, 0xEB99, 0x34B0, 0xBCB5, 0xE19B, 0x48A8,
    0x391C, 0x0CB3, 0xC5C9, 0x5A63, 0x4ED8, 0xAA4A, 0xE341, 0x8ACB,
    0x5B9C, 0xCA4F, 0x7763, 0xE373, 0x682E, 0x6FF3, 0xD6B2, 0xB8A3,
    0x748F, 0x82EE, 0x5DEF, 0xB2FC, 0x78A5, 0x636F, 0x4317, 0x2F60,
    0x84C8, 0x7814, 0xA1F0, 0xAB72, 0x8CC7, 0x0208, 0x1A64, 0x39EC,
    0x90BE, 0xFFFA, 0x2363, 0x1E28, 0xA450, 0x6CEB, 0xDE82, 0xBDE9,
    0xBEF9, 0xA3F7, 0xB2C6, 0x7915, 0xC671, 0x78F2, 0xE372, 0x532B,
    0xCA27, 0x3ECE, 0xEA26, 0x619C, 0xD186, 0xB8C7, 0x21C0, 0xC207,
    0xEADA, 0x7DD6, 0xCDE0, 0xEB1E, 0xF57D, 0x4F7F, 0xEE6E, 0xD178,
    0x06F0, 0x67AA, 0x7217, 0x6FBA, 0x0A63, 0x7DC5, 0xA2C8, 0x98A6,
    0x113F, 0x9804, 0xBEF9, 0x0DAE, 0x1B71, 0x0B35, 0x131C, 0x471B,
    0x28DB, 0x77F5, 0x2304, 0x7D84, 0x32CA, 0xAB7B, 0x40C7, 0x2493,
    0x3C9E, 0xBE0A, 0x15C9, 0xBEBC, 0x431D, 0x67C4, 0x9C10, 0x0D4C,
    0x4CC5, 0xD4BE, 0xCB3E, 0x42B6, 0x597F, 0x299C, 0xFC65, 0x7E2A,
    0x5FCB, 0x6FAB, 0x3AD6, 0xFAEC, 0x6C44, 0x198C, 0x4A47, 0x5817,)

# The 80-word message schedule as limbs; shared scratch (one compression at a
# time), so a code allocates nothing.
_W = [0] * 320


def compress(state_in, block, state_out):
    """Compress one block (64 limbs) into ``state_in`` (32 limbs), writing ``state_out``.

    ``state_out`` may be ``state_in``, or a longer list whose first 32 limbs
    receive the result (e.g. the next HMAC block).
    """
    w = _W
    k = _K
    for i in range(64):
        w[i] = block[i]
    # Rotating by 16q + r takes limb j from limbs j+q and j+q+1 (mod 4). Bits
    # shifted above 16 are masked off; the one shift by 15 masks first so it
    # stays below 2**30. Sums carry limb by limb through ``acc``.
    for i in range(64, 320, 4):
        xa = w[i - 57]
        xb = w[i - 58]
        xc = w[i - 59]
        xd = w[i - 60]
        # sigma0 = rotr 1 ^ rotr 8 ^ shr 7
        s0 = (((xa >> 1) | ((xb & 1) << 15)) ^ ((xa >> 8) | (xb << 8))
              ^ ((xa >> 7) | (xb << 9))) & 0xFFFF
        s1 = (((xb >> 1) | ((xc & 1) << 15)) ^ ((xb >> 8) | (xc << 8))
              ^ ((xb >> 7) | (xc << 9))) & 0xFFFF
        s2 = (((xc >> 1) | ((xd & 1) << 15)) ^ ((xc >> 8) | (xd << 8))
              ^ ((xc >> 7) | (xd << 9))) & 0xFFFF
        s3 = (((xd >> 1) | ((xa & 1) << 15)) ^ ((xd >> 8) | (xa << 8))
              ^ (xd >> 7)) & 0xFFFF
        xa = w[i - 5]
        xb = w[i - 6]
        xc = w[i - 7]
        xd = w[i - 8]
        # sigma1 = rotr 19 ^ rotr 61 ^ shr 6
        r0 = (((xb >> 3) | (xc << 13)) ^ ((xd >> 13) | (xa << 3))
              ^ ((xa >> 6) | (xb << 10))) & 0xFFFF
        r1 = (((xc >> 3) | (xd << 13)) ^ ((xa >> 13) | (xb << 3))
              ^ ((xb >> 6) | (xc << 10))) & 0xFFFF
        r2 = (((xd >> 3) | (xa << 13)) ^ ((xb >> 13) | (xc << 3))
              ^ ((xc >> 6) | (xd << 10))) & 0xFFFF
        r3 = (((xa >> 3) | (xb << 13)) ^ ((xc >> 13) | (xd << 3))
              ^ (xd >> 6)) & 0xFFFF
        acc = w[i - 61] + w[i - 25] + s0 + r0
        w[i + 3] = acc & 0xFFFF
        acc = w[i - 62] + w[i - 26] + s1 + r1 + (acc >> 16)
        w[i + 2] = acc & 0xFFFF
        acc = w[i - 63] + w[i - 27] + s2 + r2 + (acc >> 16)
        w[i + 1] = acc & 0xFFFF
        acc = w[i - 64] + w[i - 28] + s3 + r3 + (acc >> 16)
        w[i] = acc & 0xFFFF

    a0 = state_in[3]
    a1 = state_in[2]
    a2 = state_in[1]
    a3 = state_in[0]
    b0 = state_in[7]
    b1 = state_in[6]
    b2 = state_in[5]
    b3 = state_in[4]
    c0 = state_in[11]
    c1 = state_in[10]
    c2 = state_in[9]
    c3 = state_in[8]
    d0 = state_in[15]
    d1 = state_in[14]
    d2 = state_in[13]
    d3 = state_in[12]
    e0 = state_in[19]
    e1 = state_in[18]
    e2 = state_in[17]
    e3 = state_in[16]
    f0 = state_in[23]
    f1 = state_in[22]
    f2 = state_in[21]
    f3 = state_in[20]
    g0 = state_in[27]
    g1 = state_in[26]
    g2 = state_in[25]
    g3 = state_in[24]
    h0 = state_in[31]
    h1 = state_in[30]
    h2 = state_in[29]
    h3 = state_in[28]
    for i in range(0, 320, 4):
        # t1 = h + Sigma1(e) + Ch(e, f, g) + K[i] + W[i], Sigma1 = rotr 14 ^ 18 ^ 41
        s0 = (((e0 >> 14) | (e1 << 2)) ^ ((e1 >> 2) | (e2 << 14))
              ^ ((e2 >> 9) | (e3 << 7))) & 0xFFFF
        s1 = (((e1 >> 14) | (e2 << 2)) ^ ((e2 >> 2) | (e3 << 14))
              ^ ((e3 >> 9) | (e0 << 7))) & 0xFFFF
        s2 = (((e2 >> 14) | (e3 << 2)) ^ ((e3 >> 2) | (e0 << 14))
              ^ ((e0 >> 9) | (e1 << 7))) & 0xFFFF
        s3 = (((e3 >> 14) | (e0 << 2)) ^ ((e0 >> 2) | (e1 << 14))
              ^ ((e1 >> 9) | (e2 << 7))) & 0xFFFF
        acc = h0 + s0 + ((e0 & f0) ^ ((e0 ^ 0xFFFF) & g0)) + k[i + 3] + w[i + 3]
        t0 = acc & 0xFFFF
        acc = h1 + s1 + ((e1 & f1) ^ ((e1 ^ 0xFFFF) & g1)) + k[i + 2] + w[i + 2] + (acc >> 16)
        t1 = acc & 0xFFFF
        acc = h2 + s2 + ((e2 & f2) ^ ((e2 ^ 0xFFFF) & g2)) + k[i + 1] + w[i + 1] + (acc >> 16)
        t2 = acc & 0xFFFF
        acc = h3 + s3 + ((e3 & f3) ^ ((e3 ^ 0xFFFF) & g3)) + k[i] + w[i] + (acc >> 16)
        t3 = acc & 0xFFFF
        # t2 = Sigma0(a) + Maj(a, b, c), Sigma0 = rotr 28 ^ 34 ^ 39 (limbs not carried yet)
        s0 = (((a1 >> 12) | (a2 << 4)) ^ ((a2 >> 2) | (a3 << 14))
              ^ ((a2 >> 7) | (a3 << 9))) & 0xFFFF
        s0 += (a0 & b0) | (c0 & (a0 | b0))
        s1 = (((a2 >> 12) | (a3 << 4)) ^ ((a3 >> 2) | (a0 << 14))
              ^ ((a3 >> 7) | (a0 << 9))) & 0xFFFF
        s1 += (a1 & b1) | (c1 & (a1 | b1))
        s2 = (((a3 >> 12) | (a0 << 4)) ^ ((a0 >> 2) | (a1 << 14))
              ^ ((a0 >> 7) | (a1 << 9))) & 0xFFFF
        s2 += (a2 & b2) | (c2 & (a2 | b2))
        s3 = (((a0 >> 12) | (a1 << 4)) ^ ((a1 >> 2) | (a2 << 14))
              ^ ((a1 >> 7) | (a2 << 9))) & 0xFFFF
        s3 += (a3 & b3) | (c3 & (a3 | b3))
        h0 = g0
        h1 = g1
        h2 = g2
        h3 = g3
        g0 = f0
        g1 = f1
        g2 = f2
        g3 = f3
        f0 = e0
        f1 = e1
        f2 = e2
        f3 = e3
        acc = d0 + t0
        e0 = acc & 0xFFFF
        acc = d1 + t1 + (acc >> 16)
        e1 = acc & 0xFFFF
        acc = d2 + t2 + (acc >> 16)
        e2 = acc & 0xFFFF
        acc = d3 + t3 + (acc >> 16)
        e3 = acc & 0xFFFF
        d0 = c0
        d1 = c1
        d2 = c2
        d3 = c3
        c0 = b0
        c1 = b1
        c2 = b2
        c3 = b3
        b0 = a0
        b1 = a1
        b2 = a2
        b3 = a3
        acc = t0 + s0
        a0 = acc & 0xFFFF
        acc = t1 + s1 + (acc >> 16)
        a1 = acc & 0xFFFF
        acc = t2 + s2 + (acc >> 16)
        a2 = acc & 0xFFFF
        acc = t3 + s3 + (acc >> 16)
        a3 = acc & 0xFFFF

    # Least significant limb first: state_out may be state_in, and each word
    # reads its own limbs before writing them.
    acc = state_in[3] + a0
    state_out[3] = acc & 0xFFFF
    acc = state_in[2] + a1 + (acc >> 16)
    state_out[2] = acc & 0xFFFF
    acc = state_in[1] + a2 + (acc >> 16)
    state_out[1] = acc & 0xFFFF
    acc = state_in[0] + a3 + (acc >> 16)
    state_out[0] = acc & 0xFFFF
    acc = state_in[7] + b0
    state_out[7] = acc & 0xFFFF
    acc = state_in[6] + b1 + (acc >> 16)
    state_out[6] = acc & 0xFFFF
    acc = state_in[5] + b2 + (acc >> 16)
    state_out[5] = acc & 0xFFFF
    acc = state_in[4] + b3 + (acc >> 16)
    state_out[4] = acc & 0xFFFF
    acc = state_in[11] + c0
    state_out[11] = acc & 0xFFFF
    acc = state_in[10] + c1 + (acc >> 16)
    state_out[10] = acc & 0xFFFF
    acc = state_in[9] + c2 + (acc >> 16)
    state_out[9] = acc & 0xFFFF
    acc = state_in[8] + c3 + (acc >> 16)
    state_out[8] = acc & 0xFFFF
    acc = state_in[15] + d0
    state_out[15] = acc & 0xFFFF
    acc = state_in[14] + d1 + (acc >> 16)
    state_out[14] = acc & 0xFFFF
    acc = state_in[13] + d2 + (acc >> 16)
    state_out[13] = acc & 0xFFFF
    acc = state_in[12] + d3 + (acc >> 16)
    state_out[12] = acc & 0xFFFF
    acc = state_in[19] + e0
    state_out[19] = acc & 0xFFFF
    acc = state_in[18] + e1 + (acc >> 16)
    state_out[18] = acc & 0xFFFF
    acc = state_in[17] + e2 + (acc >> 16)
    state_out[17] = acc & 0xFFFF
    acc = state_in[16] + e3 + (acc >> 16)
    state_out[16] = acc & 0xFFFF
    acc = state_in[23] + f0
    state_out[23] = acc & 0xFFFF
    acc = state_in[22] + f1 + (acc >> 16)
    state_out[22] = acc & 0xFFFF
    acc = state_in[21] + f2 + (acc >> 16)
    state_out[21] = acc & 0xFFFF
    acc = state_in[20] + f3 + (acc >> 16)
    state_out[20] = acc & 0xFFFF
    acc = state_in[27] + g0
    state_out[27] = acc & 0xFFFF
    acc = state_in[26] + g1 + (acc >> 16)
    state_out[26] = acc & 0xFFFF
    acc = state_in[25] + g2 + (acc >> 16)
    state_out[25] = acc & 0xFFFF
    acc = state_in[24] + g3 + (acc >> 16)
    state_out[24] = acc & 0xFFFF
    acc = state_in[31] + h0
    state_out[31] = acc & 0xFFFF
    acc = state_in[30] + h1 + (acc >> 16)
    state_out[30] = acc & 0xFFFF
    acc = state_in[29] + h2 + (acc >> 16)
    state_out[29] = acc & 0xFFFF
    acc = state_in[28] + h3 + (acc >> 16)
    state_out[28] = acc & 0xFFFF
