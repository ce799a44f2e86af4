"""totp.cipher and totp.aes under real MicroPython 1.27: the same answers as CPython.

This MicroPython has a native sha256 and no ``aesio``, so AES always runs
through ``totp.aes``; each hashing case runs native and with the pure
``totp.sha256`` forced. Expected values come from the published vectors and
from CPython's hashlib/hmac and the ``cryptography`` package.
"""

import hashlib
import hmac
import json
import random

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from support.cipher_vectors import AES256_CTR, AES_BLOCKS, HMAC_SHA256, PBKDF2_SHA256
from support.mpy import run_micropython

# Runs inside MicroPython: one JSON line of results for the cases given.
SCRIPT = """
import json
from totp import aes, cipher
cases = json.loads(%r)
native = %s
def unhex(text):
    return bytes(int(text[i:i + 2], 16) for i in range(0, len(text), 2))
def hexed(data):
    return "".join("%%02x" %% b for b in data)
out = {"pbkdf2": [], "slices": [], "hmac": [], "aes": [], "ctr": [], "seal": []}
for pin, salt, iterations in cases["pbkdf2"]:
    out["pbkdf2"].append(hexed(cipher.derive(unhex(pin), unhex(salt), iterations, native)))
for pin, salt, iterations, step in cases["slices"]:
    job = cipher.Pbkdf2(unhex(pin), unhex(salt), iterations, native)
    runs = 0
    while not job.run(step):
        runs += 1
    out["slices"].append([runs, hexed(job.key)])
for key, message in cases["hmac"]:
    out["hmac"].append(hexed(cipher.hmac_sha256(unhex(key), unhex(message), native)))
for key, block in cases["aes"]:
    result = bytearray(16)
    aes.AES(unhex(key)).encrypt_block(unhex(block), result)
    out["aes"].append(hexed(result))
for key, counter, data in cases["ctr"]:
    result = bytearray(len(data) // 2)
    aes.ctr_xcrypt(unhex(key), unhex(counter), unhex(data), result)
    out["ctr"].append(hexed(result))
for key, plaintext, context, nonce in cases["seal"]:
    blob = cipher.seal(unhex(key), unhex(plaintext), unhex(context), unhex(nonce))
    opened = cipher.open_sealed(unhex(key), blob, unhex(context))
    caught = 0
    for index in range(len(blob)):
        damaged = bytearray(blob)
        damaged[index] ^= 0x40
        try:
            cipher.open_sealed(unhex(key), bytes(damaged), unhex(context))
        except cipher.SealError:
            caught += 1
    out["seal"].append([hexed(blob), hexed(opened), caught])
print(json.dumps(out))
"""


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


@pytest.mark.parametrize("native", [pytest.param("None", id="native"),
                                    pytest.param("False", id="pure")])
def test_cipher_under_micropython_gives_the_cpython_answers(native):
    cases = build_cases(native == "None")
    out = json.loads(run_micropython(SCRIPT % (json.dumps(cases), native), timeout=600))
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
