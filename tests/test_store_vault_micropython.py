"""The PIN vault under real MicroPython 1.27: set, unlock, change and remove a PIN.

The same scenario runs under CPython on each layout's medium model and under
MicroPython on a plain bytearray, with the same stand-in for the random source
(MicroPython's WebAssembly port has no ``os.urandom``): the images must be byte
for byte the same, and each interpreter must unlock the other's image with the
PIN and read the same secrets. A store without a PIN never imports the cipher.
"""

import json

import pytest
from support.mpy import run_micropython
from support.vault_stores import medium

from totp import cipher
from totp.account import Account
from totp.store import Store

PORTS = {"rp2040": 4096, "nrf52840": 8192, "esp32": 8192}

# runs as written under both interpreters
SCENARIO = r"""
drawn = [0]


def not_random(count):
    # the same bytes in both interpreters, new ones on each call
    drawn[0] += 1
    return bytes([(drawn[0] * 37 + index * 11) & 0xFF for index in range(count)])


def finished(job):
    while True:
        result = job.step()
        if result is not None:
            return result


def scenario(store):
    store.add(Account(bytes(range(1, 21)), "GitHub", "alice"))
    store.add(Account(b"12345678901234567890", "Bank", "bob", kind="hotp", counter=5))
    store.set_pin("123456", 3)
    seen = [store.has_pin, store.locked]
    store.lock()
    seen += [store.locked, finished(store.start_unlock("654321")), store.pin_tries_left()]
    seen += [finished(store.start_unlock("123456")), store.pin_tries_left()]
    store.set_counter(1, 6)
    store.add(Account(b"\x99" * 32, "New", "one", algorithm="SHA256", digits=7))
    store.set_pin("2468013579", 3)
    store.lock()
    seen += [finished(store.start_unlock("123456")), finished(store.start_unlock("2468013579"))]
    store.remove_pin()
    seen += [store.has_pin, store.locked, store.get(2).secret.hex()]
    store.set_pin("11223344", 3)
    return seen


def secrets(store, pin):
    opened = finished(store.start_unlock(pin))
    return [opened] + [store.get(slot).secret.hex() for slot in range(len(store))]
"""

SCRIPT = r"""
import json, sys
from totp.account import Account
from totp.store import Store
""" + SCENARIO + r"""
plain = Store(bytearray(b"\xff" * 4096), "rp2040")
plain.add(Account(bytes(range(1, 21)), "GitHub", "alice"))
result = {"cipher_without_pin": "totp.cipher" in sys.modules, "ports": {}}
from totp import cipher
cipher.random_bytes = not_random
for port, size in PORTS.items():
    drawn[0] = 0
    nvm = bytearray(b"\xff" * size)
    seen = scenario(Store(nvm, port))
    result["ports"][port] = {"image": bytes(nvm).hex(), "seen": seen,
                             "secrets": secrets(Store(nvm, port), "11223344")}
result["read"] = [secrets(Store(bytearray(bytes.fromhex(image)), port), "11223344")
                  for port, image in IMAGES]
print(json.dumps(result))
"""


def cpython_run(monkeypatch):
    namespace = {"Account": Account}
    exec(SCENARIO, namespace)
    monkeypatch.setattr(cipher, "random_bytes", namespace["not_random"])
    ports = {}
    for port in PORTS:
        namespace["drawn"][0] = 0
        nvm = medium(port)
        seen = namespace["scenario"](Store(nvm, port))
        ports[port] = {"image": nvm.dump().hex(), "seen": seen,
                       "secrets": namespace["secrets"](Store(nvm, port), "11223344")}
    return ports, namespace["secrets"]


@pytest.fixture(scope="module")
def both():
    with pytest.MonkeyPatch.context() as monkeypatch:
        cpython, secrets = cpython_run(monkeypatch)
        images = [(port, run["image"]) for port, run in cpython.items()]
        script = "PORTS = %r\nIMAGES = %r\n" % (PORTS, images) + SCRIPT
        micropython = json.loads(run_micropython(script, files=("totp",), timeout=600))
        return cpython, micropython


@pytest.mark.parametrize("port", PORTS)
def test_the_same_pin_changes_write_the_same_bytes(both, port):
    cpython, micropython = both
    assert cpython[port]["seen"] == [True, False, True, False, 9, True, 10, False, True,
                                     False, False, (b"\x99" * 32).hex()]
    assert micropython["ports"][port] == cpython[port]
    assert cpython[port]["secrets"] == [True, bytes(range(1, 21)).hex(),
                                        b"12345678901234567890".hex(), (b"\x99" * 32).hex()]


def test_each_interpreter_unlocks_the_others_image(both):
    cpython, micropython = both
    assert micropython["read"] == [run["secrets"] for run in cpython.values()]


def test_a_store_without_a_pin_leaves_the_cipher_off_the_heap(both):
    assert both[1]["cipher_without_pin"] is False
