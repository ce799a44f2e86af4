"""The external corpus is switched by TOTP_TOKEN_CORPUS alone: off, one summary line; on, it runs.

Runs pytest itself on a small selection, the way `./dev test` does.
"""

import os
import subprocess
import sys
from pathlib import Path

from support.corpus import ENV

ROOT = Path(__file__).resolve().parents[1]
PYTEST = str(Path(sys.executable).with_name("pytest"))
SMALL = ["tests/test_base32.py"]


def run_pytest(*args, corpus=None):
    env = {key: value for key, value in os.environ.items() if key != ENV}
    if corpus is not None:
        env[ENV] = str(corpus)
    return subprocess.run([PYTEST, "-q", "-p", "no:cacheprovider", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_without_the_variable_no_corpus_module_is_collected_and_one_line_says_so():
    completed = run_pytest("--collect-only", "tests")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    collected = [line for line in completed.stdout.splitlines() if "::" in line]
    assert len(collected) > 1000
    assert not [line for line in collected if "/test_corpus_" in line]
    lines = [line for line in completed.stdout.splitlines() if "external corpus" in line]
    assert len(lines) == 1
    assert ENV in lines[0] and "did not run" in lines[0]


def test_a_variable_naming_no_folder_stops_the_run_with_the_fix(tmp_path):
    completed = run_pytest(*SMALL, corpus=tmp_path / "missing")
    assert completed.returncode != 0
    assert "is not a folder: point it at the corpus or unset it" in completed.stderr


def test_with_the_variable_the_corpus_modules_are_collected(tmp_path):
    # an empty folder is a corpus with nothing in it: the modules are collected and fail to load
    completed = run_pytest("--collect-only", "tests/test_corpus_vectors.py", corpus=tmp_path)
    assert "test_corpus_vectors.py" in completed.stdout
    assert "vectors.json" in completed.stdout
