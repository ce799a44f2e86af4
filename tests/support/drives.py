"""CIRCUITPY drives for the deploy tests: temporary folders with a boot_out.txt written like
CircuitPython's own, and a snapshot of what a folder holds."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
FEATHER_10 = (
    "Adafruit CircuitPython 10.0.3 on 2025-10-17; Adafruit Feather RP2040 with rp2040\r\n"
    "Board ID:adafruit_feather_rp2040\r\nUID:E4629C6E0B1B2A2C\r\n"
)


def boot_out(version, board="Adafruit Feather RP2040 with rp2040",
             board_id="adafruit_feather_rp2040"):
    return "Adafruit CircuitPython %s on 2025-01-01; %s\r\nBoard ID:%s\r\n" % (
        version, board, board_id)


def make_drive(tmp_path, text=FEATHER_10):
    drive = tmp_path / "CIRCUITPY"
    drive.mkdir(parents=True)
    (drive / "boot_out.txt").write_text(text)
    return drive


def snapshot(folder):
    """{relative path: (bytes, mtime_ns)} of every file under folder (links not followed)."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*")) if path.is_file() and not path.is_symlink()
    }


def firmware_files():
    """The firmware's own source files, repo-relative: code.py, boot.py, totp/**/*.py."""
    files = ["code.py", "boot.py"]
    files += [p.relative_to(REPO).as_posix() for p in sorted((REPO / "totp").rglob("*.py"))]
    return files


def deploy_cli(capsys, *args):
    """`totp-token deploy ARGS...` through the real CLI entry point, without importing the
    other subcommands' modules: (status, stdout, stderr)."""
    from totp_token import cli

    saved = cli.COMMAND_MODULES
    cli.COMMAND_MODULES = ("deploy",)
    try:
        status = cli.main(["deploy", *map(str, args)])
    finally:
        cli.COMMAND_MODULES = saved
    out, err = capsys.readouterr()
    return status, out, err
