"""Talking to the person at the terminal: yes/no questions, typed answers and tables.

A question is asked on the terminal, or answered from piped standard input; every
cell of a table is made printable first.
"""

import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from ..errors import InputError, printable


def print_table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str],
                out: TextIO | None = None) -> None:
    out = out or sys.stdout
    cells = [[("-" if row.get(col) is None else printable(row.get(col))) for col in columns]
             for row in rows]
    widths = [max([len(col)] + [len(line[i]) for line in cells]) for i, col in enumerate(columns)]
    for line in [list(columns)] + cells:
        padded = (cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        print("  ".join(padded).rstrip(), file=out)


def confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal, or read the answer from piped standard input
    (`echo y | ...`); with no input at all, refuse (scripts pass --yes)."""
    question = printable(question)
    if sys.stdin is None or sys.stdin.closed:
        raise InputError("cannot ask \"%s\": standard input is closed; pass --yes to confirm"
                         % question)
    if sys.stdin.isatty():
        return ask(question + " [y/N] ").lower() in ("y", "yes")
    print(question + " [y/N] ", end="", file=sys.stderr, flush=True)
    try:
        line = sys.stdin.readline()
    except (OSError, ValueError, UnicodeError):
        line = ""
    if not line:
        print(file=sys.stderr)
        raise InputError("cannot ask \"%s\": standard input ended without an answer; pipe "
                         "in y (`echo y | ...`) or pass --yes to confirm" % question)
    answer = line.strip()
    print(printable(answer), file=sys.stderr)
    return answer.lower() in ("y", "yes")


def ask(prompt: str) -> str:
    """One line typed on the terminal; end of input or Ctrl-C there changes nothing."""
    try:
        return input(prompt).strip()
    except EOFError:
        print(file=sys.stderr)
        return ""
    except KeyboardInterrupt:
        print(file=sys.stderr)
        raise InputError("interrupted at the question: nothing changed") from None
