"""The CircuitPython API check: device code type-checks against PyPI's circuitpython-stubs.

`mypy --config-file mypy-device.ini` must pass on code.py, boot.py and totp/, and the
same configuration must reject each wrong call in tests/fixtures/stubs/wrong_calls.py
with the error written next to it. Several of those calls would pass against Blinka's
untyped CPython modules of the same names, so the fixture also proves the stubs win.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "mypy-device.ini"
WRONG_CALLS = REPO / "tests" / "fixtures" / "stubs" / "wrong_calls.py"
EXPECT_MARKER = re.compile(r"#\s*expect:\s*(.+)$")


def run_mypy(cache_dir, *files):
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(CONFIG),
         "--cache-dir", str(cache_dir), *map(str, files)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )


def expected_errors():
    """(line number, error text) for each `# expect:` marker in the fixture."""
    lines = WRONG_CALLS.read_text(encoding="utf-8").splitlines()
    return [
        (number, match.group(1).strip())
        for number, line in enumerate(lines, start=1)
        for match in [EXPECT_MARKER.search(line)] if match
    ]


def reported_errors(output):
    """{line number: error text} from mypy's `file:line: error: text  [code]` lines."""
    errors = {}
    for line in output.splitlines():
        match = re.match(r".*wrong_calls\.py:(\d+): error: (.*)", line)
        if match:
            errors[int(match.group(1))] = match.group(2)
    return errors


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture(scope="module")
def wrong_call_report(mypy_cache):
    return run_mypy(mypy_cache, WRONG_CALLS)


def test_device_code_matches_the_circuitpython_api(mypy_cache):
    result = run_mypy(mypy_cache)  # the files listed in the config: code.py, boot.py, totp/
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")


@pytest.mark.parametrize(("line", "message"), expected_errors(),
                         ids=[text.split('"')[1] if '"' in text else text
                              for _, text in expected_errors()])
def test_wrong_call_is_rejected(wrong_call_report, line, message):
    errors = reported_errors(wrong_call_report.stdout)
    assert wrong_call_report.returncode == 1
    assert message in errors.get(line, ""), wrong_call_report.stdout


def test_correct_calls_in_the_fixture_pass(wrong_call_report):
    expected = {line for line, _ in expected_errors()}
    assert expected, "the fixture lost its `# expect:` markers: the checks above would not run"
    flagged = set(reported_errors(wrong_call_report.stdout))
    assert flagged == expected, wrong_call_report.stdout
