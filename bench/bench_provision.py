"""Benchmark: add and verify 32 accounts into the simulated token over its pseudo-terminal.

Runs the real `totp-token add` flow (``provision``: list, add, then a `verify`
request per account carrying the host's computation) against the
simulator running the literal firmware. Target: under 5 seconds.

    .venv/bin/python -m bench.bench_provision
"""

import sys
import time
from types import SimpleNamespace

from totp_token.cli_helpers.provision import provision
from totp_token.sim import Simulator

from totp.account import Account

ACCOUNTS = 32
TARGET_SECONDS = 5.0


def _accounts():
    algorithms = ("SHA1", "SHA256", "SHA512")
    return [Account(bytes((slot * 7 + i) & 0xFF for i in range(20)), issuer="Bench%02d" % slot,
                    name="user%02d@example.com" % slot, algorithm=algorithms[slot % 3],
                    digits=6 + slot % 3, period=30) for slot in range(ACCOUNTS)]


class _Quiet:
    def write(self, text):
        return len(text)

    def flush(self):
        pass


def main():
    sim = Simulator(board="feather_rp2040")
    sim.start()
    try:
        sim.set_time(int(time.time()))
        args = SimpleNamespace(port=sim.serial_path, yes=True, replace=False, json=False)
        started = time.perf_counter()
        status = provision(_accounts(), args, out=_Quiet())
        elapsed = time.perf_counter() - started
    finally:
        sim.stop()
    verdict = "ok" if status == 0 and elapsed < TARGET_SECONDS else "SLOW or FAILED"
    print("provision: %d accounts added and verified over the pty in %.2f s "
          "(target < %.0f s, %.0f ms per account) %s"
          % (ACCOUNTS, elapsed, TARGET_SECONDS, 1000 * elapsed / ACCOUNTS, verdict))
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
