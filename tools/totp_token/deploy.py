"""Install the firmware on a CIRCUITPY drive: plan which files change, then write them.

A deploy is a plan (one Change per file the board needs, with what would happen
to it) that is printed, then applied; ``deploy()`` does both for a drive. By
default ``totp/`` and the libraries go on as CircuitPython ``.mpy`` files
(``deploy_mpy``: nothing to compile at boot, less heap), ``--source`` copies
``.py`` instead; either way the other form's twin of each module is removed, so
the board never imports an old copy. Content is compared byte for byte, so a
second run changes nothing. Libraries are the installed Python packages, cut to
the modules the firmware imports (``deploy_imports``); no network is needed.

The drive is untrusted ground: a path on it that is a symbolic link (a file or a
folder) is refused before anything is written, and every write opens the file
without following links, so nothing outside the drive is ever written.
"""

import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

from . import deploy_imports, deploy_mpy, deploy_settings
from .errors import DeployError
from .firmware_files import firmware_root

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
LIBRARY_FOLDER = "lib"
FIRMWARE_FILES = ("boot.py", "code.py")
SETTINGS_EXAMPLE = deploy_settings.SETTINGS_EXAMPLE
SETTINGS_FILE = deploy_settings.SETTINGS_FILE
SOURCE, COMPILED = ".py", ".mpy"


def checkout_root() -> Path:
    """The firmware this tool deploys: the installed wheel's copy, or the checkout's files."""
    return firmware_root()


def _python_sources(folder: Path | str) -> list[Path]:
    """Every .py file under a package folder, relative to it, skipping caches."""
    folder = Path(folder)
    return sorted(
        path.relative_to(folder)
        for path in folder.rglob("*.py")
        if "__pycache__" not in path.parts
    )


def firmware_sources(root: Path | str) -> list[tuple[Path, Path]]:
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


def library_sources(names: Iterable[str] = FIRMWARE_LIBRARIES,
                    root: Path | str | None = None) -> list[tuple[Path, Path]]:
    """(path on the drive relative to lib/, source file) for each library module the
    firmware imports, directly or through another library."""
    root = checkout_root() if root is None else Path(root)
    return deploy_imports.library_modules(
        [source for _, source in firmware_sources(root)], tuple(names))


class Change:
    """One file of a deploy: where it goes, what it will hold, and what happens to it."""

    NEW, UPDATED, SAME, KEPT, STALE, REMOVED = (
        "new", "updated", "unchanged", "kept", "stale", "removed")

    def __init__(self, target: Path, data: bytes | None, action: str, note: str | None = None,
                 backup: Path | None = None) -> None:
        self.target = target  # path relative to the drive root
        self.data = data  # the bytes to write (None: nothing to write)
        self.action = action
        self.note = note  # said next to the file in the report
        self.backup = backup  # where the file's present content is saved first, or None

    @property
    def writes(self) -> bool:
        return self.action in (self.NEW, self.UPDATED)

    def __repr__(self):
        return "Change(%s, %s)" % (self.target.as_posix(), self.action)


def _content(target: Path, source: Path, compiled: bool) -> tuple[Path, bytes]:
    """(path on the drive, bytes) of a module: compiled to .mpy or copied as source."""
    data = source.read_bytes()
    if not compiled:
        return target, data
    return target.with_suffix(COMPILED), deploy_mpy.compile_module(data, target.as_posix())


def plan(drive: Path | str, root: Path | str | None = None,
         libraries: Sequence[str] = FIRMWARE_LIBRARIES, source: bool = False) -> list[Change]:
    """Compare the drive with what it should hold; returns Changes in apply order:
    removed twins, lib/, totp/, settings.toml, boot.py, code.py (whose change reloads
    the board). ``source``: copy .py modules instead of compiling them to .mpy."""
    drive = Path(drive)
    root = checkout_root() if root is None else Path(root)
    compiled = not source
    modules = [(Path(LIBRARY_FOLDER) / target, path)
               for target, path in library_sources(libraries, root)]
    modules += [(target, path) for target, path in firmware_sources(root)
                if target.parts[0] == FIRMWARE_PACKAGE]
    changes = []
    for target, path in modules:
        target, data = _content(target, path, compiled)
        changes.append(Change(target, data, _compare(drive, target, data)))
    changes.append(deploy_settings.settings_change(drive, root, Change))
    for name in FIRMWARE_FILES:
        data = (root / name).read_bytes()
        action = _compare(drive, Path(name), data)
        backup = None
        if action == Change.UPDATED and not deploy_settings.is_ours(drive / name):
            backup = deploy_settings.backup_name(drive, name)
        note = "yours saved as %s" % backup.as_posix() if backup else None
        changes.append(Change(Path(name), data, action, note, backup))
    planned = {change.target for change in changes}
    changes[:0] = _twins(drive, planned)
    changes += _stale(drive, planned | {change.target for change in changes})
    for change in changes:
        check_inside(drive, change.target)
        if change.backup is not None:
            check_inside(drive, change.backup)
    return changes


