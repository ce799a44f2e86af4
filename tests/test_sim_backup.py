"""A backup token: `totp-token add --port A --port B` against two simulated tokens (the
literal firmware on each) loads the account into both and verifies it on each."""

from totp_token.cli import main
from totp_token.client import Client
from totp_token.sim import Simulator

NOW = 1_800_000_010
URI = "otpauth://totp/ACME:bob@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME"


def test_add_with_two_ports_puts_the_account_on_both_simulated_tokens(capsys):
    first, second = Simulator(), Simulator()
    try:
        for sim in (first, second):
            sim.start()
            sim.set_time(NOW)
        code = main(["add", "--yes", "--port", first.serial_path, "--port", second.serial_path,
                     URI])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert out.count("ACME:bob@example.com  verified") == 2
        for sim in (first, second):
            with Client(sim.serial_path) as client:
                assert [entry["issuer"] for entry in client.accounts()] == ["ACME"]
        assert main(["list", "--port", first.serial_path, "--compare",
                     second.serial_path]) == 0
        for sim in (first, second):
            assert sim.take_errors() == []
    finally:
        first.stop()
        second.stop()
