"""A power cut at every write step of every store operation, on each port's flash model.

For each case the operation runs once to count its write steps (bytes
programmed, erases, blob commits), then again from the same starting image
with the power cut before step 0, 1, 2, ... up to the last. After each cut a
new Store over the medium (a reboot) must hold exactly the accounts from
before or from after the operation (secrets and counters included), report
no blocking damage, and go on working.

Flash promises no order for the bytes programmed inside one page, so the same
cuts are repeated with each page programmed back to front and in a shuffled
order (every step of the short log writes; on the 4 KiB page writes of the
nRF52840 every step near both ends and a spread of steps between).
"""

import random

import pytest
from totp_token.sim.chips.nvm import PowerCut, for_port

from totp.account import Account
from totp.store import Store, StoreFull

PORTS = ("rp2040", "nrf52840", "esp32")

TOTP = Account(bytes(range(1, 21)), "GitHub", "alice")
HOTP = Account(b"12345678901234567890", "Bank", "bob", kind="hotp", counter=5)
STEAM = Account(bytes(range(100, 110)), "Steam", "carol", kind="steam")
SHA256 = Account(bytes(range(200, 232)), "Corp", "dave", algorithm="SHA256", digits=8, period=60)
NEW_HOTP = Account(b"\xaa" * 20, "VPN", "erin", kind="hotp", counter=1000)
EXTRA = Account(b"\x55" * 16, "After", "reboot")
HOTP_SLOT = 2  # where history() leaves the HOTP account


def nothing(store):
    pass


def history(store):
    """Leaves [STEAM, TOTP renamed, HOTP at counter 6], with superseded records behind."""
    for account in (TOTP, SHA256, HOTP, STEAM):
        store.add(account)
    store.rename(0, "GitHub", "alice@example.com")
    store.delete(1)
    store.set_counter(1, 6)
    store.move(2, 0)


def history_run_used_up(store):
    """history(), then enough HOTP presses to use up the counter run of the log."""
    history(store)
    for counter in range(7, 40):
        store.set_counter(HOTP_SLOT, counter)


CASES = {
    "add to an empty store": (nothing, lambda s: s.add(SHA256)),
    "add": (history, lambda s: s.add(SHA256)),
    "add hotp": (history, lambda s: s.add(NEW_HOTP)),
    "delete": (history, lambda s: s.delete(1)),
    "delete the last": (history, lambda s: s.delete(2)),
    "rename": (history, lambda s: s.rename(1, "GitHub Enterprise", "alice")),
    "move": (history, lambda s: s.move(0, 2)),
    "replace": (history, lambda s: s.replace(0, NEW_HOTP)),
    "hotp press": (history, lambda s: s.set_counter(HOTP_SLOT, 7)),
    "hotp press, run used up": (history_run_used_up, lambda s: s.set_counter(HOTP_SLOT, 40)),
    "hotp counter jump": (history, lambda s: s.set_counter(HOTP_SLOT, 500)),
    "hotp counter back": (history, lambda s: s.set_counter(HOTP_SLOT, 1)),
    "wipe": (history, lambda s: s.wipe()),
}


def accounts(store):
    return [store.get(slot) for slot in range(len(store))]


def cut_points(steps):
    """Every step of a short write; the ends and a deterministic spread of a long one."""
    if steps <= 400:
        return range(steps)
    return sorted(set(range(80)) | set(range(steps - 80, steps)) | set(range(80, steps, 97)))


def prepared(port, setup):
    medium = for_port(port)
    setup(Store(medium, port))
    return medium.dump()


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("port", PORTS)
def test_a_cut_at_any_step_leaves_before_or_after(port, case):
    setup, operation = CASES[case]
    image = prepared(port, setup)
    medium = for_port(port, image)
    store = Store(medium, port)
    before = accounts(store)
    start = medium.steps
    operation(store)
    steps = medium.steps - start
    after = accounts(store)
    assert steps > 0 and after != before
    assert accounts(Store(medium, port)) == after

    outcomes = set()
    seen = set()
    for cut in range(steps):
        medium = for_port(port, image)
        store = Store(medium, port)
        medium.arm_power_cut(cut)
        with pytest.raises(PowerCut):
            operation(store)
        key = hash(medium.dump())
        if key in seen:  # the same bytes reboot the same way
            continue
        seen.add(key)
        rebooted = Store(medium, port)
        state = accounts(rebooted)
        where = "cut before step %d of %d" % (cut, steps)
        assert rebooted.problem is None, where
        assert state in (before, after), where
        outcomes.add("before" if state == before else "after")
        rebooted.add(EXTRA)
        assert accounts(Store(medium, port)) == state + [EXTRA], where
    assert "before" in outcomes


