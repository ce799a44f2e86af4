"""Power cuts in the PIN vault, on every layout: each PIN attempt, set_pin, a PIN
change and remove_pin, cut before each of their write steps in turn.

After every cut a reboot must report no damage and hold every account, readable
with the PIN that held before or the one after; a cut-off attempt may count or
not, but a count never goes back; and once a PIN is set no secret is left in the
image in any encoding. The first PIN on the RP2040 log is its documented
exception: its one write is a compaction, and a cut inside it is reported the
way compaction cuts are. Long flash writes are cut at their ends, their middle and
a spread between (as in tests/test_store_power.py); on the RP2040 and nRF52840 the same
cuts are repeated with each page programmed back to front and shuffled.
"""

import pytest
from support.vault_stores import (
    FAST,
    LAYOUTS,
    NEW_PIN,
    PIN,
    WRONG_PIN,
    accounts,
    dump,
    history,
    leaks,
    medium,
    unlock,
    with_pin,
)
from totp_token.sim.chips.power_cut import PowerCut

from totp.store import Store
from totp.store.damage import COMPACTION_LOST

ORDERS = [(port, "address") for port in LAYOUTS] + [
    (port, order) for port in ("rp2040", "nrf52840") for order in ("reverse", 7)]
SECRETS = [bytes(range(1, 21)), b"\xa5\x5a" * 16, b"12345678901234567890", b"\x3c" * 26,
           bytes(range(100, 110)), bytes(range(128))]


def cut_points(steps):
    """Every step of a short write; of a long one the ends, the middle (where the second
    of two equal page writes begins: a snapshot, then the erase after it) and a spread."""
    if steps <= 300:
        return range(steps)
    middle = steps // 2
    return sorted(set(range(40)) | set(range(steps - 40, steps)) | set(range(40, steps, 211))
                  | set(range(middle - 20, middle + 20)))


def cuts(port, order, image, operation):
    """Run ``operation`` on a store over ``image`` once to count its write steps, then
    again cut before each chosen step; yields (where, rebooted store, medium)."""
    nvm = medium(port, image, order)
    store = Store(nvm, port)
    start = nvm.steps
    operation(store)
    steps = nvm.steps - start
    assert steps > 0
    seen = set()
    for cut in cut_points(steps):
        nvm = medium(port, image, order)
        store = Store(nvm, port)
        nvm.arm_power_cut(cut)
        with pytest.raises(PowerCut):
            operation(store)
        key = hash(dump(nvm))
        if key in seen:  # the same bytes reboot the same way
            continue
        seen.add(key)
        yield "cut before step %d of %d" % (cut, steps), Store(nvm, port), nvm


def tried(port, image, wrong):
    """``image`` after ``wrong`` wrong PINs."""
    nvm = medium(port, image)
    store = Store(nvm, port)
    for _ in range(wrong):
        assert unlock(store, WRONG_PIN) is False
    return dump(nvm)


