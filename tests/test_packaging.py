"""The wheel: it carries the firmware as package data, installs no top-level `code`, finds it.

Builds the wheel from a copy of the checkout (offline: the dev environment's
setuptools, no build isolation), then looks inside it and runs its lookup.
"""

import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from totp_token import firmware_files
from totp_token.errors import DeployError

ROOT = Path(__file__).resolve().parents[1]
FIRMWARE_PREFIX = "totp_token/firmware/"
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "node_modules", "build", "*.egg-info",
                                    "__pycache__", ".*_cache", ".hypothesis", "sim-state*")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    source = tmp_path_factory.mktemp("source") / "totp-token"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    out = tmp_path_factory.mktemp("wheel")
    completed = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-q", "-w", str(out), str(source)],
        capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    (built,) = out.glob("totp_token-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel):
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel_carries_every_firmware_file(wheel_names):
    device_package = sorted(path.relative_to(ROOT).as_posix()
                            for path in (ROOT / "totp").rglob("*.py"))
    expected = {"boot.py", "code.py", "settings.toml.example", "lib/requirements.txt",
                *device_package}
    carried = {name[len(FIRMWARE_PREFIX):] for name in wheel_names
               if name.startswith(FIRMWARE_PREFIX)}
    assert expected <= carried, sorted(expected - carried)
    assert "totp/__init__.py" in carried


def test_wheel_installs_no_top_level_code_or_boot_module(wheel_names):
    top_level = {name.split("/")[0] for name in wheel_names}
    assert not top_level & {"code.py", "boot.py", "lib", "settings.toml.example"}
    assert {name for name in top_level if not name.endswith(".dist-info")} == {
        "totp", "totp_token"}


def test_wheel_declares_the_command(wheel_names, wheel):
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [name for name in wheel_names if name.endswith("entry_points.txt")]
        assert "totp-token = totp_token.cli:main" in archive.read(entry_points).decode()


def test_installed_wheel_finds_its_own_firmware_and_leaves_stdlib_code_alone(wheel, tmp_path):
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)  # what an install puts in site-packages
    # -S: no site-packages, so neither this checkout nor its editable install is importable
    completed = subprocess.run(
        [sys.executable, "-S", "-c",
         "import sys; sys.path.insert(0, %r)\n"
         "import code\n"
         "from totp_token.firmware_files import firmware_root\n"
         "print(firmware_root()); print(code.__file__)" % str(target)],
        capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    root, code_module = completed.stdout.split("\n")[:2]
    assert Path(root) == target / "totp_token" / "firmware"
    assert (Path(root) / "code.py").read_bytes() == (ROOT / "code.py").read_bytes()
    assert not code_module.startswith(str(target))


def test_a_checkout_runs_its_own_firmware():
    assert firmware_files.firmware_root() == ROOT


def test_missing_firmware_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(firmware_files, "_TOOL_PACKAGE", tmp_path / "a" / "b" / "totp_token")
    with pytest.raises(DeployError, match="firmware files .* are missing.*reinstall totp-token"):
        firmware_files.firmware_root()


def test_version_names_the_tool_and_the_firmware(capsys):
    from totp_token.cli import main

    from totp import VERSION

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == "totp-token %s (firmware %s)\n" % (
        metadata.version("totp-token"), VERSION)
