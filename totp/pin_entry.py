"""Entering the PIN on the token's buttons: a wheel of the digits, "<" and "OK".

The wheel turns one way or the other and the owner picks what it shows: a digit
adds it to the PIN, "<" takes the last digit back, "OK" ends the entry (once
``wire.PIN_MIN`` digits are in). It wraps, so from 0 one turn back reaches "OK".
The button actions of ``totp.buttons`` drive it for every button count:

- 3 buttons: A turns back, C turns on, B (short or long) picks;
- 2 buttons: A turns on, a long A turns back, B picks;
- 1 button: a short press turns on, a long press picks.

The digits live in one preallocated ``bytearray``; ``take()`` hands them over and
``clear()`` overwrites them, so a PIN does not linger in RAM. Pure logic: the app
shows ``masked()`` (entered digits as ``*``) and ``choice_text()``.
"""

from totp import buttons as btn
from totp import wire

CHOICE_DELETE = 10  # wheel positions after the ten digits
CHOICE_OK = 11
WHEEL_SIZE = 12
MASK = "*" * wire.PIN_MAX

# what a handled action did
IGNORED = 0  # nothing changed (e.g. OK with too few digits)
MOVED = 1  # the wheel turned, or a digit went in or out
DONE = 2  # OK with enough digits: take() the PIN
EMPTY_OK = 3  # OK before any digit: no PIN given (refuses a host's request)


class PinEntry:
    """One PIN being entered on the wheel."""

    def __init__(self):
        self._digits = bytearray(wire.PIN_MAX)
        self.length = 0
        self.choice = 0

    def clear(self):
        """Forget every digit (overwritten) and turn the wheel back to 0."""
        for index in range(len(self._digits)):
            self._digits[index] = 0
        self.length = 0
        self.choice = 0

    def handle(self, action):
        """One ``totp.buttons`` action: IGNORED, MOVED or DONE."""
        if action == btn.NEXT:
            self.choice = (self.choice + 1) % WHEEL_SIZE
            return MOVED
        if action == btn.PREVIOUS:
            self.choice = (self.choice - 1) % WHEEL_SIZE
            return MOVED
        if action == btn.TYPE or action == btn.TYPE_ENTER:
            return self._pick()
        return IGNORED

    def _pick(self):
        choice = self.choice
        if choice == CHOICE_OK:
            if not self.length:
                return EMPTY_OK
            return DONE if self.length >= wire.PIN_MIN else IGNORED
        if choice == CHOICE_DELETE:
            if not self.length:
                return IGNORED
            self.length -= 1
            self._digits[self.length] = 0
            return MOVED
        if self.length >= wire.PIN_MAX:
            return IGNORED
        self._digits[self.length] = 0x30 + choice  # ASCII digit
        self.length += 1
        return MOVED

    def take(self):
        """The PIN entered (ASCII digit bytes); the entry is cleared."""
        pin = bytes(self._digits[:self.length])
        self.clear()
        return pin

    def masked(self):
        """The digits entered so far, each shown as ``*``."""
        return MASK[:self.length]

    def choice_text(self):
        """What the wheel shows now: a digit, "<" or "OK"."""
        if self.choice == CHOICE_OK:
            return "OK"
        if self.choice == CHOICE_DELETE:
            return "<"
        return "0123456789"[self.choice]
