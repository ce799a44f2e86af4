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


PIN_ACCOUNTS = 40  # sealed secrets are 24 bytes longer: 50 typical accounts do not fit the log


@pytest.fixture(scope="module")
def store_heap():
    figures = {"no pin": budget.measure_store(PIN_ACCOUNTS),
               "pin": budget.measure_store(PIN_ACCOUNTS, "123456")}
    print("store heap (%d accounts, .mpy): %r" % (PIN_ACCOUNTS, figures))
    return figures


def test_the_store_alone_loads_every_account_and_unlocks_with_its_pin(store_heap):
    assert store_heap["no pin"]["accounts"] == store_heap["pin"]["accounts"] == PIN_ACCOUNTS
    assert store_heap["no pin"]["locked"] is False
    assert store_heap["pin"]["locked"] is False


def test_the_same_store_measurement_runs_under_cpython_from_the_sources(store_heap):
    # the same scenario files import the same modules; the byte figures are MicroPython's
    for pin, name in ((None, "no pin"), ("123456", "pin")):
        figures = budget.measure_store(PIN_ACCOUNTS, pin, compiled=False, interpreter=CPYTHON)
        assert figures["modules"] == store_heap[name]["modules"]
        assert figures["accounts"] == PIN_ACCOUNTS and figures["locked"] is False
        assert figures["kept"] is None and set(figures["bursts"].values()) == {None}


def test_a_store_without_a_pin_imports_no_cipher(store_heap):
    assert "totp.cipher" not in store_heap["no pin"]["modules"]
    assert "totp.store.vault" not in store_heap["no pin"]["modules"]
    assert store_heap["no pin"]["bursts"]["unlock"] == 0


def test_a_pin_costs_the_vault_and_cipher_modules_and_fits_the_budget(store_heap):
    plain, pin = store_heap["no pin"], store_heap["pin"]
    assert {"totp.cipher", "totp.store.vault"} <= set(pin["modules"])
    assert pin["loaded"] > plain["loaded"]  # the vault's code and the sealed secrets
    assert 0 < pin["bursts"]["unlock"] <= budget.STORE_LOAD_BUDGET
    # kept after the unlock: the vault, cipher and KDF modules, the pure AES this port
    # needs (a board with aesio does not load it) and the 24 bytes each sealed secret adds
    assert pin["kept"] - plain["kept"] <= budget.PIN_KEPT_BUDGET
