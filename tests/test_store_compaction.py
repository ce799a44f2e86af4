"""RP2040 log compaction: the store never gets stuck while the live accounts fit.

Long runs of HOTP presses, renames and moves on a token holding 50 accounts
go on working through many compactions; a compaction leaves no byte of a
deleted secret behind; it happens only when the owner's side allows it; and a
power cut can hurt only inside the one erase-and-program write it makes.
"""

import pytest
from totp_token.sim.chips.nvm import PowerCut, for_port

from totp.account import Account
from totp.otp import OTP
from totp.store import Store, StoreFull
from totp.store.damage import COMPACTION_LOST

ACCOUNTS = 50
HOTP_SLOTS = (0, 17, 49)


def fifty(medium):
    """A store with 50 accounts (20-byte secrets, about 30 characters of labels)."""
    store = Store(medium, "rp2040")
    for number in range(ACCOUNTS):
        kind = "hotp" if number in HOTP_SLOTS else "totp"
        store.add(Account(bytes((number,)) * 20, "Issuer %02d" % number, "user%02d@mail.example",
                          kind=kind, counter=number))
    return store


def accounts(store):
    return [store.get(slot) for slot in range(len(store))]


def test_5000_hotp_presses_on_50_accounts_each_type_a_new_code_in_order():
    medium = for_port("rp2040")
    store = fifty(medium)
    assert store.total_bytes() - store.used_bytes() < 700  # the log is nearly full already
    typed = {slot: [] for slot in HOTP_SLOTS}
    for press in range(5000):
        slot = HOTP_SLOTS[press % len(HOTP_SLOTS)]
        account = store.get(slot)
        store.set_counter(slot, account.counter + 1)  # durable before the code is shown
        typed[slot].append((account.counter, OTP(account.secret).hotp(account.counter)))
        if press % 500 == 499:
            store = Store(medium, "rp2040")  # a reboot reads back the same counters
            assert store.problem is None
    for slot, codes in typed.items():
        counters = [counter for counter, _ in codes]
        assert counters == list(range(slot, slot + len(codes)))  # each press the next counter
        assert len({code for _, code in codes}) > 0.99 * len(codes)  # new codes, not a repeat
    assert medium.erases >= 10  # the log filled and was compacted many times
    assert store.get(HOTP_SLOTS[0]).counter == HOTP_SLOTS[0] + 1667


def test_500_renames_and_moves_keep_working_through_compactions():
    medium = for_port("rp2040")
    store = fifty(medium)
    expected = [(a.issuer, a.name) for a in accounts(store)]
    for number in range(500):
        if number % 2:
            store.move(number % ACCOUNTS, (number * 7) % ACCOUNTS)
            expected.insert((number * 7) % ACCOUNTS, expected.pop(number % ACCOUNTS))
        else:
            issuer = "Renamed %03d" % number
            store.rename(number % ACCOUNTS, issuer, "someone")
            expected[number % ACCOUNTS] = (issuer, "someone")
    rebooted = Store(medium, "rp2040")
    assert rebooted.problem is None
    assert [(a.issuer, a.name) for a in accounts(rebooted)] == expected
    assert rebooted.compactions == 0 and store.compactions >= 5


def test_after_a_delete_and_compaction_the_secret_is_in_no_byte():
    medium = for_port("rp2040")
    store = fifty(medium)
    secret = store.get(5).secret
    store.delete(5)
    assert secret in medium.dump()
    store.compact()
    assert secret not in medium.dump()
    assert len(Store(medium, "rp2040")) == ACCOUNTS - 1


def test_full_means_the_live_accounts_do_not_fit_and_says_delete():
    medium = for_port("rp2040")
    store = fifty(medium)
    with pytest.raises(StoreFull, match="delete an account"):
        for number in range(20):
            store.add(Account(bytes((200 + number,)) * 20, "More %d" % number, "x" * 20))
    assert store.problem is None


def test_no_compaction_without_usb_power_and_the_screen_is_told_first():
    medium = for_port("rp2040")
    store = fifty(medium)
    told = []
    store.before_compact = lambda: told.append(medium.erases)
    store.may_compact = lambda: False
    before = medium.dump()
    with pytest.raises(StoreFull, match="USB power"):
        for number in range(40):
            store.rename(1, "Long renaming number %d" % number, "y" * 30)
    assert told == [] and medium.erases == 0
    assert len(Store(medium, "rp2040")) == ACCOUNTS and medium.dump() != before
    store.may_compact = lambda: True
    store.rename(1, "Long renaming number %d" % number, "y" * 30)
    assert told == [0] and medium.erases == 1


def compaction_cut(order, cut):
    medium = for_port("rp2040", order=order)
    store = fifty(medium)
    store.delete(3)
    kept = accounts(store)
    image = medium.dump()
    medium = for_port("rp2040", image, order=order)
    store = Store(medium, "rp2040")
    medium.arm_power_cut(cut)
    with pytest.raises(PowerCut):
        store.compact()
    return kept, Store(medium, "rp2040")


@pytest.mark.parametrize("order", ["address", "reverse", 11])
def test_a_cut_during_compaction_is_harmless_outside_its_one_write_and_reported_inside(order):
    # the write is one erase (step 0) then 4096 byte programs, page after page
    kept, rebooted = compaction_cut(order, 0)
    assert rebooted.problem is None and accounts(rebooted) == kept  # before the erase
    outcomes = set()
    for cut in [1, 2, 3, 5, 17, 255, 256, 257] + list(range(300, 4097, 331)) + [4096]:
        _, rebooted = compaction_cut(order, cut)
        if rebooted.problem is None and accounts(rebooted) == kept:
            outcomes.add("after")  # the cut came after the image's last byte
        elif rebooted.problem is None:
            # cut before the header's bytes landed: the sector reads as a fresh one
            assert len(rebooted) == 0, cut
            outcomes.add("reads empty")
        else:
            assert rebooted.problem in (COMPACTION_LOST,) or "not a totp-token" in rebooted.problem
            outcomes.add("reported")
    assert {"reported", "after"} <= outcomes
