"""Damaged storage: flipped bits, zeros, garbage, truncation and another format are
reported in store.problem (without secrets), and get() never returns wrong data."""

import random

import pytest
from totp_token.sim.chips.nvm import for_port

from totp.account import Account
from totp.store import Store, StoreDamaged, records
from totp.store.copies import ROLLED_BACK

PORTS = ("rp2040", "nrf52840", "esp32")

GITHUB = Account(bytes(range(1, 21)), "GitHub", "alice")
BANK = Account(b"12345678901234567890", "Bank", "bob", kind="hotp", counter=5)
STEAM = Account(bytes(range(100, 110)), "Steam", "carol", kind="steam")
CORP = Account(bytes(range(64)), "Corp", "dave", algorithm="SHA512", digits=8, period=60)
SECRETS = [a.secret for a in (GITHUB, BANK, STEAM, CORP)]


def accounts(store):
    return [store.get(slot) for slot in range(len(store))]


def built(port):
    """An image with history (superseded records; on nRF52840 both copies in use),
    and every account state it ever held, for telling old data from wrong data."""
    medium = for_port(port)
    store = Store(medium, port)
    seen = []
    steps = [lambda: store.add(GITHUB), lambda: store.add(BANK), lambda: store.add(STEAM),
             lambda: store.rename(0, "GitHub", "alice@example.com"),
             lambda: store.set_counter(1, 6), lambda: store.add(CORP),
             lambda: store.move(3, 0), lambda: store.set_counter(2, 7)]
    for step in steps:
        step()
        seen.extend(accounts(store))
    return medium.dump(), accounts(store), seen


def check_no_secret_in(text):
    for secret in SECRETS:
        assert secret.hex() not in text and secret.hex().upper() not in text
        assert repr(secret)[2:-1] not in text


def check_never_wrong(store, current, seen):
    """No problem, or only the older of two copies damaged: exactly the stored
    accounts (a flipped bit in an HOTP counter run may only move a counter
    forward). Other problems: only data that was once stored, and no HOTP
    account at all (its counter could be stale)."""
    if store.notice == ROLLED_BACK:
        # a copy that does not read back is taken as the last change, cut off:
        # the accounts are those of an earlier state, never anything else
        assert store.problem is None
        assert all(account in seen for account in accounts(store))
        return
    if store.problem is None or "older copy" in store.problem:
        state = accounts(store)
        assert len(state) == len(current)
        for got, want in zip(state, current, strict=True):
            assert got.counter >= want.counter
            got.counter = want.counter
            assert got == want
        return
    check_no_secret_in(store.problem)
    for slot in range(len(store)):
        if store.public(slot)["type"] == "hotp":
            with pytest.raises(StoreDamaged):
                store.get(slot)
        else:
            assert store.get(slot) in seen


@pytest.mark.parametrize("port", PORTS)
def test_every_single_bit_flip_is_caught_or_harmless(port):
    image, current, seen = built(port)
    used = [index for index, byte in enumerate(image) if byte != 0xFF]
    offsets = sorted(set(used) | {used[-1] + 1, used[-1] + 2, len(image) - 1})
    problems = 0
    for offset in offsets:
        for bit in (offset % 8, (offset + 3) % 8):
            damaged = bytearray(image)
            damaged[offset] ^= 1 << bit
            store = Store(damaged, port)
            check_never_wrong(store, current, seen)
            problems += store.problem is not None or store.notice is not None
    assert problems > len(offsets)  # most flips are reported, not just survived


def newest_copy(image, port):
    """Where the copy holding the current accounts starts (nRF52840 alternates pages)."""
    if port != "nrf52840":
        return 0
    current = accounts(Store(bytearray(image), port))
    page_0_alone = Store(bytearray(image[:4096] + b"\xff" * 4096), port)
    return 0 if accounts(page_0_alone) == current else 4096


# each damage gets the image and where its newest copy starts
def zero(image, start):
    return bytes(len(image))


def garbage(image, start):
    return random.Random(7).randbytes(len(image))


def future_format(image, start):
    future = records.VAULT_FORMAT_VERSION + 1
    header = records.frame(records.HEADER, records.MAGIC + bytes((future, 0)))
    return image[:start] + header + image[start + len(header):]


def stray_byte_after_the_end(image, start):
    last = max(index for index, byte in enumerate(image[start:start + 4096]) if byte != 0xFF)
    return image[:start + last + 40] + b"\x00" + image[start + last + 41:]


