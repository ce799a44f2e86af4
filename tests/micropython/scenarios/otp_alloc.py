"""Bytes the pure OTP path allocates per code, 50 codes in a row for each algorithm and
kind, the inputs made before counting.

Results: the last code of each run, keyed "ALGORITHM kind". Heap (MicroPython only):
bytes per code, same keys.
"""

import gc

from scenario import emit, mem_alloc

from totp.otp import OTP

RUNS = 50
codes = {}
per_code = {}
for algorithm in ("SHA1", "SHA256", "SHA512"):
    generator = OTP(b"12345678901234567890", algorithm=algorithm, native=False)
    generator.hotp(1)
    generator.totp(1700000000)
    for label, function, start in (("hotp", generator.hotp, 1000),
                                   ("totp", generator.totp, 1700000000)):
        values = [start + 30 * i for i in range(RUNS)]
        gc.collect()
        gc.disable()
        before = mem_alloc()
        for value in values:
            code = function(value)
        allocated = mem_alloc() - before
        gc.enable()
        key = "%s %s" % (algorithm, label)
        codes[key] = code
        per_code[key] = allocated // RUNS
emit(codes, per_code)
