"""``python -m bench otp``: OTP speed and allocation under real MicroPython, against a baseline.

Runs ``bench/otp_micropython.py`` in one MicroPython 1.27 process (the
WebAssembly build under Node.js, as in the tests) with ``adafruit_hashlib``
from PyPI copied into its ``/lib``, prints a table and checks the targets:
the baseline at least ``RATIO_TARGET`` times slower than the pure path for
SHA1, and at most ``ALLOC_TARGET`` bytes allocated per code on the pure path.
Exit status 1 when a target is missed.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the MicroPython harness lives with the tests
from support.mpy import node_command, run_scenario  # noqa: E402

RATIO_TARGET = 4.5
ALLOC_TARGET = 64
DEVICE_SCENARIO = REPO / "bench" / "otp_micropython.py"  # what runs under MicroPython
ALGORITHMS = ("SHA1", "SHA256", "SHA512")
LABELS = {
    "pure": "totp.otp pure path (OTP.totp)",
    "baseline": "baseline: Adafruit guide on adafruit_hashlib",
    "native": "totp.otp native sha256 (no copy())",
}


def measure():
    """Run the MicroPython side; return its figures (one dict per JSON line)."""
    spec = importlib.util.find_spec("adafruit_hashlib")
    if spec is None or spec.origin is None:
        raise SystemExit("error: adafruit_hashlib is not installed: run ./dev bench "
                         "(or pip install -e '.[dev]')")
    return run_scenario(DEVICE_SCENARIO, libs=(Path(spec.origin).parent,), timeout=900,
                        node_options=("--no-liftoff",)).results


def main():
    figures = measure()
    node = subprocess.run([node_command(), "--version"], capture_output=True, text=True,
                          check=True).stdout.strip()
    print("OTP core, 6-digit TOTP, on %s (%s, Node.js %s), best of 5 interleaved batches"
          % (figures[0]["interpreter"], figures[0]["machine"], node))
    print("%-7s %-46s %9s %11s" % ("hash", "implementation", "us/code", "bytes/code"))
    per_code = {(row["algorithm"], row["variant"]): row for row in figures if "us_per_code" in row}
    for (algorithm, variant), row in per_code.items():
        print("%-7s %-46s %9.0f %11.0f" % (algorithm, LABELS[variant], row["us_per_code"],
                                           row["bytes_per_code"]))
    ratios = {}
    for algorithm in ALGORITHMS:
        ratios[algorithm] = (per_code[algorithm, "baseline"]["us_per_code"]
                             / per_code[algorithm, "pure"]["us_per_code"])
        print("%-7s baseline / pure time: %.1fx" % (algorithm, ratios[algorithm]))
    for row in figures:
        if "accounts" in row:
            print("%d SHA1 accounts at once, %s: %.0f ms"
                  % (row["accounts"], LABELS[row["variant"]], row["ms_for_all"]))

    worst_alloc = max(row["bytes_per_code"] for (_, variant), row in per_code.items()
                      if variant == "pure")
    missed = []
    if ratios["SHA1"] < RATIO_TARGET:
        missed.append("SHA1 baseline/pure %.1fx < %.1fx" % (ratios["SHA1"], RATIO_TARGET))
    if worst_alloc > ALLOC_TARGET:
        missed.append("pure path allocates %.0f > %d bytes per code" % (worst_alloc, ALLOC_TARGET))
    if missed:
        print("targets MISSED: " + "; ".join(missed))
        return 1
    print("targets met: SHA1 baseline/pure %.1fx >= %.1fx, pure path <= %d bytes per code"
          % (ratios["SHA1"], RATIO_TARGET, ALLOC_TARGET))
    return 0