def shorter(image, start):
    return image[:len(image) // 2 + 100]


def zeroed_middle(image, start):
    return image[:start + 70] + bytes(4) + image[start + 74:]


# (damage, words the problem must contain, accounts that may remain readable)
DAMAGE = [
    (zero, "only zero bytes", False),
    (garbage, "not a totp-token store", False),
    (future_format, "format 3", False),
    (stray_byte_after_the_end, "damaged at byte", True),
    (shorter, "check the board setting", False),
    (zeroed_middle, "damaged at byte", True),
]


# all zeros is how a fresh ESP32 reads (no NVS blob yet): tested below instead;
# damage inside the nRF52840's newer copy reads as a cut-off change: tested below too
CASES = [(port,) + case for port in PORTS for case in DAMAGE
         if not (port == "esp32" and case[0] is zero)
         and not (port == "nrf52840" and case[2])]


@pytest.mark.parametrize("damage", [stray_byte_after_the_end, zeroed_middle])
def test_nrf52840_newer_copy_that_does_not_read_is_rolled_back_not_blocking(damage):
    # flash may program a page in any order, so a newer copy cut off mid-write
    # and a damaged one look alike: the intact older copy is believed
    medium = for_port("nrf52840")
    store = Store(medium, "nrf52840")
    store.add(GITHUB)
    store.add(STEAM)
    older = accounts(store)
    store.rename(1, "Valve", "carol")
    image = medium.dump()
    nvm = bytearray(damage(image, newest_copy(image, "nrf52840")))
    rebooted = Store(nvm, "nrf52840")
    assert rebooted.problem is None and rebooted.notice == ROLLED_BACK
    assert accounts(rebooted) == older
    rebooted.add(BANK)
    assert accounts(Store(nvm, "nrf52840")) == older + [BANK]


@pytest.mark.parametrize("port, damage, words, some_left", CASES,
                         ids=["%s-%s" % (case[0], case[1].__name__) for case in CASES])
def test_damage_is_named_and_only_wipe_is_allowed(port, damage, words, some_left):
    image, current, seen = built(port)
    nvm = bytearray(damage(image, newest_copy(image, port)))
    store = Store(nvm, port)
    assert words in store.problem
    assert "wipe" in store.problem or "setting" in store.problem
    check_no_secret_in(store.problem)
    check_never_wrong(store, current, seen)
    if port == "rp2040":  # some_left is about the log, which keeps the records before damage
        assert (len(store) > 0) == some_left
    before = bytes(nvm)
    for change in (lambda: store.add(GITHUB), lambda: store.delete(0),
                   lambda: store.rename(0, "a", "b"), lambda: store.move(0, 0)):
        with pytest.raises(StoreDamaged):
            change()
    assert bytes(nvm) == before
    if damage is shorter:
        with pytest.raises(StoreDamaged):
            store.wipe()
        return
    store.wipe()
    assert store.problem is None and len(store) == 0
    store.add(STEAM)
    rebooted = Store(nvm, port)
    assert rebooted.problem is None and accounts(rebooted) == [STEAM]


@pytest.mark.parametrize("port", PORTS)
def test_an_erased_tail_reads_as_an_earlier_state_not_damage(port):
    # what a power cut leaves behind: the last bytes written are still 0xFF
    image, current, seen = built(port)
    last = max(index for index, byte in enumerate(image) if byte != 0xFF)
    for cut in range(1, 30):
        nvm = bytearray(image[:last + 1 - cut] + b"\xff" * (len(image) - last - 1 + cut))
        store = Store(nvm, port)
        assert store.problem is None, (cut, store.problem)
        assert all(account in seen for account in accounts(store))


def test_nrf52840_damage_in_the_older_copy_is_noted_not_blocking_and_repaired_by_the_next_change():
    image, current, seen = built("nrf52840")
    older = 4096 - newest_copy(image, "nrf52840")
    nvm = bytearray(image)
    nvm[older + 40] ^= 0x10
    store = Store(nvm, "nrf52840")
    assert "older copy" in store.notice and store.problem is None
    assert accounts(store) == current
    store.rename(0, "Repaired", "copy")
    rebooted = Store(nvm, "nrf52840")
    assert rebooted.notice is None and rebooted.problem is None
    assert rebooted.get(0).issuer == "Repaired"


def test_a_fresh_esp32_reads_zeros_and_is_an_empty_store():
    medium = for_port("esp32")
    assert medium.dump() == bytes(8192)
    store = Store(medium, "esp32")
    assert store.problem is None and len(store) == 0
    store.add(STEAM)
    assert accounts(Store(medium, "esp32")) == [STEAM]
