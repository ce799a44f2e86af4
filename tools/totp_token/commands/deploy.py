"""`totp-token deploy`: copy the firmware and its libraries onto a CIRCUITPY drive."""

import argparse
import json
from pathlib import Path

from .. import deploy, drive
from ..cli_helpers import Subparsers
from ..errors import DeployError

_NOTES = {
    deploy.Change.KEPT: "yours, not overwritten",
    deploy.Change.STALE: "not part of this firmware; delete it if you like",
}


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "deploy",
        help="install the firmware on a board's CIRCUITPY drive",
        description=(
            "Copy code.py, boot.py, totp/ and the library modules the firmware imports onto "
            "the CIRCUITPY drive (the token shows it in maintenance mode: hold button A while "
            "plugging it in). totp/ and the libraries are compiled to .mpy for the drive's "
            "CircuitPython (9.x or 10.x), so the board compiles nothing at boot; --source "
            "copies .py files instead. Files already up to date are left alone; the "
            "settings example is added, as comments, to a settings.toml that lacks it; a "
            "code.py that is not this project's is saved as code.py.bak-N first."
        ),
    )
    parser.add_argument(
        "--drive", metavar="PATH", type=Path,
        help="the mounted CIRCUITPY drive (default: found by its label)",
    )
    parser.add_argument(
        "--source", action="store_true",
        help="copy .py source instead of compiled .mpy (to edit the firmware on the board, "
             "or to run the drive in `totp-token sim --drive`)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would change, write nothing",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = args.drive if args.drive is not None else drive.find_drive()
    if not root.is_dir():
        raise DeployError(
            "%s is not a folder: pass the mounted CIRCUITPY drive to --drive; %s"
            % (root, drive.MAINTENANCE_HINT)
        )
    info, changes = deploy.deploy(root, source=args.source, dry_run=args.dry_run)
    if args.json:
        print(json.dumps(_as_json(root, info, changes, args)))
    else:
        _print_report(root, info, changes, args)
    return 0


def _as_json(root, info, changes, args):
    return {
        "drive": str(root),
        "circuitpython": info.version_text,
        "board": info.board_name,
        "board_id": info.board_id,
        "dry_run": args.dry_run,
        "format": "source" if args.source else "mpy",
        "changes": [
            {"path": change.target.as_posix(), "action": change.action,
             **({"backup": change.backup.as_posix()} if change.backup else {})}
            for change in changes if change.action != deploy.Change.SAME
        ],
        "unchanged": sum(change.action == deploy.Change.SAME for change in changes),
        "note": drive.board_note(info),
    }


def _print_report(root, info, changes, args):
    print("CircuitPython %s on %s at %s" % (info.version_text, info.board_name, root))
    shown = [change for change in changes if change.action != deploy.Change.SAME]
    for change in shown:
        note = change.note or _NOTES.get(change.action)
        print("  %-9s %s%s" % (
            change.action, change.target.as_posix(), " (%s)" % note if note else ""))
    written = sum(change.writes for change in changes)
    removed = sum(change.action == deploy.Change.REMOVED for change in changes)
    unchanged = len(changes) - len(shown)
    note = drive.board_note(info)
    if note:
        print("note: " + note)
    if not written and not removed:
        print("nothing to change: the drive already holds this firmware (%d files up to date)"
              % unchanged)
        return
    verb = "would write" if args.dry_run else "wrote"
    print("%s %d files (%s), removed %d old copies, %d already up to date"
          % (verb, written, "Python source" if args.source else "compiled .mpy", removed,
             unchanged))
    if args.dry_run:
        print("dry run: nothing was written")
    elif any(change.target.as_posix() == "boot.py" for change in changes if change.writes):
        print("boot.py changed: unplug the token and plug it in again (without holding A) "
              "to start it in normal mode")
