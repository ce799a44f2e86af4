"""OTP timing and allocation inside MicroPython (run by ``bench.otp`` with the harness's
scenario convention, tests/support/scenario.py): its results are one dict per figure.

Compares this project's ``totp.otp.OTP`` with a baseline built the way
Adafruit's CircuitPython TOTP guides compute a code, on ``adafruit_hashlib``:
every step redone per code (base32 secret decoded, counter packed byte by
byte, key padded and XORed, new hash objects, code padded in a loop).

This WebAssembly MicroPython frees nothing while a script runs, so the
baseline's garbage costs it no collector time here, unlike on a board.
"""

import gc
import sys
import time

import adafruit_hashlib
from scenario import emit

from totp import base32
from totp.otp import OTP

# A 2023 time: above 2**30, so a heap int on 32-bit ports, as on a real token.
START_TIME = 1700000000
PERIOD = 30
BASELINE_HASHES = {
    "SHA1": (adafruit_hashlib.sha1, 64),
    "SHA256": (adafruit_hashlib.sha256, 64),
    "SHA512": (adafruit_hashlib.sha512, 128),
}
SECRET_BYTES = {"SHA1": 20, "SHA256": 32, "SHA512": 64}
REPEATS = 5
ACCOUNTS = 32


def counter_bytes(value):
    """8 big-endian bytes, built the guides' way: a list grown at the front."""
    packed = []
    while value:
        packed.insert(0, value & 0xFF)
        value >>= 8
    return bytes([0] * (8 - len(packed)) + packed)


def baseline_totp(secret_text, unix_time, make_hash, block_bytes, digits=6):
    """A 6-digit code with everything redone per code, as in the guides."""
    secret = base32.decode(secret_text)
    key = secret + b"\x00" * (block_bytes - len(secret))
    inner_key = bytes(b ^ 0x36 for b in key)
    outer_key = bytes(b ^ 0x5C for b in key)
    inner = make_hash(inner_key + counter_bytes(unix_time // PERIOD)).digest()
    digest = bytearray(make_hash(outer_key + inner).digest())
    offset = digest[-1] & 0xF
    value = (((digest[offset] & 0x7F) << 24) | (digest[offset + 1] << 16)
             | (digest[offset + 2] << 8) | digest[offset + 3])
    code = str(value % 10 ** digits)
    while len(code) < digits:
        code = "0" + code
    return code


def run_codes(function, times):
    """Microseconds for ``function`` over ``times``."""
    start = time.ticks_us()
    for unix_time in times:
        function(unix_time)
    return time.ticks_diff(time.ticks_us(), start)


def best_per_code(variants):
    """Per variant ``(name, function, times)``: microseconds per code, best of REPEATS batches.

    Variants take turns, batch by batch, so a busy host slows them alike; the
    best batch is the one least disturbed.
    """
    best = {}
    for _ in range(REPEATS):
        for name, function, times in variants:
            elapsed = run_codes(function, times) / len(times)
            if name not in best or elapsed < best[name]:
                best[name] = elapsed
    return best


def bytes_per_code(function, times):
    gc.collect()
    gc.disable()  # nothing freed while counting (this port frees nothing anyway)
    before = gc.mem_alloc()
    for unix_time in times:
        function(unix_time)
    allocated = gc.mem_alloc() - before
    gc.enable()
    return allocated / len(times)


def warm_up(seconds):
    """Run a while first: imports, first-use buffers and caches settle before timing."""
    otp = OTP(b"warm up", native=False)
    start = time.ticks_ms()
    unix_time = START_TIME
    while time.ticks_diff(time.ticks_ms(), start) < seconds * 1000:
        otp.totp(unix_time)
        baseline_totp("ORQXE3JAOVYA", unix_time, adafruit_hashlib.sha1, 64)
        unix_time += PERIOD


FIGURES = []


def report(**figures):
    FIGURES.append(figures)


def compare(algorithm, pure_count, baseline_count):
    secret = bytes(range(1, SECRET_BYTES[algorithm] + 1))
    secret_text = base32.encode(secret)
    make_hash, block_bytes = BASELINE_HASHES[algorithm]
    otp = OTP(secret, algorithm=algorithm, native=False)

    def baseline(unix_time):
        return baseline_totp(secret_text, unix_time, make_hash, block_bytes)

    for unix_time in (START_TIME, START_TIME + 12345):
        if otp.totp(unix_time) != baseline(unix_time):
            raise AssertionError("%s: baseline and OTP disagree" % algorithm)
    variants = [("pure", otp.totp, pure_count), ("baseline", baseline, baseline_count)]
    try:
        native = OTP(secret, algorithm=algorithm, native=True)
        variants.append(("native", native.totp, pure_count))
    except ValueError:
        pass  # this interpreter has no native hash for the algorithm
    batches = [(name, function, [START_TIME + PERIOD * i for i in range(count)])
               for name, function, count in variants]
    timings = best_per_code(batches)
    for name, function, times in batches:
        report(algorithm=algorithm, variant=name, codes=len(times) * REPEATS,
               us_per_code=timings[name], bytes_per_code=bytes_per_code(function, times[:20]))


def accounts_at_once():
    """Milliseconds for every account's SHA1 code at one time (a token refreshing its list)."""
    secrets = [bytes((i * 7 + j) & 0xFF for j in range(20)) for i in range(ACCOUNTS)]
    otps = [OTP(secret, native=False) for secret in secrets]
    secret_texts = [base32.encode(secret) for secret in secrets]
    make_hash, block_bytes = BASELINE_HASHES["SHA1"]

    def pure(unix_time):
        for otp in otps:
            otp.totp(unix_time)

    def baseline(unix_time):
        for secret_text in secret_texts:
            baseline_totp(secret_text, unix_time, make_hash, block_bytes)

    times = [START_TIME + PERIOD * i for i in range(2)]
    timings = best_per_code([("pure", pure, times), ("baseline", baseline, times)])
    for name in ("pure", "baseline"):
        report(algorithm="SHA1", variant=name, accounts=ACCOUNTS, ms_for_all=timings[name] / 1000)


def main():
    report(interpreter="MicroPython %d.%d.%d" % sys.implementation.version[:3],
           machine=sys.implementation._machine)
    warm_up(1)
    compare("SHA1", 100, 10)
    compare("SHA256", 50, 5)
    compare("SHA512", 20, 2)
    accounts_at_once()
    emit(FIGURES)


if __name__ == "__main__":
    main()
