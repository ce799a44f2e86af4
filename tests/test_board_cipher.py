"""totp.cipher on real CircuitPython (the raspberry_pi_pico UF2 in the rp2040py emulator):
the board's native sha256 derives the PBKDF2 key CPython derives, and its ``aesio`` seals
the bytes ``totp.aes`` and the ``cryptography`` package give.

Runs only when $TOTP_TOKEN_UF2 names the UF2 (``./dev test-board PATH.uf2``); minutes of
wall time. ``bench/kdf.py`` prints the timing from the same run.
"""

import hashlib
import hmac

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from support.board import cipher_run

pytestmark = pytest.mark.board


def expected_blob():
    enc_key = hmac.new(cipher_run.SEAL_KEY, b"enc", "sha256").digest()
    mac_key = hmac.new(cipher_run.SEAL_KEY, b"mac", "sha256").digest()
    nonce = cipher_run.SEAL_NONCE
    ciphertext = Cipher(algorithms.AES(enc_key), modes.CTR(nonce + bytes(8))).encryptor().update(
        cipher_run.SEAL_PLAINTEXT)
    tag = hmac.new(mac_key, cipher_run.SEAL_CONTEXT + nonce + ciphertext, "sha256").digest()
    return nonce + ciphertext + tag[:16]


def test_cipher_on_real_circuitpython_gives_the_cpython_bytes(board_uf2, record_property):
    result = cipher_run.run_on_board(board_uf2, native_iterations=300, pure_iterations=5,
                                     slice_size=50)
    for name in ("native_ms", "slice_ms", "pure_ms", "cpu_hz"):
        record_property(name, result[name])
    assert result["key"] == hashlib.pbkdf2_hmac("sha256", cipher_run.PIN, cipher_run.SALT,
                                                300).hex()
    assert result["blob"] == expected_blob().hex()
    assert result["opened"] is True
