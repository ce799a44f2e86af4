"""totp.cipher and totp.aes under real MicroPython 1.27 and CPython: the published answers.

One scenario file (tests/micropython/scenarios/cipher_answers.py) runs the cases under
both interpreters. Neither has ``aesio``, so AES always runs through ``totp.aes``; each
hashing case runs native (MicroPython's sha256 without ``copy()``, CPython's hashlib
with it) and with the pure ``totp.sha256`` forced. Expected values come from the
published vectors and from CPython's hashlib/hmac and the ``cryptography`` package.
"""

import hashlib
import hmac
import random

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from support.cipher_vectors import AES256_CTR, AES_BLOCKS, HMAC_SHA256, PBKDF2_SHA256
from support.mpy import run_scenario


def reference_ctr(key, counter, data):
    return Cipher(algorithms.AES(key), modes.CTR(counter)).encryptor().update(data)


def reference_seal(key, plaintext, context, nonce):
    enc_key = hmac.new(key, b"enc", "sha256").digest()
    mac_key = hmac.new(key, b"mac", "sha256").digest()
    ciphertext = reference_ctr(enc_key, nonce + bytes(8), plaintext)
    return nonce + ciphertext + hmac.new(mac_key, context + nonce + ciphertext,
                                         "sha256").digest()[:16]


def build_cases(native):
    rng = random.Random("micropython-cipher-%s" % native)
    most = 4096 if native else 2  # the pure path is slow in the interpreter
    pbkdf2 = [(p.hex(), s.hex(), n) for p, s, n, _ in PBKDF2_SHA256 if n <= most]
    pbkdf2 += [(rng.randbytes(rng.choice([6, 12, 70])).hex(), rng.randbytes(16).hex(),
                rng.randint(1, 40)) for _ in range(4)]
    slices = [(b"123456".hex(), bytes(range(16)).hex(), 100, step) for step in (1, 9, 100)]
    hmacs = [(key, message.hex()) for key, message, _ in HMAC_SHA256]
    ctr = [(AES256_CTR["key"], AES256_CTR["counter"], AES256_CTR["plaintext"])]
    ctr += [(rng.randbytes(32).hex(), (rng.randbytes(8) + b"\xff" * 7 + b"\xfe").hex(),
             rng.randbytes(length).hex()) for length in (0, 5, 16, 47)]
    seal = [(rng.randbytes(32).hex(), rng.randbytes(length).hex(), b"acct".hex(),
             rng.randbytes(8).hex()) for length in (0, 20, 64)]
    return {"pbkdf2": pbkdf2, "slices": slices, "hmac": hmacs,
            "aes": [(key, block) for key, block, _ in AES_BLOCKS], "ctr": ctr, "seal": seal}


@pytest.mark.parametrize("native", [pytest.param(None, id="native"),
                                    pytest.param(False, id="pure")])
def test_cipher_gives_the_reference_answers(native, interpreter):
    cases = build_cases(native is None)
    out = run_scenario("cipher_answers", {"cases": cases, "native": native}, interpreter,
                       timeout=600).results
    assert out["pbkdf2"] == [
        hashlib.pbkdf2_hmac("sha256", bytes.fromhex(p), bytes.fromhex(s), n).hex()
        for p, s, n in cases["pbkdf2"]]
    one_shot = hashlib.pbkdf2_hmac("sha256", b"123456", bytes(range(16)), 100).hex()
    # U1 comes with the constructor: 99 more iterations in slices of 1, 9 and 100
    assert out["slices"] == [[98, one_shot], [10, one_shot], [0, one_shot]]
    assert out["hmac"] == [tag for _, _, tag in HMAC_SHA256]
    assert out["aes"] == [expected for _, _, expected in AES_BLOCKS]
    assert out["ctr"] == [reference_ctr(bytes.fromhex(k), bytes.fromhex(c),
                                        bytes.fromhex(d)).hex() for k, c, d in cases["ctr"]]
    for (key, plaintext, context, nonce), (blob, opened, caught) in zip(
            cases["seal"], out["seal"], strict=True):
        assert blob == reference_seal(*map(bytes.fromhex, (key, plaintext, context,
                                                           nonce))).hex()
        assert opened == plaintext
        assert caught == len(blob) // 2  # every damaged byte refused
