"""The CIRCUITPY drive: where the operating system mounts it, and what its boot_out.txt says.

CircuitPython writes ``boot_out.txt`` at every start; its first line names the
version and the board, e.g. ``Adafruit CircuitPython 10.0.3 on 2025-10-17;
Adafruit Feather RP2040 with rp2040``, and a ``Board ID:`` line follows. A folder
without it is not taken for a board, and a CircuitPython older than 9 is refused.
The file is the drive's, not ours: every text read from it is made printable
before it can reach a terminal.
"""

import getpass
import os
import re
import string
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import DeployError, printable

DRIVE_LABEL = "CIRCUITPY"
BOOT_OUT = "boot_out.txt"
MIN_CIRCUITPYTHON = 9
DOWNLOAD_URL = "https://circuitpython.org/board/%s/"
MAINTENANCE_HINT = (
    "the token hides its drive in normal use: unplug it, hold button A while plugging it "
    "back in (maintenance mode), wait for the CIRCUITPY drive to appear, then run this again"
)

_VERSION_LINE = re.compile(r"CircuitPython (\d+)\.(\d+)\.(\d+)(\S*) on [^;]*; (.*)")
_BOARD_ID_LINE = re.compile(r"^Board ID:\s*(\S+)", re.MULTILINE)


class BootInfo:
    """What ``boot_out.txt`` says about the board's CircuitPython."""

    def __init__(self, version: tuple[int, int, int], version_text: str, board_name: str,
                 board_id: str | None) -> None:
        self.version = version  # (major, minor, micro)
        self.version_text = version_text  # e.g. "10.0.3" or "9.2.0-beta.1"
        self.board_name = board_name  # e.g. "Adafruit Feather RP2040 with rp2040"
        self.board_id = board_id  # e.g. "adafruit_feather_rp2040", or None

    def __repr__(self):
        return "BootInfo(%r, %r, board_id=%r)" % (self.version_text, self.board_name, self.board_id)


def parse_boot_out(text: str) -> BootInfo:
    """Read the version line and the ``Board ID:`` line of a ``boot_out.txt``."""
    first_line = text.splitlines()[0] if text else ""
    match = _VERSION_LINE.search(first_line)
    if not match:
        raise DeployError(
            "boot_out.txt does not start with a CircuitPython version line (found '%s'); "
            "is this drive a CircuitPython board? Install CircuitPython 9 or 10 from "
            "https://circuitpython.org/downloads" % printable(first_line[:80])
        )
    major, minor, micro = (int(part) for part in match.group(1, 2, 3))
    board_id = _BOARD_ID_LINE.search(text)
    return BootInfo(
        (major, minor, micro),
        printable("%d.%d.%d%s" % (major, minor, micro, match.group(4))),
        printable(match.group(5).strip()),
        printable(board_id.group(1)) if board_id else None,
    )


def read_boot_info(drive: Path | str) -> BootInfo:
    """Parse the drive's boot_out.txt and refuse a CircuitPython older than 9."""
    path = Path(drive) / BOOT_OUT
    if not path.is_file():
        raise DeployError(
            "%s has no %s, so it is probably not a CIRCUITPY drive: point --drive at the "
            "drive the board shows when plugged in (it holds boot_out.txt and code.py)"
            % (drive, BOOT_OUT)
        )
    info = parse_boot_out(path.read_text(encoding="utf-8", errors="replace"))
    if info.version[0] < MIN_CIRCUITPYTHON:
        board_page = DOWNLOAD_URL % info.board_id if info.board_id else (
            "https://circuitpython.org/downloads")
        raise DeployError(
            "the board runs CircuitPython %s (%s), and totp-token needs CircuitPython %d or "
            "newer: download the 9.x or 10.x UF2 from %s, copy it onto the board's bootloader "
            "drive (double-press reset or hold BOOTSEL while plugging in), then deploy again"
            % (info.version_text, BOOT_OUT, MIN_CIRCUITPYTHON, board_page)
        )
    return info


def board_note(info: BootInfo) -> str | None:
    """A hint when the firmware has no wiring defaults for this board, else None."""
    from totp.hardware import BOARDS

    if info.board_id in BOARDS:
        return None
    return (
        "the firmware has no pin defaults for board %s: it assumes the FeatherWing pins "
        "(buttons D9/D6/D5, I2C on SCL/SDA); if yours differ, set TOTP_PIN_A/B/C and "
        "TOTP_I2C_SCL/SDA in settings.toml on the drive (see settings.toml.example)"
        % (info.board_id or "(no Board ID in boot_out.txt)")
    )


def candidate_drives(platform: str | None = None,
                     environ: Mapping[str, str] | None = None) -> list[Path]:
    """Where an operating system mounts a drive labelled CIRCUITPY, best guess first."""
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    if platform == "darwin":
        return [Path("/Volumes") / DRIVE_LABEL]
    if platform == "win32":
        return _windows_drives_labelled(DRIVE_LABEL)
    user = environ.get("USER") or environ.get("LOGNAME") or _login_name()
    paths = [Path("/media") / DRIVE_LABEL, Path("/mnt") / DRIVE_LABEL]
    if user:  # udisks mounts under the user's name
        paths[:0] = [Path("/media") / user / DRIVE_LABEL, Path("/run/media") / user / DRIVE_LABEL]
    return paths


def _login_name():
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. an anonymous container user
        return ""


def _windows_drives_labelled(label):
    import ctypes  # Windows only: ask each drive letter for its volume label

    kernel32 = ctypes.windll.kernel32
    kernel32.SetErrorMode(1)  # SEM_FAILCRITICALERRORS: no "insert a disk" box for empty readers
    found = []
    mask = kernel32.GetLogicalDrives()
    for index, letter in enumerate(string.ascii_uppercase):
        if not mask & (1 << index):
            continue
        name = ctypes.create_unicode_buffer(261)
        root = "%s:\\" % letter
        if kernel32.GetVolumeInformationW(root, name, 261, None, None, None, None, 0):
            if name.value == label:
                found.append(Path(root))
    return found


def find_drive(candidates: Iterable[Path | str] | None = None) -> Path:
    """The one mounted CIRCUITPY drive, or a DeployError saying how to make it appear."""
    candidates = candidate_drives() if candidates is None else candidates
    # an empty mount point stays behind after an unplug: only a drive with boot_out.txt counts
    mounted = [path for path in candidates if (Path(path) / BOOT_OUT).is_file()]
    if not mounted:
        raise DeployError(
            "no CIRCUITPY drive found (looked in %s); %s, or pass --drive PATH"
            % (", ".join(str(path) for path in candidates) or "no mount points", MAINTENANCE_HINT)
        )
    if len(mounted) > 1:
        raise DeployError(
            "several CIRCUITPY drives found (%s): pick one with --drive PATH"
            % ", ".join(str(path) for path in mounted)
        )
    return Path(mounted[0])
