"""Screens on 128x32 and 128x64 panels, read back from the framebuffer with the project's
glyphs: the account, the grouped code, seconds left, position, the next code, messages."""

import pytest
from support.panels import Panel
from totp_token.sim.frontends import screen_text

from totp import glyphs, screens


@pytest.mark.parametrize("code, grouped", [
    ("123456", "123 456"), ("1234567", "123 4567"), ("12345678", "1234 5678"),
    ("123456789", "123 456 789"), ("1234567890", "12345 67890"), ("4BXK9", "4BXK9"),
])
@pytest.mark.parametrize("height", [32, 64])
def test_code_screen_shows_account_position_and_grouped_code(height, code, grouped):
    panel = Panel(height)
    screens.Screen(panel).code("GitHub", "alice" if height == 64 else "", "2/5", code, 17, 30)
    lines = panel.text()
    assert lines[0] == "GitHub" + " " * (21 - 6 - 3) + "2/5"
    assert grouped in lines
    assert "17s" in lines[-1]
    assert panel.shows == 1
    assert panel.buffer[0] == 0x40  # the I2C prefix byte is never drawn over


@pytest.mark.parametrize("height", [32, 64])
def test_last_seconds_show_the_next_code(height):
    panel = Panel(height)
    screens.Screen(panel).code("Mail", "", "1/1", "111111", 4, 30, next_code="222222")
    lines = panel.text()
    assert "111 111" in lines
    assert any(line.startswith("next 222 222") for line in lines)
    assert "4s" in lines[-1]


def test_seconds_bar_shrinks_with_time_left():
    def lit_bar_pixels(seconds_left):
        panel = Panel(32)
        screens.Screen(panel).code("A", "", "1/1", "123456", seconds_left, 30)
        rows = screen_text.rows_from_buffer(panel.buf, 128, 32)
        return rows[screens.Layout(32).bottom_y + 3][:90].count("#"), rows
    full, _ = lit_bar_pixels(30)
    half, _ = lit_bar_pixels(15)
    assert full == 90  # the thick part and the thin rest span the same width
    thick = [lit_bar_pixels(s)[1][screens.Layout(32).bottom_y + 2][:90].count("#")
             for s in (30, 15, 1)]
    assert thick[0] > thick[1] > thick[2] > 0


def test_hotp_screen_hides_the_code_until_asked():
    panel = Panel(32)
    screen = screens.Screen(panel)
    screen.hotp("Bank", "", "3/4", None, 0, "press B for a code")
    assert panel.text() == ["Bank" + " " * 14 + "3/4", "press B for a code"]
    screen.hotp("Bank", "", "3/4", "755224", 7, "press B for a code")
    assert "755 224" in panel.text() and "counter 7" in panel.text()


@pytest.mark.parametrize("height", [32, 64])
def test_message_screen_lines(height):
    panel = Panel(height)
    lines = ["No accounts yet", "To add one, run", "totp-token add", "on your computer"]
    screens.Screen(panel).message(lines)
    assert panel.text() == lines


def test_off_blanks_and_powers_down_then_on_powers_up():
    panel = Panel(32)
    screen = screens.Screen(panel)
    screen.message(["hello"])
    screen.off()
    assert not any(panel.buf) and not panel.powered and panel.shows == 2
    screen.on()
    assert panel.powered


@pytest.mark.parametrize("position, room", [("1/2", 17), ("10/12", 15)])
def test_label_room_leaves_space_for_the_position(position, room):
    assert screens.label_chars(position) == room
    panel = Panel(32)
    screens.Screen(panel).code("X" * 30, "", position, "123456", 9, 30)
    assert panel.text()[0] == "X" * room + " " + position


def test_group_gap_is_a_parameter():
    assert screen_text.group("12345678") == "1234 5678"
    assert screen_text.group("123456", "-") == "123-456"
    assert screen_text.group("4BXK9") == "4BXK9"


def rows_of(top, height):
    return set(range(top, top + height))


@pytest.mark.parametrize("height", [32, 64])
def test_every_line_owns_its_rows_descenders_included(height):
    layout = screens.Layout(height)
    lines = [rows_of(y, glyphs.HEIGHT) for y in (layout.label_y, layout.name_y,
                                                 layout.next_y, layout.bottom_y) if y >= 0]
    for scale, y in layout.code_y.items():  # one of these per screen; codes have no descenders
        code = rows_of(y, glyphs.ABOVE_BASELINE * scale)
        assert all(not code & line for line in lines), scale
        assert max(code) < height
    assert all(not a & b for i, a in enumerate(lines) for b in lines[i + 1:])
    messages = [rows_of(y, glyphs.HEIGHT) for y in layout.message_ys]
    assert all(not a & b for i, a in enumerate(messages) for b in messages[i + 1:])
    assert max(max(rows) for rows in lines + messages) < height


@pytest.mark.parametrize("height", [32, 64])
def test_letters_with_descenders_read_back_on_every_line(height):
    panel = Panel(height)
    screen = screens.Screen(panel)
    screen.hotp("Bank:jpq", "gypsy" if height == 64 else "", "1/1", None, 0,
                "press B for a code")
    expected = ["Bank:jpq" + " " * 10 + "1/1", "press B for a code"]
    assert panel.text() == expected[:1] + (["gypsy"] if height == 64 else []) + expected[1:]
    lines = ["gggg jjjj", "pppp qqqq", "yyyy gjpqy", "typing", "jumpy", "query"]
    screen.message(lines)
    assert panel.text() == lines[:len(screen.layout.message_ys)]
