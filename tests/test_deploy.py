"""`totp-token deploy`: what it copies onto a CIRCUITPY drive, what it refuses, what it keeps.

Drives are temporary folders holding a `boot_out.txt` written like CircuitPython's own.
The firmware copied is the real checkout's; the libraries are the installed packages.
The .mpy compilation, the removal of twins and the safety rules have their own modules
(test_deploy_mpy.py, test_deploy_safety.py).
"""

import ctypes
import errno
import json
import re
import types
from pathlib import Path

import pytest
from support.drives import (
    FEATHER_10,
    boot_out,
    deploy_cli,
    firmware_files,
    make_drive,
    snapshot,
)
from totp_token import deploy
from totp_token import drive as drive_module
from totp_token.errors import DeployError

REPO = Path(__file__).resolve().parent.parent



# -- boot_out.txt -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "version", "board_id"), [
    (FEATHER_10, (10, 0, 3), "adafruit_feather_rp2040"),
    (boot_out("9.2.1", "Raspberry Pi Pico with rp2040", "raspberry_pi_pico"),
     (9, 2, 1), "raspberry_pi_pico"),
    (boot_out("10.1.0-beta.1", "Adafruit Feather ESP32S3 No PSRAM with ESP32S3",
              "adafruit_feather_esp32s3_nopsram"), (10, 1, 0), "adafruit_feather_esp32s3_nopsram"),
    ("Adafruit CircuitPython 9.0.0 on 2024-03-19; Feather nRF52840 Express with nRF52840\n",
     (9, 0, 0), None),
])
def test_boot_out_version_and_board_are_read(text, version, board_id):
    info = drive_module.parse_boot_out(text)
    assert info.version == version
    assert info.board_id == board_id


@pytest.mark.parametrize("text", ["", "hello\n", "MicroPython v1.27.0 on 2025-12-09; RPi Pico\n"])
def test_boot_out_without_a_circuitpython_line_is_refused(text):
    with pytest.raises(DeployError, match="CircuitPython"):
        drive_module.parse_boot_out(text)


@pytest.mark.parametrize("version", ["8.2.10", "7.3.3", "6.3.0"])
def test_circuitpython_older_than_9_is_refused(tmp_path, capsys, version):
    drive = make_drive(tmp_path, boot_out(version))
    before = snapshot(drive)
    status, _, err = deploy_cli(capsys, "--drive", drive)
    assert status == 1
    assert "CircuitPython %s" % version in err
    assert "needs CircuitPython 9" in err
    assert "https://circuitpython.org/board/adafruit_feather_rp2040/" in err
    assert snapshot(drive) == before


def test_folder_without_boot_out_is_refused(tmp_path, capsys):
    status, _, err = deploy_cli(capsys, "--drive", tmp_path)
    assert status == 1
    assert "boot_out.txt" in err and "not a CIRCUITPY drive" in err
    assert list(tmp_path.iterdir()) == []


# -- finding the drive --------------------------------------------------------------------

@pytest.mark.parametrize(("platform", "expected_first"), [
    ("linux", Path("/media/ada/CIRCUITPY")),
    ("darwin", Path("/Volumes/CIRCUITPY")),
])
def test_drive_is_looked_for_where_the_os_mounts_it(platform, expected_first):
    candidates = drive_module.candidate_drives(platform, {"USER": "ada"})
    assert candidates[0] == expected_first
    if platform == "linux":
        assert Path("/run/media/ada/CIRCUITPY") in candidates


def test_windows_drive_is_found_by_its_volume_label(monkeypatch):
    labels = {"C": "Windows", "E": "CIRCUITPY", "F": "BACKUP"}

    class Kernel32:  # the three calls the lookup makes, nothing else
        def SetErrorMode(self, mode):
            return 0

        def GetLogicalDrives(self):
            return sum(1 << (ord(letter) - ord("A")) for letter in labels)

        def GetVolumeInformationW(self, root, name, size, *unused):
            name.value = labels[root[0]]
            return 1

    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(kernel32=Kernel32()),
                        raising=False)
    assert [str(path) for path in drive_module.candidate_drives("win32", {})] == ["E:\\"]


def test_missing_drive_says_how_to_enter_maintenance_mode(tmp_path):
    with pytest.raises(DeployError) as error:
        drive_module.find_drive([tmp_path / "media" / "CIRCUITPY"])
    assert "hold button A while plugging it" in str(error.value)
    assert "--drive" in str(error.value)


