"""The token's settings from ``settings.toml``: every key, its default, its parser.

``os.getenv`` returns ``str`` from CircuitPython 10.2 on and ``int`` or ``str``
before, so each value is parsed here. A bad value falls back to the default and
leaves a note in ``Settings.notes`` (shown over serial) instead of stopping the
token; ``totp.settings_keys`` names a mistyped key and the key it was probably meant
to be. ``SPECS`` is the single list of keys; ``settings.toml.example`` documents
the same keys and a test keeps the two in step.
"""

from totp.const import const

TYPE_MODES = ("toprow", "keypad", "azerty")
STORAGE_MEDIA = ("nvm", "fram")  # where accounts live: the board's nvm, or an I2C FRAM

# key, attribute, kind, default (None: per-board default from totp.hardware), low, high
# (for "name": the longest name allowed)
SPEC_KEY = const(0)  # the index settings_keys reads; the rest unpack a spec whole
SPECS = (
    ("TOTP_BUTTONS", "buttons", "int", None, 1, 3),
    ("TOTP_PIN_A", "pin_a", "pin", None, 0, 0),
    ("TOTP_PIN_B", "pin_b", "pin", None, 0, 0),
    ("TOTP_PIN_C", "pin_c", "pin", None, 0, 0),
    ("TOTP_I2C_SCL", "i2c_scl", "pin", None, 0, 0),
    ("TOTP_I2C_SDA", "i2c_sda", "pin", None, 0, 0),
    ("TOTP_DISPLAY_HEIGHT", "display_height", "height", None, 32, 64),
    ("TOTP_DISPLAY_FLIP", "display_flip", "bool", False, 0, 0),
    ("TOTP_IDLE_SECONDS", "idle_seconds", "int", 30, 0, 3600),
    ("TOTP_LONG_PRESS_MS", "long_press_ms", "int", 600, 200, 5000),
    ("TOTP_TYPE_MODE", "type_mode", "choice", "toprow", 0, 0),
    ("TOTP_TYPE_ENTER", "type_enter", "bool", False, 0, 0),
    ("TOTP_USB_TIMEOUT_S", "usb_timeout_s", "int", 5, 1, 60),
    ("TOTP_NAME", "name", "name", "", 0, 32),
    ("TOTP_REQUIRE_PRESS", "require_press", "bool", True, 0, 0),
    ("TOTP_STORAGE", "storage", "storage", "nvm", 0, 0),
    ("TOTP_LOCK_MINUTES", "lock_minutes", "int", 10, 1, 1440),  # with a PIN: idle lock
)

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _int_or_none(text):
    try:
        return int(text)
    except ValueError:
        return None


def _parse(kind, raw, low, high):
    """The value of ``raw`` (str or int from os.getenv), or raise ValueError with the fix."""
    if kind in ("int", "height"):
        if isinstance(raw, bool):
            raise ValueError("expected a whole number")
        value = raw if isinstance(raw, int) else _int_or_none(str(raw).strip())
        if value is None:
            raise ValueError("expected a whole number")
        if kind == "height" and value not in (low, high):
            raise ValueError("expected %d or %d" % (low, high))
        if not low <= value <= high:
            raise ValueError("expected %d to %d" % (low, high))
        return value
    text = str(raw).strip()
    if kind == "name":
        return _name(text, high)
    if kind == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError("expected true or false")
    if kind == "storage":
        if text.lower() in STORAGE_MEDIA:
            return text.lower()
        raise ValueError("expected one of %s" % ", ".join(STORAGE_MEDIA))
    if kind == "choice":
        if text.lower() in TYPE_MODES:
            return text.lower()
        raise ValueError("expected one of %s" % ", ".join(TYPE_MODES))
    if not text or " " in text:
        raise ValueError("expected a board pin name such as D9 or GP14")
    return text  # a pin name, checked against ``board`` by totp.hardware


def _name(text, longest):
    """A token name: printable ASCII, so the host's terminal can type it to confirm."""
    if len(text) > longest:
        raise ValueError("expected at most %d characters" % longest)
    for char in text:
        if not " " <= char <= "~":
            raise ValueError("expected letters, digits and punctuation (ASCII) only")
    return text


class Settings:
    """Parsed settings; attributes named in ``SPECS``; ``notes`` lists what fell back."""

    def __init__(self, getenv=None, board_defaults=None):
        self.notes = []
        defaults = board_defaults or {}
        for key, attribute, kind, default, low, high in SPECS:
            if default is None:
                default = defaults.get(attribute)
            value = default
            try:
                raw = getenv(key) if getenv is not None else None
            except (ValueError, UnicodeError) as error:
                # before CircuitPython 10.2, getenv raises on a line it can't
                # parse (a bare `false`, an unclosed string): fall back, say so
                raw = None
                self.notes.append("%s could not be read from settings.toml (%s); using %r"
                                  % (key, error, default))
            if raw is not None:
                try:
                    value = _parse(kind, raw, low, high)
                except ValueError as error:
                    self.notes.append("%s=%r ignored (%s); using %r" % (key, raw, error, default))
            setattr(self, attribute, value)

    def __repr__(self):
        shown = []
        for _key, attribute, _kind, _default, _low, _high in SPECS:
            shown.append("%s=%r" % (attribute, getattr(self, attribute)))
        return "Settings(%s)" % ", ".join(shown)
