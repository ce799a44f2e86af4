"""Suite-wide set-up and reporting: the MicroPython run and the external corpus, one line each.

The `test_corpus_*.py` modules read the external corpus and are collected only
when TOTP_TOKEN_CORPUS names it (tests/support/corpus.py); without it the
summary says in one line that they did not run.
"""

import json
import os
import pathlib
import sys
import types

import pytest
from support import corpus as external
from support import mpy
from support.protocol_harness import NOW, DirectToken, PtyToken
from support.sim_drives import make_drive

TESTS = pathlib.Path(__file__).resolve().parent
PACKAGE_JSON = (TESTS.parent / "node_modules" / "@micropython"
                / "micropython-webassembly-pyscript" / "package.json")


def _micropython_version():
    try:
        return "MicroPython " + json.loads(PACKAGE_JSON.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "MicroPython (package not installed: run `npm ci`)"


def pytest_configure(config):
    try:
        external.corpus_root()
    except external.CorpusMissing as problem:
        raise pytest.UsageError(str(problem)) from None


def pytest_ignore_collect(collection_path, config):
    if external.is_corpus_module(collection_path) and external.corpus_root() is None:
        return True
    return None


@pytest.fixture(params=mpy.INTERPRETERS)
def interpreter(request):
    """Each interpreter a scenario file runs under (support/mpy.py): the test runs twice."""
    return request.param


@pytest.fixture
def corpus():
    """The external corpus folder (only the corpus modules use it; they run only when it is set)."""
    return external.corpus_path()


def pytest_terminal_summary(terminalreporter):
    _board_tier_summary(terminalreporter)
    counts = {mpy.MICROPYTHON: {}, mpy.CPYTHON: {}}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, ()):
            interpreter = mpy.interpreter_of(getattr(report, "nodeid", ""))
            if interpreter and report.when == "call":
                counts[interpreter][outcome] = counts[interpreter].get(outcome, 0) + 1
    terminalreporter.write_sep("-", "device code under real %s" % _micropython_version())
    for interpreter, text in ((mpy.MICROPYTHON, "ran device modules in the MicroPython "
                               "interpreter"),
                              (mpy.CPYTHON, "ran the same scenario files under CPython")):
        found = counts[interpreter]
        terminalreporter.write_line("%d tests %s: %s" % (
            sum(found.values()), text,
            ", ".join("%d %s" % (n, k) for k, n in sorted(found.items())) or "none"))
    _corpus_summary(terminalreporter)


def _corpus_summary(terminalreporter):
    root = external.corpus_root()
    if root is None:
        modules = len(list(TESTS.glob(external.MODULE_PREFIX + "*.py")))
        terminalreporter.write_line(
            "external corpus: %s is not set, so the %d %s*.py modules did not run; %s"
            % (external.ENV, modules, external.MODULE_PREFIX, external.HOW_TO_RUN))
        return
    ran = sum(1 for outcome in ("passed", "failed", "error", "skipped")
              for report in terminalreporter.stats.get(outcome, ())
              if external.MODULE_PREFIX in getattr(report, "nodeid", "") and report.when == "call")
    terminalreporter.write_line("external corpus %s: %d corpus tests ran" % (root, ran))


@pytest.fixture
def running_sim():
    """Start simulators (``running_sim(accounts=[uri...], now=unix, **options)``); each is
    stopped afterwards and must have logged no firmware error."""
    from totp_token.sim import Simulator

    running = []

    def start(accounts=(), now=None, **options):
        sim = Simulator(accounts=list(accounts), **options)
        running.append(sim)
        sim.start()
        if now is not None:
            sim.set_time(now)
        return sim

    yield start
    for sim in running:
        sim.stop()
        assert sim.take_errors() == []


@pytest.fixture
def keyboard_class():
    """adafruit_hid's real Keyboard. Blinka's usb_hid cannot be imported on a PC, so a
    usb_hid holding only the Device class stands in while adafruit_hid imports; the
    link (support/hid_link.py) is no usb_hid.Device, so adafruit_hid treats it like a BLE
    keyboard (no USB wait: the Typist does that). sys.modules is restored afterwards."""
    names = [n for n in sys.modules if n == "usb_hid" or n.startswith("adafruit_hid")]
    saved = {name: sys.modules.pop(name) for name in names}
    usb_hid = types.ModuleType("usb_hid")

    class Device:
        pass

    usb_hid.Device = Device
    sys.modules["usb_hid"] = usb_hid
    try:
        from adafruit_hid.keyboard import Keyboard
        yield Keyboard
    finally:
        for name in [n for n in sys.modules if n == "usb_hid" or n.startswith("adafruit_hid")]:
            del sys.modules[name]
        sys.modules.update(saved)


@pytest.fixture
def pty_token():
    """A token on a real pseudo-terminal (support/protocol_harness.py), its clock at NOW."""
    with PtyToken(unix=NOW) as running:
        yield running


@pytest.fixture
def direct_token():
    """The token's request handler called directly, no pty in between; its clock at NOW."""
    return DirectToken(unix=NOW)


@pytest.fixture
def sim_drive(tmp_path):
    """A CIRCUITPY folder holding support/sim_drives.py's boot.py and code.py (and adafruit_hid)."""
    return make_drive(tmp_path / "CIRCUITPY")


# -- the real-CircuitPython tier: tests marked `board` run only with a UF2 --------------

BOARD_UF2_ENV = "TOTP_TOKEN_UF2"
UF2_MAGIC = b"UF2\n"


def _board_uf2_setting():
    return os.environ.get(BOARD_UF2_ENV, "").strip()


def pytest_collection_modifyitems(config, items):
    if _board_uf2_setting():
        return
    board = [item for item in items if item.get_closest_marker("board")]
    if board:
        items[:] = [item for item in items if not item.get_closest_marker("board")]
        config.hook.pytest_deselected(items=board)


@pytest.fixture
def board_uf2():
    """The CircuitPython UF2 named by $TOTP_TOKEN_UF2, checked to be a UF2 file."""
    path = pathlib.Path(_board_uf2_setting()).expanduser()
    if not path.is_file():
        pytest.fail("$%s=%s is not a file: give the CircuitPython .uf2 for "
                    "raspberry_pi_pico" % (BOARD_UF2_ENV, path), pytrace=False)
    with path.open("rb") as handle:
        if handle.read(len(UF2_MAGIC)) != UF2_MAGIC:
            pytest.fail("$%s=%s is not a UF2 file (no UF2 magic at its start)"
                        % (BOARD_UF2_ENV, path), pytrace=False)
    return path.resolve()


def _board_tier_summary(terminalreporter):
    if not _board_uf2_setting():
        terminalreporter.write_line(
            "real-CircuitPython tier did not run: set %s=PATH to a CircuitPython .uf2 for "
            "raspberry_pi_pico (or run ./dev test-board PATH.uf2)" % BOARD_UF2_ENV)
        return
    terminalreporter.write_sep("-", "real CircuitPython in the rp2040py emulator")
    for outcome in ("passed", "failed", "error"):
        for report in terminalreporter.stats.get(outcome, ()):
            if "test_board_" not in getattr(report, "nodeid", "") or report.when != "call":
                continue
            terminalreporter.write_line("%s: %s" % (report.nodeid, outcome))
            for name, value in getattr(report, "user_properties", ()):
                terminalreporter.write_line("  %s: %s" % (name, value))
