"""The PIN vault under real MicroPython 1.27 and CPython: set, unlock, change and remove a PIN.

One scenario file (tests/micropython/scenarios/store_vault.py) runs the same PIN changes
under MicroPython and CPython on a plain bytearray and (its functions imported here)
under CPython on each layout's medium model, all with the same stand-in for the random
source (MicroPython's WebAssembly port has no ``os.urandom``): the images must be byte
for byte the same, and each interpreter must unlock the other's image with the PIN and
read the same secrets. A store without a PIN never imports the cipher.
"""

import pytest
from support.mpy import CPYTHON, INTERPRETERS, MICROPYTHON, load_scenario, run_scenario
from support.vault_stores import medium

from totp import cipher
from totp.store import Store

PORTS = {"rp2040": 4096, "nrf52840": 8192, "esp32": 8192}
VAULT = load_scenario("store_vault")


def medium_model_run(monkeypatch):
    monkeypatch.setattr(cipher, "random_bytes", VAULT.not_random)
    ports = {}
    for port in PORTS:
        VAULT.drawn[0] = 0
        nvm = medium(port)
        seen = VAULT.change_pins(Store(nvm, port))
        ports[port] = {"image": nvm.dump().hex(), "seen": seen,
                       "secrets": VAULT.secrets(Store(nvm, port), VAULT.LAST_PIN)}
    return ports


@pytest.fixture(scope="module")
def runs():
    """The medium models' run and each interpreter's scenario results (each unlocks the
    models' images)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        models = medium_model_run(monkeypatch)
    images = [[port, run["image"]] for port, run in models.items()]
    given = {"ports": PORTS, "images": images}
    return models, {name: run_scenario("store_vault", given, name, timeout=600).results
                    for name in INTERPRETERS}


@pytest.mark.parametrize("interpreter", INTERPRETERS)
@pytest.mark.parametrize("port", PORTS)
def test_the_same_pin_changes_write_the_same_bytes(runs, port, interpreter):
    models, results = runs
    assert models[port]["seen"] == [True, False, True, False, 9, True, 10, False, True,
                                    False, False, (b"\x99" * 32).hex()]
    assert results[interpreter]["ports"][port] == models[port]
    assert models[port]["secrets"] == [True, bytes(range(1, 21)).hex(),
                                       b"12345678901234567890".hex(), (b"\x99" * 32).hex()]


@pytest.mark.parametrize("interpreter", INTERPRETERS)
def test_each_interpreter_unlocks_the_others_image(runs, interpreter):
    models, results = runs
    assert results[interpreter]["read"] == [run["secrets"] for run in models.values()]


@pytest.mark.parametrize("interpreter", INTERPRETERS)
def test_a_store_without_a_pin_leaves_the_cipher_off_the_heap(runs, interpreter):
    _, results = runs
    assert results[interpreter]["cipher_without_pin"] is False


def test_both_interpreters_report_everything_alike(runs):
    _, results = runs
    assert results[MICROPYTHON] == results[CPYTHON]
