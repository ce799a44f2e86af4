"""The PIN vault: set, unlock (wrong, then right), change and remove a PIN on each port's
layout, with a fixed stand-in for the random source (MicroPython's WebAssembly port has
no ``os.urandom``), then unlock images given from outside. The vault tests
(tests/test_store_vault_micropython.py) also import ``not_random``, ``change_pins`` and
``secrets`` to run them under CPython on each layout's medium model.

Inputs: ``ports`` {port: nvm size}, ``images`` [[port, hex image], ...], each ending
with ``LAST_PIN``. Results: ``cipher_without_pin`` (whether a store without a
PIN imported totp.cipher), ``ports`` {port: {"image", "seen", "secrets"}}, ``read``
(secrets() of each given image).
"""

import sys

from scenario import emit, inputs

from totp.account import Account
from totp.store import Store

LAST_PIN = "11223344"  # the PIN change_pins() leaves set
drawn = [0]


def not_random(count):
    """The same bytes in both interpreters, new ones on each call (``drawn`` counts)."""
    drawn[0] += 1
    return bytes([(drawn[0] * 37 + index * 11) & 0xFF for index in range(count)])


def finished(job):
    while True:
        result = job.step()
        if result is not None:
            return result


def change_pins(store):
    """Two accounts, a PIN, a wrong and a right unlock, changes while unlocked, a new PIN,
    its removal, then ``LAST_PIN``; returns what the store said on the way."""
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
    store.set_pin(LAST_PIN, 3)
    return seen


def secrets(store, pin):
    """[whether ``pin`` unlocked the store, then each secret in hex]."""
    opened = finished(store.start_unlock(pin))
    return [opened] + [store.get(slot).secret.hex() for slot in range(len(store))]


def main():
    given = inputs()
    plain = Store(bytearray(b"\xff" * 4096), "rp2040")
    plain.add(Account(bytes(range(1, 21)), "GitHub", "alice"))
    results = {"cipher_without_pin": "totp.cipher" in sys.modules, "ports": {}}
    from totp import cipher  # only now: the check above is that nothing imported it

    cipher.random_bytes = not_random
    for port, size in given["ports"].items():
        drawn[0] = 0
        nvm = bytearray(b"\xff" * size)
        seen = change_pins(Store(nvm, port))
        results["ports"][port] = {"image": bytes(nvm).hex(), "seen": seen,
                                  "secrets": secrets(Store(nvm, port), LAST_PIN)}
    results["read"] = [secrets(Store(bytearray(bytes.fromhex(image)), port), LAST_PIN)
                       for port, image in given["images"]]
    emit(results)


if __name__ == "__main__":
    main()
