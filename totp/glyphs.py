"""The token's own glyphs: a 5x8 font drawn straight into an MVLSB framebuffer.

``FONT`` holds 5 column bytes per character (bit 0 = top row) for ASCII 32-126,
then one box glyph for anything else. A line of text is 8 rows: 7 down to the
baseline, then one descender row that only ``g j p q y`` reach into (their
bowls end a row above the baseline, so the tails have two rows).
Large digits and Steam letters are the same glyphs scaled 2x or 3x. Drawing
ORs column bytes into ``fb.buf`` (the ``adafruit_framebuf`` MVLSB layout: byte
``(y // 8) * stride + x``, bit ``y % 8``) instead of calling ``pixel`` per dot,
which is slow on a board. Nothing here allocates: text can be drawn from a slice
of a string (``start``/``end``) and numbers straight from ints, so a redraw
builds no strings. Reading pixels back is host-side (``totp_token.sim.screen_text``).
"""

WIDTH = 5
HEIGHT = 8  # rows of a line: ABOVE_BASELINE, then the descender row
ABOVE_BASELINE = 7  # rows from the top of a line to the baseline (capitals, digits)
ADVANCE = 6  # glyph width plus one blank column
FIRST = 32
LAST = 126
UNKNOWN = LAST - FIRST + 1  # index of the box drawn for characters outside ASCII

FONT = (  # 5 column bytes per glyph, 4 glyphs per line, starting at the space
    b"\x00\x00\x00\x00\x00\x00\x00\x5f\x00\x00\x00\x03\x00\x03\x00\x14\x7f\x14\x7f\x14"
    b"\x24\x2a\x7f\x2a\x12\x23\x13\x08\x64\x62\x36\x49\x55\x22\x50\x00\x00\x03\x00\x00"
    b"\x00\x1c\x22\x41\x00\x00\x41\x22\x1c\x00\x14\x08\x3e\x08\x14\x08\x08\x3e\x08\x08"
    b"\x00\x50\x30\x00\x00\x08\x08\x08\x08\x08\x00\x60\x60\x00\x00\x20\x10\x08\x04\x02"
    b"\x3e\x51\x49\x45\x3e\x00\x42\x7f\x40\x00\x42\x61\x51\x49\x46\x21\x41\x45\x4b\x31"
    b"\x18\x14\x12\x7f\x10\x27\x45\x45\x45\x39\x3c\x4a\x49\x49\x30\x01\x71\x09\x05\x03"
    b"\x36\x49\x49\x49\x36\x06\x49\x49\x29\x1e\x00\x36\x36\x00\x00\x00\x56\x36\x00\x00"
    b"\x08\x14\x22\x41\x00\x14\x14\x14\x14\x14\x00\x41\x22\x14\x08\x02\x01\x51\x09\x06"
    b"\x3e\x41\x5d\x55\x4e\x7e\x09\x09\x09\x7e\x7f\x49\x49\x49\x36\x3e\x41\x41\x41\x22"
    b"\x7f\x41\x41\x41\x3e\x7f\x49\x49\x49\x41\x7f\x09\x09\x09\x01\x3e\x41\x49\x49\x7a"
    b"\x7f\x08\x08\x08\x7f\x00\x41\x7f\x41\x00\x20\x40\x41\x3f\x01\x7f\x08\x14\x22\x41"
    b"\x7f\x40\x40\x40\x40\x7f\x02\x0c\x02\x7f\x7f\x04\x08\x10\x7f\x3e\x41\x41\x41\x3e"
    b"\x7f\x09\x09\x09\x06\x3e\x41\x51\x21\x5e\x7f\x09\x19\x29\x46\x46\x49\x49\x49\x31"
    b"\x01\x01\x7f\x01\x01\x3f\x40\x40\x40\x3f\x1f\x20\x40\x20\x1f\x3f\x40\x38\x40\x3f"
    b"\x63\x14\x08\x14\x63\x03\x04\x78\x04\x03\x61\x51\x49\x45\x43\x00\x7f\x41\x41\x00"
    b"\x02\x04\x08\x10\x20\x00\x41\x41\x7f\x00\x04\x02\x01\x02\x04\x40\x40\x40\x40\x40"
    b"\x00\x01\x02\x00\x00\x20\x54\x54\x54\x78\x7f\x48\x44\x44\x38\x38\x44\x44\x44\x20"
    b"\x38\x44\x44\x48\x7f\x38\x54\x54\x54\x18\x08\x7e\x09\x01\x02\x18\xa4\xa4\xa4\x7c"
    b"\x7f\x08\x04\x04\x78\x00\x44\x7d\x40\x00\x40\x80\x84\x7d\x00\x7f\x10\x28\x44\x00"
    b"\x00\x41\x7f\x40\x00\x7c\x04\x18\x04\x78\x7c\x08\x04\x04\x78\x38\x44\x44\x44\x38"
    b"\xfc\x24\x24\x24\x18\x18\x24\x24\x24\xfc\x7c\x08\x04\x04\x08\x48\x54\x54\x54\x24"
    b"\x04\x3f\x44\x40\x20\x3c\x40\x40\x20\x7c\x1c\x20\x40\x20\x1c\x3c\x40\x30\x40\x3c"
    b"\x44\x28\x10\x28\x44\x1c\xa0\xa0\xa0\x7c\x44\x64\x54\x4c\x44\x00\x08\x36\x41\x41"
    b"\x00\x00\x7f\x00\x00\x41\x41\x36\x08\x00\x08\x04\x08\x10\x08\x7f\x41\x41\x41\x7f"
)


