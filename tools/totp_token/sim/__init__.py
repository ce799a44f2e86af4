"""Simulated CircuitPython board: runs the literal firmware on a laptop.

``Simulator`` (in ``runner``) is the entry point; see docs/internals.md, "Simulator API".
"""

from .runner import Simulator

__all__ = ["Simulator"]
