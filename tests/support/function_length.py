"""How long each function in a Python source is, read with ``ast`` (never run).

A function's length counts from its ``def`` line to its last line, both included
(decorators not counted); nested functions and methods are measured on their own too.
"""

import ast


def function_lengths(source: str) -> list[tuple[str, int, int]]:
    """(qualified name, def line, length in lines) of every function in ``source``."""
    found = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + child.name
                found.append((name, child.lineno, child.end_lineno - child.lineno + 1))
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def longer_than(source: str, limit: int) -> list[tuple[str, int, int]]:
    """The functions in ``source`` longer than ``limit`` lines."""
    return [entry for entry in function_lengths(source) if entry[2] > limit]
