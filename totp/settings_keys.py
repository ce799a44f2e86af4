"""Mistyped keys in settings.toml: which key the token does not know, and which of
``totp.settings.SPECS`` it was probably meant to be.

Apart from ``totp.settings`` because only boot reads the file for this: the caller
imports it, asks, and lets it go (``totp.hardware``), so it keeps no heap after.
"""

from totp.settings import SPEC_KEY, SPECS

PREFIX = "TOTP_"
# a key this close to one of ours (edits) is taken for a typo even without the prefix;
# anything else is CircuitPython's (CIRCUITPY_*) or the owner's own and left alone
NEAR_EDITS = 3
LONGEST_KEY = 48  # longer keys are compared by their start only (bounded work at boot)


def _edits(a, b, row):
    """Levenshtein distance of ``a`` and ``b`` in the list ``row`` (len(b) + 1, reused)."""
    for j in range(len(b) + 1):
        row[j] = j
    for i in range(1, len(a) + 1):
        diagonal = row[0]
        row[0] = i
        for j in range(1, len(b) + 1):
            above = row[j]
            row[j] = min(above + 1, row[j - 1] + 1,
                         diagonal + (0 if a[i - 1] == b[j - 1] else 1))
            diagonal = above
    return row[len(b)]


def nearest_key(key):
    """(the known key closest to ``key``, its distance in edits)."""
    key = key[:LONGEST_KEY].upper()  # a wrong case is a typo too
    row = [0] * (LONGEST_KEY + 1)
    best, best_edits = SPECS[0][SPEC_KEY], LONGEST_KEY
    for spec in SPECS:
        edits = _edits(key, spec[SPEC_KEY], row)
        if edits < best_edits:
            best, best_edits = spec[SPEC_KEY], edits
    return best, best_edits


def unknown_key_note(key):
    """The warning for a settings.toml key the token does not know, or None if not ours."""
    for spec in SPECS:
        if spec[SPEC_KEY] == key:
            return None
    near, edits = nearest_key(key)
    if not key.upper().startswith(PREFIX) and edits > NEAR_EDITS:
        return None
    return ("%s is not a setting the token knows, so it is ignored; did you mean %s?"
            % (key[:LONGEST_KEY], near))


def unknown_key_notes(lines):
    """Warnings for the keys in settings.toml ``lines`` that look meant for the token but
    are not one of ``SPECS``. Reads like CircuitPython: up to the first ``[table]``."""
    notes = []
    for line in lines:
        line = line.strip()
        if line.startswith("["):
            break
        equals = line.find("=")
        if equals <= 0 or line.startswith("#"):
            continue
        note = unknown_key_note(line[:equals].strip())
        if note is not None:
            notes.append("settings.toml: " + note)
    return notes