def test_one_mounted_candidate_is_the_drive(tmp_path):
    drive = make_drive(tmp_path)
    empty_mount_point = tmp_path / "media" / "CIRCUITPY"
    empty_mount_point.mkdir(parents=True)
    assert drive_module.find_drive([tmp_path / "elsewhere", empty_mount_point, drive]) == drive


def test_two_mounted_drives_ask_which_one(tmp_path):
    first, second = make_drive(tmp_path / "a"), make_drive(tmp_path / "b")
    with pytest.raises(DeployError, match="several CIRCUITPY drives"):
        drive_module.find_drive([first, second])


# -- copying ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    """One drive deployed once, for the tests that only look at what landed on it."""
    drive = make_drive(tmp_path_factory.mktemp("deployed"))
    deploy.deploy(drive)
    return drive


def test_deploy_fills_the_drive(tmp_path, capsys):
    drive = make_drive(tmp_path)
    status, out, err = deploy_cli(capsys, "--drive", drive)
    assert status == 0, err
    assert "CircuitPython 10.0.3 on Adafruit Feather RP2040" in out
    for name in firmware_files():
        if name.startswith("totp/"):
            name = name[:-len(".py")] + ".mpy"
            assert (drive / name).read_bytes()[:2] == b"C\x06", name
        else:
            assert (drive / name).read_bytes() == (REPO / name).read_bytes(), name
        assert "new       %s" % name in out
    assert (drive / "settings.toml").read_bytes() == (REPO / "settings.toml.example").read_bytes()
    for relative, _ in deploy.library_sources():
        assert (drive / "lib" / relative).with_suffix(".mpy").is_file(), relative
    assert sorted(p.relative_to(drive).as_posix() for p in drive.rglob("*.py")) == [
        "boot.py", "code.py"]
    assert not list(drive.rglob("__pycache__")) and not list(drive.rglob("*.pyc"))


@pytest.mark.parametrize("name", [
    "adafruit_ds3231.mpy", "adafruit_ssd1306.mpy", "adafruit_framebuf.mpy",
    "adafruit_register/i2c_bcd_datetime.mpy", "adafruit_bus_device/i2c_device.mpy",
    "adafruit_hid/__init__.mpy", "adafruit_hid/keyboard.mpy", "adafruit_hid/keycode.mpy",
])
def test_deploy_compiles_each_library_module_the_firmware_imports(deployed, name):
    assert (deployed / "lib" / name).is_file()


@pytest.mark.parametrize("name", [
    "adafruit_hid/mouse", "adafruit_hid/consumer_control", "adafruit_hid/keyboard_layout_us",
    "adafruit_register/i2c_struct_array", "adafruit_register/register_accessor",
])
def test_library_modules_the_firmware_never_imports_stay_off_the_drive(deployed, name):
    assert not (deployed / "lib" / (name + ".mpy")).exists()
    assert not (deployed / "lib" / (name + ".py")).exists()


@pytest.mark.parametrize("blinka_module", [
    "board.py", "busio.py", "digitalio.py", "keypad.py", "usb_hid.py", "microcontroller",
    "adafruit_blinka", "micropython.py",
])
def test_deploy_leaves_out_what_circuitpython_builds_in(deployed, blinka_module):
    assert not (deployed / "lib" / blinka_module).exists()


def test_second_deploy_changes_nothing(tmp_path, capsys):
    drive = make_drive(tmp_path)
    assert deploy_cli(capsys, "--drive", drive)[0] == 0
    before = snapshot(drive)
    status, out, _ = deploy_cli(capsys, "--drive", drive)
    assert status == 0
    assert "nothing to change" in out
    assert "new " not in out and "updated " not in out
    assert snapshot(drive) == before


def test_changed_file_is_updated_and_only_it(tmp_path, capsys):
    drive = make_drive(tmp_path)
    deploy_cli(capsys, "--drive", drive)
    (drive / "code.py").write_text("print('edited on the board')\n")
    status, out, _ = deploy_cli(capsys, "--drive", drive)
    assert status == 0
    assert re.findall(r"^  (new|updated)\s+(\S+)", out, re.MULTILINE) == [("updated", "code.py")]
    assert (drive / "code.py").read_bytes() == (REPO / "code.py").read_bytes()


