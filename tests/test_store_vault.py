"""The PIN vault in the store, on every layout: locked at boot, the right PIN gives back
the same accounts, no secret in the stored image in any encoding, ten wrong PINs in a
row wipe the store, and every change still works unlocked.

Power cuts during set_pin, remove_pin, a PIN change and each attempt:
tests/test_store_vault_power.py.
"""

import pytest
from support.vault_stores import (
    EXTRA,
    FAST,
    LAYOUTS,
    NEW_PIN,
    PIN,
    TOTP,
    WRONG_PIN,
    accounts,
    dump,
    history,
    leaks,
    medium,
    unlock,
    with_pin,
)

from totp import cipher
from totp import store as store_package
from totp.account import Account
from totp.store import Store, StoreError, StoreFull, StoreLocked
from totp.store.fram import INDEX_BYTES
from totp.store.replay import counted
from totp.store.vault import ACCOUNT_CONTEXT

SECRETS_BEFORE = [bytes(range(1, 21)), b"\xa5\x5a" * 16, b"12345678901234567890",
                  b"\x3c" * 26, bytes(range(100, 110)), bytes(range(128))]


def rebooted(port, image):
    nvm = medium(port, image)
    return nvm, Store(nvm, port)


@pytest.mark.parametrize("port", LAYOUTS)
def test_set_pin_then_reboot_is_locked_and_the_right_pin_gives_the_same_accounts(port):
    image, held = with_pin(port)
    nvm, store = rebooted(port, image)
    assert store.has_pin and store.locked and store.problem is None
    assert store.pin_tries_left() == 10
    for call in (lambda: store.get(0), lambda: store.add(EXTRA), lambda: store.replace(0, EXTRA)):
        with pytest.raises(StoreLocked, match="enter its PIN"):
            call()
    assert [store.public(slot) for slot in range(len(store))] == [a.describe() for a in held]

    assert unlock(store, WRONG_PIN) is False
    assert store.locked and store.pin_tries_left() == 9
    assert Store(nvm, port).pin_tries_left() == 9  # counted durably

    assert unlock(store, PIN) is True
    assert not store.locked and store.pin_tries_left() == 10
    assert accounts(store) == held
    store.lock()
    assert store.locked
    with pytest.raises(StoreLocked):
        store.get(0)


@pytest.mark.parametrize("port", LAYOUTS)
def test_the_image_holds_no_secret_in_any_encoding_once_a_pin_is_set(port):
    nvm = medium(port)
    store = Store(nvm, port)
    history(store)  # a replaced and a deleted secret stay in the log until it compacts
    if port == "rp2040":
        assert leaks(dump(nvm), SECRETS_BEFORE)
    store.set_pin(PIN, FAST)
    assert leaks(dump(nvm), SECRETS_BEFORE) == []

    added = Account(b"\x99\x88\x77" * 7, "Added", "with a PIN")
    store.add(added)
    store.replace(0, Account(b"\x42" * 20, "Replaced", "with a PIN"))
    image = dump(nvm)
    assert leaks(image, SECRETS_BEFORE + [added.secret, b"\x42" * 20]) == []
    assert leaks(image, [bytes(store._dek)]) == []  # the data key is stored only sealed

    _, again = rebooted(port, image)
    assert unlock(again, PIN)
    assert again.get(len(again) - 1) == added


@pytest.mark.parametrize("port", LAYOUTS)
def test_ten_wrong_pins_in_a_row_wipe_the_store(port):
    image, held = with_pin(port)
    nvm, store = rebooted(port, image)
    for wrong in range(9):
        assert unlock(store, WRONG_PIN) is False
        assert store.pin_tries_left() == 9 - wrong
        store = Store(nvm, port)  # each count survives a reboot
        assert store.has_pin and len(store) == len(held)
    assert store.pin_tries_left() == 1
    assert unlock(store, WRONG_PIN) is False
    assert len(store) == 0 and not store.has_pin and not store.locked
    again = Store(nvm, port)
    assert len(again) == 0 and not again.has_pin and again.problem is None
    assert leaks(dump(nvm), SECRETS_BEFORE) == []
    again.add(EXTRA)  # a wiped token is a new one
    assert accounts(Store(nvm, port)) == [EXTRA]


@pytest.mark.parametrize("port", LAYOUTS)
def test_a_right_pin_between_wrong_ones_starts_the_count_again(port):
    image, held = with_pin(port)
    nvm, store = rebooted(port, image)
    for _ in range(2):
        for _ in range(9):
            assert unlock(store, WRONG_PIN) is False
        assert store.pin_tries_left() == 1
        assert unlock(store, PIN) is True
        assert store.pin_tries_left() == 10
        store = Store(nvm, port)
        assert store.pin_tries_left() == 10 and store.locked
    assert unlock(store, PIN) and accounts(store) == held


@pytest.mark.parametrize("port", LAYOUTS)
def test_a_guess_counts_before_it_is_checked(port):
    image, _ = with_pin(port)
    nvm, store = rebooted(port, image)
    store.start_unlock(PIN)  # the job never runs: as if the power went during the KDF
    assert Store(nvm, port).pin_tries_left() == 9


