"""The harness itself (tests/support/mpy.py): both interpreters, the inputs and results
convention, files, failures, a missing interpreter, and the rules scenario files keep."""

import ast
import importlib.util
from pathlib import Path

import pytest
from support import mpy
from support.mpy import (
    CPYTHON,
    MICROPYTHON,
    MicroPythonUnavailable,
    interpreter_of,
    run_cpython,
    run_micropython,
    run_scenario,
    scenario_path,
)

RUNNERS = {MICROPYTHON: run_micropython, CPYTHON: run_cpython}
# what a scenario may import: modules MicroPython 1.27 has built in, the device code,
# the scenario helpers (tests/support/scenario.py, device_fakes.py), and the Adafruit
# libraries and the vault stand-in (tests/support/pin_store.py) a test copies into lib/
ALLOWED_IMPORTS = {"binascii", "collections", "gc", "json", "os", "sys", "time",
                   "totp", "scenario", "device_fakes", "adafruit_ds3231", "adafruit_ssd1306",
                   "adafruit_hid", "adafruit_hashlib", "boot", "pin_store"}


def source(name):
    return scenario_path(name).read_text(encoding="utf-8")


def test_the_real_interpreters_run_and_totp_is_the_copied_one(interpreter):
    name, version, origin = run_scenario("harness_identity", interpreter=interpreter).results
    if interpreter == MICROPYTHON:
        assert [name, version] == ["micropython", [1, 27]]
    else:
        assert name == "cpython" and version[0] == 3
    assert origin.endswith("totp/__init__.py") and not origin.startswith(str(mpy.REPO))


def test_inputs_reach_the_scenario_as_given_and_heap_counts_only_under_micropython(
        interpreter):
    given = {"text": "caf\u00e9 \U0001f600 \u202e", "numbers": [0, -1, 2**40, 0.5],
             "nested": {"none": None, "flag": True}, "heap": {"bytes": 32}}
    outcome = run_scenario("harness_echo", given, interpreter)
    assert outcome.results == given
    assert outcome.heap == {"bytes": 32 if interpreter == MICROPYTHON else None}
    assert outcome.printed == []


def test_output_without_final_newline_and_utf8_is_kept(interpreter):
    run = RUNNERS[interpreter]
    assert run(source("harness_unterminated")) == "caf\u00e9 end"


@pytest.mark.parametrize(("files", "probe", "expected"), [
    (("totp",), {"probe": "import"}, "NBUQ"),
    (("totp/base32.py",), {"probe": "listdir", "path": "totp"}, ["base32.py"]),
    ("tests/support/mpy.py", {"probe": "read", "path": "tests/support/mpy.py"}, '"""'),
])
def test_files_keep_their_repo_relative_paths(files, probe, expected, interpreter):
    assert run_scenario("harness_files", probe, interpreter, files=files).results == expected


def test_an_exception_raises_assertion_with_traceback_and_output(interpreter):
    raise_line = source("harness_raises").splitlines().index(
        '    raise ValueError("marker 42")') + 1
    with pytest.raises(AssertionError) as failure:
        run_scenario("harness_raises", interpreter=interpreter)
    message = str(failure.value)
    assert "ValueError: marker 42" in message
    assert "line %d, in fail" % raise_line in message
    assert "before" in message


def test_a_timeout_is_a_failure_not_a_hang(interpreter):
    with pytest.raises(AssertionError, match="did not finish within 1 s"):
        run_scenario("harness_spins", interpreter=interpreter, timeout=1)


def test_a_missing_file_or_scenario_is_named(interpreter):
    with pytest.raises(FileNotFoundError, match="no/such.py"):
        run_scenario("harness_room", interpreter=interpreter, files=("no/such.py",))
    with pytest.raises(FileNotFoundError, match="no scenario no_such_scenario"):
        run_scenario("no_such_scenario", interpreter=interpreter)
    with pytest.raises(ValueError, match="interpreter must be one of"):
        run_scenario("harness_room", interpreter="jython")


def test_micropython_missing_node_raises_with_the_fix(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(MicroPythonUnavailable, match="npm ci"):
        run_scenario("harness_identity")


def test_micropython_node_options_reach_node():
    assert run_micropython(source("harness_unterminated"),
                           node_options=("--no-liftoff",)) == "caf\u00e9 end"
    with pytest.raises(AssertionError, match="bad option"):
        run_micropython(source("harness_unterminated"), node_options=("--no-such-node-option",))


def test_the_interpreter_has_room_for_real_work(interpreter):
    assert run_scenario("harness_room", interpreter=interpreter).results == 24


def test_libs_are_copied_into_lib_on_sys_path(interpreter):
    package = Path(importlib.util.find_spec("adafruit_hashlib").origin).parent
    origin, digest = run_scenario("harness_lib", interpreter=interpreter, files=(),
                                  libs=(package,)).results
    assert origin.endswith("lib/adafruit_hashlib/__init__.py")
    assert not origin.startswith(str(package))  # the copy, not the installed package
    assert digest == "a9993e364706816aba3e25717850c26c9cd0d89d"


def test_the_summary_tells_the_interpreters_apart():
    assert interpreter_of("tests/test_otp_micropython.py::test_x[micropython-pure]") == MICROPYTHON
    assert interpreter_of("tests/test_otp_micropython.py::test_x[cpython-pure]") == CPYTHON
    assert interpreter_of("tests/test_settings_keys.py::test_y[cpython]") == CPYTHON
    assert interpreter_of("tests/test_store_micropython.py::test_z") == MICROPYTHON
    assert interpreter_of("tests/test_store_ops.py::test_z[rp2040]") is None


def _imported_roots(path):
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            roots.add(node.module.split(".")[0])
    return roots


def test_scenario_files_import_only_what_micropython_has():
    files = sorted(mpy.SCENARIOS.glob("*.py"))
    assert len(files) >= 20
    for path in files + list(mpy.SCENARIO_LIBS) + [mpy.PIN_STORE]:
        assert _imported_roots(path) <= ALLOWED_IMPORTS, path.name
