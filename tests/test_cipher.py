"""totp.cipher and totp.aes on CPython: published vectors, cross-checks, seal/open.

Each hashing case runs with the native hash (CPython's hashlib) and with
the pure-Python ``totp.sha256`` forced; AES runs through ``totp.aes`` (no
``aesio`` on CPython) and is checked against the ``cryptography`` package.
"""

import hashlib
import hmac
import os
import random
import sys
import types

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from support.cipher_vectors import AES256_CTR, AES_BLOCKS, HMAC_SHA256, PBKDF2_SHA256

from totp import aes, cipher

HASH_PATHS = [pytest.param(None, id="native"), pytest.param(False, id="pure")]


def reference_ctr(key, counter_block, data):
    return Cipher(algorithms.AES(key), modes.CTR(counter_block)).encryptor().update(data)


# ---- PBKDF2 ---------------------------------------------------------------------------

# the pure path takes the vectors of up to 4096 iterations (80000 would take minutes)
PBKDF2_CASES = [pytest.param(*vector, native, id="%s-%d-%s" % (vector[0], vector[2], label))
                for native, label in ((None, "native"), (False, "pure"))
                for vector in PBKDF2_SHA256 if native is None or vector[2] <= 4096]


@pytest.mark.parametrize("password, salt, iterations, expected, native", PBKDF2_CASES)
def test_pbkdf2_gives_the_published_keys(password, salt, iterations, expected, native):
    assert cipher.derive(password, salt, iterations, native).hex() == expected


@pytest.mark.parametrize("native", HASH_PATHS)
def test_pbkdf2_matches_hashlib_on_random_inputs(native):
    rng = random.Random("pbkdf2-%s" % native)
    for _ in range(12):
        pin = bytes(rng.randrange(256) for _ in range(rng.choice([0, 6, 12, 64, 65, 100])))
        salt = bytes(rng.randrange(256) for _ in range(rng.choice([0, 16, 70])))
        iterations = rng.randint(1, 300)
        assert (cipher.derive(pin, salt, iterations, native)
                == hashlib.pbkdf2_hmac("sha256", pin, salt, iterations))


def test_a_pin_may_be_text_or_bytes():
    salt = bytes(range(16))
    assert cipher.derive("123456", salt, 50) == cipher.derive(b"123456", salt, 50)


def test_a_hashlib_with_only_new_as_on_circuitpython_gives_the_same_answers(monkeypatch):
    calls = []

    def new(name, data=b""):
        calls.append(name)
        return hashlib.new(name, data)

    circuitpython_hashlib = types.ModuleType("hashlib")
    circuitpython_hashlib.new = new
    monkeypatch.setitem(sys.modules, "hashlib", circuitpython_hashlib)
    assert cipher.derive(b"123456", b"salt", 40) == hashlib.pbkdf2_hmac("sha256", b"123456",
                                                                      b"salt", 40)
    assert cipher.hmac_sha256(b"k" * 70, b"msg") == hmac.new(b"k" * 70, b"msg", "sha256").digest()
    assert calls and set(calls) == {"sha256"}


