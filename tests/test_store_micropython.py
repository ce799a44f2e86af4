"""The store, its record codec and the CRC under real MicroPython 1.27.

The same operations run under CPython on the RP2040/nRF52840/ESP32 flash
models and under MicroPython on a plain bytearray; the images must be byte for
byte the same, and each interpreter must read the other's images (healthy,
damaged, from a future format) the same way.
"""

import json
import zlib

import pytest
from support.mpy import run_micropython
from totp_token.sim.chips.nvm import for_port

from totp.account import Account
from totp.store import Store, StoreDamaged, StoreFull, records

PORTS = {"rp2040": 4096, "nrf52840": 8192, "esp32": 8192}

# runs as written under both interpreters
SCENARIO = """
def scenario(store):
    store.add(Account(bytes(range(1, 21)), "GitHub", "alice"))
    store.add(Account(b"12345678901234567890", "Bank", "bob", kind="hotp", counter=5))
    store.add(Account(bytes(range(100, 110)), "Steam", "carol", kind="steam"))
    store.add(Account(bytes(range(64)), "Corp", "d\\u00e4ve", algorithm="SHA512", digits=8,
                      period=60))
    store.rename(0, "GitHub", "alice@example.com")
    for counter in range(6, 30):
        store.set_counter(1, counter)
    store.set_counter(1, 2**40)
    store.move(3, 0)
    store.delete(2)
    store.replace(1, Account(b"\\x99" * 32, "New", "one", algorithm="SHA256", digits=7))
    try:
        while True:
            store.add(Account(b"\\x42" * 20, "Filler issuer 16", "filler name 16ch"))
    except StoreFull as full:
        return full.needed, full.free
"""

# what both interpreters report of a store, defined once and run by each
DESCRIBE = r"""
def describe(store):
    out = []
    for slot in range(len(store)):
        entry = store.public(slot)
        try:
            entry["secret"] = store.get(slot).secret.hex()
        except StoreDamaged:
            entry["secret"] = None
        out.append(entry)
    return {"problem": store.problem, "notice": store.notice, "accounts": out,
            "used": store.used_bytes(), "estimate": store.capacity_estimate()}
"""
_helpers = {"StoreDamaged": StoreDamaged}
exec(DESCRIBE, _helpers)
describe = _helpers["describe"]


SCRIPT = r"""
import json
from totp.account import Account
from totp.store import Store, StoreFull, StoreDamaged
from totp.store import crc
""" + SCENARIO + DESCRIBE + r"""

saved = crc._native_crc32
crc._native_crc32 = None  # the pure fallback, as on a port without zlib
crcs = [[crc.crc32(d), crc.crc32_bytes(d).hex(), list(crc.crc32_split(memoryview(d)))]
        for d in CRC_INPUTS]
crc._native_crc32 = saved
splits = [list(crc.crc32_split(memoryview(d))) for d in CRC_INPUTS]
result = {"native_crc": saved is not None, "crcs": crcs, "splits": splits, "ports": {}}
for port, size in PORTS.items():
    nvm = bytearray(b"\xff" * size)
    full = scenario(Store(nvm, port))
    result["ports"][port] = {"image": bytes(nvm).hex(), "full": list(full),
                             "reloaded": describe(Store(nvm, port))}
result["read"] = [describe(Store(bytearray(bytes.fromhex(image)), port))
                  for port, image in IMAGES]
print(json.dumps(result))
"""

CRC_INPUTS = [b"", b"a", b"123456789", bytes(range(256)) * 3]




def cpython_run():
    namespace = {"Account": Account, "StoreFull": StoreFull}  # what SCENARIO uses
    exec(SCENARIO, namespace)
    ports = {}
    for port in PORTS:
        medium = for_port(port)
        full = namespace["scenario"](Store(medium, port))
        ports[port] = {"image": medium.dump().hex(), "full": list(full),
                       "reloaded": describe(Store(medium, port))}
    return ports


