"""The wear budget: a host can spend a burst of erases, then only the refill rate, and
the owner's HOTP presses are never refused; the clock's wrap-around is handled."""

import pytest
from totp_token.sim.chips.nvm import for_port

from totp.account import Account
from totp.store import Store, StoreBusy
from totp.store.budget import BURST, REFILL_MS, TICKS_PERIOD, WearBudget


class Ticks:
    def __init__(self, start=0):
        self.now = start

    def __call__(self):
        return self.now


def test_a_burst_then_one_erase_per_refill_period():
    ticks = Ticks()
    budget = WearBudget("nrf52840", ticks)
    for _ in range(BURST):
        budget.take(1)
    with pytest.raises(StoreBusy, match=r"takes more in 267 minutes"):
        budget.take(1)
    ticks.now += REFILL_MS["nrf52840"]
    budget.take(1)
    with pytest.raises(StoreBusy):
        budget.take(1)


def test_the_millisecond_clock_wrapping_around_still_counts_as_time_passing():
    ticks = Ticks(TICKS_PERIOD - 1000)
    budget = WearBudget("rp2040", ticks)
    for _ in range(BURST):
        budget.take(1)
    ticks.now = (ticks.now + REFILL_MS["rp2040"]) % TICKS_PERIOD
    budget.take(1)


def test_fram_has_no_budget():
    budget = WearBudget("fram", Ticks())
    for _ in range(10 * BURST):
        budget.take(1)


def test_host_changes_on_nrf52840_stop_at_the_budget_but_presses_do_not():
    ticks = Ticks()
    medium = for_port("nrf52840")
    store = Store(medium, "nrf52840", ticks_ms=ticks)
    store.add(Account(b"\x01" * 20, "Bank", "bob", kind="hotp"))
    for number in range(BURST - 1):
        store.rename(0, "Bank %d" % number, "bob")
    image = medium.dump()
    with pytest.raises(StoreBusy, match="wearing out"):
        store.rename(0, "One too many", "bob")
    assert medium.dump() == image  # refused before anything was written
    for counter in range(1, 30):  # the owner's presses: limited by hand, not by the budget
        store.set_counter(0, counter)
    assert Store(medium, "nrf52840").get(0).counter == 29
