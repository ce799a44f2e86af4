"""Boards are explicit: the token keeps accounts only on a board whose nvm the store models,
and refuses any other plainly, on its screen and in `hello`, without touching its nvm.

The SAMD51 (Feather M4) is the case in point: CircuitPython's atmel-samd port writes its
8192-byte nvm through ASF4's flash_write, which erases the whole 8 KB block and programs
it back on every write, so no layout can survive a power cut there.
"""

from pathlib import Path

import pytest
from support import device_budget as budget
from totp_token.client import Client
from totp_token.errors import InputError, TokenRefused
from totp_token.sim import Simulator
from totp_token.sim.chips.nvm import PowerCut, Samd51Nvm
from totp_token.sim.frontends.screen_text import read_screen

from totp.account import Account
from totp.hardware import storage_port
from totp.store import Store

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("board_id", "machine", "port"), [
    ("adafruit_feather_rp2040", "", "rp2040"),
    ("seeed_xiao_rp2040", "Seeed XIAO RP2040 with rp2040", "rp2040"),
    ("some_nrf_board", "Some board with nRF52840", "nrf52840"),
    ("feather_m4_express", "Adafruit Feather M4 Express with samd51j19", None),
    ("qtpy_m0", "Adafruit QT Py M0 with samd21e18", None),
    ("some_stm32", "Some board with STM32F405RG", None),
])
def test_the_storage_port_is_known_or_the_board_is_refused(board_id, machine, port):
    assert storage_port(board_id, machine) == port


@pytest.fixture
def board():
    running = []

    def start(name):
        sim = Simulator(board=name)
        running.append(sim)
        sim.start()
        return sim

    yield start
    for sim in running:
        sim.stop()
        assert sim.take_errors() == []


def test_a_feather_m4_says_it_is_not_supported_on_screen_and_in_hello(board):
    sim = board("feather_m4")
    assert read_screen(sim.screen_rows())[0] == "Board not supported"
    with Client(sim.serial_path) as client:
        hello = client.hello()
        assert hello["board_supported"] is False
        assert "docs/boards.md" in hello["board_problem"]
        assert hello["storage_ok"] is False and hello["accounts"] == 0
        with pytest.raises(TokenRefused):
            client.add(Account(b"12345678901234567890", issuer="GitHub", name="alice"))
    assert sim.machine.nvm.dump() == b"\xff" * 8192  # never written
    assert sim.machine.nvm.steps == 0


def test_a_supported_board_says_so_in_hello(board):
    sim = board("feather_rp2040")
    with Client(sim.serial_path) as client:
        hello = client.hello()
    assert hello["board_supported"] is True and "board_problem" not in hello


def test_why_samd51_is_refused_one_byte_written_erases_every_account():
    nvm = Samd51Nvm()
    store = Store(nvm, port="nrf52840")  # the two-copy layout, the safest the store has
    for name in ("alice", "bob"):
        store.add(Account(b"12345678901234567890", issuer="GitHub", name=name))
    assert len(Store(nvm, port="nrf52840")) == 2
    nvm.arm_power_cut(1)  # the erase of the block is the first step of any write
    with pytest.raises(PowerCut):
        nvm[4095] = 0x00
    assert nvm.dump() == b"\xff" * 8192
    assert len(Store(nvm, port="nrf52840")) == 0


def test_preloading_accounts_on_a_refused_board_is_a_clear_error():
    with pytest.raises(InputError, match="refuses the feather_m4 board"):
        Simulator(board="feather_m4", accounts=["otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"])


def test_the_readme_board_table_states_the_budgets_the_tests_assert():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "| RP2040 |" in readme and "| **SAMD51** (Feather M4 and others) | refused |" in readme
    assert "more\nthan **%.1f KB** after boot" % (budget.KEPT_BUDGET / budget.KB) in readme
    assert "allocates more than **%d KB**" % (budget.STORE_LOAD_BUDGET // budget.KB) in readme
    assert "%.1f KB at the REPL" % (budget.SMALLEST_HEAP / budget.KB) in readme


def test_the_board_doc_states_the_budgets_the_tests_assert():
    text = (REPO / "docs" / "boards.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| kept after boot"))
    assert row.rstrip(" |").endswith("%.1f KB" % (budget.KEPT_BUDGET / budget.KB))
    row = next(line for line in text.splitlines() if line.startswith("| store load"))
    assert row.rstrip(" |").endswith("%d KB" % (budget.STORE_LOAD_BUDGET // budget.KB))
