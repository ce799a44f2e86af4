"""Simulated `alarm`: only ``alarm.sleep_memory``, the RAM that outlives a software reset.

On an RP2040, CircuitPython keeps 256 bytes in RAM that its start-up code does not
clear: they survive ``microcontroller.reset()`` and a reload, and are zeroed when the
power goes (a guard word no longer matches). The simulator keeps them on the
``Machine`` and its firmware runner zeroes them at each power-on, never at a reset.
Indexing follows CircuitPython's ``SleepMemory``: single bytes 0-255, slices with step
1 only, slice assignment from a bytes-like object of exactly the slice's length, no
deletion and no resizing. Sleeping and wake alarms are not simulated.
"""

import types

from ._bind import bound

SLEEP_MEMORY_BYTES = 256


def new_sleep_memory():
    """The RAM a fresh power-on starts with, for ``Machine`` to keep."""
    return bytearray(SLEEP_MEMORY_BYTES)


def power_on(memory):
    """Zero the sleep memory: the power went away (a reset keeps it)."""
    memory[:] = bytes(len(memory))


class SleepMemory:
    """Store raw bytes in RAM that persists across software resets, like a ``bytearray``."""

    __slots__ = ("_memory",)

    def __init__(self):
        raise TypeError("cannot create 'SleepMemory' instances")

    @classmethod
    def _over(cls, memory):
        instance = object.__new__(cls)
        instance._memory = memory
        return instance

    def __len__(self):
        return len(self._memory)

    def __bool__(self):
        return len(self._memory) != 0

    def _slice(self, index):
        start, stop, step = index.indices(len(self._memory))
        if step != 1:
            raise NotImplementedError("only slices with step=1 (aka None) are supported")
        return start, max(start, stop)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop = self._slice(index)
            return bytearray(self._memory[start:stop])
        return self._memory[self._index(index)]

    def __setitem__(self, index, value):
        if isinstance(index, slice):
            start, stop = self._slice(index)
            if not isinstance(value, (bytes, bytearray, memoryview)):
                raise NotImplementedError("array/bytes required on right side")
            data = bytes(value)
            if len(data) != stop - start:
                raise ValueError("Slice and value different lengths.")
            self._memory[start:stop] = data
            return
        if not isinstance(value, int):
            raise TypeError("can't convert %s to int" % type(value).__name__)
        if not 0 <= value <= 255:
            raise ValueError("bytes must be 0-255")
        self._memory[self._index(index)] = value

    def __delitem__(self, index):
        raise TypeError("'SleepMemory' object doesn't support item deletion")

    def _index(self, index):
        if not isinstance(index, int):
            raise TypeError("SleepMemory indices must be integers, not %s"
                            % type(index).__name__)
        length = len(self._memory)
        if index < 0:
            index += length
        if not 0 <= index < length:
            raise IndexError("SleepMemory index out of range")
        return index


def build(ctx):
    """The `alarm` module for one firmware run, over the machine's sleep memory."""
    module = types.ModuleType("alarm", "Simulated alarm core module (sleep_memory only)")
    memory_class = bound(SleepMemory, ctx)
    module.SleepMemory = memory_class
    module.sleep_memory = memory_class._over(ctx.machine.sleep_memory)
    module.wake_alarm = None
    return module
