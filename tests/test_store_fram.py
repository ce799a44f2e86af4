"""The store on an I2C FRAM (MB85RC256V model, real adafruit_fram driver): room for
hundreds of accounts, no erases, deletes final at once, and a power cut inside
any change (every byte near its ends, every third byte between: FRAM stores
bytes in order, so neighbouring cuts differ by one byte) leaves the accounts of
before or after it."""

import pytest
from support.fram_bus import fram_nvm
from totp_token.sim.fram import FramModel
from totp_token.sim.nvm import PowerCut

from totp.account import Account
from totp.store import MAX_ID, Store, StoreFull

TOTP = Account(bytes(range(1, 21)), "GitHub", "alice")
HOTP = Account(b"12345678901234567890", "Bank", "bob", kind="hotp", counter=5)
NEW = Account(b"\x77\x88" * 16, "New", "dave", algorithm="SHA256")
EXTRA = Account(b"\x55" * 16, "After", "reboot")


def accounts(store):
    return [store.get(slot) for slot in range(len(store))]


def typical(number):
    """A TOTP account with a 20-byte secret and 32 bytes of labels (68 stored bytes)."""
    return Account(number.to_bytes(2, "big") * 10, "Issuer %04d" % number,
                   "user%04d@mail.example.com" % number)


def test_a_new_fram_is_an_empty_healthy_store():
    _, nvm = fram_nvm()
    store = Store(nvm, "fram")
    assert store.problem is None and len(store) == 0 and store.total_bytes() == 16384


def test_fram_holds_over_200_typical_accounts_and_reads_them_back_through_the_driver():
    # filled over a plain bytearray (the same layout, without the I2C round trips), then
    # read back as the firmware does, through adafruit_fram on the chip model
    image = bytearray(FramModel.size)
    store = Store(image, "fram")
    with pytest.raises(StoreFull):
        for number in range(400):
            store.add(typical(number))
    # two 16 KiB copies: each holds every account (one-byte ids cap a store at MAX_ID + 1)
    assert 220 <= len(store) <= MAX_ID + 1
    model, nvm = fram_nvm(FramModel(bytes(image)))
    rebooted = Store(nvm, "fram")
    assert rebooted.problem is None and accounts(rebooted) == accounts(store)
    rebooted.delete(0)
    assert len(Store(fram_nvm(model)[1], "fram")) == len(store) - 1 and model.erases == 0


def test_a_delete_is_final_at_once_on_fram():
    model, nvm = fram_nvm()
    store = Store(nvm, "fram")
    for account in (TOTP, HOTP, NEW):
        store.add(account)
    assert store.deletes_at_once()
    store.delete(2)
    assert NEW.secret not in model.dump()


def history(store):
    for account in (TOTP, NEW, HOTP):
        store.add(account)
    store.rename(0, "GitHub", "alice@example.com")
    store.set_counter(2, 6)


CASES = {
    "add": lambda s: s.add(EXTRA),
    "delete": lambda s: s.delete(1),
    "rename": lambda s: s.rename(1, "Renamed", "dave"),
    "move": lambda s: s.move(0, 2),
    "replace": lambda s: s.replace(0, HOTP),
    "hotp press": lambda s: s.set_counter(2, 7),
    "wipe": lambda s: s.wipe(),
}


@pytest.mark.parametrize("case", CASES)
def test_a_cut_at_every_fram_byte_leaves_before_or_after(case):
    operation = CASES[case]
    model, nvm = fram_nvm()
    history(Store(nvm, "fram"))
    image = model.dump()
    store = Store(fram_nvm(FramModel(image))[1], "fram")
    before = accounts(store)
    model = FramModel(image)
    store = Store(fram_nvm(model)[1], "fram")
    operation(store)
    steps = model.steps
    after = accounts(store)
    assert steps > 0 and after != before
    seen = set()
    outcomes = set()
    # every byte of the header and the last 24 (written last and first to matter most),
    # every third byte between
    cuts = sorted(set(range(0, steps, 3)) | set(range(steps - 24, steps)) | set(range(16)))
    for cut in cuts:
        model = FramModel(image)
        store = Store(fram_nvm(model)[1], "fram")
        model.arm_power_cut(cut)
        with pytest.raises(PowerCut):
            operation(store)
        key = hash(model.dump())
        if key in seen:
            continue
        seen.add(key)
        rebooted = Store(fram_nvm(model)[1], "fram")
        where = "cut before byte %d of %d" % (cut, steps)
        assert rebooted.problem is None, (where, rebooted.problem)
        state = accounts(rebooted)
        assert state in (before, after), where
        outcomes.add("before" if state == before else "after")
        rebooted.add(EXTRA)
        assert accounts(Store(fram_nvm(model)[1], "fram")) == state + [EXTRA], where
    assert "before" in outcomes
