"""Store operations on every port's flash model: what each does, what survives a
reboot, what happens when the store is full, and errors that name the fix."""

import pytest
from totp_token.sim.chips.nvm import for_port

from totp.account import Account, AccountError
from totp.store import LOG_RESERVE, TYPICAL_BYTES, NoSuchSlot, Store, StoreError, StoreFull, records

PORTS = ("rp2040", "nrf52840", "esp32")

GITHUB = Account(bytes(range(1, 21)), "GitHub", "alice")
BANK = Account(b"12345678901234567890", "Bank", "bob", kind="hotp", counter=5)
STEAM = Account(bytes(range(100, 110)), "Steam", "carol", kind="steam")
CORP = Account(bytes(range(64)), "Corp", "dave", algorithm="SHA512", digits=8, period=60)
NEW = Account(b"\x99" * 32, "Néw", "ünïcode ✓", algorithm="SHA256", digits=7, period=45)
BASE = [GITHUB, BANK, STEAM, CORP]


def renamed(account, issuer, name):
    return Account(account.secret, issuer, name, account.kind, account.algorithm,
                   account.digits, account.period, account.counter)


def counted(account, counter):
    return Account(account.secret, account.issuer, account.name, account.kind,
                   account.algorithm, account.digits, account.period, counter)


def presses(store, count):
    for _ in range(count):
        store.set_counter(1, store.get(1).counter + 1)
    return store.add(NEW)


# (name, what the operation does to the store, what the account list becomes, result)
OPERATIONS = [
    ("add", lambda s: s.add(NEW), BASE + [NEW], 4),
    ("delete first", lambda s: s.delete(0), BASE[1:], None),
    ("delete last", lambda s: s.delete(3), BASE[:3], None),
    ("delete then add", lambda s: (s.delete(1), s.add(BANK))[1],
     [GITHUB, STEAM, CORP, BANK], 3),
    ("replace", lambda s: s.replace(1, NEW), [GITHUB, NEW, STEAM, CORP], None),
    ("move down", lambda s: s.move(0, 3), [BANK, STEAM, CORP, GITHUB], None),
    ("move up", lambda s: s.move(2, 0), [STEAM, GITHUB, BANK, CORP], None),
    ("move in place", lambda s: s.move(2, 2), BASE, None),
    ("rename", lambda s: s.rename(2, "Valve", "carol2"),
     [GITHUB, BANK, renamed(STEAM, "Valve", "carol2"), CORP], None),
    ("rename to nothing", lambda s: s.rename(0, "", ""),
     [renamed(GITHUB, "", ""), BANK, STEAM, CORP], None),
    ("hotp press", lambda s: s.set_counter(1, 6), [GITHUB, counted(BANK, 6), STEAM, CORP], None),
    ("hotp jump", lambda s: s.set_counter(1, 2**40), [GITHUB, counted(BANK, 2**40), STEAM, CORP],
     None),
    ("hotp back", lambda s: s.set_counter(1, 0), [GITHUB, counted(BANK, 0), STEAM, CORP], None),
    ("hotp same", lambda s: s.set_counter(1, 5), BASE, None),
    ("50 hotp presses then add", lambda s: presses(s, 50),
     [GITHUB, counted(BANK, 55), STEAM, CORP, NEW], 4),
    ("wipe", lambda s: s.wipe(), [], None),
    ("wipe then add", lambda s: (s.wipe(), s.add(CORP))[1], [CORP], 0),
]


def accounts(store):
    return [store.get(slot) for slot in range(len(store))]


def stored(port, items=BASE):
    medium = for_port(port)
    store = Store(medium, port)
    for account in items:
        store.add(account)
    return medium, store


@pytest.mark.parametrize("name, operation, expected, result", OPERATIONS,
                         ids=[case[0] for case in OPERATIONS])
@pytest.mark.parametrize("port", PORTS)
def test_operation_then_reboot(port, name, operation, expected, result):
    medium, store = stored(port)
    assert operation(store) == result
    assert accounts(store) == expected
    rebooted = Store(medium, port)
    assert accounts(rebooted) == expected and rebooted.problem is None
    assert [rebooted.public(slot) for slot in range(len(expected))] == [
        account.describe() for account in expected]
    assert rebooted.used_bytes() == store.used_bytes()


@pytest.mark.parametrize("port", PORTS)
def test_a_fresh_store_is_empty_and_healthy(port):
    store = Store(for_port(port), port)
    assert len(store) == 0 and store.problem is None and store.used_bytes() == 0


@pytest.mark.parametrize("port, total, typical_fit", [
    ("rp2040", 4096, 58), ("nrf52840", 4096, 60), ("esp32", 8192, 120)])
