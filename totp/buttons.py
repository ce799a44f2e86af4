"""Button presses to actions: short and long presses, for 1, 2 or 3 buttons.

``Buttons(keys, names, ticks_ms, long_press_ms)`` reads a ``keypad.Keys`` event
queue once per ``poll()``. A long press fires as soon as the threshold passes,
while the button is still down (so type+Enter does not wait for the release);
a short press fires on release. Timing uses ``supervisor.ticks_ms`` with
wrap-safe differences. Layouts (documented in docs/using-the-token.md):

- 3 buttons: A previous, C next, B type, long B type + Enter.
- 2 buttons: A next, long A previous, B type, long B type + Enter.
- 1 button: short next, long type (Enter after it if TOTP_TYPE_ENTER is set).
"""

from totp.clock import ticks_diff
from totp.const import const

NOTHING = 0
PRESSED = 1  # a button went down: wakes the screen and restarts the idle timer
PREVIOUS = 2
NEXT = 3
TYPE = 4
TYPE_ENTER = 5

ACTION_NAMES = {NOTHING: "nothing", PRESSED: "pressed", PREVIOUS: "previous",
                NEXT: "next", TYPE: "type", TYPE_ENTER: "type+Enter"}

# per button count: for each key number, (name, short action, long action)
KEY_NAME = const(0)
KEY_SHORT = const(1)
KEY_LONG = const(2)
LAYOUTS = {
    3: (("A", PREVIOUS, PREVIOUS), ("B", TYPE, TYPE_ENTER), ("C", NEXT, NEXT)),
    2: (("A", NEXT, PREVIOUS), ("B", TYPE, TYPE_ENTER)),
    1: (("A", NEXT, TYPE),),
}


def type_button(count):
    """How the screen tells people to type: e.g. 'B' or 'hold A'."""
    for name, short_action, _ in LAYOUTS[count]:
        if short_action == TYPE:
            return name
    for name, _, long_action in LAYOUTS[count]:
        if long_action == TYPE:
            return "hold " + name
    return "?"


class Buttons:
    def __init__(self, keys, count, ticks_ms, long_press_ms):
        self._events = keys.events
        self._layout = LAYOUTS[count]
        self._ticks_ms = ticks_ms
        self._long_ms = long_press_ms
        self._held = -1  # key number down now, or -1
        self._held_since = 0
        self._done = False  # the held press already acted (long press) or was cancelled

    def held(self):
        """True while a button is down."""
        return self._held >= 0

    def cancel(self):
        """Let the press in progress do nothing more (it only woke the screen)."""
        if self._held >= 0:
            self._done = True

    def poll(self):
        """One action code per call: NOTHING, PRESSED or an action."""
        now = self._ticks_ms()
        event = self._events.get()
        if event is not None:
            key = event.key_number
            if key >= len(self._layout):
                return NOTHING
            if event.pressed:
                self._held = key
                self._held_since = now
                self._done = False
                return PRESSED
            if key == self._held:
                self._held = -1
                if not self._done:
                    return self._layout[key][KEY_SHORT]
            return NOTHING
        if self._held >= 0 and not self._done \
                and ticks_diff(now, self._held_since) >= self._long_ms:
            self._done = True
            return self._layout[self._held][KEY_LONG]
        return NOTHING
