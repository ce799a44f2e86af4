"""`totp-token deploy` treats the drive as untrusted and the user's files as theirs.

A symbolic link on the drive (a file or a folder) is refused before anything is written,
so nothing outside the drive is ever written; text from boot_out.txt reaches the
terminal printable; the settings example reaches an empty settings.toml as comments
without touching a line the user wrote; a code.py that is not this project's is saved.
"""

import os

import pytest
from support.drives import REPO, boot_out, deploy_cli, make_drive, snapshot

EXAMPLE = (REPO / "settings.toml.example").read_bytes()



# -- symbolic links ------------------------------------------------------------------------

def test_code_py_linking_outside_the_drive_is_refused(tmp_path, capsys):
    drive = make_drive(tmp_path)
    outside = tmp_path / "precious.txt"
    outside.write_bytes(b"not the firmware's\n")
    os.symlink(outside, drive / "code.py")
    status, _, err = deploy_cli(capsys, "--drive", drive)
    assert status == 1
    assert "code.py" in err and "symbolic link" in err and "delete the link" in err
    assert outside.read_bytes() == b"not the firmware's\n"
    assert sorted(p.name for p in drive.iterdir()) == ["boot_out.txt", "code.py"]


def test_a_dangling_settings_link_creates_nothing_outside(tmp_path, capsys):
    drive = make_drive(tmp_path)
    target = tmp_path / "elsewhere" / "settings.toml"
    target.parent.mkdir()
    os.symlink(target, drive / "settings.toml")
    status, _, err = deploy_cli(capsys, "--drive", drive)
    assert status == 1 and "settings.toml" in err and "symbolic link" in err
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


@pytest.mark.parametrize("folder", ["lib", "totp"])
def test_a_linked_folder_is_refused(tmp_path, capsys, folder):
    drive = make_drive(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, drive / folder, target_is_directory=True)
    status, _, err = deploy_cli(capsys, "--drive", drive)
    assert status == 1 and "%s on the drive is a symbolic link" % (drive / folder) in err
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in drive.iterdir()) == ["boot_out.txt", folder]


def test_a_link_deep_in_a_library_folder_is_refused(tmp_path, capsys):
    drive = make_drive(tmp_path)
    assert deploy_cli(capsys, "--drive", drive)[0] == 0
    outside = tmp_path / "keyboard.mpy"
    outside.write_bytes(b"x")
    (drive / "lib" / "adafruit_hid" / "keyboard.mpy").unlink()
    os.symlink(outside, drive / "lib" / "adafruit_hid" / "keyboard.mpy")
    before = snapshot(drive)
    status, _, err = deploy_cli(capsys, "--drive", drive, "--source")
    assert status == 1 and "keyboard.mpy" in err
    assert outside.read_bytes() == b"x" and snapshot(drive) == before


# -- text from the drive -------------------------------------------------------------------

def test_boot_out_text_is_printed_without_terminal_escapes(tmp_path, capsys):
    hostile = "Feather \x1b]0;pwned\x07\x1b[2J\u202eRP2040 with rp2040"
    drive = make_drive(tmp_path, boot_out("10.0.3", hostile, "board\x1b[31m"))
    status, out, err = deploy_cli(capsys, "--drive", drive, "--dry-run")
    assert status == 0, err
    for control in ("\x1b", "\x07", "\u202e"):
        assert control not in out + err
    assert "Feather \\x1b]0;pwned\\x07" in out


def test_a_bad_version_line_is_quoted_printable(tmp_path, capsys):
    drive = make_drive(tmp_path, "Hello \x1b[2J board\r\n")
    status, _, err = deploy_cli(capsys, "--drive", drive)
    assert status == 1 and "\x1b" not in err and "Hello \\x1b[2J board" in err


# -- the user's files ----------------------------------------------------------------------

def test_an_empty_settings_file_gets_the_examples_keys_as_comments(tmp_path, capsys):
    drive = make_drive(tmp_path)
    (drive / "settings.toml").write_bytes(b"")  # what a fresh CircuitPython drive has
    status, out, _ = deploy_cli(capsys, "--drive", drive)
    assert status == 0
    written = (drive / "settings.toml").read_bytes()
    assert written == EXAMPLE
    assert b"# TOTP_BUTTONS = 3" in written
    assert all(not line.strip() or line.startswith(b"#") for line in written.splitlines())
    assert "updated   settings.toml" in out


def test_the_users_lines_stay_exactly_as_written(tmp_path, capsys):
    drive = make_drive(tmp_path)
    mine = b'CIRCUITPY_WIFI_SSID = "home"\r\nTOTP_IDLE_SECONDS = 0'  # CRLF, no final newline
    (drive / "settings.toml").write_bytes(mine)
    assert deploy_cli(capsys, "--drive", drive)[0] == 0
    written = (drive / "settings.toml").read_bytes()
    assert written.startswith(mine)
    assert written[len(mine):] == b"\n\n" + EXAMPLE
    before = snapshot(drive)
    assert "nothing to change" in deploy_cli(capsys, "--drive", drive)[1]
    assert snapshot(drive) == before


def test_a_code_py_that_is_not_the_projects_is_saved_first(tmp_path, capsys):
    drive = make_drive(tmp_path)
    theirs = b"import board\nprint('blink')\n"
    (drive / "code.py").write_bytes(theirs)
    (drive / "code.py.bak-1").write_bytes(b"an older backup\n")
    status, out, _ = deploy_cli(capsys, "--drive", drive)
    assert status == 0
    assert "updated   code.py (yours saved as code.py.bak-2)" in out
    assert (drive / "code.py.bak-2").read_bytes() == theirs
    assert (drive / "code.py.bak-1").read_bytes() == b"an older backup\n"
    assert (drive / "code.py").read_bytes() == (REPO / "code.py").read_bytes()


def test_an_older_code_py_of_the_project_is_replaced_without_a_backup(tmp_path, capsys):
    drive = make_drive(tmp_path)
    (drive / "code.py").write_bytes(b"from totp.app import App\n")
    status, out, _ = deploy_cli(capsys, "--drive", drive)
    assert status == 0 and "bak" not in out
    assert not list(drive.glob("code.py.bak-*"))