def _twins(drive: Path, planned: set[Path]) -> list[Change]:
    """The other form (.py or .mpy) of each planned module, if the drive has one."""
    other = {SOURCE: COMPILED, COMPILED: SOURCE}
    found = []
    for target in sorted(planned):
        if target.parts[0] not in (FIRMWARE_PACKAGE, LIBRARY_FOLDER) or (
                target.suffix not in other):
            continue
        twin = target.with_suffix(other[target.suffix])
        if _exists(drive / twin):
            found.append(Change(twin, None, Change.REMOVED,
                                "replaced by %s" % target.name))
    return found


def _stale(drive: Path, known: set[Path]) -> list[Change]:
    """Modules in totp/ (and its subpackages) and in the deployed library packages that
    this firmware lacks."""
    folders = {Path(FIRMWARE_PACKAGE)} | {
        target.parent for target in known
        if target.parts[0] == FIRMWARE_PACKAGE
        or (target.parts[0] == LIBRARY_FOLDER and len(target.parts) > 2)}
    stale = []
    for folder in sorted(folders):
        if not (drive / folder).is_dir() or (drive / folder).is_symlink():
            continue
        stale += [Change(folder / path.name, None, Change.STALE)
                  for path in sorted((drive / folder).iterdir())
                  if path.suffix in (SOURCE, COMPILED) and folder / path.name not in known]
    return stale


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def check_inside(drive: Path, target: Path) -> None:
    """Refuse a target that is, or lies under, a symbolic link on the drive."""
    path = Path(drive)
    for part in Path(target).parts:
        path = path / part
        if path.is_symlink():
            raise DeployError(
                "%s on the drive is a symbolic link (to %s): deploy writes only real files "
                "inside the drive, so it stops here with nothing written; delete the link "
                "and deploy again" % (path, os.readlink(path)))


def _compare(drive: Path | str, target: Path, data: bytes) -> str:
    existing = Path(drive) / target
    if not _exists(existing):
        return Change.NEW
    if existing.is_file() and not existing.is_symlink() and existing.read_bytes() == data:
        return Change.SAME
    return Change.UPDATED


def bytes_to_write(drive: Path | str, changes: Iterable[Change]) -> int:
    """How many more bytes the drive must hold after the changes (never negative)."""
    growth = 0
    for change in changes:
        existing = Path(drive) / change.target
        old_size = existing.stat().st_size if existing.is_file() else 0
        if change.writes and change.data is not None:
            growth += max(0, len(change.data) - old_size) + (old_size if change.backup else 0)
        elif change.action == Change.REMOVED:
            growth -= old_size
    return max(0, growth)


def apply(drive: Path | str, changes: Sequence[Change]) -> None:
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
        check_inside(drive, change.target)
        target = drive / change.target
        try:
            if change.action == Change.REMOVED:
                target.unlink()
            elif change.writes and change.data is not None:
                if change.backup is not None:
                    check_inside(drive, change.backup)
                    _write(drive / change.backup, target.read_bytes())
                target.parent.mkdir(parents=True, exist_ok=True)
                check_inside(drive, change.target)  # mkdir never follows a link made since
                _write(target, change.data)
        except OSError as error:
            raise DeployError(
                "cannot write %s (%s): if the drive is mounted read-only, eject it, replug "
                "the token holding A and deploy again; a partly written drive is completed "
                "by the next deploy" % (target, error.strerror or error)
            ) from None


def _write(path: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(
        os, "O_BINARY", 0)
    handle = os.open(path, flags, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
        os.fsync(handle)  # the host may cache writes to a USB drive
    finally:
        os.close(handle)


def deploy(drive: Path | str, source: bool = False, dry_run: bool = False,
           root: Path | None = None) -> tuple[object, list[Change]]:
    """Deploy to ``drive`` (a folder holding CircuitPython's boot_out.txt): read its
    version, refuse one deploy cannot serve, plan, and write unless ``dry_run``.
    Returns (BootInfo, [Change])."""
    from . import drive as drive_module

    drive = Path(drive)
    info = drive_module.read_boot_info(drive)
    if not source:
        deploy_mpy.check_version(info.version, info.version_text)
    changes = plan(drive, root=root, source=source)
    if not dry_run:
        apply(drive, changes)
    return info, changes
