"""Binding a simulated module's classes to one firmware run.

The classes are written once, at module level; ``bound`` makes a subclass of one for a
run, whose class attributes hold that run's context (``_ctx``) and whatever else of the
run it needs. Each run's module gets its own such classes, so a firmware that changes a
class (or two simulators in one process) never reaches another run.
"""

from collections.abc import Iterable
from typing import Any


def bound(cls: type, ctx: object, **attributes: object) -> type:
    """A subclass of ``cls`` for one run: same name, ``_ctx`` and ``attributes`` set."""
    namespace = {"__slots__": (), "__module__": cls.__module__,
                 "__qualname__": cls.__qualname__, "_ctx": ctx}
    namespace.update(attributes)
    return type(cls.__name__, (cls,), namespace)


def enum_class(class_name: str, members: Iterable[str]) -> type:
    """A CircuitPython-style enum class whose members are instances of it (one per run)."""
    cls = type(class_name, (), {"__slots__": ("_name",),
                                "__repr__": lambda self: "%s.%s" % (class_name, self._name)})
    for member in members:
        instance: Any = object.__new__(cls)
        instance._name = member
        setattr(cls, member, instance)
    return cls


DEINITED = "Object has been deinitialized and can no longer be used. Create a new object."
