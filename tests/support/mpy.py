"""Run Python source under the real MicroPython 1.27 interpreter (WebAssembly, via Node.js).

The device code must run on MicroPython as well as CPython; tests prove it by
running the same cases here. ``run_micropython`` copies repo files into the
interpreter's filesystem, runs one script in one MicroPython process and
returns what it printed. A missing Node.js or npm package is an error, never a
skip: the MicroPython run is part of the test suite.
"""

import json
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
RUNNER = REPO / "tests" / "micropython" / "run.mjs"
PACKAGE_DIR = REPO / "node_modules" / "@micropython" / "micropython-webassembly-pyscript"
SETUP_HINT = "run `npm ci` in %s (or `./dev test`, which does it)" % REPO


class MicroPythonUnavailable(RuntimeError):
    """Node.js or the MicroPython npm package is missing: the tests cannot run."""


def _expand(paths, base, target):
    """(host file, interpreter path) pairs for each file or directory under ``base``.

    A directory brings its files (``__pycache__`` skipped); interpreter paths
    are the paths relative to ``base``, prefixed by ``target``.
    """
    pairs = []
    for given in paths:
        path = base / given
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            )
        elif path.is_file():
            found = [path]
        else:
            raise FileNotFoundError("%s does not exist (looked in %s)" % (given, base))
        pairs.extend((str(p), target + p.relative_to(base).as_posix()) for p in found)
    return pairs


def node_command():
    """The ``node`` executable, or ``MicroPythonUnavailable`` saying how to get it."""
    node = shutil.which("node")
    if node is None:
        raise MicroPythonUnavailable(
            "Node.js (18+) is needed to run the MicroPython tests but `node` is not on PATH: "
            "install it from https://nodejs.org, then " + SETUP_HINT)
    if not (PACKAGE_DIR / "micropython.mjs").is_file():
        raise MicroPythonUnavailable(
            "the MicroPython interpreter package is not installed (%s missing): %s"
            % (PACKAGE_DIR.relative_to(REPO), SETUP_HINT))
    return node


def run_micropython(script: str, files=("totp",), timeout: float = 120, libs=(),
                    node_options=(), scripts=()) -> str:
    """Run ``script`` in one MicroPython process with ``files`` copied in; return its stdout.

    ``files`` are repo-relative files or directories, placed at the same
    relative paths under the interpreter's working directory, so
    ``import totp.otp`` works. ``libs`` are host paths of packages or modules
    (e.g. a PyPI package's directory) copied into ``/lib``, which is on the
    interpreter's ``sys.path``. ``node_options`` go to ``node``: benchmarks
    pass ``--no-liftoff`` so the interpreter runs fully compiled from the
    start instead of speeding up midway, whenever V8 finishes optimising it.
    If the script raises (or times out), raise ``AssertionError`` carrying the
    MicroPython traceback and the output so far.

    The heap starts at 16 MiB and grows on demand. This port frees nothing
    while a script runs (``gc.collect()`` included), so ``gc.mem_alloc()``
    differences count every byte allocated. ``scripts``, when given, replace
    ``script``: they run one after another in the same interpreter, sharing
    globals, and a ``gc.collect()`` at the start of a later one does free what
    nothing references any more (tests/support/device_budget.py uses this).
    """
    if isinstance(files, str):
        files = (files,)
    copies = _expand(files, REPO, "")
    for lib in libs:
        lib = Path(lib)
        copies.extend(_expand([lib.name], lib.parent, "lib/"))
    request = json.dumps({"files": copies, "script": script, "scripts": list(scripts)}
                         if scripts else {"files": copies, "script": script})
    try:
        done = subprocess.run(
            [node_command(), *node_options, str(RUNNER)], input=request, capture_output=True,
            text=True, encoding="utf-8", timeout=timeout, cwd=REPO)
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout or b""
        if isinstance(output, bytes):
            output = output.decode("utf-8", "replace")
        raise AssertionError(
            "MicroPython script did not finish within %g s; output so far:\n%s"
            % (timeout, output)) from None
    if done.returncode == 3:
        raise MicroPythonUnavailable(done.stderr.strip())
    if done.returncode != 0:
        raise AssertionError(
            "MicroPython script failed (exit status %d):\n%s\n--- output ---\n%s"
            % (done.returncode, done.stderr.rstrip(), done.stdout))
    return done.stdout
