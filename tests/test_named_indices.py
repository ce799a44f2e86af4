"""Records, replay entries and other remembered lists in ``totp/`` are indexed by name.

A bare number such as ``entry[3]`` or ``fields[7]`` says nothing about what it
reads, and silently reads the wrong thing when a record gains a field; the
device code names every position with a ``const()`` instead (for instance
``totp.store.records.ACCOUNT_SECRET``, ``totp.store.replay.ENTRY_PRESSES``).
Indexing a byte buffer at a computed offset (``buf[pos + AT_TYPE]``) is not what
this looks for, nor slices of a buffer.
"""

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DEVICE_PACKAGE = REPO / "totp"
# a name for a record, an entry or a remembered list, indexed by a bare integer:
# entry[3], fields[7], self._drawn[0], best[0], spec[1], entries[ident][1], layout[key][1]
BARE_INDEX = re.compile(r"\b\w*(entry|fields|record|drawn|best|spec)\[\d+\]"
                        r"|\b\w*(entries|layout)\[[^\[\]]+\]\[\d+\]")


def bare_indices(text):
    """``(line number, line)`` of each line that indexes a record-like name by a number."""
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)
            if BARE_INDEX.search(line.split("#", 1)[0])]


@pytest.mark.parametrize("line", [
    "acct = entry[0]", "return fields[6]", "drawn[3] == selected.scroll",
    "self._drawn[0] = SHOWING_NOTHING", "at = new_entries[ident][1]", "seq > best[0]",
    "getattr(self, spec[1])", "fields[rec.FIELD_ID] = record[2]",
    "return self._layout[key][1]",
])
def test_the_pattern_finds_a_bare_index(line):
    assert bare_indices(line) == [(1, line)]


@pytest.mark.parametrize("line", [
    "entry[ENTRY_ACCOUNT]", "fields[rec.ACCOUNT_SECRET]", "buf[pos + AT_TYPE]",
    "self._nvm[0:size] = data", "record[AT_SIZE:AT_TYPE]", "x = entry  # not entry[0]",
    "return self._fram[index][0]",
])
def test_the_pattern_leaves_named_indices_and_buffer_slices_alone(line):
    assert bare_indices(line) == []


def test_no_device_module_indexes_a_record_or_entry_by_a_bare_number():
    found = {}
    for path in sorted(DEVICE_PACKAGE.rglob("*.py")):
        hits = bare_indices(path.read_text(encoding="utf-8"))
        if hits:
            found[str(path.relative_to(REPO))] = hits
    assert found == {}
