"""The interactive simulator's terminal: the screen it draws and the keys it reads.

Drawn on the alternate screen, in cbreak mode, and put back exactly as it was on
exit. The OLED is drawn with half blocks (1x2 pixels per character), with quarter
blocks when the terminal is too narrow for that, or replaced by a line asking for a
wider window; no line is ever wider than the terminal, so nothing wraps.
"""

import os
import signal
import termios
import tty

from .render import half_blocks, quarter_blocks

ENTER_SCREEN = "\x1b[?1049h\x1b[?25l\x1b[2J"
LEAVE_SCREEN = "\x1b[?25h\x1b[?1049l"
HOME = "\x1b[H"
CLEAR_LINE_END = "\x1b[K"
CLEAR_BELOW = "\x1b[J"
ESC = "\x1b"
CTRL_D = "\x04"
KEYS_HELP = ("keys: a b c press a button · A B C (shift) hold it · t set the clock from "
             "this laptop · q quit")
FALLBACK_SIZE = os.terminal_size((80, 24))
TYPED_SHOWN = 4
MESSAGES_SHOWN = 3


class Terminal:
    def __init__(self, stdin, stdout):
        self.stdin = stdin
        self.out = stdout
        self._saved_mode = None
        self._size = None
        self._pending = ""  # the start of an escape sequence cut by the read

    def enter(self):
        self._saved_mode = termios.tcgetattr(self.stdin.fileno())
        tty.setcbreak(self.stdin.fileno())
        self.out.write(ENTER_SCREEN)
        self.out.flush()
        self._size = None

    def leave(self):
        """Put the terminal back; a terminal that is gone (hung up) is no error."""
        if self._saved_mode is not None:
            saved, self._saved_mode = self._saved_mode, None
            try:
                termios.tcsetattr(self.stdin.fileno(), termios.TCSADRAIN, saved)
                self.out.write(LEAVE_SCREEN)
                self.out.flush()
            except (OSError, termios.error):
                pass

    def suspend_on_ctrl_z(self):
        """Ctrl-Z gives the terminal back and stops; `fg` takes it again. Returns the old
        SIGTSTP handler (main thread only)."""
        def suspend(signum, frame):
            self.leave()
            os.kill(os.getpid(), signal.SIGSTOP)
            self.enter()  # continued: the shell has put its own terminal mode back

        return signal.signal(signal.SIGTSTP, suspend)

    def read_keys(self):
        """The keys typed since the last call, escape sequences (arrows, F-keys) dropped."""
        try:
            data = os.read(self.stdin.fileno(), 256)
        except OSError:
            data = b""  # the terminal went away (EIO)
        if not data:
            return [CTRL_D]  # end of input: quit rather than spin on a dead terminal
        keys, self._pending = keys_in(self._pending + data.decode("utf-8", "replace"))
        return keys

    def draw(self, header, rows, footer):
        """Header lines, the OLED, footer lines; cut to the terminal's size."""
        try:
            size = os.get_terminal_size(self.out.fileno())
        except OSError:
            size = FALLBACK_SIZE
        if not size.columns or not size.lines:  # a terminal that does not know its size
            size = FALLBACK_SIZE
        if size != self._size:
            self._size = size
            self.out.write("\x1b[2J")  # what a wider frame left behind
        lines = screen_lines(header, rows, footer, size.columns, size.lines)
        self.out.write(HOME + "".join(line + CLEAR_LINE_END + "\n" for line in lines[:-1])
                       + lines[-1] + CLEAR_LINE_END + CLEAR_BELOW)
        self.out.flush()


def keys_in(data):
    """(single keys, unfinished escape sequence) in terminal input: an arrow is not 'A'."""
    keys = []
    index = 0
    while index < len(data):
        char = data[index]
        if char != ESC:
            keys.append(char)
            index += 1
            continue
        start = index
        index += 1
        if index == len(data):
            return keys, data[start:]  # ESC alone so far: maybe more is on its way
        if data[index] in "[O":
            index += 1
            while index < len(data) and not "@" <= data[index] <= "~":
                index += 1  # parameters of a CSI/SS3 sequence, up to its final byte
            if index == len(data):
                return keys, data[start:]
            index += 1
    return keys, ""


def screen_lines(header, rows, footer, columns, height):
    """The lines to show: header, the OLED, footer, cut to the terminal.

    `header` and `footer` hold (priority, text); when the terminal is short, lines of
    higher priority numbers go first. No line is longer than columns - 1, so none wraps.
    """
    width = max(1, columns - 1)
    oled_width = len(rows[0]) if rows else 0
    needed_height = (len(rows) + 1) // 2 + 2
    if oled_width + 2 <= width:
        picture = half_blocks(rows).split("\n")
    elif (oled_width + 1) // 2 + 2 <= width:
        picture = quarter_blocks(rows).split("\n")
    else:
        picture = None
    if picture is not None and needed_height > height:
        picture = None
    if picture is None:
        picture = ["(OLED hidden: make the terminal at least %d x %d; it is %d x %d)"
                   % ((oled_width + 1) // 2 + 3, needed_height, columns, height)]
    room = max(0, height - len(picture))
    ranked = sorted(range(len(header) + len(footer)),
                    key=lambda index: (header + footer)[index][0])
    kept = set(ranked[:room])
    lines = ([text for index, (_, text) in enumerate(header) if index in kept] + picture
             + [text for index, (_, text) in enumerate(footer, len(header)) if index in kept])
    return [cut(line, width) for line in lines][:max(1, height)]


def cut(line, width):
    return line if len(line) <= width else line[:max(0, width - 1)] + "…"