def test_capacity_figures(port, total, typical_fit):
    typical = Account(bytes(20), "i" * 16, "n" * 16)
    assert len(records.account(0, typical, 0)) == TYPICAL_BYTES
    store = Store(for_port(port), port)
    assert store.total_bytes() == total
    assert store.capacity_estimate() == typical_fit


def label_account(number):
    # 32 characters of label, 20-byte secret
    return Account(bytes((number,)) * 20, "Issuer %08d" % number, "user%012d" % number)


@pytest.mark.parametrize("port", PORTS)
def test_32_accounts_fit_with_room_for_normal_life(port):
    medium, store = stored(port, [label_account(n) for n in range(32)])
    store.add(BANK)
    for slot in range(10):
        store.rename(slot, "Renamed %d" % slot, "someone")
    for _ in range(5):
        store.delete(0)
    for counter in range(6, 56):
        store.set_counter(len(store) - 1, counter)
    assert len(store) == 28 and store.get(27).counter == 55
    assert accounts(Store(medium, port)) == accounts(store)
    assert store.capacity_estimate() > 0


@pytest.mark.parametrize("port", PORTS)
def test_adding_until_full_raises_with_the_numbers_and_keeps_everything(port):
    medium, store = stored(port)
    number = 0
    with pytest.raises(StoreFull) as full:
        while True:
            store.add(label_account(number))
            number += 1
    assert full.value.needed > full.value.free >= 0
    message = str(full.value)
    assert "%d bytes" % full.value.needed in message and "%d are free" % full.value.free in message
    assert "delete an account" in message
    assert store.capacity_estimate() == 0
    kept = accounts(store)
    assert len(kept) == len(BASE) + number
    assert accounts(Store(medium, port)) == kept
    # the space kept back for changes still takes a delete, a rename and a press
    store.delete(0)
    store.rename(0, "Still", "works")
    store.set_counter(0, 6)
    assert accounts(Store(medium, port)) == accounts(store)


def test_rp2040_keeps_a_reserve_for_changes_after_adds_fill_it():
    medium, store = stored("rp2040")
    with pytest.raises(StoreFull):
        while True:
            store.add(label_account(len(store)))
    assert store.total_bytes() - store.used_bytes() >= LOG_RESERVE


@pytest.mark.parametrize("port", PORTS)
@pytest.mark.parametrize("action, error, words", [
    (lambda s: s.get(4), NoSuchSlot, "use 0 to 3"),
    (lambda s: s.get(-1), NoSuchSlot, "use 0 to 3"),
    (lambda s: s.public("1"), NoSuchSlot, "slot '1'"),
    (lambda s: s.delete(9), NoSuchSlot, "slot 9"),
    (lambda s: s.move(0, 4), NoSuchSlot, "slot 4"),
    (lambda s: s.replace(7, NEW), NoSuchSlot, "slot 7"),
    (lambda s: s.rename(0, "x" * 65, ""), AccountError, "shorten"),
    (lambda s: s.set_counter(0, 7), StoreError, "no counter"),
    (lambda s: s.set_counter(1, -1), AccountError, "counter"),
    (lambda s: s.set_counter(1, 2**53), AccountError, "counter"),
], ids=["past the end", "negative", "not a number", "delete", "move target", "replace",
        "label too long", "counter of totp", "negative counter", "counter too big"])
def test_bad_requests_change_nothing(port, action, error, words):
    medium, store = stored(port)
    image = medium.dump()
    with pytest.raises(error, match=words):
        action(store)
    assert medium.dump() == image and accounts(store) == BASE


def test_an_account_invalid_since_construction_is_refused():
    store = Store(for_port("rp2040"), "rp2040")
    account = Account(b"x", "a", "b")
    account.digits = 11
    with pytest.raises(AccountError, match="digits"):
        store.add(account)
    assert len(store) == 0 and store.used_bytes() == 0


def test_no_such_slot_in_an_empty_store_says_it_is_empty():
    with pytest.raises(NoSuchSlot, match="no accounts"):
        Store(for_port("esp32"), "esp32").get(0)


def test_unknown_port_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="rp2040, nrf52840, esp32 or fram"):
        Store(for_port("rp2040"), "samd51")


def test_get_returns_copies_the_caller_cannot_change_the_store_through():
    medium, store = stored("rp2040")
    account = store.get(1)
    account.counter = 999
    account.secret = b"changed"
    assert store.get(1) == BANK


def test_hotp_press_on_rp2040_costs_one_byte_not_a_record():
    medium, store = stored("rp2040")
    used = store.used_bytes()
    steps = medium.steps
    store.set_counter(1, 6)
    assert medium.steps - steps == 1 and store.used_bytes() == used
