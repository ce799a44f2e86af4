"""The flash medium models: the microcontroller.nvm surface, each port's write semantics,
and power cuts that leave the bytes as real flash would."""

import pytest
from totp_token.sim.chips.nvm import Esp32Nvm, Nrf52840Nvm, PowerCut, Rp2040Nvm, for_port

MODELS = {"rp2040": (Rp2040Nvm, 4096), "nrf52840": (Nrf52840Nvm, 8192), "esp32": (Esp32Nvm, 8192)}
# what a board that never wrote its nvm reads: erased flash, or zeros for a missing ESP32 NVS blob
FRESH = {"rp2040": 0xFF, "nrf52840": 0xFF, "esp32": 0x00}


def filled(port, pattern=b"\x00\x11\x22\x33"):
    model, size = MODELS[port]
    return model(pattern * (size // len(pattern)))


@pytest.mark.parametrize("port", MODELS)
def test_surface_matches_circuitpython_nvm(port):
    model, size = MODELS[port]
    nvm = for_port(port)
    assert type(nvm) is model and len(nvm) == size
    fresh = FRESH[port]
    assert nvm[0] == fresh and nvm[-1] == fresh and nvm.dump() == bytes((fresh,)) * size
    assert nvm[10:14] == bytearray((fresh,)) * 4 and isinstance(nvm[10:14], bytearray)
    nvm[10:13] = b"abc"
    nvm[13] = 0x64
    assert nvm[10:14] == b"abcd" and nvm[13] == 0x64
    nvm[20:22] = memoryview(bytearray(b"xy"))
    assert nvm[20:22] == b"xy"


@pytest.mark.parametrize("port", MODELS)
@pytest.mark.parametrize("action, error", [
    (lambda nvm: nvm.__setitem__(slice(0, 4), b"abc"), ValueError),
    (lambda nvm: nvm.__setitem__(slice(0, 4, 2), b"ab"), NotImplementedError),
    (lambda nvm: nvm.__getitem__(len(nvm)), IndexError),
    (lambda nvm: nvm.__setitem__(0, 256), ValueError),
    (lambda nvm: nvm.__getitem__("0"), TypeError),
    (lambda nvm: nvm.append(1), AttributeError),
    (lambda nvm: nvm.load(b"\xff" * 100), ValueError),
], ids=["length mismatch", "step", "index past end", "byte > 255", "str index",
        "no bytearray methods", "load wrong size"])
def test_misuse_fails_loudly(port, action, error):
    nvm = for_port(port)
    with pytest.raises(error):
        action(nvm)
    assert nvm.dump() == bytes((FRESH[port],)) * len(nvm)


def test_unknown_port_names_the_known_ones():
    with pytest.raises(ValueError, match="rp2040"):
        for_port("samd21")


@pytest.mark.parametrize("port", MODELS)
def test_dump_and_load_round_trip(port):
    nvm = filled(port)
    copy = for_port(port, nvm.dump())
    assert copy.dump() == nvm.dump() and copy[5] == 0x11


# (port, start, data, steps): a write into erased RP2040 bytes is a page
# program; anything else erases and reprograms whole erase units
STEPS = [
    ("rp2040", 100, b"abc", 3),
    ("rp2040", 4095, b"z", 1),
    ("nrf52840", 100, b"abc", 1 + 4096),
    ("nrf52840", 4094, b"abcd", 2 * (1 + 4096)),
    ("esp32", 100, b"abc", 1),
    ("esp32", 0, b"\x00" * 8192, 1),
]


@pytest.mark.parametrize("port, start, data, steps", STEPS)
def test_steps_per_write_into_erased_flash(port, start, data, steps):
    nvm = for_port(port)
    nvm[start:start + len(data)] = data
    assert nvm.steps == steps
    assert nvm[start:start + len(data)] == data


def test_rp2040_rewrite_erases_and_reprograms_the_sector():
    nvm = filled("rp2040")
    before = nvm.dump()
    nvm[8:10] = b"\xff\xff"  # not all 0xFF now: erase + 4096 programs
    assert nvm.steps == 1 + 4096
    assert nvm.dump() == before[:8] + b"\xff\xff" + before[10:]


@pytest.mark.parametrize("cut", [0, 1, 2, 3, 1000, 4096])
def test_rp2040_cut_during_rewrite_loses_the_rest_of_the_sector(cut):
    nvm = filled("rp2040")
    wanted = bytearray(nvm.dump())
    wanted[8:10] = b"ab"
    nvm.arm_power_cut(cut)
    with pytest.raises(PowerCut):
        nvm[8:10] = b"ab"
    if cut == 0:  # before the erase
        assert nvm.dump() == filled("rp2040").dump()
    else:
        programmed = cut - 1
        assert nvm.dump() == bytes(wanted[:programmed]) + b"\xff" * (4096 - programmed)


@pytest.mark.parametrize("cut", [0, 1, 2])
def test_rp2040_cut_during_page_program_keeps_everything_else(cut):
    nvm = filled("rp2040")
    nvm[100:200] = b"\xff" * 100
    nvm = Rp2040Nvm(nvm.dump())
    before = nvm.dump()
    nvm.arm_power_cut(cut)
    with pytest.raises(PowerCut):
        nvm[100:103] = b"abc"
    assert nvm.dump() == before[:100] + b"abc"[:cut] + before[100 + cut:]


@pytest.mark.parametrize("cut, page0, page1", [
    (0, "old", "old"),
    (1, "erased", "old"),
    (1 + 4096, "new", "old"),
    (1 + 4096 + 1, "new", "erased"),
    (2 * (1 + 4096) - 1, "new", "new but the last byte"),
])
def test_nrf52840_cut_in_a_write_across_both_pages(cut, page0, page1):
    old = filled("nrf52840").dump()
    new = bytes(range(256)) * 32
    nvm = Nrf52840Nvm(old)
    nvm.arm_power_cut(cut)
    with pytest.raises(PowerCut):
        nvm[0:8192] = new
    expected = {
        "old": lambda p: old[p * 4096:(p + 1) * 4096],
        "erased": lambda p: b"\xff" * 4096,
        "new": lambda p: new[p * 4096:(p + 1) * 4096],
        "new but the last byte": lambda p: new[p * 4096:(p + 1) * 4096 - 1] + b"\xff",
    }
    assert nvm.dump() == expected[page0](0) + expected[page1](1)


def test_nrf52840_write_in_one_page_leaves_the_other_alone_even_when_cut():
    nvm = filled("nrf52840")
    before = nvm.dump()
    nvm.arm_power_cut(1)
    with pytest.raises(PowerCut):
        nvm[5000:5004] = b"abcd"
    assert nvm.dump()[:4096] == before[:4096]
    assert nvm.dump()[4096:] == b"\xff" * 4096


def test_esp32_write_is_all_or_nothing():
    nvm = filled("esp32")
    before = nvm.dump()
    nvm.arm_power_cut(0)
    with pytest.raises(PowerCut):
        nvm[0:8192] = b"\x00" * 8192
    assert nvm.dump() == before
    nvm[0:8192] = b"\x00" * 8192
    assert nvm.dump() == b"\x00" * 8192


def test_power_cut_is_not_an_exception_firmware_could_swallow():
    assert issubclass(PowerCut, BaseException) and not issubclass(PowerCut, Exception)


def test_a_cut_fires_once_then_the_medium_works_again():
    nvm = for_port("rp2040")
    nvm.arm_power_cut(2)
    nvm[0:1] = b"a"
    with pytest.raises(PowerCut):
        nvm[1:3] = b"bc"
    nvm[2:3] = b"c"
    assert nvm[0:3] == b"abc" and nvm.steps == 3