def _spread_table(scale):
    # each of the 8 bits of a column repeated ``scale`` times, for every column value
    table = []
    for value in range(256):
        spread = 0
        for bit in range(HEIGHT):
            if value & (1 << bit):
                spread |= ((1 << scale) - 1) << (bit * scale)
        table.append(spread)
    return table


_SPREAD = {}  # type: dict[int, list[int]]


def _spread(scale):
    if scale == 1:
        return None
    table = _SPREAD.get(scale)
    if table is None:
        table = _SPREAD[scale] = _spread_table(scale)
    return table


def glyph_index(char):
    code = ord(char)
    if FIRST <= code <= LAST:
        return code - FIRST
    return UNKNOWN


def text_width(text, scale=1):
    """Pixels ``text`` takes, without the trailing blank column."""
    if not text:
        return 0
    return (len(text) * ADVANCE - 1) * scale


def draw_text(fb, x, y, text, scale=1, right=None, start=0, end=-1):
    """Draw ``text[start:end]`` with its top-left corner at (x, y); stop before column
    ``right``. ``end`` -1 means the end of ``text``.

    ``scale`` is 1 to 3 (a 3x column is 24 bits: a small int on the board). The
    area must be clear: columns are ORed in. Returns the x after the text.
    """
    if right is None or right > fb.width:
        right = fb.width
    index = 0
    for char in text:  # iterating allocates nothing on MicroPython; slicing would
        if index == end:
            break
        if index >= start:
            if x + WIDTH * scale > right:
                break
            x = _draw_glyph(fb, x, y, glyph_index(char), scale)
        index += 1
    return x


def draw_digits(fb, x, y, value, scale=1):
    """Draw the decimal digits of the int ``value`` >= 0 (no string is built)."""
    divisor = 1
    while divisor * 10 <= value:
        divisor *= 10
    while divisor:
        x = _draw_glyph(fb, x, y, ord("0") - FIRST + (value // divisor) % 10, scale)
        divisor //= 10
    return x


def digit_count(value):
    count = 1
    while value >= 10:
        value //= 10
        count += 1
    return count


def _draw_glyph(fb, x, y, index, scale):
    base = index * WIDTH
    spread = _spread(scale)
    for col in range(WIDTH):
        bits = FONT[base + col]
        if bits:
            if spread is not None:
                bits = spread[bits]
            for dx in range(scale):
                or_column(fb, x + dx, y, bits)
        x += scale
    return x + scale  # the blank column between glyphs


def or_column(fb, x, y, bits):
    """OR ``bits`` (bit 0 at row ``y``, at most 24 bits) into column ``x``."""
    buf = fb.buf
    stride = fb.stride
    pages = fb.height >> 3
    shift = y & 7
    page = y >> 3
    # split before shifting, so no value ever needs more than 24 bits
    if page < pages:
        buf[page * stride + x] |= (bits & (0xFF >> shift)) << shift
    value = bits >> (8 - shift)
    page += 1
    while value and page < pages:
        buf[page * stride + x] |= value & 0xFF
        value >>= 8
        page += 1


def fill_columns(fb, x, y, width, bits):
    """OR the same column ``bits`` into ``width`` columns from ``x`` (a bar)."""
    for column in range(x, min(x + width, fb.width)):
        or_column(fb, column, y, bits)


def clear(fb, x, y, width, height):
    """Clear a page-aligned area (y and height multiples of 8)."""
    buf = fb.buf
    stride = fb.stride
    end = min(x + width, fb.width)
    for page in range(y >> 3, min((y + height) >> 3, fb.height >> 3)):
        start = page * stride
        for i in range(start + x, start + end):
            buf[i] = 0
