"""The project's glyphs: every character reads back from the pixels it draws, at every
scale and row offset; lower-case g j p q y hang below the baseline; the fast column
blit puts the same dots as per-pixel drawing; slices, numbers and bars drawn without
building strings match their text."""

import adafruit_framebuf
import pytest
from totp_token.sim.frontends import screen_text

from totp import glyphs

PRINTABLE = "".join(chr(code) for code in range(glyphs.FIRST + 1, glyphs.LAST + 1))
STEAM_ALPHABET = "23456789BCDFGHJKMNPQRTVWXY"


def framebuffer(width=128, height=64):
    return adafruit_framebuf.FrameBuffer(bytearray(width * height // 8), width, height,
                                         adafruit_framebuf.MVLSB)


def rows(fb):
    return screen_text.rows_from_buffer(fb.buf, fb.width, fb.height)


def chunks(text, size):
    return [text[i:i + size] for i in range(0, len(text), size)]


@pytest.mark.parametrize("scale, y", [(1, 0), (1, 3), (1, 8), (1, 56), (2, 0), (2, 9), (3, 20),
                                      (3, 40)])
def test_every_character_reads_back(scale, y):
    per_line = 128 // (glyphs.ADVANCE * scale)
    for text in chunks(PRINTABLE, per_line):
        fb = framebuffer()
        glyphs.draw_text(fb, 0, y, text, scale)
        assert screen_text.read_text(rows(fb), y, scale) == text


@pytest.mark.parametrize("scale", [2, 3])
def test_large_glyphs_cover_the_steam_alphabet(scale):
    for text in chunks(STEAM_ALPHABET, 128 // (glyphs.ADVANCE * scale)):
        fb = framebuffer()
        glyphs.draw_text(fb, 1, 5, text, scale)
        assert screen_text.read_text(rows(fb), 5, scale) == text


def test_no_two_glyphs_look_alike():
    seen = {}
    for index in range(glyphs.UNKNOWN + 1):
        columns = bytes(glyphs.FONT[index * glyphs.WIDTH:(index + 1) * glyphs.WIDTH])
        trimmed = columns.strip(b"\0")
        assert trimmed not in seen, "glyph %d looks like glyph %d" % (index, seen.get(trimmed))
        seen[trimmed] = index


def ink_rows(char):
    """The rows of the 8-row line that ``char`` puts ink on."""
    columns = glyphs.FONT[glyphs.glyph_index(char) * glyphs.WIDTH:][:glyphs.WIDTH]
    return {row for row in range(glyphs.HEIGHT) for column in columns if column >> row & 1}


def test_only_descender_letters_reach_below_the_baseline():
    below = {char for char in PRINTABLE if glyphs.ABOVE_BASELINE in ink_rows(char)}
    assert below == set("gjpqy")


@pytest.mark.parametrize("letter, like", [("g", "a"), ("p", "n"), ("q", "a"), ("y", "u"),
                                          ("j", "i")])
def test_descender_letters_start_at_the_lower_case_height(letter, like):
    # the tops line up with letters of their kind, so "Example" does not read "ExamPle"
    assert min(ink_rows(letter)) == min(ink_rows(like))
    assert max(ink_rows(letter)) == glyphs.HEIGHT - 1
    assert max(ink_rows(like)) == glyphs.ABOVE_BASELINE - 1
    assert min(ink_rows(letter.upper())) == 0  # capitals are a row taller
    assert ink_rows(letter) != ink_rows(letter.upper())


def test_a_line_without_descender_room_never_reads_a_descender_letter():
    fb = framebuffer()
    glyphs.draw_text(fb, 0, 0, "Gp", 2)
    fb.fill_rect(0, 15, 128, 1, 1)  # other ink in the descender row, as under a big code
    assert screen_text.read_text(rows(fb), 0, 2, descender=False) == "G" + screen_text.UNREADABLE
    fb = framebuffer()
    glyphs.draw_text(fb, 0, 0, "4BXK9", 2)
    fb.fill_rect(0, 15, 128, 1, 1)
    assert screen_text.read_text(rows(fb), 0, 2, descender=False) == "4BXK9"


def test_font_is_a_compact_table_with_one_box_for_the_rest():
    assert isinstance(glyphs.FONT, bytes)
    assert len(glyphs.FONT) == (glyphs.LAST - glyphs.FIRST + 2) * glyphs.WIDTH
    fb = framebuffer()
    glyphs.draw_text(fb, 0, 0, "Åsa")
    assert screen_text.read_text(rows(fb), 0) == screen_text.UNKNOWN_TEXT + "sa"


@pytest.mark.parametrize("scale, x, y", [(1, 0, 0), (1, 7, 5), (2, 3, 9), (3, 0, 20), (2, 60, 48),
                                         (3, 1, 39), (2, 0, 57)])
def test_column_blit_equals_pixel_drawing(scale, x, y):
    text = "0aZ{~gjpqy"[:(128 - x) // (glyphs.ADVANCE * scale)]  # what fits: no clipping
    fast = framebuffer()
    glyphs.draw_text(fast, x, y, text, scale)
    slow = framebuffer()
    left = x
    for char in text:
        base = glyphs.glyph_index(char) * glyphs.WIDTH
        for col in range(glyphs.WIDTH):
            for bit in range(glyphs.HEIGHT):
                if glyphs.FONT[base + col] >> bit & 1:
                    slow.fill_rect(left + col * scale, y + bit * scale, scale, scale, 1)
        left += glyphs.ADVANCE * scale
    assert bytes(fast.buf) == bytes(slow.buf)


def test_text_stops_at_the_right_edge_instead_of_wrapping():
    fb = framebuffer(128, 32)
    end = glyphs.draw_text(fb, 0, 0, "x" * 30, right=60)
    assert end <= 60
    assert screen_text.read_text(rows(fb), 0) == "x" * 10
    assert not any(fb.buf[60:128])


def test_widths_and_gaps_read_as_spaces():
    fb = framebuffer()
    glyphs.draw_text(fb, 0, 0, "a  b")
    glyphs.draw_text(fb, 0, 16, "12", 2)
    glyphs.draw_text(fb, glyphs.text_width("12", 2) + 2 + glyphs.ADVANCE, 16, "34", 2)
    assert glyphs.text_width("abc") == 17
    assert screen_text.read_text(rows(fb), 0) == "a  b"
    assert screen_text.read_text(rows(fb), 16, 2) == "12 34"  # half an advance: a group gap


def test_ink_that_is_no_glyph_is_reported_not_guessed():
    fb = framebuffer()
    fb.fill_rect(10, 0, 7, 7, 1)
    glyphs.draw_text(fb, 30, 0, "ok")
    assert screen_text.read_text(rows(fb), 0) == screen_text.UNREADABLE + "ok"


@pytest.mark.parametrize("text, start, end", [
    ("Yoyodyne Propulsion", 0, 17), ("Yoyodyne Propulsion", 2, 19), ("123456", 3, 6),
    ("123456", 0, -1), ("ab", 5, 9),
])
def test_a_slice_is_drawn_without_slicing(text, start, end):
    drawn = framebuffer()
    after = glyphs.draw_text(drawn, 4, 9, text, 2, start=start, end=end)
    expected = framebuffer()
    expected_after = glyphs.draw_text(expected, 4, 9, text[start:None if end < 0 else end], 2)
    assert bytes(drawn.buf) == bytes(expected.buf) and after == expected_after


@pytest.mark.parametrize("value, digits", [(0, 1), (7, 1), (10, 2), (29, 2), (30, 2), (100, 3),
                                           (86400, 5)])
@pytest.mark.parametrize("scale", [1, 2])
def test_numbers_are_drawn_from_ints_like_their_text(value, digits, scale):
    drawn = framebuffer()
    after = glyphs.draw_digits(drawn, 3, 5, value, scale)
    expected = framebuffer()
    assert after == glyphs.draw_text(expected, 3, 5, str(value), scale)
    assert bytes(drawn.buf) == bytes(expected.buf)
    assert glyphs.digit_count(value) == digits == len(str(value))


@pytest.mark.parametrize("x, y, width, bits", [(0, 26, 90, 0b111), (40, 27, 50, 1),
                                               (120, 6, 20, 0b11111), (0, 61, 5, 0b111)])
def test_a_bar_sets_exactly_its_pixels(x, y, width, bits):
    fb = framebuffer()
    glyphs.fill_columns(fb, x, y, width, bits)
    lit = {(column, row) for row, line in enumerate(rows(fb)) for column, dot in
           enumerate(line) if dot == "#"}
    assert lit == {(column, y + bit) for column in range(x, min(x + width, 128))
                   for bit in range(8) if bits >> bit & 1 and y + bit < 64}
