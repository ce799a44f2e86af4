"""The host tool's type hints: every public function of ``tools/totp_token`` (the
simulator's internals aside) is annotated, and mypy (``mypy-host.ini``) accepts them.

The check is not strict: it checks the annotated functions' bodies and every call made
to them from annotated code. A wrong call in a scratch module is rejected, so the
hints are read, not just present.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "mypy-host.ini"
HOST = REPO / "tools" / "totp_token"
NOT_CHECKED = HOST / "sim"  # the simulator's internals: a package of its own
SELF_ARGS = ("self", "cls")


def run_mypy(cache_dir: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(CONFIG),
         "--cache-dir", str(cache_dir), *map(str, files)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )


def host_files() -> list[Path]:
    return sorted(path for path in HOST.rglob("*.py") if NOT_CHECKED not in path.parents)


def unannotated(path: Path) -> list[str]:
    """``name:line`` of each public function or method of ``path`` lacking an annotation."""
    missing = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef) and not child.name.startswith("_"):
                visit(child)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                if child.name.startswith("_") and child.name != "__init__":
                    continue
                arguments = child.args.posonlyargs + child.args.args + child.args.kwonlyargs
                if arguments and arguments[0].arg in SELF_ARGS:
                    arguments = arguments[1:]
                arguments += [a for a in (child.args.vararg, child.args.kwarg) if a]
                if child.returns is None or any(a.annotation is None for a in arguments):
                    missing.append("%s:%d" % (child.name, child.lineno))

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return missing


@pytest.mark.parametrize("path", host_files(), ids=lambda path: path.relative_to(HOST).as_posix())
def test_every_public_host_function_is_annotated(path):
    assert unannotated(path) == []


def test_the_rule_finds_a_missing_annotation(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text("def shown(a: int) -> int:\n    return a\n\n\n"
                      "def bare(a):\n    return a\n\n\n"
                      "def _private(a):\n    return a\n")
    assert unannotated(module) == ["bare:5"]


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("mypy-host-cache")


def test_the_host_package_type_checks(mypy_cache):
    result = run_mypy(mypy_cache)  # the files the config names: tools/totp_token
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")


def test_a_call_against_the_hints_is_rejected(mypy_cache, tmp_path):
    scratch = tmp_path / "wrong_call.py"
    scratch.write_text("from totp_token.client import answer_timeout\n"
                       "from totp_token.drive import parse_boot_out\n\n"
                       "seconds: str = answer_timeout()\n"
                       "parse_boot_out(b'Adafruit CircuitPython 9.2.0')\n")
    result = run_mypy(mypy_cache, scratch)
    assert result.returncode == 1
    assert "wrong_call.py:4: error: Incompatible types in assignment" in result.stdout
    assert 'wrong_call.py:5: error: Argument 1 to "parse_boot_out"' in result.stdout
