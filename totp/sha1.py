"""SHA-1 compression in pure Python, allocation-free, for boards without a native hash.

32-bit words are (high, low) pairs of 16-bit limbs so nothing reaches 2**30
(see ``totp.sha_common``). Only ``compress`` is here; ``totp.otp`` runs it on
precomputed HMAC states, and ``totp.sha_common.digest`` hashes long keys.

Written for MicroPython's interpreter, where each arithmetic operation and
list index costs about the same and dominates: the schedule is built from
locals and kept in groups of five words that the rounds unpack into locals,
and the rounds are unrolled five at a time so the words trade roles instead
of being moved.
"""

BLOCK_BYTES = 64
DIGEST_BYTES = 20
LENGTH_BYTES = 8
IV = (0x6745, 0x2301, 0xEFCD, 0xAB89, 0x98BA, 0xDCFE, 0x1032, 0x5476, 0xC3D2, 0xE1F0)

# The 80-word message schedule as 16 groups of five (high, low) word pairs;
# shared scratch (one compression at a time), so a code allocates nothing.
_GROUPS = [[0] * 10 for _ in range(16)]
_STAGES = (_GROUPS[0:4], _GROUPS[4:8], _GROUPS[8:12], _GROUPS[12:16])  # 20 rounds each


def _expand(block, groups):
    """Fill ``groups`` with the block's 16 words and the 64 schedule words after them."""
    (x0h, x0l, x1h, x1l, x2h, x2l, x3h, x3l, x4h, x4l, x5h, x5l, x6h, x6l, x7h, x7l, x8h, x8l,
     x9h, x9l, x10h, x10l, x11h, x11l, x12h, x12l, x13h, x13l, x14h, x14l, x15h, x15l) = block
    g = groups[0]
    g[0], g[1] = x0h, x0l
    g[2], g[3] = x1h, x1l
    g[4], g[5] = x2h, x2l
    g[6], g[7] = x3h, x3l
    g[8], g[9] = x4h, x4l
    g = groups[1]
    g[0], g[1] = x5h, x5l
    g[2], g[3] = x6h, x6l
    g[4], g[5] = x7h, x7l
    g[6], g[7] = x8h, x8l
    g[8], g[9] = x9h, x9l
    g = groups[2]
    g[0], g[1] = x10h, x10l
    g[2], g[3] = x11h, x11l
    g[4], g[5] = x12h, x12l
    g[6], g[7] = x13h, x13l
    g[8], g[9] = x14h, x14l
    g = groups[3]
    g[0], g[1] = x15h, x15l
    # words 16-19 (group 3 after word 15), then 20 per pass: word t lives in x<t % 20>
    hi = x13h ^ x8h ^ x2h ^ x0h
    lo = x13l ^ x8l ^ x2l ^ x0l
    x16h = g[2] = ((hi << 1) | (lo >> 15)) & 0xFFFF
    x16l = g[3] = ((lo << 1) | (hi >> 15)) & 0xFFFF
    hi = x14h ^ x9h ^ x3h ^ x1h
    lo = x14l ^ x9l ^ x3l ^ x1l
    x17h = g[4] = ((hi << 1) | (lo >> 15)) & 0xFFFF
    x17l = g[5] = ((lo << 1) | (hi >> 15)) & 0xFFFF
    hi = x15h ^ x10h ^ x4h ^ x2h
    lo = x15l ^ x10l ^ x4l ^ x2l
    x18h = g[6] = ((hi << 1) | (lo >> 15)) & 0xFFFF
    x18l = g[7] = ((lo << 1) | (hi >> 15)) & 0xFFFF
    hi = x16h ^ x11h ^ x5h ^ x3h
    lo = x16l ^ x11l ^ x5l ^ x3l
    x19h = g[8] = ((hi << 1) | (lo >> 15)) & 0xFFFF
    x19l = g[9] = ((lo << 1) | (hi >> 15)) & 0xFFFF
    for j in range(4, 16, 4):
        g = groups[j]
        hi = x17h ^ x12h ^ x6h ^ x4h
        lo = x17l ^ x12l ^ x6l ^ x4l
        x0h = g[0] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x0l = g[1] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x18h ^ x13h ^ x7h ^ x5h
        lo = x18l ^ x13l ^ x7l ^ x5l
        x1h = g[2] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x1l = g[3] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x19h ^ x14h ^ x8h ^ x6h
        lo = x19l ^ x14l ^ x8l ^ x6l
        x2h = g[4] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x2l = g[5] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x0h ^ x15h ^ x9h ^ x7h
        lo = x0l ^ x15l ^ x9l ^ x7l
        x3h = g[6] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x3l = g[7] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x1h ^ x16h ^ x10h ^ x8h
        lo = x1l ^ x16l ^ x10l ^ x8l
        x4h = g[8] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x4l = g[9] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        g = groups[j + 1]
        hi = x2h ^ x17h ^ x11h ^ x9h
        lo = x2l ^ x17l ^ x11l ^ x9l
        x5h = g[0] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x5l = g[1] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x3h ^ x18h ^ x12h ^ x10h
        lo = x3l ^ x18l ^ x12l ^ x10l
        x6h = g[2] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x6l = g[3] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x4h ^ x19h ^ x13h ^ x11h
        lo = x4l ^ x19l ^ x13l ^ x11l
        x7h = g[4] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x7l = g[5] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x5h ^ x0h ^ x14h ^ x12h
        lo = x5l ^ x0l ^ x14l ^ x12l
        x8h = g[6] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x8l = g[7] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x6h ^ x1h ^ x15h ^ x13h
        lo = x6l ^ x1l ^ x15l ^ x13l
        x9h = g[8] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x9l = g[9] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        g = groups[j + 2]
        hi = x7h ^ x2h ^ x16h ^ x14h
        lo = x7l ^ x2l ^ x16l ^ x14l
        x10h = g[0] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x10l = g[1] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x8h ^ x3h ^ x17h ^ x15h
        lo = x8l ^ x3l ^ x17l ^ x15l
        x11h = g[2] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x11l = g[3] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x9h ^ x4h ^ x18h ^ x16h
        lo = x9l ^ x4l ^ x18l ^ x16l
        x12h = g[4] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x12l = g[5] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x10h ^ x5h ^ x19h ^ x17h
        lo = x10l ^ x5l ^ x19l ^ x17l
        x13h = g[6] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x13l = g[7] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x11h ^ x6h ^ x0h ^ x18h
        lo = x11l ^ x6l ^ x0l ^ x18l
        x14h = g[8] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x14l = g[9] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        g = groups[j + 3]
        hi = x12h ^ x7h ^ x1h ^ x19h
        lo = x12l ^ x7l ^ x1l ^ x19l
        x15h = g[0] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x15l = g[1] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x13h ^ x8h ^ x2h ^ x0h
        lo = x13l ^ x8l ^ x2l ^ x0l
        x16h = g[2] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x16l = g[3] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x14h ^ x9h ^ x3h ^ x1h
        lo = x14l ^ x9l ^ x3l ^ x1l
        x17h = g[4] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x17l = g[5] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x15h ^ x10h ^ x4h ^ x2h
        lo = x15l ^ x10l ^ x4l ^ x2l
        x18h = g[6] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x18l = g[7] = ((lo << 1) | (hi >> 15)) & 0xFFFF
        hi = x16h ^ x11h ^ x5h ^ x3h
        lo = x16l ^ x11l ^ x5l ^ x3l
        x19h = g[8] = ((hi << 1) | (lo >> 15)) & 0xFFFF
        x19l = g[9] = ((lo << 1) | (hi >> 15)) & 0xFFFF


