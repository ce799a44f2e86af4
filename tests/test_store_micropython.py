"""The store, its record codec and the CRC under real MicroPython 1.27 and CPython.

One scenario file (tests/micropython/scenarios/store_ops.py) runs the same changes
under MicroPython on a plain bytearray, under CPython on a plain bytearray, and (its
functions imported here) under CPython on the RP2040/nRF52840/ESP32 flash models; the
images must be byte for byte the same, and each interpreter must read the other's
images (healthy, damaged, from a future format) the same way.
"""

import zlib

import pytest
from support.mpy import CPYTHON, INTERPRETERS, MICROPYTHON, load_scenario, run_scenario
from totp_token.sim.chips.nvm import for_port

from totp.store import Store, records

PORTS = {"rp2040": 4096, "nrf52840": 8192, "esp32": 8192}
CRC_INPUTS = [b"", b"a", b"123456789", bytes(range(256)) * 3]
OPS = load_scenario("store_ops")


def flash_model_run():
    ports = {}
    for port in PORTS:
        medium = for_port(port)
        full = OPS.apply_changes(Store(medium, port))
        ports[port] = {"image": medium.dump().hex(), "full": list(full),
                       "reloaded": OPS.describe(Store(medium, port))}
    return ports


def damaged_images(ports):
    images = []
    for port, run in ports.items():
        image = bytes.fromhex(run["image"])
        flipped = bytearray(image)
        flipped[60] ^= 0x04
        future = records.frame(records.HEADER, records.MAGIC + bytes((9, 0)))
        images += [[port, image.hex()], [port, bytes(flipped).hex()],
                   [port, bytes(len(image)).hex()],
                   [port, (future + image[len(future):]).hex()]]
    return images


@pytest.fixture(scope="module")
def runs():
    """The flash models' run, the images read, and each interpreter's scenario results."""
    ports = flash_model_run()
    images = damaged_images(ports)
    given = {"ports": PORTS, "crc_inputs": [data.hex() for data in CRC_INPUTS],
             "images": images}
    return ports, images, {name: run_scenario("store_ops", given, name).results
                           for name in INTERPRETERS}


@pytest.mark.parametrize("interpreter", INTERPRETERS)
def test_pure_crc_fallback_matches_zlib(runs, interpreter):
    _, _, results = runs
    expected = []
    for data in CRC_INPUTS:
        value = zlib.crc32(data)  # the reference, not our own crc module
        expected.append([value, value.to_bytes(4, "little").hex(), [value >> 16, value & 0xFFFF]])
    assert results[interpreter]["crcs"] == expected
    assert results[interpreter]["splits"] == [split for _, _, split in expected]


@pytest.mark.parametrize("interpreter", INTERPRETERS)
@pytest.mark.parametrize("port", PORTS)
def test_same_operations_write_the_same_bytes(runs, port, interpreter):
    flash_models, _, results = runs
    written = results[interpreter]["ports"][port]
    assert written["image"] == flash_models[port]["image"]
    assert written["full"] == flash_models[port]["full"]
    assert written["reloaded"] == flash_models[port]["reloaded"]
    assert len(flash_models[port]["reloaded"]["accounts"]) > 10


@pytest.mark.parametrize("interpreter", INTERPRETERS)
def test_images_read_the_same_under_both_interpreters(runs, interpreter):
    _, images, results = runs
    expected = [OPS.describe(Store(bytearray(bytes.fromhex(image)), port))
                for port, image in images]
    assert results[interpreter]["read"] == expected
    problems = [entry["problem"] for entry in expected]
    notices = [entry["notice"] for entry in expected]
    # healthy on each port, plus a fresh ESP32, and on the nRF52840 damage in a
    # copy: the older (a notice) or the newer (the cut-off last change, rolled back)
    assert problems.count(None) == len(PORTS) + 2
    assert len(set(problems)) == 4  # none, damaged, only zeros, future format
    assert sum(notice is not None for notice in notices) == 1


def test_both_interpreters_report_everything_alike(runs):
    _, _, results = runs
    assert results[MICROPYTHON] == results[CPYTHON]


@pytest.mark.parametrize("port, size, loaded, other, budget_after_add", [
    ("rp2040", 4096, "totp.store.log", "totp.store.copies", False),  # an append erases nothing
    ("nrf52840", 8192, "totp.store.copies", "totp.store.log", True),  # a snapshot erases a page
])
def test_a_healthy_store_imports_only_the_code_its_board_runs(port, size, loaded, other,
                                                               budget_after_add, interpreter):
    # heap on the smallest boards: the other port's layout, compaction, the damage texts
    # and the wear budget (until a change draws on it) stay off it
    found = run_scenario("store_imports", {"port": port, "size": size}, interpreter).results
    booted, after_add = found["booted"], found["after_add"]
    assert set(booted) == {"totp.store", "totp.store.errors", "totp.store.records",
                           "totp.store.replay", "totp.store.crc", "totp.store.layout",
                           loaded}
    assert ("totp.store.budget" in after_add) == budget_after_add
    assert other not in after_add and "totp.store.compact" not in after_add