@pytest.mark.parametrize("native", HASH_PATHS)
@pytest.mark.parametrize("slice_size", [1, 7, 64, 1000])
def test_pbkdf2_in_slices_gives_the_one_shot_key(slice_size, native):
    salt = bytes(range(16))
    job = cipher.Pbkdf2(b"20262027", salt, 250, native)
    slices = 0
    while not job.run(slice_size):
        assert job.key is None
        slices += 1
    assert slices == -(-249 // slice_size) - 1  # U1 comes with the constructor
    assert job.key == hashlib.pbkdf2_hmac("sha256", b"20262027", salt, 250)
    assert job.run(slice_size) is True  # finished stays finished, key unchanged
    assert job.key == hashlib.pbkdf2_hmac("sha256", b"20262027", salt, 250)


def test_pbkdf2_of_one_iteration_is_ready_at_once():
    job = cipher.Pbkdf2(b"123456", b"salt", 1)
    assert job.key == hashlib.pbkdf2_hmac("sha256", b"123456", b"salt", 1)


@pytest.mark.parametrize("iterations", [0, -1, 1.5, "10"])
def test_pbkdf2_refuses_a_bad_iteration_count(iterations):
    with pytest.raises(ValueError, match="iterations"):
        cipher.Pbkdf2(b"123456", b"salt", iterations)


def test_pbkdf2_never_shows_the_pin_or_key_in_its_repr():
    job = cipher.Pbkdf2(b"98765432", b"salt", 3)
    job.run(2)
    assert "98765432" not in repr(job) and job.key.hex() not in repr(job)


# ---- HMAC -----------------------------------------------------------------------------

@pytest.mark.parametrize("native", HASH_PATHS)
@pytest.mark.parametrize("key, message, expected", HMAC_SHA256)
def test_hmac_sha256_gives_the_rfc_4231_tags(key, message, expected, native):
    assert cipher.hmac_sha256(bytes.fromhex(key), message, native).hex() == expected


def test_subkey_is_the_hmac_of_the_label():
    key = bytes(range(32))
    assert cipher.subkey(key, b"enc") == hmac.new(key, b"enc", "sha256").digest()
    assert cipher.subkey(key, b"enc") != cipher.subkey(key, b"mac")


# ---- AES ------------------------------------------------------------------------------

@pytest.mark.parametrize("key, plaintext, expected", AES_BLOCKS)
def test_aes_encrypts_the_fips_197_blocks(key, plaintext, expected):
    out = bytearray(16)
    aes.AES(bytes.fromhex(key)).encrypt_block(bytes.fromhex(plaintext), out)
    assert out.hex() == expected


def test_aes_sbox_is_the_fips_197_table():
    table = aes.sbox()
    # spot checks from FIPS-197 figure 7, then the defining property: a permutation
    assert (table[0x00], table[0x01], table[0x53], table[0xFF]) == (0x63, 0x7C, 0xED, 0x16)
    assert sorted(table) == list(range(256))


def test_aes_ctr_gives_the_sp_800_38a_ciphertext():
    out = bytearray(64)
    aes.ctr_xcrypt(bytes.fromhex(AES256_CTR["key"]), bytes.fromhex(AES256_CTR["counter"]),
                   bytes.fromhex(AES256_CTR["plaintext"]), out)
    assert out.hex() == AES256_CTR["ciphertext"]


def test_aes_ctr_matches_cryptography_including_counter_carries():
    rng = random.Random("ctr")
    for length in (0, 1, 15, 16, 17, 64, 100, 1000):
        key = rng.randbytes(rng.choice([16, 24, 32]))
        # low bytes near 0xff so the counter carries across bytes within a message
        counter = rng.randbytes(8) + bytes([rng.randrange(256)] * 7) + b"\xfe"
        data = rng.randbytes(length)
        out = bytearray(length)
        aes.ctr_xcrypt(key, counter, data, out)
        assert bytes(out) == reference_ctr(key, counter, data)


def test_aes_ctr_counter_wraps_over_all_16_bytes():
    key = bytes(32)
    counter = b"\xff" * 16
    out = bytearray(32)
    aes.ctr_xcrypt(key, counter, bytes(32), out)
    assert bytes(out) == reference_ctr(key, counter, bytes(32))


def test_cipher_aes_ctr_uses_the_nonce_then_eight_zero_bytes():
    key = bytes(range(32))
    nonce = b"NONCE-08"
    data = bytes(range(40))
    assert bytes(cipher.aes_ctr(key, nonce, data, aesio=False)) == reference_ctr(
        key, nonce + bytes(8), data)


@pytest.mark.parametrize("size", [0, 15, 33])
def test_aes_refuses_a_key_of_the_wrong_size(size):
    with pytest.raises(ValueError, match="16, 24 or 32"):
        aes.AES(bytes(size))


# ---- seal / open ----------------------------------------------------------------------

KEY = bytes(range(100, 132))


@pytest.mark.parametrize("length", [0, 1, 20, 32, 64, 200])
def test_seal_then_open_gives_the_plaintext_back(length):
    plaintext = os.urandom(length)
    blob = cipher.seal(KEY, plaintext, b"acct")
    assert len(blob) == length + cipher.SEAL_OVERHEAD == length + 24
    assert cipher.open_sealed(KEY, blob, b"acct") == plaintext


def test_a_sealed_blob_is_nonce_ciphertext_and_a_truncated_hmac():
    nonce = b"\x01\x02\x03\x04\x05\x06\x07\x08"
    plaintext = b"JBSWY3DPEHPK3PXP secret bytes"
    blob = cipher.seal(KEY, plaintext, b"ctx", nonce)
    enc_key = hmac.new(KEY, b"enc", "sha256").digest()
    mac_key = hmac.new(KEY, b"mac", "sha256").digest()
    ciphertext = reference_ctr(enc_key, nonce + bytes(8), plaintext)
    tag = hmac.new(mac_key, b"ctx" + nonce + ciphertext, "sha256").digest()[:16]
    assert blob == nonce + ciphertext + tag
    assert plaintext not in blob


def test_every_flipped_bit_of_a_blob_is_caught():
    blob = cipher.seal(KEY, b"twenty byte secret!!", b"acct", b"nonce-08")
    for index in range(len(blob)):
        for bit in (0x01, 0x80):
            damaged = bytearray(blob)
            damaged[index] ^= bit
            with pytest.raises(cipher.SealError):
                cipher.open_sealed(KEY, bytes(damaged), b"acct")


@pytest.mark.parametrize("case", ["wrong key", "wrong context", "truncated", "too short",
                                  "extended"])
def test_a_blob_opens_only_with_its_key_and_context(case):
    blob = cipher.seal(KEY, b"secret", b"vault v1")
    key, context = KEY, b"vault v1"
    if case == "wrong key":
        key = bytes(32)
    elif case == "wrong context":
        context = b"vault v2"
    elif case == "truncated":
        blob = blob[:-1]
    elif case == "too short":
        blob = blob[:cipher.SEAL_OVERHEAD - 1]
    else:
        blob = blob + b"\x00"
    with pytest.raises(cipher.SealError) as raised:
        cipher.open_sealed(key, blob, context)
    assert "secret" not in str(raised.value)


def test_seal_picks_a_fresh_nonce_each_time():
    first = cipher.seal(KEY, b"same", b"acct")
    second = cipher.seal(KEY, b"same", b"acct")
    assert first[:cipher.NONCE_BYTES] != second[:cipher.NONCE_BYTES]
    assert first != second


def test_seal_refuses_a_key_that_is_not_32_bytes():
    with pytest.raises(ValueError, match="32"):
        cipher.seal(bytes(16), b"x", b"acct")


def test_equal_compares_whole_strings():
    assert cipher.equal(b"abc", b"abc")
    assert not cipher.equal(b"abc", b"abd")
    assert not cipher.equal(b"abc", b"ab")


def test_random_bytes_are_fresh_and_the_asked_length():
    draws = {cipher.random_bytes(16) for _ in range(20)}
    assert len(draws) == 20 and all(len(d) == 16 for d in draws)
