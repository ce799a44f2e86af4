"""boot.py under the real MicroPython 1.27 interpreter (CircuitPython's parent).

The simulator runs boot.py on CPython; this run proves the file itself uses nothing
CPython-only. The CircuitPython modules it needs are stand-ins with just the calls
boot.py may make (anything else is an AttributeError), placed in sys.modules before
boot.py runs. A board id outside the firmware's table exercises the chip-name path
(os.uname().machine), which only a real board or this run can reach.
"""

import json

import pytest
from support.mpy import run_micropython

SCRIPT = r"""
import sys, json

CALLS = []
HELD = %(held)s
MACHINE = %(machine)r
NVM = %(nvm)s
SLEEP_MEMORY = %(sleep_memory)s

class Pin:
    def __init__(self, name):
        self.name = name

class Board:
    board_id = %(board_id)r
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
        return not (HELD and self.pull == Pull.UP)
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
    machine = MACHINE

class Os:
    @staticmethod
    def getenv(key, default=None):
        return None
    @staticmethod
    def uname():
        return Uname()

class Microcontroller:
    nvm = NVM

class Alarm:
    sleep_memory = SLEEP_MEMORY

sys.modules.update({"board": Board(), "digitalio": Digitalio(), "storage": Storage(),
                    "usb_cdc": UsbCdc(), "usb_hid": UsbHid(), "usb_midi": UsbMidi(),
                    "os": Os(), "microcontroller": Microcontroller(), "alarm": Alarm()})
import boot
print(json.dumps(CALLS))
"""

BLANK_NVM = 'bytearray(b"\\xff" * 4096)'  # an erased RP2040 nvm: no accounts, no PIN
NORMAL = [
    ["usb_midi.disable", {}],  # MIDI only costs USB endpoints
    ["storage.disable_usb_drive", {}],
    ["usb_cdc.enable", {"console": False, "data": True}],
    ["usb_hid.enable", ["KEYBOARD"]],
]


def maintenance(data):
    return [
        ["usb_midi.disable", {}],
        ["storage.enable_usb_drive", {}],
        ["usb_cdc.enable", {"console": True, "data": data}],
        ["usb_hid.enable", ["KEYBOARD"]],
    ]


@pytest.mark.parametrize(("board_id", "machine", "held", "expected"), [
    ("adafruit_feather_rp2040", "Adafruit Feather RP2040 with rp2040", False, NORMAL),
    ("adafruit_feather_rp2040", "Adafruit Feather RP2040 with rp2040", True, maintenance(True)),
    # boards the firmware's table does not list: the chip name decides
    ("unexpectedmaker_feathers3", "FeatherS3 with ESP32S3", True, maintenance(False)),
    ("lolin_s2_mini", "S2 Mini with ESP32S2-S2FN4R2", True, maintenance(False)),
    ("unexpectedmaker_feathers3", "FeatherS3 with ESP32S3", False, NORMAL),
    ("adafruit_itsybitsy_m4_express", "Adafruit ItsyBitsy M4 Express with samd51g19",
     True, maintenance(True)),
])
def test_boot_py_runs_on_micropython(board_id, machine, held, expected):
    script = SCRIPT % {"held": held, "machine": machine, "board_id": board_id,
                       "nvm": BLANK_NVM, "sleep_memory": "bytearray(256)"}
    output = run_micropython(script, files=("boot.py", "totp"))
    calls = json.loads(output.strip().splitlines()[-1])
    assert ["digitalio.deinit", "D9"] in calls  # the pin is free again for code.py
    assert [call for call in calls if call[0] != "digitalio.deinit"] == expected


def test_a_maintenance_mark_in_sleep_memory_opens_maintenance_mode_once():
    from totp import maintenance as mark

    memory = "bytearray(%r + bytes(%d))" % (mark.MARK, 256 - len(mark.MARK))
    script = SCRIPT % {"held": False, "machine": "Adafruit Feather RP2040 with rp2040",
                       "board_id": "adafruit_feather_rp2040", "nvm": BLANK_NVM,
                       "sleep_memory": memory}
    script += "print(json.dumps(list(SLEEP_MEMORY[:%d])))\n" % len(mark.MARK)
    output = run_micropython(script, files=("boot.py", "totp"))
    calls_line, memory_line = output.strip().splitlines()[-2:]
    assert json.loads(calls_line) == maintenance(True)
    assert json.loads(memory_line) == [0] * len(mark.MARK)  # taken: the next boot is normal


def _pin_nvm_expression():
    """An RP2040 nvm image holding one account under a PIN, as a MicroPython expression."""
    from totp.account import Account
    from totp.store import Store

    nvm = bytearray(b"\xff" * 4096)
    store = Store(nvm, port="rp2040")
    store.add(Account(b"12345678901234567890", issuer="ACME", name="bob"))
    store.set_pin(b"24681357", iterations=2)  # the count does not matter to boot.py
    return "bytearray(bytes.fromhex(%r))" % bytes(nvm).hex()


@pytest.mark.parametrize(("held", "expected"), [(True, NORMAL), (False, NORMAL)])
def test_holding_a_on_a_pin_protected_token_boots_normal_mode(held, expected):
    script = SCRIPT % {"held": held, "machine": "Adafruit Feather RP2040 with rp2040",
                       "board_id": "adafruit_feather_rp2040", "nvm": _pin_nvm_expression(),
                       "sleep_memory": "bytearray(256)"}
    output = run_micropython(script, files=("boot.py", "totp"))
    calls = json.loads(output.strip().splitlines()[-1])
    assert [call for call in calls if call[0] != "digitalio.deinit"] == expected
    if held:
        assert "a PIN is set: normal mode" in output
