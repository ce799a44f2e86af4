"""``const()`` for the firmware's named constants, under CPython too.

On the device ``micropython.const`` lets the compiler put a small integer in
place of each use of the name; the host tool and the tests run the same
modules under CPython, where a constant is just its value.
"""

try:
    from micropython import const
except ImportError:  # CPython: the host tool and the tests
    def const(expr):  # type: ignore[misc]  # the stub's generic signature, without typing
        return expr
