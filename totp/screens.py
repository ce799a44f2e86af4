"""What the OLED shows: the code screen, the HOTP screen and message screens.

``Screen(display)`` draws into an ``adafruit_ssd1306`` display (an
``adafruit_framebuf`` MVLSB FrameBuffer) with ``totp.glyphs`` and calls
``show()``; the app calls it only when something on screen changed. Layouts
for 128x32 and 128x64 panels are the ``Layout`` numbers below. The code screen
(redrawn every second) allocates nothing: labels are drawn from a scroll offset,
digits from ints, groups from index ranges. Reading the screen back as text is
host-side (``totp_token.sim.screen_text``).
"""

from totp import glyphs

# digit groups for readability: code length -> group sizes
GROUPS = {5: (5,), 6: (3, 3), 7: (3, 4), 8: (4, 4), 9: (3, 3, 3), 10: (5, 5)}
CHAR = glyphs.ADVANCE
COLUMNS = 128 // CHAR  # small characters per line
NEXT_WARNING_S = 5  # show the next code this many seconds before the change

# message screens (App shows one instead of codes, or as a short notice)
MSG_STORAGE = 1
MSG_NO_STORE = 2
MSG_CLOCK = 3
MSG_EMPTY = 4
MSG_NO_USB = 5
MSG_ERROR = 6
MSG_UNSUPPORTED = 7

# the part a failing step was using (App._part), for the error screen
PART_UNKNOWN = 0
PART_CLOCK = 1
PART_DISPLAY = 2
PART_STORAGE = 3
PART_KEYBOARD = 4
PART_BUTTONS = 5
PART_DATA = 6
# per part: the error screen's lines (21 characters at most), the part and the fix in words
ERROR_LINES = (
    ("Error", "something failed;", "the token keeps", "running"),
    ("Clock error", "the clock chip does", "not answer: check", "its wiring"),
    ("Display error", "the screen does not", "answer: check its", "wiring"),
    ("Storage error", "accounts unreadable:", "run on a computer", "totp-token info"),
    ("Typing error", "the USB keyboard", "failed: unplug the", "token, plug it in"),
    ("Button error", "the buttons cannot", "be read: check", "their wiring"),
    ("Data port error", "a request failed:", "run the command", "again"),
)
MSG_COMPACTING = 8


def message_lines(which, detail=None):
    """The text of a message screen; ``detail``: the clock's reason, or for an error the
    ``PART_*`` that failed."""
    if which == MSG_STORAGE:
        return ["Storage damaged", "No codes shown.", "Run: totp-token info", "for what to do"]
    if which == MSG_UNSUPPORTED:
        return ["Board not supported", "accounts can't be", "kept safe on it:",
                "see docs/boards.md"]
    if which == MSG_NO_STORE:
        return ["No storage", "this board has no", "nvm for accounts"]
    if which == MSG_CLOCK:
        return ["Set the time", "totp-token time --set", (detail or "clock not set")[:COLUMNS]]
    if which == MSG_EMPTY:
        return ["No accounts yet", "To add one, run", "totp-token add", "on your computer"]
    if which == MSG_NO_USB:
        return ["USB not connected", "code not typed"]
    if which == MSG_COMPACTING:
        return ["Tidying storage", "keep it plugged in", "deleted secrets go"]
    part = detail if isinstance(detail, int) and 0 <= detail < len(ERROR_LINES) else 0
    return list(ERROR_LINES[part])


def type_hint(button):
    """The HOTP screen's hint: ``button`` as ``buttons.type_button`` names it ('B', 'hold A')."""
    if button.startswith("hold "):
        return button + " for a code"
    return "press %s for a code" % button


# the question on the presence screen, per totp.protocol.presence action
PRESS_TITLES = {"code": "Send the code?", "delete": "Delete?", "rename": "Rename?",
                "move": "Move?", "wipe": "Erase all?", "replace": "Replace?",
                "compact": "Tidy storage?"}


def press_lines(action, label, yes, no, seconds):
    """The presence screen: what a host asks for, for which account, and which button
    says yes (``yes``) or no (``no``); ``seconds`` left to answer on the first line."""
    title = PRESS_TITLES.get(action, "Allow?")
    left = "%ds" % seconds
    gap = COLUMNS - len(title) - len(left)
    return [title + " " * max(gap, 1) + left, label[:COLUMNS], yes + ": yes", no + ": no"]


def window_start(text, room, offset):
    """Where the ``room`` characters of ``text`` shown at scroll ``offset`` begin."""
    if len(text) <= room:
        return 0
    return min(offset, len(text) - room)


def groups(length):
    """Digit group sizes for a code of ``length`` (one group when GROUPS has none)."""
    sizes = GROUPS.get(length)
    return sizes if sizes is not None else (length,)


