"""boot.py under the real MicroPython 1.27 interpreter (CircuitPython's parent) and
CPython, from one scenario file (tests/micropython/scenarios/boot_usb.py).

The simulator runs boot.py on CPython; the MicroPython run proves the file itself uses
nothing CPython-only. The CircuitPython modules it needs are the scenario's stand-ins.
"""

import pytest
from support.mpy import run_scenario

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
def test_boot_py_runs_under_each_interpreter(board_id, machine, held, expected, interpreter):
    given = {"board_id": board_id, "machine": machine, "held": held}
    calls = run_scenario("boot_usb", given, interpreter, files=("boot.py", "totp")).results
    assert ["digitalio.deinit", "D9"] in calls  # the pin is free again for code.py
    assert [call for call in calls if call[0] != "digitalio.deinit"] == expected