@pytest.mark.parametrize("port", LAYOUTS)
def test_with_a_pin_hotp_counters_advance_and_every_change_works(port):
    image, held = with_pin(port)
    nvm, store = rebooted(port, image)
    twin = Store(medium(port), port)  # the same changes on a store without a PIN
    for account in held:
        twin.add(account)
    assert unlock(store, PIN)
    hotp = [slot for slot, a in enumerate(held) if a.kind == "hotp"][0]
    for counter in range(7, 40):  # past the log's counter run
        for each in (store, twin):
            each.set_counter(hotp, counter)
        assert Store(nvm, port).public(hotp)["counter"] == counter  # durable, while locked
    new_hotp = Account(b"\x17" * 20, "VPN", "gina", kind="hotp", counter=1000)
    for each in (store, twin):
        each.add(EXTRA)
        each.replace(0, new_hotp)
        each.rename(1, "Renamed", "bob")
        each.move(0, 3)
        each.delete(2)
        each.set_counter(2, 1001)
    assert accounts(store) == accounts(twin)
    again = Store(nvm, port)
    assert again.locked and unlock(again, PIN)
    assert accounts(again) == accounts(twin)
    assert leaks(dump(nvm), [new_hotp.secret, EXTRA.secret]) == []


@pytest.mark.parametrize("port", LAYOUTS)
def test_changing_the_pin_keeps_the_accounts_and_only_the_new_pin_opens(port):
    image, held = with_pin(port)
    nvm, store = rebooted(port, image)
    with pytest.raises(StoreLocked):
        store.set_pin(NEW_PIN, FAST)
    assert unlock(store, PIN)
    store.set_pin(NEW_PIN, FAST)
    store = Store(nvm, port)
    assert unlock(store, PIN) is False
    assert unlock(store, NEW_PIN) is True
    assert accounts(store) == held and store.pin_tries_left() == 10


@pytest.mark.parametrize("port", LAYOUTS)
def test_remove_pin_then_set_one_again_leaves_no_readable_data_key(port):
    image, held = with_pin(port)
    nvm, store = rebooted(port, image)
    with pytest.raises(StoreLocked):
        store.remove_pin()
    assert unlock(store, PIN)
    store.remove_pin()
    store = Store(nvm, port)
    assert not store.has_pin and not store.locked and accounts(store) == held
    open_key = bytes(store._dek)
    assert open_key in dump(nvm)  # without a PIN the data key is stored as it is
    with pytest.raises(StoreError, match="no PIN"):
        store.remove_pin()
    store.set_pin(NEW_PIN, FAST)
    image = dump(nvm)
    assert leaks(image, [open_key] + SECRETS_BEFORE) == []
    _, again = rebooted(port, image)
    assert again.locked and unlock(again, NEW_PIN) and accounts(again) == held


@pytest.mark.parametrize("pin", ["12345", "1234567890123", "12345a", "١٢٣٤٥٦", 123456, None])
def test_a_pin_that_is_not_6_to_12_digits_is_refused_without_echoing_it(pin):
    nvm = medium("esp32")
    store = Store(nvm, "esp32")
    store.add(TOTP)
    before = dump(nvm)
    with pytest.raises(StoreError, match="6 to 12 digits") as refused:
        store.set_pin(pin, FAST)
    assert str(pin) not in str(refused.value)
    assert dump(nvm) == before and not store.has_pin


def test_unlock_without_a_pin_says_so():
    store = Store(medium("esp32"), "esp32")
    assert not store.has_pin and store.pin_tries_left() == 10
    with pytest.raises(StoreError, match="no PIN is set"):
        store.start_unlock(PIN)


def test_the_capacity_estimate_counts_what_sealing_adds():
    assert store_package.SEALED_EXTRA == cipher.SEAL_OVERHEAD
    plain = Store(medium("esp32"), "esp32")
    sealed = Store(medium("esp32"), "esp32")
    sealed.set_pin(PIN, FAST)
    assert sealed.capacity_estimate() < plain.capacity_estimate()


def test_sealed_secrets_are_bound_to_their_context_and_the_data_key():
    image, held = with_pin("esp32")
    _, store = rebooted("esp32", image)
    assert unlock(store, PIN)
    sealed = counted(store._entries[store._order[0]])
    assert len(sealed.secret) == len(held[0].secret) + cipher.SEAL_OVERHEAD
    assert cipher.open_sealed(store._dek, sealed.secret, ACCOUNT_CONTEXT) == held[0].secret
    with pytest.raises(cipher.SealError):
        cipher.open_sealed(bytes(32), sealed.secret, ACCOUNT_CONTEXT)


def test_on_a_full_log_the_first_pin_is_refused_when_sealed_secrets_do_not_fit():
    nvm = medium("rp2040")
    store = Store(nvm, "rp2040")
    try:
        while True:
            store.add(Account(bytes(range(64)), "Filler issuer", "filler name"))
    except StoreFull:
        pass
    before, held = dump(nvm), accounts(store)
    with pytest.raises(StoreFull, match="delete an account"):
        store.set_pin(PIN, FAST)
    assert dump(nvm) == before and not store.has_pin and accounts(store) == held


def format_versions(port, image):
    """The format byte of each header (flash) or index copy (FRAM) in ``image``."""
    if port == "fram":
        return {image[copy * INDEX_BYTES + 1] for copy in (0, 1) if image[copy * INDEX_BYTES]}
    return {image[at + len(b"TOTP")] for at in range(len(image)) if image[at:at + 4] == b"TOTP"}


@pytest.mark.parametrize("port", LAYOUTS)
def test_a_store_without_a_pin_keeps_format_1_and_a_vault_makes_it_format_2(port):
    # firmware from before vaults reads a PIN-less store as it always did, and refuses
    # one with a vault as "written in format 2 by other firmware", not as damage
    nvm = medium(port)
    store = Store(nvm, port)
    history(store)
    assert format_versions(port, dump(nvm)) == {1}
    assert Store(nvm, port)._dek is None
    store.set_pin(PIN, FAST)
    assert 2 in format_versions(port, dump(nvm))
