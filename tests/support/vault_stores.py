"""Stores with a PIN vault on every layout, for the vault tests.

``medium(port)`` is the port's flash model (``totp_token.sim.chips.nvm``), or for
``fram`` a byte-writable nvm that can lose power after any byte
(``support.cut_nvm``): the same FRAM layout the real driver reaches, faster.
``FAST`` is the KDF iteration count the tests give ``set_pin``: what a guess
costs is the KDF benchmark's business, these tests check what is stored.
"""

import base64

from totp_token.sim.chips.nvm import for_port

from support.cut_nvm import CutNvm
from totp.account import Account
from totp.store import Store

LAYOUTS = ("rp2040", "nrf52840", "esp32", "fram")
FRAM_BYTES = 32768
FAST = 3
PIN = "123456"
NEW_PIN = "246813579"
WRONG_PIN = "000000"

TOTP = Account(bytes(range(1, 21)), "GitHub", "alice")
HOTP = Account(b"12345678901234567890", "Bank", "bob", kind="hotp", counter=5)
STEAM = Account(bytes(range(100, 110)), "Steam", "carol", kind="steam")
LONGEST = Account(bytes(range(128)), "Corp", "dave", algorithm="SHA512", digits=8, period=60)
REPLACED = Account(b"\xa5\x5a" * 16, "Old", "erin")  # replaced before the PIN is set
DELETED = Account(b"\x3c" * 26, "Gone", "frank")  # deleted before the PIN is set
EXTRA = Account(b"\x55" * 16, "After", "reboot")


def medium(port, image=None, order="address"):
    if port == "fram":
        return CutNvm(bytes(FRAM_BYTES) if image is None else image)
    return for_port(port, image, order)


def dump(nvm):
    return bytes(nvm.data) if isinstance(nvm, CutNvm) else nvm.dump()


def history(store):
    """Leaves [TOTP, HOTP at counter 6, STEAM, LONGEST]; REPLACED and DELETED were stored
    once (the log keeps their records until a compaction)."""
    for account in (TOTP, REPLACED, HOTP, DELETED, STEAM):
        store.add(account)
    store.replace(1, LONGEST)
    store.delete(3)
    store.set_counter(2, 6)
    store.move(1, 3)


def accounts(store):
    return [store.get(slot) for slot in range(len(store))]


def with_pin(port, pin=PIN):
    """An image holding history() under ``pin``, and the accounts it holds."""
    nvm = medium(port)
    store = Store(nvm, port)
    history(store)
    held = accounts(store)
    store.set_pin(pin, FAST)
    return dump(nvm), held


def unlock(store, pin):
    """Enter ``pin``: True (unlocked) or False (wrong), running the job to its end."""
    job = store.start_unlock(pin)
    steps = 0
    while True:
        result = job.step()
        if result is not None:
            return result
        steps += 1
        assert steps < 1000, "the unlock job never finished"


def encodings(secret):
    """Every way a secret could be written out: raw, hex, base32 and base64."""
    forms = [secret, secret.hex().encode(), secret.hex().upper().encode()]
    for encoded in (base64.b32encode(secret), base64.b64encode(secret)):
        forms += [encoded, encoded.rstrip(b"=")]
    forms.append(base64.b32encode(secret).lower().rstrip(b"="))
    return forms


def leaks(image, secrets):
    """The (secret index, form) of every encoding of a secret that ``image`` holds."""
    return [(number, form) for number, secret in enumerate(secrets)
            for form in encodings(secret) if form in image]
