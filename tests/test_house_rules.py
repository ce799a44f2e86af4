"""House rules about the shape of the code, read from the sources with ``ast``.

- No function in the simulator (``tools/totp_token/sim/``) is longer than 60 lines,
  counted from its ``def`` line to its last line: a simulated module's ``build(ctx)``
  binds module-level classes to the run instead of defining them inside itself.
"""

import pytest
from support.function_length import function_lengths, longer_than
from support.imports import REPO

MAX_FUNCTION_LINES = 60
SIM = REPO / "tools" / "totp_token" / "sim"
SIM_FILES = sorted(path.relative_to(REPO).as_posix() for path in SIM.rglob("*.py"))


def test_the_simulator_has_its_subpackages():
    packages = sorted(path.parent.name for path in SIM.glob("*/__init__.py"))
    assert {"chips", "circuitpython", "frontends"} <= set(packages)


@pytest.mark.parametrize("relative", SIM_FILES)
def test_no_simulator_function_is_longer_than_60_lines(relative):
    long = longer_than((REPO / relative).read_text(encoding="utf-8"), MAX_FUNCTION_LINES)
    assert long == [], "%s: %s longer than %d lines: split them" % (
        relative, ", ".join("%s (line %d, %d lines)" % entry for entry in long),
        MAX_FUNCTION_LINES)


def _function(body_lines):
    return "def outer():\n" + "    pass\n" * body_lines


def test_the_rule_counts_from_the_def_line_to_the_last_line():
    assert longer_than(_function(MAX_FUNCTION_LINES - 1), MAX_FUNCTION_LINES) == []
    assert longer_than(_function(MAX_FUNCTION_LINES), MAX_FUNCTION_LINES) == [
        ("outer", 1, MAX_FUNCTION_LINES + 1)]


def test_the_rule_measures_methods_and_nested_functions_on_their_own():
    source = ("class Model:\n"
              "    @property\n"
              "    def value(self):\n"
              "        def inner():\n"
              "            return 1\n"
              "        return inner()\n")
    assert function_lengths(source) == [("Model.value", 3, 4), ("Model.value.inner", 4, 2)]
