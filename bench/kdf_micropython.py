"""The KDF's speed inside MicroPython (run by ``bench.kdf`` with the harness's scenario
convention, tests/support/scenario.py).

Inputs: ``native_iterations`` and ``pure_iterations``, how many PBKDF2 iterations to
time with the interpreter's own SHA-256 and with the pure ``totp.sha256``. Results:
{"native", "pure"}: microseconds per iteration.
"""

import time

from scenario import emit, inputs

from totp import kdf


def per_iteration_us(iterations, native):
    """One slice of ``iterations`` after the first (the constructor does that one)."""
    job = kdf.Pbkdf2(b"12345678", bytes(16), iterations + 1, native)
    start = time.ticks_us()
    job.run(iterations)
    return time.ticks_diff(time.ticks_us(), start) / iterations


given = inputs()
emit({"native": per_iteration_us(given["native_iterations"], None),
      "pure": per_iteration_us(given["pure_iterations"], False)})
