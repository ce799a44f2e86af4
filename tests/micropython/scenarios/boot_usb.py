"""boot.py itself, with stand-ins for the CircuitPython modules it may use (just the
calls boot.py may make: anything else is an AttributeError) placed in sys.modules
before it runs. A board id outside the firmware's table exercises the chip-name path
(os.uname().machine), which only a real board or this run can reach.

Inputs: ``board_id``, ``machine`` (os.uname().machine), ``held`` (the maintenance
button is held), ``nvm`` (microcontroller.nvm, hex; erased RP2040 nvm when absent),
``sleep_memory`` (alarm.sleep_memory, hex; 256 zero bytes when absent). Results:
``calls``, the calls boot.py made, in order, as [name, arguments]; ``sleep_memory``,
alarm.sleep_memory after boot.py (hex).
"""

import sys

from scenario import emit, inputs

given = inputs()
CALLS = []
ERASED_NVM = b"\xff" * 4096  # an RP2040's: no accounts, no PIN
SLEEP_MEMORY_BYTES = 256


class Pin:
    def __init__(self, name):
        self.name = name


class Board:
    board_id = given["board_id"]
    D9 = Pin("D9")


class Pull:
    UP = "UP"
    DOWN = "DOWN"


class DigitalInOut:
    def __init__(self, pin):
        self.pin = pin
        self.pull = None

    def switch_to_input(self, pull=None):
        self.pull = pull

    @property
    def value(self):
        return not (given["held"] and self.pull == Pull.UP)

    def deinit(self):
        CALLS.append(["digitalio.deinit", self.pin.name])


class Digitalio:
    DigitalInOut = DigitalInOut
    Pull = Pull


def recorder(name):
    def call(*args, **kwargs):
        CALLS.append([name, kwargs])
    return call


class Storage:
    disable_usb_drive = recorder("storage.disable_usb_drive")
    enable_usb_drive = recorder("storage.enable_usb_drive")


class UsbCdc:
    enable = recorder("usb_cdc.enable")


class UsbMidi:
    disable = recorder("usb_midi.disable")


class Device:
    KEYBOARD = "KEYBOARD"


class UsbHid:
    Device = Device

    @staticmethod
    def enable(devices, boot_device=0):
        CALLS.append(["usb_hid.enable", list(devices)])


class Uname:
    machine = given["machine"]


class Os:
    @staticmethod
    def getenv(key, default=None):
        return None

    @staticmethod
    def uname():
        return Uname()


class Microcontroller:
    nvm = bytearray(bytes.fromhex(given["nvm"]) if "nvm" in given else ERASED_NVM)


class Alarm:
    sleep_memory = bytearray(bytes.fromhex(given["sleep_memory"]) if "sleep_memory" in given
                             else bytes(SLEEP_MEMORY_BYTES))


sys.modules.update({"board": Board(), "digitalio": Digitalio(), "storage": Storage(),
                    "usb_cdc": UsbCdc(), "usb_hid": UsbHid(), "usb_midi": UsbMidi(),
                    "os": Os(), "microcontroller": Microcontroller(), "alarm": Alarm()})
import boot  # noqa: E402, F401 - runs boot.py against the stand-ins above

emit({"calls": CALLS, "sleep_memory": bytes(Alarm.sleep_memory).hex()})
