"""The wear tables in the README and docs/storage.md are what `./dev bench store` measures
on the flash models (bench/store_wear.py), so a change to how the store erases shows up
as a wrong table, not as a stale claim."""

import re
import runpy
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# the benchmark's own module, run from its file (bench/ is not a package the tests import)
wear_rows = runpy.run_path(str(REPO / "bench" / "store_wear.py"))["wear_rows"]
README_PORTS = {"rp2040": "RP2040/RP2350", "nrf52840": "nRF52840"}


def _row(text, name):
    """The cells after ``name`` in the table row of figures (the board table has a row for
    the same port, holding words)."""
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == name and re.fullmatch(r"[\d.]+", cells[1]):
            return cells[1:]
    raise AssertionError("no wear row for %s" % name)


def _close(shown, value):
    """A table cell that rounds ``value`` the way the table writes it."""
    digits = len(shown.partition(".")[2])
    return float(shown) == pytest.approx(round(value, digits), abs=0.1 ** digits / 2)


@pytest.fixture(scope="module")
def measured():
    return {port: row for port, *row in wear_rows()}


def test_the_readme_wear_table_is_the_measured_one(measured):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for port, name in README_PORTS.items():
        figures, per_day, years, _ = measured[port]
        press, rename, day, shown_years = _row(readme, name)
        assert _close(press, figures["press"]) and _close(rename, figures["rename"]), name
        assert _close(day, per_day) and _close(shown_years, years), name


def test_the_storage_doc_wear_table_is_the_measured_one(measured):
    text = (REPO / "docs" / "storage.md").read_text(encoding="utf-8")
    for port, name in README_PORTS.items():
        figures, per_day, years, host_years = measured[port]
        cells = _row(text, name)
        shown = [figures["press"], figures["rename"], figures["move"], figures["add+delete"],
                 per_day, years]
        for cell, value in zip(cells, shown, strict=False):
            assert _close(cell, value), (name, cell, value)
        assert _close(re.sub(r" years$", "", cells[6]), host_years), name