class Layout:
    """Where things go on a panel of ``height`` pixels (128 wide).

    Every line of small text owns its 8 rows (descender row included), so no
    tail of a ``g`` or ``p`` touches other ink. The big code has no descenders:
    on 32 rows its (empty) descender rows may overlap the bottom line.
    """

    def __init__(self, height):
        self.height = height
        if height >= 64:
            self.name_y = 10  # the account name gets its own line
            self.code_y = {3: 20, 2: 24}  # scale -> top of the big code
            self.next_y = 46
            self.bottom_y = 56
            self.message_ys = (0, 11, 22, 33, 44, 55)  # type: tuple[int, ...]
        else:
            self.name_y = -1  # issuer and name share the top line
            self.code_y = {2: 9}
            self.next_y = -1  # the next code replaces the bar on the bottom line
            self.bottom_y = 24
            self.message_ys = (0, 8, 16, 24)
        self.label_y = 0
        self.scales = tuple(sorted(self.code_y, reverse=True))  # largest first


def big_code_width(code, scale):
    return glyphs.text_width(code, scale) + (len(groups(len(code))) - 1) * (CHAR * scale // 2)


def label_chars(position):
    """How many label characters fit on the top line next to ``position``."""
    return COLUMNS - len(position) - 1


def name_chars():
    return COLUMNS


class Screen:
    def __init__(self, display):
        self.display = display
        self.layout = Layout(display.height)

    def _clear(self):
        glyphs.clear(self.display, 0, 0, self.display.width, self.display.height)

    def _right(self, y, text):
        """Right-aligned on the character grid, so read-back spacing is exact."""
        glyphs.draw_text(self.display, (self.display.width // CHAR - len(text)) * CHAR, y, text)

    def _label(self, y, text, room, scroll):
        start = window_start(text, room, scroll)
        glyphs.draw_text(self.display, 0, y, text, right=room * CHAR, start=start,
                         end=start + room)

    def _header(self, top, bottom, position, scroll):
        layout = self.layout
        self._label(layout.label_y, top, label_chars(position), scroll)
        self._right(layout.label_y, position)
        if layout.name_y >= 0 and bottom:
            self._label(layout.name_y, bottom, name_chars(), scroll)

    def _grouped(self, x, y, code, scale, gap):
        """Draw ``code`` in its digit groups, ``gap`` pixels apart; returns the x after."""
        start = 0
        for size in groups(len(code)):
            if start:
                x += gap
            x = glyphs.draw_text(self.display, x, y, code, scale, start=start,
                                 end=start + size)
            start += size
        return x

    def _big(self, code):
        """Draw ``code`` in the largest scale that fits, groups a half glyph apart."""
        layout = self.layout
        scale = layout.scales[-1]
        for candidate in layout.scales:
            if big_code_width(code, candidate) <= self.display.width:
                scale = candidate
                break
        x = (self.display.width - big_code_width(code, scale)) // 2
        self._grouped(x, layout.code_y[scale], code, scale, CHAR * scale // 2)

    def _next(self, y, next_code):
        x = glyphs.draw_text(self.display, 0, y, "next ")
        self._grouped(x, y, next_code, 1, CHAR)

    def _bar(self, y, width, fraction_num, fraction_den):
        filled = width * fraction_num // fraction_den if fraction_den else 0
        if filled > 0:
            glyphs.fill_columns(self.display, 0, y + 2, filled, 0b111)
        if filled < width:
            glyphs.fill_columns(self.display, filled, y + 3, width - filled, 1)

    def code(self, top, bottom, position, code, seconds_left, period, next_code=None,
             scroll=0):
        """An account's current code with the time left; the next one near the end.

        ``top``/``bottom`` are the whole labels, shown from ``scroll``.
        """
        self._clear()
        self._header(top, bottom, position, scroll)
        self._big(code)
        layout = self.layout
        seconds_chars = glyphs.digit_count(seconds_left) + 1  # and the "s"
        x = (self.display.width // CHAR - seconds_chars) * CHAR
        x = glyphs.draw_digits(self.display, x, layout.bottom_y, seconds_left)
        glyphs.draw_text(self.display, x, layout.bottom_y, "s")
        if next_code is not None and layout.next_y < 0:
            self._next(layout.bottom_y, next_code)
        else:
            if next_code is not None:
                self._next(layout.next_y, next_code)
            bar_width = self.display.width - (seconds_chars + 1) * CHAR + 1
            self._bar(layout.bottom_y, bar_width, seconds_left, period)
        self.display.show()

    def hotp(self, top, bottom, position, code, counter, hint, scroll=0):
        """A counter account: the code only after a press, otherwise how to get one."""
        self._clear()
        self._header(top, bottom, position, scroll)
        layout = self.layout
        if code is None:
            glyphs.draw_text(self.display, 0, layout.bottom_y, hint)
        else:
            self._big(code)
            glyphs.draw_text(self.display, 0, layout.bottom_y, "counter %d" % counter)
        self.display.show()

    def message(self, lines):
        """Up to 4 (32 px) or 6 (64 px) short lines of text."""
        self._clear()
        ys = self.layout.message_ys
        for index in range(min(len(lines), len(ys))):
            glyphs.draw_text(self.display, 0, ys[index], lines[index])
        self.display.show()

    def off(self):
        """Blank the panel and switch it off (OLEDs burn in)."""
        self._clear()
        self.display.show()
        self.display.poweroff()

    def on(self):
        self.display.poweron()
