"""The laptop on the other end of the USB keyboard: turns HID reports back into typed text.

Keyboards send key positions (usage IDs), not characters; the host's layout and its
NumLock state decide what each position types. Modelled: a US and a French AZERTY
layout, Shift, the keypad with NumLock on (digits) or off (navigation keys, shown as
``<End>``, ``<Down>``...), and the NumLock key toggling the host's state, which the
host reports back to the keyboard as its LED output report.
"""

MOD_LEFT_SHIFT = 0x02
MOD_RIGHT_SHIFT = 0x20
MOD_RIGHT_ALT = 0x40  # AltGr
LED_NUM_LOCK = 0x01
LED_CAPS_LOCK = 0x02

KEY_ENTER = 0x28
KEY_KEYPAD_ENTER = 0x58
KEY_NUM_LOCK = 0x53
KEY_CAPS_LOCK = 0x39

LAYOUTS = ("us", "fr")

# usage id -> (plain, shifted); letters are handled separately
_US = {
    0x1E: ("1", "!"), 0x1F: ("2", "@"), 0x20: ("3", "#"), 0x21: ("4", "$"),
    0x22: ("5", "%"), 0x23: ("6", "^"), 0x24: ("7", "&"), 0x25: ("8", "*"),
    0x26: ("9", "("), 0x27: ("0", ")"), 0x2B: ("\t", "\t"), 0x2C: (" ", " "),
    0x2D: ("-", "_"), 0x2E: ("=", "+"), 0x2F: ("[", "{"), 0x30: ("]", "}"),
    0x31: ("\\", "|"), 0x33: (";", ":"), 0x34: ("'", '"'), 0x35: ("`", "~"),
    0x36: (",", "<"), 0x37: (".", ">"), 0x38: ("/", "?"),
}
_FR = {
    0x1E: ("&", "1"), 0x1F: ("é", "2"), 0x20: ('"', "3"), 0x21: ("'", "4"),
    0x22: ("(", "5"), 0x23: ("-", "6"), 0x24: ("è", "7"), 0x25: ("_", "8"),
    0x26: ("ç", "9"), 0x27: ("à", "0"), 0x2B: ("\t", "\t"), 0x2C: (" ", " "),
    0x2D: (")", "°"), 0x2E: ("=", "+"), 0x2F: ("^", "¨"), 0x30: ("$", "£"),
    0x31: ("*", "µ"), 0x32: ("*", "µ"), 0x33: ("m", "M"), 0x34: ("ù", "%"),
    0x35: ("²", "²"), 0x36: (";", "."), 0x37: (":", "/"), 0x38: ("!", "§"),
    0x64: ("<", ">"),
}
_FR_ALTGR = {0x1F: "~", 0x20: "#", 0x21: "{", 0x22: "[", 0x23: "|", 0x24: "`",
             0x25: "\\", 0x26: "^", 0x27: "@", 0x2D: "]", 0x2E: "}"}
# AZERTY letter positions that differ from QWERTY: usage id -> letter
_FR_LETTERS = {0x04: "q", 0x14: "a", 0x1A: "z", 0x1D: "w", 0x10: ","}
_FR_LETTER_SHIFTED = {0x10: "?"}

# keypad: usage id -> (NumLock on, NumLock off)
_KEYPAD = {
    0x59: ("1", "<End>"), 0x5A: ("2", "<Down>"), 0x5B: ("3", "<PageDown>"),
    0x5C: ("4", "<Left>"), 0x5D: ("5", "<Begin>"), 0x5E: ("6", "<Right>"),
    0x5F: ("7", "<Home>"), 0x60: ("8", "<Up>"), 0x61: ("9", "<PageUp>"),
    0x62: ("0", "<Insert>"), 0x63: (".", "<Delete>"),
}
_KEYPAD_ALWAYS = {0x54: "/", 0x55: "*", 0x56: "-", 0x57: "+"}
_OTHER = {0x2A: "<Backspace>", 0x29: "<Escape>", 0x4F: "<Right>", 0x50: "<Left>",
          0x51: "<Down>", 0x52: "<Up>", 0x4A: "<Home>", 0x4D: "<End>", 0x4C: "<Delete>"}


class HidHost:
    """Receives keyboard IN reports; keeps the text typed and the host's lock LEDs."""

    def __init__(self, layout="us", numlock=True):
        if layout not in LAYOUTS:
            raise ValueError("unknown host layout %r: use us or fr" % (layout,))
        self.layout = layout
        self.leds = LED_NUM_LOCK if numlock else 0
        self.text = []          # characters typed, in order
        self.reports = 0        # keyboard reports received
        self.last_report_ns = None
        self._down = set()
        self._led_listener = None

    @property
    def numlock(self):
        return bool(self.leds & LED_NUM_LOCK)

    @property
    def keys_down(self):
        return bool(self._down)

    def attach(self, led_listener):
        """A keyboard enumerated: the host tells it the lock LEDs (output report)."""
        self._led_listener = led_listener
        self._send_leds()

    def detach(self):
        self._led_listener = None
        self._down = set()

    def receive(self, report, now_ns=None):
        """One 8-byte boot-format report: modifiers, reserved, six key usage ids."""
        self.reports += 1
        self.last_report_ns = now_ns
        modifiers = report[0]
        keys = [k for k in report[2:8] if k]
        for key in keys:
            if key not in self._down:
                self._key_pressed(key, modifiers)
        self._down = set(keys)

    def take_text(self):
        text = "".join(self.text)
        self.text = []
        return text

    def _send_leds(self):
        if self._led_listener is not None:
            self._led_listener(bytes([self.leds]))

    def _key_pressed(self, key, modifiers):
        shift = bool(modifiers & (MOD_LEFT_SHIFT | MOD_RIGHT_SHIFT))
        altgr = bool(modifiers & MOD_RIGHT_ALT)
        if key == KEY_NUM_LOCK:
            self.leds ^= LED_NUM_LOCK
            self._send_leds()
            return
        if key == KEY_CAPS_LOCK:
            self.leds ^= LED_CAPS_LOCK
            self._send_leds()
            return
        char = self._character(key, shift, altgr)
        if char is not None:
            self.text.append(char)

    def _character(self, key, shift, altgr):
        if key in (KEY_ENTER, KEY_KEYPAD_ENTER):
            return "\n"
        if key in _KEYPAD:
            digit, navigation = _KEYPAD[key]
            return digit if self.numlock and not shift else navigation
        if key in _KEYPAD_ALWAYS:
            return _KEYPAD_ALWAYS[key]
        if self.layout == "fr":
            if altgr:
                return _FR_ALTGR.get(key)
            if key in _FR_LETTERS:
                if shift and key in _FR_LETTER_SHIFTED:
                    return _FR_LETTER_SHIFTED[key]
                letter = _FR_LETTERS[key]
                return letter.upper() if self._upper(shift) else letter
        elif altgr:
            return None
        if 0x04 <= key <= 0x1D:
            letter = chr(ord("a") + key - 0x04)
            return letter.upper() if self._upper(shift) else letter
        table = _FR if self.layout == "fr" else _US
        if key in table:
            return table[key][1 if shift else 0]
        return _OTHER.get(key, "<key 0x%02X>" % key)

    def _upper(self, shift):
        return shift != bool(self.leds & LED_CAPS_LOCK)
