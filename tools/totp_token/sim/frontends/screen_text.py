"""Reads the token's screen back as text, for tests, docs and the simulator (host only).

The firmware draws with ``totp.glyphs``; this module decodes those pixels again:
``rows_from_buffer`` turns an MVLSB framebuffer into '#'/'.' rows,
``read_text`` decodes one line of glyphs, ``read_screen`` every text line of a
panel drawn by ``totp.screens.Screen``; ``group`` spaces a code as the screen
does. It lives on the host so the decoder never ships to (or takes RAM on) the
token.
"""

from totp import glyphs, screens
from totp.glyphs import ABOVE_BASELINE, ADVANCE, FIRST, FONT, HEIGHT, UNKNOWN, WIDTH

UNKNOWN_TEXT = "\ufffd"  # what read_text returns for the box glyph
UNREADABLE = "\x1a"  # what read_text returns for ink that matches no glyph


def rows_from_buffer(buf, width, height, stride=None):
    """'#'/'.' rows from an MVLSB buffer (e.g. ``display.buf``)."""
    stride = stride or width
    rows = []
    for y in range(height):
        page = (y >> 3) * stride
        bit = 1 << (y & 7)
        rows.append("".join(["#" if buf[page + x] & bit else "." for x in range(width)]))
    return rows


def _column_bits(rows, x, y, scale, height):
    value = 0
    for bit in range(height):
        if rows[y + bit * scale][x] == "#":
            value |= 1 << bit
    return value


def _glyph_columns(descender):
    found = []
    for index in range(UNKNOWN + 1):
        cols = tuple(FONT[index * WIDTH:(index + 1) * WIDTH])
        if not any(cols):
            continue  # the space: read as a gap
        if not descender and any(col >> ABOVE_BASELINE for col in cols):
            continue  # this line has no descender row: such a glyph cannot be there
        lead = 0
        while not cols[lead]:
            lead += 1
        lit = WIDTH - lead
        while not cols[lead + lit - 1]:
            lit -= 1
        char = UNKNOWN_TEXT if index == UNKNOWN else chr(FIRST + index)
        found.append((char, cols, lead, lit))
    return found


def read_text(rows, y, scale=1, left=0, right=None, descender=True):
    """Decode the text drawn at ``y`` with ``scale`` from '#'/'.' rows.

    Every glyph must match pixel for pixel over the whole line, descender row
    included; ``descender=False`` reads a line whose descender row may hold other
    ink (a big code right above the bottom line): that row is not read and glyphs
    that reach into it never match. Ink that matches no glyph reads as
    ``UNREADABLE``. A gap of half an advance or more reads as a space (codes are
    grouped with half gaps). Outer blanks are stripped.
    """
    height = HEIGHT if descender else ABOVE_BASELINE
    candidates = _glyph_columns(descender)
    width = len(rows[0]) if right is None else right
    out = []
    previous = None
    x = left
    while x < width:
        if not _column_bits(rows, x, y, scale, height):
            x += 1
            continue
        best = None
        for char, cols, lead, lit in candidates:
            start = x - lead * scale
            if start < left or start + WIDTH * scale > width:
                continue
            if best is not None and lit <= best[2]:
                continue  # the widest match explains the most ink
            if _matches(rows, y, scale, height, start, cols, width):
                best = (char, start, lit)
        if best is None:
            out.append(UNREADABLE)
            while x < width and _column_bits(rows, x, y, scale, height):
                x += 1
            previous = None
            continue
        char, start = best[0], best[1]
        if previous is not None:
            advance = ADVANCE * scale
            out.append(" " * ((start - previous + advance // 2) // advance - 1))
        out.append(char)
        previous = start
        x = start + WIDTH * scale
    return "".join(out).strip()


def _matches(rows, y, scale, height, start, cols, width):
    for col in range(WIDTH):
        for dx in range(scale):
            x = start + col * scale + dx
            for bit in range(height):
                want = bool(cols[col] & (1 << bit))
                for dy in range(scale):  # every pixel of a scaled dot must agree
                    if (rows[y + bit * scale + dy][x] == "#") != want:
                        return False
    # the spacing column must be blank, or this is only the start of a wider glyph
    after = start + WIDTH * scale
    return after >= width or not _column_bits(rows, after, y, scale, height)


def text_slots(layout):
    """(y, scale, descender) of every place ``layout`` may draw text; ``descender``:
    the line's descender row holds nothing else."""
    places = [(y, 1, True) for y in layout.message_ys]
    for y in (layout.label_y, layout.name_y, layout.next_y, layout.bottom_y):
        if y >= 0 and (y, 1, True) not in places:
            places.append((y, 1, True))
    for scale in layout.code_y:
        places.append((layout.code_y[scale], scale, False))
    return places


def group(code, gap=" "):
    """``123456`` -> ``123 456``: a code as the screen groups it (``screens.GROUPS``)."""
    parts = []
    start = 0
    for size in screens.groups(len(code)):
        parts.append(code[start:start + size])
        start += size
    return gap.join(parts)


def read_screen(rows):
    """Text lines decoded from '#'/'.' rows of a panel drawn by ``totp.screens.Screen``.

    Tries every text slot of the layout, top to bottom; ink that is not text
    (bars, parts of larger glyphs) is left out.
    """
    layout = screens.Layout(len(rows))
    found = []
    for y, scale, descender in sorted(text_slots(layout)):
        if y + (glyphs.HEIGHT if descender else glyphs.ABOVE_BASELINE) * scale > len(rows):
            continue
        parts = read_text(rows, y, scale, descender=descender).split(UNREADABLE)
        text = " ".join([part.strip() for part in parts if part.strip()])
        if text:
            found.append(text)
    return found
