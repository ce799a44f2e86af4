"""Small CIRCUITPY trees for the simulator tests: a boot.py and a code.py that exercise the
simulated modules (boot count typed on B, a crash on C, serial echo, reset and reload)."""

BOOT_PY = """
import storage, usb_cdc, usb_hid
print("boot.py ran")
storage.disable_usb_drive()
usb_cdc.enable(console=False, data=True)
usb_hid.enable((usb_hid.Device.KEYBOARD,))
"""

# B released: types the boot count (or "l" after a hold of 1 s or more), one key report
# per step like the real firmware; C crashes; serial lines are echoed, "reset" resets
CODE_PY = """
import time
import board, keypad, microcontroller, supervisor, usb_cdc, usb_hid
from adafruit_hid.keyboard import Keyboard
from adafruit_hid.keycode import Keycode

DIGITS = (Keycode.ZERO, Keycode.ONE, Keycode.TWO, Keycode.THREE, Keycode.FOUR,
          Keycode.FIVE, Keycode.SIX, Keycode.SEVEN, Keycode.EIGHT, Keycode.NINE)
nvm = microcontroller.nvm
nvm[0] = 1 if nvm[0] == 0xFF else nvm[0] + 1
keys = keypad.Keys((board.D9, board.D6, board.D5), value_when_pressed=False)
keyboard = Keyboard(usb_hid.devices)
serial = usb_cdc.data
serial.timeout = 0
to_type = []
pressed_at = 0
while True:
    event = keys.events.get()
    if event and event.key_number == 1:
        if event.pressed:
            pressed_at = event.timestamp
        elif (event.timestamp - pressed_at) % (1 << 29) >= 1000:
            to_type = [Keycode.L]
        else:
            to_type = [DIGITS[int(char)] for char in str(nvm[0])] + [Keycode.ENTER]
    if event and event.pressed and event.key_number == 2:
        raise RuntimeError("boom")
    if to_type:
        if keyboard.report[2]:
            keyboard.release_all()
        else:
            keyboard.press(to_type.pop(0))
    elif keyboard.report[2]:
        keyboard.release_all()
    if serial.in_waiting:
        line = serial.readline()
        if line == b"reset\\n":
            microcontroller.reset()
        if line == b"reload\\n":
            supervisor.reload()
        serial.write(b"echo:" + line)
    time.sleep(0.005 if to_type else 0.02)
"""


def make_drive(path, code=CODE_PY, boot=BOOT_PY, settings=None, libs=("adafruit_hid",)):
    """A CIRCUITPY tree; `libs` are deployed as compiled packages (lib/NAME/*.mpy)."""
    path.mkdir(exist_ok=True)
    for lib in libs:
        (path / "lib" / lib).mkdir(parents=True)
        (path / "lib" / lib / "__init__.mpy").write_bytes(b"M\x06")
    (path / "code.py").write_text(code)
    if boot is not None:
        (path / "boot.py").write_text(boot)
    if settings is not None:
        (path / "settings.toml").write_text(settings)
    return str(path)
