"""The store on an I2C FRAM (MB85RC256V model, real adafruit_fram driver): room for
over 400 accounts, no erases, deletes final at once, HOTP presses that touch only
the index. Power cuts: tests/test_store_fram_power.py."""

import pytest
from support.fram_bus import fram_nvm
from totp_token.sim.chips.fram import FramModel

from totp.account import Account
from totp.store import Store, StoreFull
from totp.store.fram import INDEX_BYTES
from totp.store.replay import MAX_ID

TOTP = Account(bytes(range(1, 21)), "GitHub", "alice")
HOTP = Account(b"12345678901234567890", "Bank", "bob", kind="hotp", counter=5)
NEW = Account(b"\x77\x88" * 16, "New", "dave", algorithm="SHA256")
EXTRA = Account(b"\x55" * 16, "After", "reboot")


def accounts(store):
    return [store.get(slot) for slot in range(len(store))]


def typical(number):
    """A TOTP account with a 20-byte secret and 32 bytes of labels (68 stored bytes)."""
    return Account(number.to_bytes(2, "big") * 10, "Issuer %04d" % number,
                   ("user%04d@" % number).ljust(21, "x"))


def test_a_new_fram_is_an_empty_healthy_store():
    _, nvm = fram_nvm()
    store = Store(nvm, "fram")
    assert store.problem is None and len(store) == 0
    assert store.total_bytes() == 32768 - 2 * INDEX_BYTES
    assert store.capacity_estimate() >= 400


def test_fram_holds_over_400_typical_accounts_and_reads_them_back_through_the_driver():
    # filled over a plain bytearray (the same layout, without the I2C round trips), then
    # read back as the firmware does, through adafruit_fram on the chip model
    image = bytearray(FramModel.size)
    store = Store(image, "fram")
    estimate = store.capacity_estimate()
    with pytest.raises(StoreFull):
        for number in range(600):
            store.add(typical(number))
    # ids above the one-byte records' MAX_ID: the wide id encoding; the estimate was exact
    assert len(store) == estimate > 400 > MAX_ID
    assert store.capacity_estimate() == 0
    model, nvm = fram_nvm(FramModel(bytes(image)))
    rebooted = Store(nvm, "fram")
    assert rebooted.problem is None and accounts(rebooted) == accounts(store)
    rebooted.delete(0)
    rebooted.rename(399, "Renamed", "late")
    rebooted.move(0, 400)
    again = Store(fram_nvm(model)[1], "fram")
    assert len(again) == len(store) - 1 and again.get(398).issuer == "Renamed"
    assert again.get(400) == store.get(1) and model.erases == 0


def test_every_change_after_a_full_fram_still_fits():
    image = bytearray(FramModel.size)
    store = Store(image, "fram")
    with pytest.raises(StoreFull):
        for number in range(600):
            store.add(typical(number))
    count = len(store)
    store.replace(7, NEW)  # the reserve add() leaves: room for the new record beside the old
    store.rename(8, "A much longer issuer name here", "and a long account name too")
    store.add(HOTP) if store.capacity_estimate() else store.replace(9, HOTP)
    assert len(Store(image, "fram")) in (count, count + 1)


def test_hotp_presses_rewrite_only_the_index():
    model, nvm = fram_nvm()
    store = Store(nvm, "fram")
    for account in (TOTP, HOTP, NEW):
        store.add(account)
    records = model.dump()[2 * INDEX_BYTES:]
    for counter in range(6, 40):
        store.set_counter(1, counter)
    assert model.dump()[2 * INDEX_BYTES:] == records
    assert Store(fram_nvm(model)[1], "fram").get(1).counter == 39


def test_a_delete_is_final_at_once_on_fram():
    model, nvm = fram_nvm()
    store = Store(nvm, "fram")
    for account in (TOTP, HOTP, NEW):
        store.add(account)
    assert store.deletes_at_once()
    store.delete(2)
    assert NEW.secret not in model.dump()
