"""The simulator with the checkout's own firmware: `totp-token demo` and the headless
acceptance line (RFC 6238-era time, the example account, button B)."""

import json
import re
import subprocess
import sys

from support import otp_reference as reference

EXAMPLE = "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"
EXAMPLE_SECRET = b"Hello!\xde\xad\xbe\xef"  # JBSWY3DPEHPK3PXP


def test_demo_types_the_code_the_laptop_computes():
    result = subprocess.run([sys.executable, "-m", "totp_token.cli", "demo"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "They match." in result.stdout
    clock_set = int(re.search(r"from this laptop: (\d+)\.", result.stdout).group(1))
    typed = re.search(r"keystrokes: '(\d{6})'", result.stdout).group(1)
    # the press may cross a period boundary: the demo then names both codes ("A or B")
    computed = re.search(r"computes the same account's code itself: (.+)", result.stdout)
    assert typed in computed.group(1).split(" or ")
    # and an independent check, with CPython's hmac, of the code for the time the demo set
    assert typed in {reference.totp(EXAMPLE_SECRET, at) for at in range(clock_set, clock_set + 31)}
    assert "█" in result.stdout or "▀" in result.stdout  # the OLED was drawn


def test_headless_press_b_types_the_known_code():
    result = subprocess.run(
        [sys.executable, "-m", "totp_token.cli", "sim", "--headless", "--account", EXAMPLE],
        input="time 1257894000\npress B\nquit\n", capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    typed = [event["text"] for event in events if event["event"] == "typed"]
    assert typed and typed[0].startswith("528064")  # dim13/otpauth known answer
