"""What a Python source file imports, read with ``ast`` (never run): for the import-rule tests.

Every import statement counts, including those inside functions (the firmware
imports its board modules lazily) and relative ones, which are resolved to the
absolute module name they name.
"""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def module_name(path: Path, root: Path) -> str:
    """The dotted name ``path`` is imported as when ``root`` is on sys.path."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, absolute module name) for each module an import in ``source`` names.

    ``module`` is the importing module's dotted name, to resolve relative imports.
    ``from X import Y`` yields ``X`` and ``X.Y`` (Y may be a submodule).
    """
    package = module.split(".") if is_package else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            found.append((node.lineno, target))
            found.extend((node.lineno, target + "." + alias.name) for alias in node.names)
    return found


def file_imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """``imports`` of one file, named as it is imported from ``root``."""
    return imports(path.read_text(encoding="utf-8"), module_name(path, root),
                   path.name == "__init__.py")


def top_level(name: str) -> str:
    return name.split(".")[0]