@pytest.mark.parametrize("wrong", [0, 8, 20])  # 20: two runs of wrong tries, right between
@pytest.mark.parametrize("port, order", ORDERS)
def test_a_cut_wrong_attempt_counts_or_not_and_never_goes_back(port, order, wrong):
    image, held = with_pin(port)
    for _ in range(wrong // 9):  # 9 wrong, then the right PIN, as often as asked
        image = tried(port, image, 9)
        nvm = medium(port, image)
        assert unlock(Store(nvm, port), PIN)
        image = dump(nvm)
    image = tried(port, image, wrong % 9)
    left = 10 - wrong % 9
    for where, rebooted, _ in cuts(port, order, image, lambda s: unlock(s, WRONG_PIN)):
        assert rebooted.problem is None, where
        assert rebooted.pin_tries_left() in (left, left - 1), where
        assert unlock(rebooted, PIN), where
        assert accounts(rebooted) == held, where


@pytest.mark.parametrize("port, order", ORDERS)
def test_a_cut_right_attempt_leaves_the_count_or_starts_it_again(port, order):
    image, held = with_pin(port)
    image = tried(port, image, 4)
    for where, rebooted, nvm in cuts(port, order, image, lambda s: unlock(s, PIN)):
        assert rebooted.problem is None, where
        assert rebooted.pin_tries_left() in (6, 5, 10), where
        assert unlock(rebooted, PIN) and accounts(rebooted) == held, where
        assert Store(nvm, port).pin_tries_left() == 10, where


@pytest.mark.parametrize("port, order", ORDERS)
def test_a_cut_tenth_wrong_attempt_wipes_now_or_at_the_next_try(port, order):
    image, held = with_pin(port)
    image = tried(port, image, 9)
    outcomes = set()
    for where, rebooted, nvm in cuts(port, order, image, lambda s: unlock(s, WRONG_PIN)):
        assert rebooted.problem is None, where
        if not rebooted.has_pin:
            assert len(rebooted) == 0, where
            outcomes.add("wiped")
        elif rebooted.pin_tries_left() == 1:
            assert unlock(rebooted, PIN) and accounts(rebooted) == held, where
            outcomes.add("not counted")
        else:
            # counted, then cut before or inside the wipe: even the right PIN now wipes
            assert rebooted.pin_tries_left() == 0, where
            assert unlock(rebooted, PIN) is False, where
            assert len(rebooted) == 0 and not Store(nvm, port).has_pin, where
            outcomes.add("counted")
        assert leaks(dump(nvm), SECRETS) == [], where
    assert {"not counted", "counted"} <= outcomes


def plain_image(port):
    nvm = medium(port)
    store = Store(nvm, port)
    history(store)
    return dump(nvm), accounts(store)


@pytest.mark.parametrize("port, order", [case for case in ORDERS if case[0] != "rp2040"])
def test_a_cut_first_pin_leaves_the_plain_accounts_or_all_of_them_sealed(port, order):
    image, held = plain_image(port)
    outcomes = set()
    for where, rebooted, nvm in cuts(port, order, image, lambda s: s.set_pin(PIN, FAST)):
        assert rebooted.problem is None, where
        if rebooted.has_pin:
            assert leaks(dump(nvm), SECRETS) == [], where  # the reboot erased what was left
            assert unlock(rebooted, PIN), where
            outcomes.add("sealed")
        else:
            outcomes.add("plain")
        assert accounts(rebooted) == held, where
    assert "plain" in outcomes


@pytest.mark.parametrize("order", ["address", "reverse", 7])
def test_a_cut_first_pin_on_the_log_is_a_compaction_cut(order):
    image, held = plain_image("rp2040")
    outcomes = set()
    for where, rebooted, nvm in cuts("rp2040", order, image, lambda s: s.set_pin(PIN, FAST)):
        if rebooted.problem is not None:
            assert rebooted.problem == COMPACTION_LOST or "not a totp-token" in rebooted.problem
            outcomes.add("reported")
        elif rebooted.has_pin:
            assert unlock(rebooted, PIN) and accounts(rebooted) == held, where
            outcomes.add("sealed")
        elif len(rebooted):
            assert accounts(rebooted) == held, where  # cut before the erase
            outcomes.add("plain")
        else:
            outcomes.add("reads empty")  # cut before the header's bytes landed
        if rebooted.problem is None and rebooted.has_pin:
            assert leaks(dump(nvm), SECRETS) == [], where
    assert {"reported", "plain"} <= outcomes


@pytest.mark.parametrize("port, order", ORDERS)
def test_a_cut_pin_change_leaves_the_old_pin_or_the_new_one(port, order):
    image, held = with_pin(port)

    def change(store):
        assert unlock(store, PIN)
        store.set_pin(NEW_PIN, FAST)

    outcomes = set()
    for where, rebooted, _ in cuts(port, order, image, change):
        assert rebooted.problem is None and rebooted.locked, where
        if unlock(rebooted, NEW_PIN):
            outcomes.add("new")
        else:
            assert unlock(rebooted, PIN), where
            outcomes.add("old")
        assert accounts(rebooted) == held, where
    assert "old" in outcomes


@pytest.mark.parametrize("port, order", ORDERS)
def test_a_cut_remove_pin_leaves_the_pin_or_none(port, order):
    image, held = with_pin(port)

    def remove(store):
        assert unlock(store, PIN)
        store.remove_pin()

    outcomes = set()
    for where, rebooted, _ in cuts(port, order, image, remove):
        assert rebooted.problem is None, where
        if rebooted.has_pin:
            assert unlock(rebooted, PIN), where
            outcomes.add("pin")
        else:
            outcomes.add("none")
        assert accounts(rebooted) == held, where
    assert "pin" in outcomes
