"""boot.py under the real MicroPython 1.27 interpreter (CircuitPython's parent) and
CPython, from one scenario file (tests/micropython/scenarios/boot_usb.py).

The simulator runs boot.py on CPython; the MicroPython run proves the file itself uses
nothing CPython-only. The CircuitPython modules it needs are the scenario's stand-ins,
microcontroller.nvm (for the PIN rule) and alarm.sleep_memory (the maintenance mark)
included.
"""

import pytest
from support.mpy import run_scenario

from totp import maintenance as mark
from totp.account import Account
from totp.store import Store

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
    calls = boot(given, interpreter).results["calls"]
    assert ["digitalio.deinit", "D9"] in calls  # the pin is free again for code.py
    assert [call for call in calls if call[0] != "digitalio.deinit"] == expected


FEATHER = {"board_id": "adafruit_feather_rp2040",
           "machine": "Adafruit Feather RP2040 with rp2040"}
SLEEP_MEMORY_BYTES = 256


def boot(given, interpreter):
    return run_scenario("boot_usb", given, interpreter, files=("boot.py", "totp"))


def test_a_maintenance_mark_in_sleep_memory_opens_maintenance_mode_once(interpreter):
    memory = mark.MARK + bytes(SLEEP_MEMORY_BYTES - len(mark.MARK))
    results = boot(dict(FEATHER, held=False, sleep_memory=memory.hex()), interpreter).results
    assert results["calls"] == maintenance(True)
    after = bytes.fromhex(results["sleep_memory"])
    assert after[:len(mark.MARK)] == bytes(len(mark.MARK))  # taken: the next boot is normal


def pin_nvm():
    """An RP2040 nvm image holding one account under a PIN."""
    nvm = bytearray(b"\xff" * 4096)
    store = Store(nvm, port="rp2040")
    store.add(Account(b"12345678901234567890", issuer="ACME", name="bob"))
    store.set_pin(b"24681357", iterations=2)  # the count does not matter to boot.py
    return bytes(nvm)


@pytest.mark.parametrize(("held", "expected"), [(True, NORMAL), (False, NORMAL)])
def test_holding_a_on_a_pin_protected_token_boots_normal_mode(held, expected, interpreter):
    outcome = boot(dict(FEATHER, held=held, nvm=pin_nvm().hex()), interpreter)
    calls = outcome.results["calls"]
    assert [call for call in calls if call[0] != "digitalio.deinit"] == expected
    if held:
        assert any("a PIN is set: normal mode" in line for line in outcome.printed)
