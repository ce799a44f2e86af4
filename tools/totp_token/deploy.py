"""Install the firmware on a CIRCUITPY drive: plan which files change, then write them.

A deploy is a plan (one entry per file the board needs, with what would happen to it)
that is printed, then applied. Content is compared byte for byte, so a second run
changes nothing. The user's ``settings.toml`` is created once and never overwritten.
Libraries come from the Python packages installed next to this tool, so no network
is needed, and they are copied as ``.py`` source, which every CircuitPython 9/10
port can import (``.mpy`` files are tied to one CircuitPython major version).
"""

import importlib.util
import os
import shutil
from pathlib import Path

from .errors import DeployError

# What the firmware imports that CircuitPython does not build in, as importable names of
# the PyPI packages pinned in pyproject.toml. adafruit_bus_device is built into most ports
# but not all (e.g. SAMD21 without external flash); a built-in module wins over lib/, so
# the copy costs a few kilobytes of flash and nothing else.
FIRMWARE_LIBRARIES = (
    "adafruit_ds3231",
    "adafruit_ssd1306",
    "adafruit_framebuf",
    "adafruit_register",
    "adafruit_bus_device",
    "adafruit_hid",
    "adafruit_fram",  # only with TOTP_STORAGE = "fram"
)
# Device-side files of the checkout. Every write to the drive makes CircuitPython reload
# code.py once writes settle, so code.py is written last.
FIRMWARE_PACKAGE = "totp"
FIRMWARE_FILES = ("boot.py", "code.py")
SETTINGS_EXAMPLE = "settings.toml.example"
SETTINGS_FILE = "settings.toml"


def checkout_root():
    """The source checkout this tool runs from: the folder holding code.py and totp/."""
    import totp

    return Path(totp.__file__).resolve().parent.parent


def _python_sources(folder):
    """Every .py file under a package folder, relative to it, skipping caches."""
    folder = Path(folder)
    return sorted(
        path.relative_to(folder)
        for path in folder.rglob("*.py")
        if "__pycache__" not in path.parts
    )


def library_sources(names=FIRMWARE_LIBRARIES):
    """(path on the drive relative to lib/, source file) for each installed library."""
    pairs = []
    for name in names:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise DeployError(
                "the library %s is not installed next to totp-token; reinstall the tool "
                "(pip install -e . in the checkout) so deploy can copy it" % name
            )
        if spec.submodule_search_locations:
            package_dir = Path(list(spec.submodule_search_locations)[0])
            pairs += [
                (Path(name) / relative, package_dir / relative)
                for relative in _python_sources(package_dir)
            ]
        else:
            pairs.append((Path(Path(spec.origin).name), Path(spec.origin)))
    return pairs


def firmware_sources(root):
    """(path on the drive, source file) for the firmware itself, in copy order."""
    root = Path(root)
    missing = [
        name for name in FIRMWARE_FILES + (FIRMWARE_PACKAGE, SETTINGS_EXAMPLE)
        if not (root / name).exists()
    ]
    if missing:
        raise DeployError(
            "the firmware source %s lacks %s: run deploy from a complete totp-token checkout"
            % (root, ", ".join(missing))
        )
    package_dir = root / FIRMWARE_PACKAGE
    pairs = [
        (Path(FIRMWARE_PACKAGE) / relative, package_dir / relative)
        for relative in _python_sources(package_dir)
    ]
    return pairs + [(Path(name), root / name) for name in FIRMWARE_FILES]


class Change:
    """One file of a deploy: where it goes, where it comes from, and what happens to it."""

    NEW, UPDATED, SAME, KEPT, STALE = "new", "updated", "unchanged", "kept", "stale"

    def __init__(self, target, source, action):
        self.target = target  # path relative to the drive root
        self.source = source
        self.action = action

    @property
    def writes(self):
        return self.action in (self.NEW, self.UPDATED)


def plan(drive, root=None, libraries=FIRMWARE_LIBRARIES):
    """Compare the drive with what it should hold; returns Changes in copy order:
    lib/, totp/, settings.toml, boot.py, code.py (the file whose change reloads the board)."""
    drive = Path(drive)
    root = checkout_root() if root is None else Path(root)
    pairs = [(Path("lib") / target, source) for target, source in library_sources(libraries)]
    pairs += firmware_sources(root)
    changes = [Change(target, source, _compare(drive / target, source))
               for target, source in pairs]
    settings = drive / SETTINGS_FILE
    settings_action = Change.KEPT if settings.exists() else Change.NEW
    top_files = len(FIRMWARE_FILES)
    changes.insert(len(changes) - top_files,
                   Change(Path(SETTINGS_FILE), root / SETTINGS_EXAMPLE, settings_action))
    planned = {change.target for change in changes}
    old_package = drive / FIRMWARE_PACKAGE
    if old_package.is_dir():
        changes += [
            Change(Path(FIRMWARE_PACKAGE) / relative, None, Change.STALE)
            for relative in _python_sources(old_package)
            if Path(FIRMWARE_PACKAGE) / relative not in planned
        ]
    return changes


def _compare(existing, source):
    if not existing.is_file():
        return Change.NEW
    if existing.read_bytes() == source.read_bytes():
        return Change.SAME
    return Change.UPDATED


def bytes_to_write(drive, changes):
    """How many more bytes the drive must hold after the changes (never negative)."""
    growth = 0
    for change in changes:
        if change.writes:
            existing = Path(drive) / change.target
            old_size = existing.stat().st_size if existing.is_file() else 0
            growth += max(0, change.source.stat().st_size - old_size)
    return growth


def apply(drive, changes):
    """Write the changed files; refuses up front when the drive is too full."""
    drive = Path(drive)
    needed = bytes_to_write(drive, changes)
    free = shutil.disk_usage(drive).free
    if needed > free:
        raise DeployError(
            "the drive has %d bytes free and the firmware needs %d more: delete files you "
            "do not need from %s (old libraries in lib/, for example) and deploy again"
            % (free, needed, drive)
        )
    for change in changes:
        if not change.writes:
            continue
        target = drive / change.target
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(change.source.read_bytes())
                handle.flush()
                os.fsync(handle.fileno())  # the host may cache writes to a USB drive
        except OSError as error:
            raise DeployError(
                "cannot write %s (%s): if the drive is mounted read-only, eject it, replug "
                "the token holding A and deploy again; a partly written drive is completed "
                "by the next deploy" % (target, error.strerror or error)
            ) from None
