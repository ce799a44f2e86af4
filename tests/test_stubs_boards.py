"""Pin names against the real boards: circuitpython-stubs ships each board's `board` module
(board_definitions/<board_id>/__init__.pyi, generated from CircuitPython's pins.c).

The firmware's per-board defaults and the simulator's board profiles must only name pins
that the real board has, or the token would start without buttons or display.
"""

import importlib.resources
import re

import pytest
from totp_token.sim.boards import PROFILES

from totp.hardware import BOARDS, board_defaults

PIN_SETTINGS = ("pin_a", "pin_b", "pin_c", "i2c_scl", "i2c_sda")


def real_board_pins(board_id):
    """Pin names of board_id's `board` module, from its circuitpython-stubs definition."""
    definition = importlib.resources.files("board_definitions") / board_id / "__init__.pyi"
    assert definition.is_file(), "circuitpython-stubs has no board %s" % board_id
    return set(re.findall(r"^(\w+): microcontroller\.Pin", definition.read_text(), re.MULTILINE))


@pytest.mark.parametrize(("board_id", "setting"),
                         [(board_id, setting) for board_id in BOARDS for setting in PIN_SETTINGS])
def test_firmware_default_pins_exist_on_the_board(board_id, setting):
    _port, defaults = BOARDS[board_id]
    assert defaults[setting] in real_board_pins(board_id)


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_simulated_board_has_only_real_pin_names(profile):
    board = PROFILES[profile]
    assert set(board.pins) <= real_board_pins(board.board_id)


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_simulated_board_wires_parts_to_the_firmware_default_pins(profile):
    board = PROFILES[profile]
    defaults = board_defaults(board.board_id)  # a board not in BOARDS gets the wing's pins
    assert board.i2c_pins == (defaults["i2c_scl"], defaults["i2c_sda"])
    assert [board.buttons[name] for name in ("A", "B", "C")] == [
        defaults["pin_a"], defaults["pin_b"], defaults["pin_c"]]