def damaged_images(ports):
    images = []
    for port, run in ports.items():
        image = bytes.fromhex(run["image"])
        flipped = bytearray(image)
        flipped[60] ^= 0x04
        future = records.frame(records.HEADER, records.MAGIC + bytes((9, 0)))
        images += [(port, image.hex()), (port, bytes(flipped).hex()),
                   (port, bytes(len(image)).hex()),
                   (port, (future + image[len(future):]).hex())]
    return images


@pytest.fixture(scope="module")
def both():
    ports = cpython_run()
    images = damaged_images(ports)
    script = ("PORTS = %r\nCRC_INPUTS = %r\nIMAGES = %r\n" % (PORTS, CRC_INPUTS, images)) + SCRIPT
    return ports, images, json.loads(run_micropython(script, files=("totp",)))


def test_pure_crc_fallback_matches_zlib_under_micropython(both):
    _, _, micropython = both
    expected = []
    for data in CRC_INPUTS:
        value = zlib.crc32(data)  # the reference, not our own crc module
        expected.append([value, value.to_bytes(4, "little").hex(), [value >> 16, value & 0xFFFF]])
    assert micropython["crcs"] == expected
    assert micropython["splits"] == [split for _, _, split in expected]


@pytest.mark.parametrize("port", PORTS)
def test_same_operations_write_the_same_bytes(both, port):
    cpython, _, micropython = both
    assert micropython["ports"][port]["image"] == cpython[port]["image"]
    assert micropython["ports"][port]["full"] == cpython[port]["full"]
    assert micropython["ports"][port]["reloaded"] == cpython[port]["reloaded"]
    assert len(cpython[port]["reloaded"]["accounts"]) > 10


def test_images_read_the_same_under_both_interpreters(both):
    _, images, micropython = both
    expected = [describe(Store(bytearray(bytes.fromhex(image)), port)) for port, image in images]
    assert micropython["read"] == expected
    problems = [entry["problem"] for entry in expected]
    notices = [entry["notice"] for entry in expected]
    # healthy on each port, plus a fresh ESP32, and on the nRF52840 damage in a
    # copy: the older (a notice) or the newer (the cut-off last change, rolled back)
    assert problems.count(None) == len(PORTS) + 2
    assert len(set(problems)) == 4  # none, damaged, only zeros, future format
    assert sum(notice is not None for notice in notices) == 1


@pytest.mark.parametrize("port, size, loaded, other, budget_after_add", [
    ("rp2040", 4096, "totp.store.log", "totp.store.copies", False),  # an append erases nothing
    ("nrf52840", 8192, "totp.store.copies", "totp.store.log", True),  # a snapshot erases a page
])
def test_a_healthy_store_imports_only_the_code_its_board_runs(port, size, loaded, other,
                                                               budget_after_add):
    # heap on the smallest boards: the other port's layout, compaction, the damage texts
    # and the wear budget (until a change draws on it) stay off it
    out = run_micropython(
        "import json, sys\n"
        "from totp.account import Account\n"
        "from totp.store import Store\n"
        "def stores():\n"
        "    return sorted(m for m in sys.modules if m.startswith('totp.store'))\n"
        "store = Store(bytearray(b'\\xff' * %d), %r, ticks_ms=lambda: 0)\n"
        "print(json.dumps(stores()))\n"
        "store.add(Account(bytes(range(20)), 'A', 'b'))\n"
        "print(json.dumps(stores()))\n" % (size, port))
    booted, after_add = [json.loads(line) for line in out.strip().splitlines()[-2:]]
    assert set(booted) == {"totp.store", "totp.store.errors", "totp.store.records",
                           "totp.store.replay", "totp.store.crc", "totp.store.layout",
                           loaded}
    assert ("totp.store.budget" in after_add) == budget_after_add
    assert other not in after_add and "totp.store.compact" not in after_add
