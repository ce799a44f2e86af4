"""Suite-wide reporting: make the MicroPython run visible in every test log (CI reads it)."""

import json
import os
import pathlib

import pytest

PACKAGE_JSON = (pathlib.Path(__file__).resolve().parent.parent / "node_modules" / "@micropython"
                / "micropython-webassembly-pyscript" / "package.json")


def _micropython_version():
    try:
        return "MicroPython " + json.loads(PACKAGE_JSON.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "MicroPython (package not installed: run `npm ci`)"


def pytest_terminal_summary(terminalreporter):
    _board_tier_summary(terminalreporter)
    counts = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, ()):
            if "micropython" in getattr(report, "nodeid", "").lower() and report.when == "call":
                counts[outcome] = counts.get(outcome, 0) + 1
    total = sum(counts.values())
    terminalreporter.write_sep("-", "device code under real %s" % _micropython_version())
    terminalreporter.write_line(
        "%d tests ran device modules in the MicroPython interpreter: %s"
        % (total, ", ".join("%d %s" % (n, k) for k, n in sorted(counts.items())) or "none"))


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
