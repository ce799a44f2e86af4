"""Run `totp-token sim --headless` as a subprocess: control lines in, JSON events out."""

import json
import subprocess
import sys


def run_headless(drive, lines, *extra):
    result = subprocess.run(
        [sys.executable, "-m", "totp_token.cli", "sim", "--headless", "--drive", drive, *extra],
        input="".join(line + "\n" for line in lines), capture_output=True, text=True,
        timeout=60)
    return result.returncode, [json.loads(line) for line in result.stdout.splitlines()]