@pytest.mark.parametrize("order", ["reverse", 5])
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("port", ("rp2040", "nrf52840"))
def test_a_cut_in_any_byte_order_within_a_page_leaves_before_or_after(port, case, order):
    setup, operation = CASES[case]
    image = prepared(port, setup)
    medium = for_port(port, image, order)
    store = Store(medium, port)
    before = accounts(store)
    start = medium.steps
    operation(store)
    steps = medium.steps - start
    after = accounts(store)
    outcomes = set()
    seen = set()
    for cut in cut_points(steps):
        medium = for_port(port, image, order)
        store = Store(medium, port)
        medium.arm_power_cut(cut)
        with pytest.raises(PowerCut):
            operation(store)
        key = hash(medium.dump())
        if key in seen:
            continue
        seen.add(key)
        rebooted = Store(medium, port)
        where = "cut before step %d of %d" % (cut, steps)
        assert rebooted.problem is None, (where, rebooted.problem)
        state = accounts(rebooted)  # every intact account still gives codes
        assert state in (before, after), where
        outcomes.add("before" if state == before else "after")
        rebooted.add(EXTRA)
        assert accounts(Store(medium, port)) == state + [EXTRA], where
    assert "before" in outcomes


@pytest.mark.parametrize("port", PORTS)
def test_hotp_counter_never_goes_back_below_a_shown_code(port):
    # the app stores counter + 1 before it shows the code for counter
    medium = for_port(port)
    store = Store(medium, port)
    store.add(HOTP)
    shown = []
    for press in range(40):
        counter = store.get(0).counter
        medium.arm_power_cut(0 if press % 7 == 6 else 10**6)
        try:
            store.set_counter(0, counter + 1)
        except PowerCut:
            store = Store(medium, port)
            continue
        medium.disarm()
        shown.append(counter)
        assert Store(medium, port).get(0).counter > max(shown)
    assert len(shown) > 30


def random_account(rng):
    kind = rng.choice(("totp", "totp", "hotp", "steam"))
    return Account(rng.randbytes(rng.choice((10, 20, 32, 64))),
                   "".join(rng.choice("abcXYZé✓ ") for _ in range(rng.randrange(0, 20))),
                   "".join(rng.choice("abc@.-") for _ in range(rng.randrange(0, 20))),
                   kind=kind, algorithm=rng.choice(("SHA1", "SHA256", "SHA512")),
                   digits=rng.choice((6, 8)), counter=rng.randrange(0, 1000))


def random_operation(rng, store):
    """One random change as (kind, function of a store); slots come from what is stored."""
    count = len(store)
    hotp = [slot for slot in range(count) if store.public(slot)["type"] == "hotp"]
    choices = ["add"] * 3 + (["delete", "rename", "move", "replace"] if count else [])
    choices += ["press"] * 4 + ["jump"] if hotp else []
    choices += ["wipe"] if rng.random() < 0.02 else []
    kind = rng.choice(choices)
    slot = rng.randrange(count) if count else 0
    if kind == "add":
        account = random_account(rng)
        return kind, lambda s: s.add(account)
    if kind in ("press", "jump"):
        slot = rng.choice(hotp)
        value = store.public(slot)["counter"] + (1 if kind == "press" else rng.randrange(2, 99))
        return kind, lambda s: s.set_counter(slot, value)
    if kind == "wipe":
        return kind, lambda s: s.wipe()
    if kind == "delete":
        return kind, lambda s: s.delete(slot)
    if kind == "rename":
        issuer = "r%d" % rng.randrange(99)
        return kind, lambda s: s.rename(slot, issuer, "n")
    if kind == "move":
        target = rng.randrange(count)
        return kind, lambda s: s.move(slot, target)
    account = random_account(rng)
    return kind, lambda s: s.replace(slot, account)


@pytest.mark.parametrize("port", PORTS)
def test_random_changes_with_random_power_cuts(port):
    # torn writes pile up in one image, each followed by a reboot and more changes
    rng = random.Random(port)
    medium = for_port(port)
    store = Store(medium, port)
    cuts = 0
    for number in range(300):
        kind, change = random_operation(rng, store)
        before = accounts(store)
        twin = for_port(port, medium.dump())
        undisturbed = Store(twin, port)
        try:
            change(undisturbed)
        except StoreFull:
            store.wipe()
            continue
        after = accounts(undisturbed)
        medium.arm_power_cut(rng.randrange(2 * twin.steps + 1))  # a cut about half the time
        try:
            change(store)
            medium.disarm()
            assert accounts(store) == after
        except PowerCut:
            cuts += 1
            store = Store(medium, port)
            assert store.problem is None, (number, kind)
            assert accounts(store) in (before, after), (number, kind)
        assert accounts(Store(medium, port)) == accounts(store), (number, kind)
    assert cuts > 50
