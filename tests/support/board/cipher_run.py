"""totp.cipher on real CircuitPython in the emulated RP2040: KDF timing and sealed bytes.

A drive holding only the cipher modules and a ``code.py`` that times PBKDF2
slices with the board's native sha256 (and a few pure-Python iterations, and
the two parts of an iteration alone: its two hashes and its 32-byte XOR),
derives a key, seals a message through the board's own ``aesio``, and then
prints one ``CIPHER-RESULT {json}`` line every few seconds until stopped. The
host reads it from the REPL console (CircuitPython's default USB set-up, no
boot.py). Used by ``bench/kdf.py`` (the figures) and the board-tier test (the
bytes, checked against CPython).

Times are the emulator's: rp2040py advances its clock by each instruction's
Cortex-M0+ cycle count at a fixed 125 MHz, and does not model the XIP flash
cache, so code running from flash costs no cache misses here.
"""

import json
import re
import shutil
import tempfile
from pathlib import Path

from . import drive_image
from .emulated_token import EmulatedToken, wait_until

REPO = Path(__file__).resolve().parents[3]
MODULES = ("__init__.py", "kdf.py", "sha256.py", "sha_common.py", "cipher.py", "aes.py")
RESULT = re.compile(r"CIPHER-RESULT (\{.*\})")
PIN = b"12345678"
SALT = bytes(range(16))
SEAL_KEY = bytes(range(32))
SEAL_NONCE = b"board-01"
SEAL_CONTEXT = b"acct"
SEAL_PLAINTEXT = b"a secret of thirty-four bytes long"

CODE_PY = """
import json, time, microcontroller
from totp import cipher, kdf
NATIVE_ITERATIONS = %(native)d
PURE_ITERATIONS = %(pure)d
SLICE = %(slice)d
PARTS = 300  # iterations' worth of each part alone: two hashes, then the XOR
def ms(start):
    return (time.monotonic_ns() - start) / 1e6
job = kdf.Pbkdf2(%(pin)r, %(salt)r, NATIVE_ITERATIONS)
start = time.monotonic_ns()
job.run(SLICE)
slice_ms = ms(start)
while not job.run(SLICE):
    pass
native_ms = ms(start)
pure = kdf.Pbkdf2(%(pin)r, %(salt)r, PURE_ITERATIONS + 1, native=False)
start = time.monotonic_ns()
pure.run(PURE_ITERATIONS)
pure_ms = ms(start)
import hashlib
buffer = bytearray(96)
start = time.monotonic_ns()
for _ in range(PARTS):
    hashlib.new("sha256", buffer).digest()
    hashlib.new("sha256", buffer).digest()
hashes_ms = ms(start)
from array import array
total = array("H", bytes(32))
digest = bytes(32)
start = time.monotonic_ns()
for _ in range(PARTS):
    kdf._xor16(total, array("H", digest))
xor_ms = ms(start)
blob = cipher.seal(%(key)r, %(plaintext)r, %(context)r, %(nonce)r)
opened = cipher.open_sealed(%(key)r, blob, %(context)r)
result = {"native_iterations": NATIVE_ITERATIONS, "native_ms": native_ms,
          "slice": SLICE, "slice_ms": slice_ms, "pure_iterations": PURE_ITERATIONS,
          "pure_ms": pure_ms, "parts": PARTS, "hashes_ms": hashes_ms, "xor_ms": xor_ms,
          "key": "".join("%%02x" %% b for b in job.key),
          "blob": "".join("%%02x" %% b for b in blob), "opened": opened == %(plaintext)r,
          "cpu_hz": microcontroller.cpu.frequency}
line = "CIPHER-RESULT " + json.dumps(result)
while True:
    print(line)
    time.sleep(3)
"""

BOOT_WAIT = 900  # wall seconds: power-on to USB enumeration on a loaded machine
RUN_WAIT = 1800  # wall seconds: enumeration to the result line


def build_drive(folder, native_iterations, pure_iterations, slice_size):
    """A CIRCUITPY tree: code.py and the cipher's modules under totp/."""
    folder = Path(folder)
    (folder / "totp").mkdir(parents=True)
    for name in MODULES:
        shutil.copy(REPO / "totp" / name, folder / "totp" / name)
    (folder / "code.py").write_text(CODE_PY % {
        "native": native_iterations, "pure": pure_iterations, "slice": slice_size,
        "pin": PIN, "salt": SALT, "key": SEAL_KEY, "plaintext": SEAL_PLAINTEXT,
        "context": SEAL_CONTEXT, "nonce": SEAL_NONCE})
    return folder


def run_on_board(uf2, native_iterations=1000, pure_iterations=20, slice_size=50):
    """Boot ``uf2`` with the cipher drive; return the firmware's result dict."""
    with tempfile.TemporaryDirectory() as tmp:
        image = drive_image.build_image(build_drive(Path(tmp) / "CIRCUITPY", native_iterations,
                                                    pure_iterations, slice_size))
    token = EmulatedToken(uf2, image)
    try:
        token.power_on(BOOT_WAIT)
        found = wait_until(lambda: RESULT.search(token.usb.received_text()), RUN_WAIT,
                           "the CIPHER-RESULT line on the console")
        result = json.loads(found.group(1))
        result["emulated_seconds"] = token.emulated_seconds()
        return result
    finally:
        token.close()
