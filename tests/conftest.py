"""Suite-wide reporting: make the MicroPython run visible in every test log (CI reads it)."""

import json
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
