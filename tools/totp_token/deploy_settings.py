"""The drive's own files a deploy must respect: the user's settings.toml and code.py.

A fresh CircuitPython drive already has an empty ``settings.toml``, so "create it
only when missing" would never bring the example's keys to the board. Instead
the example, every line a comment, is appended to a file that does not hold it
yet; the user's lines stay exactly as they were. A ``code.py`` or ``boot.py``
that is not this project's (another program the board ran) is saved beside
itself as ``code.py.bak-N`` before it is replaced.
"""

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # deploy imports this module: its Change class is handed in
    from .deploy import Change

SETTINGS_EXAMPLE = "settings.toml.example"
SETTINGS_FILE = "settings.toml"
PROJECT_MARKER = b"totp"  # every version of the firmware's code.py/boot.py imports totp
BACKUP_SUFFIX = ".bak-"
KEPT_NOTE = "yours, not overwritten"
MERGED_NOTE = "the example's settings added as comments; your lines unchanged"


def commented(example: bytes) -> bytes:
    """The example with every line that is not already a comment or blank commented out."""
    lines = example.decode("utf-8").splitlines()
    out = [line if not line.strip() or line.lstrip().startswith("#") else "# " + line
           for line in lines]
    return ("\n".join(out) + "\n").encode("utf-8")


def settings_change(drive: Path, root: Path, change_class: "type[Change]") -> "Change":
    """The Change for settings.toml: the example on a drive without one, the example
    appended (commented) to one that lacks it, else the user's file kept."""
    example = commented((root / SETTINGS_EXAMPLE).read_bytes())
    target = Path(SETTINGS_FILE)
    existing = drive / target
    if not existing.exists() and not existing.is_symlink():
        return change_class(target, example, change_class.NEW)
    if existing.is_symlink() or not existing.is_file():
        return change_class(target, None, change_class.KEPT, KEPT_NOTE)  # refused later
    mine = existing.read_bytes()
    first_line = example.splitlines()[0]
    if first_line in mine.splitlines():
        return change_class(target, None, change_class.KEPT, KEPT_NOTE)
    if mine:  # the user's bytes stay as they are; the example starts on a line of its own
        mine += (b"" if mine.endswith(b"\n") else b"\n") + b"\n"
    return change_class(target, mine + example, change_class.UPDATED, MERGED_NOTE)


def is_ours(path: Path) -> bool:
    """Whether a code.py/boot.py on the drive is some version of this project's."""
    try:
        return PROJECT_MARKER in path.read_bytes()
    except OSError:
        return False


def backup_name(drive: Path, name: str) -> Path:
    """The first free ``NAME.bak-N`` beside ``name`` on the drive."""
    number = 1
    while (drive / (name + BACKUP_SUFFIX + str(number))).exists() or (
            drive / (name + BACKUP_SUFFIX + str(number))).is_symlink():
        number += 1
    return Path(name + BACKUP_SUFFIX + str(number))