def test_users_settings_are_never_overwritten(tmp_path, capsys):
    drive = make_drive(tmp_path)
    mine = b'TOTP_PIN_A = "D10"\nTOTP_TYPE_MODE = "keypad"\n'
    (drive / "settings.toml").write_bytes(mine)
    status, out, _ = deploy_cli(capsys, "--drive", drive)
    assert status == 0
    merged = (drive / "settings.toml").read_bytes()
    assert merged.startswith(mine + b"\n")
    assert merged[len(mine) + 1:] == (REPO / "settings.toml.example").read_bytes()
    assert "updated   settings.toml (the example's settings added as comments" in out
    status, out, _ = deploy_cli(capsys, "--drive", drive)
    assert (drive / "settings.toml").read_bytes() == merged
    assert "kept      settings.toml (yours, not overwritten)" in out


def test_stale_firmware_module_is_reported_not_deleted(tmp_path, capsys):
    drive = make_drive(tmp_path)
    (drive / "totp").mkdir()
    (drive / "totp" / "retired.py").write_text("x = 1\n")
    status, out, _ = deploy_cli(capsys, "--drive", drive)
    assert status == 0
    assert "stale     totp/retired.py" in out
    assert (drive / "totp" / "retired.py").exists()


def test_stale_module_in_a_firmware_subpackage_is_reported_too(tmp_path, capsys):
    drive = make_drive(tmp_path)
    (drive / "totp" / "protocol").mkdir(parents=True)
    (drive / "totp" / "protocol" / "retired.py").write_text("x = 1\n")
    status, out, _ = deploy_cli(capsys, "--drive", drive)
    assert status == 0
    assert "stale     totp/protocol/retired.py" in out
    assert (drive / "totp" / "protocol" / "retired.py").exists()


def test_dry_run_writes_nothing(tmp_path, capsys):
    drive = make_drive(tmp_path)
    before = snapshot(drive)
    status, out, _ = deploy_cli(capsys, "--drive", drive, "--dry-run")
    assert status == 0
    assert "would write" in out and "new       code.py" in out
    assert snapshot(drive) == before


def test_full_drive_is_refused_before_writing(tmp_path, monkeypatch):
    drive = make_drive(tmp_path)
    monkeypatch.setattr(deploy.shutil, "disk_usage", lambda path: type(
        "Usage", (), {"free": 1000, "total": 1 << 20, "used": 0})())
    changes = deploy.plan(drive)
    with pytest.raises(DeployError, match="1000 bytes free"):
        deploy.apply(drive, changes)
    assert sorted(p.name for p in drive.iterdir()) == ["boot_out.txt"]


@pytest.mark.parametrize(("board_id", "noted"), [
    ("adafruit_feather_rp2040", False),
    ("raspberry_pi_pico", False),
    ("seeed_xiao_rp2040", True),
])
def test_board_without_firmware_defaults_gets_a_pin_note(tmp_path, capsys, board_id, noted):
    drive = make_drive(tmp_path, boot_out("10.0.3", "Some board with rp2040", board_id))
    status, out, _ = deploy_cli(capsys, "--drive", drive)
    assert status == 0
    assert ("no pin defaults for board %s" % board_id in out) == noted


def test_json_report_lists_the_changes(tmp_path, capsys):
    drive = make_drive(tmp_path)
    status, out, _ = deploy_cli(capsys, "--drive", drive, "--json")
    report = json.loads(out)
    assert status == 0
    assert report["circuitpython"] == "10.0.3"
    assert report["board_id"] == "adafruit_feather_rp2040"
    assert {"path": "code.py", "action": "new"} in report["changes"]
    assert {"path": "settings.toml", "action": "new"} in report["changes"]
    assert report["unchanged"] == 0


def test_read_only_drive_gives_a_clear_error(tmp_path, capsys, monkeypatch):
    drive = make_drive(tmp_path)

    def read_only_write(path, data):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(deploy, "_write", read_only_write)
    status, _, err = deploy_cli(capsys, "--drive", drive)
    assert status == 1
    assert "cannot write" in err and "Read-only file system" in err
    assert "replug the token holding A" in err


def test_code_py_is_written_last(tmp_path):
    # CircuitPython reloads code.py after writes settle: everything it imports goes first
    drive = make_drive(tmp_path)
    order = [change.target.as_posix() for change in deploy.plan(drive) if change.writes]
    assert order[-2:] == ["boot.py", "code.py"]
    assert order.index("settings.toml") > max(
        i for i, name in enumerate(order) if name.startswith(("lib/", "totp/")))
