"""The firmware's heap budget, measured under real MicroPython 1.27 from the .mpy files
deploy writes for the board (tests/support/device_budget.py says how: a sequence of
scripts in one interpreter, with gc.collect() at the start of a later script, since this
port frees nothing while one script runs).

With 50 accounts: the heap kept after boot, the store load's burst and the largest single
step while booting stay within budgets chosen from the smallest measured board
(docs/boards.md), so the token boots there with room to type. Zero bytes per
steady-state step is tests/test_firmware_alloc_micropython.py.
"""

import pytest
from support import device_budget as budget
from support.mpy import CPYTHON, run_scenarios


@pytest.fixture(scope="module")
def booted():
    figures = budget.measure(compiled=True)
    print("device budget (50 accounts, .mpy): %r" % figures)
    return figures


def test_the_boot_loads_every_account(booted):
    assert booted["accounts"] == budget.ACCOUNTS


def test_the_same_boot_runs_under_cpython_from_the_sources():
    # the scenario files are portable; the byte figures are MicroPython's only
    figures = budget.measure(compiled=False, interpreter=CPYTHON)
    assert figures["accounts"] == budget.ACCOUNTS
    assert figures["kept"] is None and figures["devices"] is None
    assert set(figures["bursts"].values()) == {None}


def test_the_heap_kept_after_boot_fits_the_smallest_board(booted):
    assert 20 * budget.KB < booted["kept"] <= budget.KEPT_BUDGET


def test_the_store_load_burst_fits(booted):
    assert 0 < booted["bursts"]["store load"] <= budget.STORE_LOAD_BUDGET


def test_no_single_boot_step_needs_more_than_its_budget(booted):
    assert 0 < booted["bursts"]["largest step"] <= budget.STEP_BUDGET
    assert booted["bursts"]["app"] <= budget.STEP_BUDGET


def test_the_accounts_cost_heap_beyond_the_devices(booted):
    # the store and the app are part of what is kept: 50 accounts are not free
    assert booted["kept"] > booted["devices"]


def test_budgets_leave_the_smallest_board_room():
    assert budget.KEPT_BUDGET + budget.STORE_LOAD_BUDGET + budget.MARGIN <= budget.SMALLEST_HEAP


def test_the_method_counts_what_is_kept_and_not_the_garbage():
    (outcome,) = run_scenarios(("heap_baseline", "heap_method_garbage", "heap_kept"),
                               files=())
    assert outcome.results == {"kept_buffers": 20}
    assert 20 * 1000 <= outcome.heap["kept"] < 2 * 20 * 1000  # the 20 kept buffers, not 200
