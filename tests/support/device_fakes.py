"""Plain stand-ins for the devices the firmware is handed, shared by the CPython tests
and the MicroPython runs (which copy this file in): written in the subset both run.

They model only the surface the firmware uses: keypad's event queue, a
supervisor.ticks_ms counter, and a panel's MVLSB buffer with show/power calls."""


class Event:
    """keypad.Event's surface: key_number, pressed, released."""

    def __init__(self, key_number, pressed):
        self.key_number = key_number
        self.pressed = pressed
        self.released = not pressed


class EventQueue:
    def __init__(self):
        self.queued = []

    def get(self):
        return self.queued.pop(0) if self.queued else None


class Keys:
    def __init__(self):
        self.events = EventQueue()


class Ticks:
    """supervisor.ticks_ms: tests move ``ms`` themselves (it wraps at 2**29)."""

    def __init__(self, start):
        self.ms = start

    def __call__(self):
        return self.ms


class Panel:
    """The FrameBuffer surface screens use: buf/width/height/stride, fill_rect, hline,
    show, poweroff/poweron; counts show() calls."""

    def __init__(self, height):
        self.width = 128
        self.height = height
        self.stride = 128
        self.buf = bytearray(128 * height // 8)
        self.shows = 0
        self.powered = True

    def fill_rect(self, x, y, w, h, color):
        for yy in range(y, y + h):
            for xx in range(x, x + w):
                self.buf[(yy >> 3) * 128 + xx] |= 1 << (yy & 7)

    def hline(self, x, y, w, color):
        self.fill_rect(x, y, w, 1, color)

    def show(self):
        self.shows += 1

    def poweroff(self):
        self.powered = False

    def poweron(self):
        self.powered = True
