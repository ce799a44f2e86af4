"""The libraries `totp-token deploy` copies: exactly what the firmware imports beyond
CircuitPython's built-ins, at the versions lib/requirements.txt records (the pyproject pins)."""

import ast
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest
from totp_token import deploy

REPO = Path(__file__).resolve().parent.parent


def firmware_files():
    files = ["code.py", "boot.py"]
    files += [p.relative_to(REPO).as_posix() for p in sorted((REPO / "totp").rglob("*.py"))]
    return files


def recorded_requirements():
    lines = (REPO / "lib" / "requirements.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_lib_requirements_match_the_pyproject_pins():
    pins = set(re.findall(r'"(adafruit-circuitpython-[\w-]+==[\w.]+)"',
                          (REPO / "pyproject.toml").read_text()))
    assert recorded_requirements() and set(recorded_requirements()) <= pins


@pytest.mark.parametrize("requirement", recorded_requirements())
def test_recorded_library_is_the_installed_one_deploy_copies(requirement):
    name, version = requirement.split("==")
    distribution = importlib.metadata.distribution(name)
    assert distribution.version == version
    top_level = distribution.read_text("top_level.txt").split()
    assert len(top_level) == 1 and top_level[0] in deploy.FIRMWARE_LIBRARIES


def test_every_library_deploy_copies_is_recorded():
    recorded = {importlib.metadata.distribution(r.split("==")[0]).read_text("top_level.txt")
                .strip() for r in recorded_requirements()}
    assert recorded == set(deploy.FIRMWARE_LIBRARIES)


def circuitpython_builtin_modules():
    """Module names CircuitPython provides itself: those circuitpython-stubs describes,
    plus the standard-library subset the firmware may use."""
    stub_files = importlib.metadata.distribution("circuitpython-stubs").files
    stubbed = {f.parts[0][:-len("-stubs")] for f in stub_files if f.parts[0].endswith("-stubs")}
    return stubbed | {"time", "os", "sys", "struct", "json", "gc", "hashlib", "binascii",
                      "math", "errno", "array", "collections", "io", "random", "zlib"}


def top_level_imports(path):
    """Names imported outside `try: ... except ImportError` (those may be absent)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    guarded = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id == "ImportError"
                for h in node.handlers):
            guarded |= {id(child) for stmt in node.body for child in ast.walk(stmt)}
    names = set()
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("name", firmware_files())
def test_every_firmware_import_is_built_in_or_deployed(name):
    allowed = circuitpython_builtin_modules() | set(deploy.FIRMWARE_LIBRARIES) | {"totp"}
    assert top_level_imports(REPO / name) <= allowed


def test_finding_the_libraries_does_not_import_them():
    # adafruit_hid imports usb_hid, and Blinka's usb_hid raises on import on a normal PC
    probe = ("import sys; from totp_token import deploy; deploy.library_sources(); "
             "print(sorted(n for n in sys.modules if n.startswith(('adafruit', 'usb_hid'))))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
