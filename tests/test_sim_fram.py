"""The literal firmware in the simulator with TOTP_STORAGE = "fram": accounts go to the
MB85RC256V model on the I2C bus through the real adafruit_fram driver, the board's
flash nvm is left alone, and the accounts survive a power cycle."""

from totp_token.client import Client
from totp_token.sim import Simulator
from totp_token.sim.machine import ALL_PARTS

from totp.account import Account
from totp.otp import OTP
from totp.store.fram import INDEX_BYTES, RESERVE

NOW = 1_800_000_010
ACCOUNTS = 400  # the FRAM layout's promise (totp.store.fram); no flash nvm port holds 130


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
            assert info["total_bytes"] == 32768 - 2 * INDEX_BYTES and info["storage_ok"]
            assert info["deletes_at_once"] is True
            assert info["max_accounts"] >= ACCOUNTS
            for account in accounts:
                client.add(account)
            info = client.hello()
            assert info["accounts"] == ACCOUNTS
            # these take 72 bytes, 4 more than the 68 the estimate counts in
            assert info["max_accounts"] == ACCOUNTS + (info["total_bytes"] - info["used_bytes"]
                                                       - RESERVE) // 68
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
