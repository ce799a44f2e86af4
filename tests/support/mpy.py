"""Run device code under the real MicroPython 1.27 interpreter (WebAssembly, via Node.js),
and the same scenario files under CPython.

The device code must run on MicroPython as well as CPython; tests prove it by running
scenario files, ``tests/micropython/scenarios/*.py``, under both interpreters with the
same inputs and comparing what they report. ``run_scenario`` does that for one
interpreter; the inputs/results convention is in tests/support/scenario.py.
``run_micropython`` is the layer beneath: it copies repo files into the interpreter's
filesystem, runs source in one MicroPython process and returns what it printed.
``run_cpython`` does the same in a CPython process (tests/micropython/run_cpython.py),
so a scenario sees the same files and paths under both. A missing Node.js or npm
package is an error, never a skip: the MicroPython run is part of the test suite.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import types
from pathlib import Path
from typing import Any, NamedTuple

from support import scenario as scenario_io

REPO = Path(__file__).resolve().parent.parent.parent
RUNNER = REPO / "tests" / "micropython" / "run.mjs"
CPYTHON_RUNNER = REPO / "tests" / "micropython" / "run_cpython.py"
SCENARIOS = REPO / "tests" / "micropython" / "scenarios"
# copied into every scenario's lib/: the inputs/results helper and the plain device fakes
SCENARIO_LIBS = (REPO / "tests" / "support" / "scenario.py",
                 REPO / "tests" / "support" / "device_fakes.py")
# the store's PIN vault stand-in, for the scenarios a test gives it with libs=(PIN_STORE,)
PIN_STORE = REPO / "tests" / "support" / "pin_store.py"
PACKAGE_DIR = REPO / "node_modules" / "@micropython" / "micropython-webassembly-pyscript"
SETUP_HINT = "run `npm ci` in %s (or `./dev test`, which does it)" % REPO
MICROPYTHON = "micropython"
CPYTHON = "cpython"
INTERPRETERS = (MICROPYTHON, CPYTHON)


class MicroPythonUnavailable(RuntimeError):
    """Node.js or the MicroPython npm package is missing: the tests cannot run."""


class Outcome(NamedTuple):
    """What a scenario emitted: ``results`` (the same under both interpreters) and
    ``heap`` (byte counts under MicroPython; ``None`` values under CPython), and the
    other lines it printed."""

    results: Any
    heap: dict
    printed: list[str]


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


def _request(script, files, libs, scripts, extra=()):
    if isinstance(files, str):
        files = (files,)
    copies = _expand(files, REPO, "")
    for lib in libs:
        lib = Path(lib)
        copies.extend(_expand([lib.name], lib.parent, "lib/"))
    copies.extend(extra)
    request = {"files": copies, "script": script}
    if scripts:
        request["scripts"] = list(scripts)
    return request


def _run(interpreter, command, request, timeout, env=None):
    try:
        done = subprocess.run(
            command, input=json.dumps(request), capture_output=True, text=True,
            encoding="utf-8", timeout=timeout, cwd=REPO, env=env)
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout or b""
        if isinstance(output, bytes):
            output = output.decode("utf-8", "replace")
        raise AssertionError(
            "%s script did not finish within %g s; output so far:\n%s"
            % (interpreter, timeout, output)) from None
    if done.returncode == 3 and interpreter == "MicroPython":
        raise MicroPythonUnavailable(done.stderr.strip())
    if done.returncode != 0:
        raise AssertionError(
            "%s script failed (exit status %d):\n%s\n--- output ---\n%s"
            % (interpreter, done.returncode, done.stderr.rstrip(), done.stdout))
    return done.stdout


def run_micropython(script: str, files=("totp",), timeout: float = 120, libs=(),
                    node_options=(), scripts=(), extra=()) -> str:
    """Run ``script`` in one MicroPython process with ``files`` copied in; return its stdout.

    ``files`` are repo-relative files or directories, placed at the same
    relative paths under the interpreter's working directory, so
    ``import totp.otp`` works. ``libs`` are host paths of packages or modules
    (e.g. a PyPI package's directory) copied into ``/lib``, which is on the
    interpreter's ``sys.path``. ``extra`` are more (host file, interpreter path)
    pairs. ``node_options`` go to ``node``: benchmarks pass ``--no-liftoff`` so
    the interpreter runs fully compiled from the start instead of speeding up
    midway, whenever V8 finishes optimising it. If the script raises (or times
    out), raise ``AssertionError`` carrying the MicroPython traceback and the
    output so far.

    The heap starts at 16 MiB and grows on demand. This port frees nothing
    while a script runs (``gc.collect()`` included), so ``gc.mem_alloc()``
    differences count every byte allocated. ``scripts``, when given, replace
    ``script``: they run one after another in the same interpreter, sharing
    globals, and a ``gc.collect()`` at the start of a later one does free what
    nothing references any more (tests/support/device_budget.py uses this).
    """
    request = _request(script, files, libs, scripts, extra)
    return _run("MicroPython", [node_command(), *node_options, str(RUNNER)], request, timeout)


def run_cpython(script: str, files=("totp",), timeout: float = 120, libs=(), scripts=(),
                extra=(), names=()) -> str:
    """``run_micropython``'s twin: the same request run by CPython in a fresh process, with
    the files in a temporary working directory and ``lib/`` on ``sys.path``
    (tests/micropython/run_cpython.py). ``names`` label the scripts in tracebacks."""
    request = _request(script, files, libs, scripts, extra)
    if names:
        request["names"] = list(names)
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
    # the runner's folder goes inside one removed here, even when a timeout kills it
    with tempfile.TemporaryDirectory(prefix="totp-cpython-run-") as under:
        request["under"] = under
        return _run("CPython", [sys.executable, str(CPYTHON_RUNNER)], request, timeout, env)


def scenario_path(name: str | Path) -> Path:
    """The scenario file ``tests/micropython/scenarios/<name>.py``, or the file ``name``
    when it is a path (a benchmark's); it must exist."""
    path = name if isinstance(name, Path) else SCENARIOS / (name + ".py")
    if not path.is_file():
        raise FileNotFoundError("no scenario %s (looked for %s)" % (name, path))
    return path


def run_scenarios(names, inputs: dict | None = None, interpreter: str = MICROPYTHON,
                  files=("totp",), libs=(), timeout: float = 120,
                  node_options=()) -> list[Outcome]:
    """Run the scenario files ``names`` one after another in one ``interpreter`` process
    (globals shared, as ``scripts`` are) with ``inputs`` written for them; return what
    each ``emit`` reported, in order (each with all the other lines printed). Every
    scenario gets tests/support/scenario.py and tests/support/device_fakes.py in its
    ``lib/``. ``node_options`` go to ``node`` (MicroPython only)."""
    if interpreter not in INTERPRETERS:
        raise ValueError("interpreter must be one of %s, not %r" % (INTERPRETERS, interpreter))
    sources = [scenario_path(name).read_text(encoding="utf-8") for name in names]
    with tempfile.TemporaryDirectory(prefix="totp-scenario-") as folder:
        given = Path(folder) / scenario_io.INPUTS_FILE
        # UTF-8, not \u escapes: MicroPython's json turns an escaped surrogate pair
        # (\ud83d\ude00) into two lone surrogates, CPython's into one character
        given.write_text(json.dumps(inputs or {}, ensure_ascii=False), encoding="utf-8")
        extra = [(str(given), scenario_io.INPUTS_FILE)]
        libs = (*SCENARIO_LIBS, *libs)
        if interpreter == MICROPYTHON:
            output = run_micropython("", files=files, libs=libs, scripts=sources, extra=extra,
                                     timeout=timeout, node_options=node_options)
        else:
            output = run_cpython("", files=files, libs=libs, scripts=sources, extra=extra,
                                 timeout=timeout,
                                 names=[str(scenario_path(name)) for name in names])
    mark = scenario_io.RESULT_MARK
    printed = [line for line in output.splitlines() if not line.startswith(mark)]
    try:
        reported = [json.loads(line[len(mark):]) for line in output.splitlines()
                    if line.startswith(mark)]
        return [Outcome(entry["results"], entry["heap"], printed) for entry in reported]
    except (ValueError, TypeError, KeyError):
        raise AssertionError("a scenario's emit() line is not what emit() prints:\n%s"
                             % output) from None


def run_scenario(name: str | Path, inputs: dict | None = None,
                 interpreter: str = MICROPYTHON, files=("totp",), libs=(), timeout: float = 120,
                 node_options=()) -> Outcome:
    """Run one scenario file under ``interpreter`` and return its one ``emit``."""
    outcomes = run_scenarios([name], inputs, interpreter, files, libs, timeout, node_options)
    if len(outcomes) != 1:
        raise AssertionError("scenario %s emitted %d result lines, not 1" % (name, len(outcomes)))
    return outcomes[0]


def load_scenario(name: str) -> types.ModuleType:
    """Import a scenario file into this (CPython) process as a module, so a test can call
    its functions on host-only models; its ``if __name__ == "__main__"`` part does not
    run. Its ``from scenario import ...`` gets tests/support/scenario.py."""
    sys.modules.setdefault("scenario", scenario_io)
    spec = importlib.util.spec_from_file_location("scenarios." + name, scenario_path(name))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def interpreter_of(nodeid: str) -> str | None:
    """Which interpreter a test ran device code in, by its id: ``cpython`` when its
    parameters say so, ``micropython`` when its id names MicroPython, else ``None``."""
    parameters = nodeid.partition("[")[2]
    if CPYTHON in parameters.lower():
        return CPYTHON
    return MICROPYTHON if MICROPYTHON in nodeid.lower() else None
