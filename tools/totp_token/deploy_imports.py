"""Which library modules the firmware imports, followed through the libraries themselves.

The libraries are whole PyPI packages (adafruit_hid has a mouse, a consumer
control and more), but the board needs only what ``import`` reaches from
``code.py``, ``boot.py`` and ``totp/``. The source is read, never run: every
``import``/``from ... import`` anywhere in a file counts (imports inside
functions and ``try`` blocks included, since the board may take either path),
and a package brings its ``__init__`` along.
"""

import ast
import importlib.util
from pathlib import Path

from .errors import DeployError


def imported_names(source: bytes, module: str, is_package: bool) -> set[str]:
    """Dotted names a module's source may import (``from a import b`` gives a and a.b)."""
    names = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            names.add(stem)
            names |= {stem + "." + alias.name for alias in node.names if alias.name != "*"}
    return {name for name in names if name}


def _package_dir(top: str) -> Path | None:
    spec = importlib.util.find_spec(top)  # a top-level lookup runs no package code
    if spec is None or spec.origin is None and not spec.submodule_search_locations:
        raise DeployError(
            "the library %s is not installed next to totp-token; reinstall the tool "
            "(pip install -e . in the checkout) so deploy can copy it" % top)
    if spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    return None


def _module_file(name: str, libraries: tuple[str, ...]) -> tuple[Path, Path] | None:
    """(path under lib/, installed file) of a library module, or None if it is no module."""
    top, _, rest = name.partition(".")
    if top not in libraries:
        return None
    package_dir = _package_dir(top)
    if package_dir is None:  # a single-file library
        if rest:
            return None
        spec = importlib.util.find_spec(top)
        if spec is None or spec.origin is None:
            return None
        return Path(Path(spec.origin).name), Path(spec.origin)
    parts = rest.split(".") if rest else []
    folder = package_dir.joinpath(*parts)
    relative = Path(top).joinpath(*parts)
    if (folder / "__init__.py").is_file():
        return relative / "__init__.py", folder / "__init__.py"
    if parts and folder.with_suffix(".py").is_file():
        return relative.with_suffix(".py"), folder.with_suffix(".py")
    return None


def library_modules(firmware_files: list[Path], libraries: tuple[str, ...]
                    ) -> list[tuple[Path, Path]]:
    """(path under lib/, installed file) of every library module the firmware reaches."""
    pending = set()
    for path in firmware_files:
        pending |= imported_names(path.read_bytes(), path.stem, False)
    seen: set[str] = set()
    found: dict[Path, Path] = {}
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        pending |= {".".join(parts[:end]) for end in range(1, len(parts))}  # parents run first
        located = _module_file(name, libraries)
        if located is None:
            continue
        relative, source = located
        found[relative] = source
        pending |= imported_names(source.read_bytes(), name, source.name == "__init__.py")
    missing = [top for top in libraries if not any(r.parts[0].split(".")[0] == top
                                                    for r in found)]
    if missing:
        raise DeployError("the firmware imports nothing from %s: the library list in "
                          "deploy.py is out of date" % ", ".join(missing))
    return sorted(found.items())
