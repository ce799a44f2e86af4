"""Typing a code as a USB keyboard, one HID report per step, never blocking.

HID sends key positions, not characters, so the key for each character depends
on the mode (TOTP_TYPE_MODE):

- ``toprow``: digits on the top row (US-like layouts).
- ``keypad``: digits on the numeric keypad, right on any layout. If the host's
  NumLock LED is off, NumLock is pressed first and again at the end, so the
  host is left as it was. Steam letters use the letter keys at their QWERTY
  positions.
- ``azerty``: Shift + top row for digits; letters at their AZERTY positions.

Letters (Steam codes) are typed in upper case with Shift. ``Typist`` waits for
``usb_connected()`` for at most the timeout, then sends press and release
reports alternately, one per ``step()``.
"""

from totp.clock import ticks_diff

KEY_A = 0x04
KEY_ONE = 0x1E  # 1..9 follow, then 0 at 0x27
KEY_ZERO = 0x27
KEY_ENTER = 0x28
KEY_SEMICOLON = 0x33
KEY_NUM_LOCK = 0x53
KEYPAD_ONE = 0x59  # 1..9 follow, then 0 at 0x62
KEYPAD_ZERO = 0x62
LEFT_SHIFT = 0xE1  # a modifier keycode, as adafruit_hid takes it
LED_NUM_LOCK = 0x01

MODES = ("toprow", "keypad", "azerty")
# letters whose keys sit elsewhere on AZERTY: letter -> key position (QWERTY name)
_AZERTY_LETTERS = {"A": "Q", "Q": "A", "Z": "W", "W": "Z"}

IDLE = 0
WAITING = 1
TYPING = 2
DONE = 3
NO_USB = 4


def _digit_key(digit, first, zero):
    return zero if digit == 0 else first + digit - 1


def key_for(char, mode):
    """(modifier or 0, keycode) that types ``char`` in ``mode``; ValueError if none."""
    if "0" <= char <= "9":
        digit = ord(char) - 48
        if mode == "keypad":
            return 0, _digit_key(digit, KEYPAD_ONE, KEYPAD_ZERO)
        key = _digit_key(digit, KEY_ONE, KEY_ZERO)
        return (LEFT_SHIFT if mode == "azerty" else 0), key
    upper = char.upper()
    if "A" <= upper <= "Z":
        shift = LEFT_SHIFT if char == upper else 0
        if mode == "azerty":
            if upper == "M":
                return shift, KEY_SEMICOLON
            upper = _AZERTY_LETTERS.get(upper, upper)
        return shift, KEY_A + ord(upper) - 65
    raise ValueError("cannot type %r: codes hold only digits and letters" % char)


def key_sequence(text, mode, enter=False, numlock_on=True):
    """The (modifier, keycode) strokes that type ``text`` (+ Enter) in ``mode``."""
    if mode not in MODES:
        raise ValueError("type mode %r unknown: use %s" % (mode, ", ".join(MODES)))
    strokes = [key_for(char, mode) for char in text]
    if mode == "keypad" and not numlock_on:
        strokes.insert(0, (0, KEY_NUM_LOCK))
        strokes.append((0, KEY_NUM_LOCK))  # leave NumLock as the host had it
    if enter:
        strokes.append((0, KEY_ENTER))
    return strokes


class Typist:
    """Types one code at a time as a small state machine advanced by ``step()``."""

    def __init__(self, keyboard, usb_connected, ticks_ms, mode, timeout_ms):
        self._keyboard = keyboard  # callable: the adafruit_hid Keyboard, or None
        self._usb_connected = usb_connected
        self._ticks_ms = ticks_ms
        self.mode = mode
        self._timeout_ms = timeout_ms
        self.state = IDLE
        self._text = ""
        self._enter = False
        self._since = 0
        self._strokes = []
        self._index = 0
        self._released = True
        self._device = None

    def start(self, text, enter):
        self._text = text
        self._enter = enter
        self._since = self._ticks_ms()
        self._strokes = []
        self._index = 0
        self._released = True
        self.state = WAITING

    def busy(self):
        return self.state == WAITING or self.state == TYPING  # no tuple: runs every step

    def step(self):
        """Advance by at most one report; returns the state, DONE or NO_USB only once."""
        if self.state == WAITING:
            self._wait()
        elif self.state == TYPING:
            self._send()
        result = self.state
        if result == DONE or result == NO_USB:
            self.state = IDLE
        return result

    def _wait(self):
        if self._usb_connected():
            device = self._keyboard()
            if device is None:
                self.state = NO_USB
                return
            self._device = device
            numlock_on = True
            if self.mode == "keypad":
                numlock_on = device.led_on(LED_NUM_LOCK)
            self._strokes = key_sequence(self._text, self.mode, self._enter, numlock_on)
            self._text = ""
            self.state = TYPING
        elif ticks_diff(self._ticks_ms(), self._since) > self._timeout_ms:
            self._text = ""
            self.state = NO_USB

    def _send(self):
        device = self._device
        if device is None:
            self._finish(NO_USB)
            return
        try:
            if self._released:
                modifier, key = self._strokes[self._index]
                if modifier:
                    device.press(modifier, key)
                else:
                    device.press(key)
                self._released = False
            else:
                device.release_all()
                self._released = True
                self._index += 1
                if self._index >= len(self._strokes):
                    self._finish(DONE)
        except OSError:  # the host went away mid-code
            self._finish(NO_USB)

    def _finish(self, state):
        self._strokes = []
        self._device = None
        self.state = state
