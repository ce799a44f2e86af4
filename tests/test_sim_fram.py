"""The literal firmware in the simulator with TOTP_STORAGE = "fram": accounts go to the
MB85RC256V model on the I2C bus through the real adafruit_fram driver, the board's
flash nvm is left alone, and the accounts survive a power cycle."""

from totp_token.client import Client
from totp_token.sim import Simulator
from totp_token.sim.machine import ALL_PARTS

from totp.account import Account
from totp.otp import OTP

NOW = 1_800_000_010
ACCOUNTS = 120  # more than a flash nvm store holds on any port


def test_the_simulated_token_keeps_its_accounts_on_the_fram_chip():
    sim = Simulator(settings={"TOTP_STORAGE": "fram"}, parts=ALL_PARTS)
    flash = sim.machine.nvm.dump()
    sim.start()
    try:
        sim.set_time(NOW)
        accounts = [Account(number.to_bytes(2, "big") * 10, "Issuer %03d" % number,
                            "user%03d@mail.example.com" % number) for number in range(ACCOUNTS)]
        with Client(sim.serial_path) as client:
            info = client.hello()
            assert info["total_bytes"] == 16384 and info["storage_ok"]
            assert info["deletes_at_once"] is True
            for account in accounts:
                client.add(account)
            assert client.hello()["accounts"] == ACCOUNTS
            # the last account, checked by the token itself (no code leaves it without a press)
            assert client.verify(ACCOUNTS - 1, OTP(accounts[-1].secret).totp(NOW), at=NOW)
        assert sim.machine.nvm.dump() == flash  # the flash nvm was never written
        assert accounts[-1].secret in sim.machine.fram.dump()
        sim.reboot()
        with Client(sim.serial_path) as client:
            assert client.hello()["accounts"] == ACCOUNTS
        assert sim.take_errors() == []
    finally:
        sim.stop()
