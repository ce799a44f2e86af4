"""`sim --buttons N`: the firmware is told how many buttons are wired, so every layout, hint
and long press matches the board the simulator builds."""

import subprocess
import sys

import pytest
from totp_token.sim import Simulator
from totp_token.sim.frontends.screen_text import read_screen

from totp.otp import OTP

URI = "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example"
BANK = "otpauth://hotp/Bank:bob?secret=JBSWY3DPEHPK3PXP&issuer=Bank&counter=0"
SECRET = b"Hello!\xde\xad\xbe\xef"  # JBSWY3DPEHPK3PXP
TIME = 1257894000


def test_one_button_sim_types_the_code_on_a_long_press():
    result = subprocess.run(
        [sys.executable, "-m", "totp_token.cli", "sim", "--buttons", "1", "--headless",
         "--account", URI],
        input="time %d\nlong A\nquit\n" % TIME, capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr
    assert '"text": "%s"' % OTP(SECRET).totp(TIME) in result.stdout


@pytest.mark.parametrize("buttons, board, hint", [
    (1, "feather_rp2040", "hold A for a code"),
    (2, "feather_rp2040", "press B for a code"),
    (1, "pico", "hold A for a code"),
])
def test_the_hotp_hint_names_only_wired_buttons(buttons, board, hint):
    with Simulator(board=board, accounts=[BANK], buttons=buttons) as sim:
        sim.set_time(TIME)
        lines = read_screen(sim.screen_rows())
    assert hint in lines


def test_buttons_option_overrides_the_settings_file_and_says_so(tmp_path):
    (tmp_path / "code.py").write_text("pass\n")  # never run: only the set-up is checked
    (tmp_path / "settings.toml").write_text("TOTP_BUTTONS = 3\n")
    sim = Simulator(drive=str(tmp_path), buttons=1)
    assert sim.settings["TOTP_BUTTONS"] == "1"
    assert any("--buttons 1 replaces TOTP_BUTTONS = 3" in w for w in sim.warnings)
