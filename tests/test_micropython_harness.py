"""The MicroPython harness itself: output, files, failures and a missing interpreter."""

import importlib.util
from pathlib import Path

import pytest
from support.mpy import MicroPythonUnavailable, run_micropython


def test_micropython_runs_the_real_interpreter_and_returns_stdout():
    script = "import sys\nprint(sys.implementation.name, sys.implementation.version[:2])"
    out = run_micropython(script)
    assert out == "micropython (1, 27)\n"


def test_micropython_output_without_final_newline_and_utf8_is_kept():
    assert run_micropython("import sys\nsys.stdout.write('caf\\u00e9 end')") == "café end"


@pytest.mark.parametrize(("files", "script", "expected"), [
    (("totp",), "import totp.base32\nprint(totp.base32.encode(b'hi'))", "NBUQ\n"),
    (("totp/base32.py",), "import os\nprint(sorted(os.listdir('totp')))", "['base32.py']\n"),
    ("tests/support/mpy.py", "print(open('tests/support/mpy.py').readline().strip()[:3])", '"""\n'),
])
def test_micropython_files_keep_their_repo_relative_paths(files, script, expected):
    assert run_micropython(script, files=files) == expected


def test_micropython_exception_raises_assertion_with_traceback_and_output():
    script = "print('before')\ndef fail():\n    raise ValueError('marker 42')\nfail()"
    with pytest.raises(AssertionError) as failure:
        run_micropython(script)
    message = str(failure.value)
    assert "ValueError: marker 42" in message
    assert 'line 3, in fail' in message
    assert "before" in message


def test_micropython_timeout_is_a_failure_not_a_hang():
    with pytest.raises(AssertionError, match="did not finish within 1 s"):
        run_micropython("while True:\n    pass", timeout=1)


def test_micropython_missing_file_is_named():
    with pytest.raises(FileNotFoundError, match="no/such.py"):
        run_micropython("pass", files=("no/such.py",))


def test_micropython_missing_node_raises_with_the_fix(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(MicroPythonUnavailable, match="npm ci"):
        run_micropython("print(1)")


def test_micropython_node_options_reach_node():
    assert run_micropython("print(6 * 7)", node_options=("--no-liftoff",)) == "42\n"
    with pytest.raises(AssertionError, match="bad option"):
        run_micropython("print(1)", node_options=("--no-such-node-option",))


def test_micropython_has_room_for_real_work():
    out = run_micropython("blocks = [bytearray(1 << 20) for _ in range(24)]\nprint(len(blocks))")
    assert out == "24\n"


def test_micropython_libs_are_copied_into_lib_on_sys_path():
    spec = importlib.util.find_spec("adafruit_hashlib")
    package = Path(spec.origin).parent
    out = run_micropython("import adafruit_hashlib\nprint(adafruit_hashlib.__file__)\n"
                          "print(adafruit_hashlib.sha1(b'abc').hexdigest())",
                          files=(), libs=(package,))
    assert out.splitlines() == ["/lib/adafruit_hashlib/__init__.py",
                                "a9993e364706816aba3e25717850c26c9cd0d89d"]