def compress(state_in, block, state_out):
    """Compress one block (32 limbs) into ``state_in`` (10 limbs), writing ``state_out``.

    ``state_out`` may be ``state_in``, or a longer list whose first 10 limbs
    receive the result (e.g. the next HMAC block).
    """
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
    _expand(block, _GROUPS)
    # Each round adds into the word playing e and rotates the one playing b.
    # rotl(a, 5) is added as (a << 5) + (a >> 27): the low limb's shifted-out
    # bits then reach the high limb through the carry. High-limb sums may
    # hold bits above 16; only their final mask matters.
    for g in _STAGES[0]:  # rounds 0-19
        (w0h, w0l, w1h, w1l, w2h, w2l, w3h, w3l, w4h, w4l) = g
        lo = el + (al << 5) + (ah >> 11) + (dl ^ (bl & (cl ^ dl))) + 0x7999 + w0l
        eh = (eh + (ah << 5) + (dh ^ (bh & (ch ^ dh))) + 0x5A82 + w0h
              + (lo >> 16)) & 0xFFFF
        el = lo & 0xFFFF
        bh, bl = ((bh >> 2) | (bl << 14)) & 0xFFFF, ((bl >> 2) | (bh << 14)) & 0xFFFF
        lo = dl + (el << 5) + (eh >> 11) + (cl ^ (al & (bl ^ cl))) + 0x7999 + w1l
        dh = (dh + (eh << 5) + (ch ^ (ah & (bh ^ ch))) + 0x5A82 + w1h
              + (lo >> 16)) & 0xFFFF
        dl = lo & 0xFFFF
        ah, al = ((ah >> 2) | (al << 14)) & 0xFFFF, ((al >> 2) | (ah << 14)) & 0xFFFF
        lo = cl + (dl << 5) + (dh >> 11) + (bl ^ (el & (al ^ bl))) + 0x7999 + w2l
        ch = (ch + (dh << 5) + (bh ^ (eh & (ah ^ bh))) + 0x5A82 + w2h
              + (lo >> 16)) & 0xFFFF
        cl = lo & 0xFFFF
        eh, el = ((eh >> 2) | (el << 14)) & 0xFFFF, ((el >> 2) | (eh << 14)) & 0xFFFF
        lo = bl + (cl << 5) + (ch >> 11) + (al ^ (dl & (el ^ al))) + 0x7999 + w3l
        bh = (bh + (ch << 5) + (ah ^ (dh & (eh ^ ah))) + 0x5A82 + w3h
              + (lo >> 16)) & 0xFFFF
        bl = lo & 0xFFFF
        dh, dl = ((dh >> 2) | (dl << 14)) & 0xFFFF, ((dl >> 2) | (dh << 14)) & 0xFFFF
        lo = al + (bl << 5) + (bh >> 11) + (el ^ (cl & (dl ^ el))) + 0x7999 + w4l
        ah = (ah + (bh << 5) + (eh ^ (ch & (dh ^ eh))) + 0x5A82 + w4h
              + (lo >> 16)) & 0xFFFF
        al = lo & 0xFFFF
        ch, cl = ((ch >> 2) | (cl << 14)) & 0xFFFF, ((cl >> 2) | (ch << 14)) & 0xFFFF
    for g in _STAGES[1]:  # rounds 20-39
        (w0h, w0l, w1h, w1l, w2h, w2l, w3h, w3l, w4h, w4l) = g
        lo = el + (al << 5) + (ah >> 11) + (bl ^ cl ^ dl) + 0xEBA1 + w0l
        eh = (eh + (ah << 5) + (bh ^ ch ^ dh) + 0x6ED9 + w0h
              + (lo >> 16)) & 0xFFFF
        el = lo & 0xFFFF
        bh, bl = ((bh >> 2) | (bl << 14)) & 0xFFFF, ((bl >> 2) | (bh << 14)) & 0xFFFF
        lo = dl + (el << 5) + (eh >> 11) + (al ^ bl ^ cl) + 0xEBA1 + w1l
        dh = (dh + (eh << 5) + (ah ^ bh ^ ch) + 0x6ED9 + w1h
              + (lo >> 16)) & 0xFFFF
        dl = lo & 0xFFFF
        ah, al = ((ah >> 2) | (al << 14)) & 0xFFFF, ((al >> 2) | (ah << 14)) & 0xFFFF
        lo = cl + (dl << 5) + (dh >> 11) + (el ^ al ^ bl) + 0xEBA1 + w2l
        ch = (ch + (dh << 5) + (eh ^ ah ^ bh) + 0x6ED9 + w2h
              + (lo >> 16)) & 0xFFFF
        cl = lo & 0xFFFF
        eh, el = ((eh >> 2) | (el << 14)) & 0xFFFF, ((el >> 2) | (eh << 14)) & 0xFFFF
        lo = bl + (cl << 5) + (ch >> 11) + (dl ^ el ^ al) + 0xEBA1 + w3l
        bh = (bh + (ch << 5) + (dh ^ eh ^ ah) + 0x6ED9 + w3h
              + (lo >> 16)) & 0xFFFF
        bl = lo & 0xFFFF
        dh, dl = ((dh >> 2) | (dl << 14)) & 0xFFFF, ((dl >> 2) | (dh << 14)) & 0xFFFF
        lo = al + (bl << 5) + (bh >> 11) + (cl ^ dl ^ el) + 0xEBA1 + w4l
        ah = (ah + (bh << 5) + (ch ^ dh ^ eh) + 0x6ED9 + w4h
              + (lo >> 16)) & 0xFFFF
        al = lo & 0xFFFF
        ch, cl = ((ch >> 2) | (cl << 14)) & 0xFFFF, ((cl >> 2) | (ch << 14)) & 0xFFFF
    for g in _STAGES[2]:  # rounds 40-59
        (w0h, w0l, w1h, w1l, w2h, w2l, w3h, w3l, w4h, w4l) = g
        lo = el + (al << 5) + (ah >> 11) + ((bl & cl) | (dl & (bl | cl))) + 0xBCDC + w0l
        eh = (eh + (ah << 5) + ((bh & ch) | (dh & (bh | ch))) + 0x8F1B + w0h
              + (lo >> 16)) & 0xFFFF
        el = lo & 0xFFFF
        bh, bl = ((bh >> 2) | (bl << 14)) & 0xFFFF, ((bl >> 2) | (bh << 14)) & 0xFFFF
        lo = dl + (el << 5) + (eh >> 11) + ((al & bl) | (cl & (al | bl))) + 0xBCDC + w1l
        dh = (dh + (eh << 5) + ((ah & bh) | (ch & (ah | bh))) + 0x8F1B + w1h
              + (lo >> 16)) & 0xFFFF
        dl = lo & 0xFFFF
        ah, al = ((ah >> 2) | (al << 14)) & 0xFFFF, ((al >> 2) | (ah << 14)) & 0xFFFF
        lo = cl + (dl << 5) + (dh >> 11) + ((el & al) | (bl & (el | al))) + 0xBCDC + w2l
        ch = (ch + (dh << 5) + ((eh & ah) | (bh & (eh | ah))) + 0x8F1B + w2h
              + (lo >> 16)) & 0xFFFF
        cl = lo & 0xFFFF
        eh, el = ((eh >> 2) | (el << 14)) & 0xFFFF, ((el >> 2) | (eh << 14)) & 0xFFFF
        lo = bl + (cl << 5) + (ch >> 11) + ((dl & el) | (al & (dl | el))) + 0xBCDC + w3l
        bh = (bh + (ch << 5) + ((dh & eh) | (ah & (dh | eh))) + 0x8F1B + w3h
              + (lo >> 16)) & 0xFFFF
        bl = lo & 0xFFFF
        dh, dl = ((dh >> 2) | (dl << 14)) & 0xFFFF, ((dl >> 2) | (dh << 14)) & 0xFFFF
        lo = al + (bl << 5) + (bh >> 11) + ((cl & dl) | (el & (cl | dl))) + 0xBCDC + w4l
        ah = (ah + (bh << 5) + ((ch & dh) | (eh & (ch | dh))) + 0x8F1B + w4h
              + (lo >> 16)) & 0xFFFF
        al = lo & 0xFFFF
        ch, cl = ((ch >> 2) | (cl << 14)) & 0xFFFF, ((cl >> 2) | (ch << 14)) & 0xFFFF
    for g in _STAGES[3]:  # rounds 60-79
        (w0h, w0l, w1h, w1l, w2h, w2l, w3h, w3l, w4h, w4l) = g
        lo = el + (al << 5) + (ah >> 11) + (bl ^ cl ^ dl) + 0xC1D6 + w0l
        eh = (eh + (ah << 5) + (bh ^ ch ^ dh) + 0xCA62 + w0h
              + (lo >> 16)) & 0xFFFF
        el = lo & 0xFFFF
        bh, bl = ((bh >> 2) | (bl << 14)) & 0xFFFF, ((bl >> 2) | (bh << 14)) & 0xFFFF
        lo = dl + (el << 5) + (eh >> 11) + (al ^ bl ^ cl) + 0xC1D6 + w1l
        dh = (dh + (eh << 5) + (ah ^ bh ^ ch) + 0xCA62 + w1h
              + (lo >> 16)) & 0xFFFF
        dl = lo & 0xFFFF
        ah, al = ((ah >> 2) | (al << 14)) & 0xFFFF, ((al >> 2) | (ah << 14)) & 0xFFFF
        lo = cl + (dl << 5) + (dh >> 11) + (el ^ al ^ bl) + 0xC1D6 + w2l
        ch = (ch + (dh << 5) + (eh ^ ah ^ bh) + 0xCA62 + w2h
              + (lo >> 16)) & 0xFFFF
        cl = lo & 0xFFFF
        eh, el = ((eh >> 2) | (el << 14)) & 0xFFFF, ((el >> 2) | (eh << 14)) & 0xFFFF
        lo = bl + (cl << 5) + (ch >> 11) + (dl ^ el ^ al) + 0xC1D6 + w3l
        bh = (bh + (ch << 5) + (dh ^ eh ^ ah) + 0xCA62 + w3h
              + (lo >> 16)) & 0xFFFF
        bl = lo & 0xFFFF
        dh, dl = ((dh >> 2) | (dl << 14)) & 0xFFFF, ((dl >> 2) | (dh << 14)) & 0xFFFF
        lo = al + (bl << 5) + (bh >> 11) + (cl ^ dl ^ el) + 0xC1D6 + w4l
        ah = (ah + (bh << 5) + (ch ^ dh ^ eh) + 0xCA62 + w4h
              + (lo >> 16)) & 0xFFFF
        al = lo & 0xFFFF
        ch, cl = ((ch >> 2) | (cl << 14)) & 0xFFFF, ((cl >> 2) | (ch << 14)) & 0xFFFF

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
