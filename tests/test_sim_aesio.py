"""The simulated ``aesio``: CircuitPython's API, checks and chaining, and the same bytes as
``totp.aes`` (so firmware sealing in the simulator matches the pure fallback)."""

import random

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from support.cipher_vectors import AES256_CTR, AES_BLOCKS
from totp_token.sim import boards
from totp_token.sim.circuitpython import aesio as sim_aesio
from totp_token.sim.context import RunContext
from totp_token.sim.machine import Machine

from totp import aes, cipher

aesio = sim_aesio.build(None)
KEY = bytes(range(32))
IV = bytes(range(100, 116))


def reference(mode, data, key=KEY, decrypt=False):
    engine = Cipher(algorithms.AES(key), mode)
    worker = engine.decryptor() if decrypt else engine.encryptor()
    return worker.update(data) + worker.finalize()


def test_the_module_has_circuitpythons_names_and_values():
    public = sorted(name for name in vars(aesio) if not name.startswith("_"))
    assert public == ["AES", "MODE_CBC", "MODE_CTR", "MODE_ECB", "block_size", "key_size"]
    assert (aesio.MODE_ECB, aesio.MODE_CBC, aesio.MODE_CTR) == (1, 2, 6)
    assert aesio.block_size == 16 and aesio.key_size == (16, 24, 32)
    with pytest.raises(AttributeError):
        aesio.AES(KEY).no_such_thing = 1


def test_each_firmware_run_gets_its_own_aesio_and_alarm():
    machine = Machine(boards.profile(boards.DEFAULT_BOARD))
    runs = [RunContext(machine, {}, "/nonexistent", [], lambda text: None, uid=bytes(8))
            .build_modules() for _ in range(2)]
    assert runs[0]["aesio"] is not runs[1]["aesio"]
    assert runs[0]["aesio"].MODE_CTR == 6
    assert len(runs[1]["alarm"].sleep_memory) == 256


@pytest.mark.parametrize("key, plaintext, expected", AES_BLOCKS)
def test_ecb_encrypts_and_decrypts_the_fips_197_blocks(key, plaintext, expected):
    engine = aesio.AES(bytes.fromhex(key))  # ECB is the default mode
    out = bytearray(16)
    engine.encrypt_into(bytes.fromhex(plaintext), out)
    assert out.hex() == expected
    back = bytearray(16)
    engine.decrypt_into(out, back)
    assert back.hex() == plaintext


def test_ctr_gives_the_sp_800_38a_ciphertext():
    engine = aesio.AES(bytes.fromhex(AES256_CTR["key"]), aesio.MODE_CTR,
                       IV=bytes.fromhex(AES256_CTR["counter"]))
    out = bytearray(64)
    engine.encrypt_into(bytes.fromhex(AES256_CTR["plaintext"]), out)
    assert out.hex() == AES256_CTR["ciphertext"]


def test_ctr_continues_the_counter_but_drops_the_rest_of_a_block_between_calls():
    stream = reference(modes.CTR(IV), bytes(64))
    engine = aesio.AES(KEY, aesio.MODE_CTR, IV=IV)
    first, second = bytearray(5), bytearray(20)
    engine.encrypt_into(bytes(5), first)
    engine.encrypt_into(bytes(20), second)
    # block 0 gave 5 bytes; the second call starts at block 1, not at byte 5
    assert bytes(first) == stream[:5]
    assert bytes(second) == stream[16:36]


def test_cbc_chains_across_calls_and_decrypts_back():
    data = bytes(range(64))
    engine = aesio.AES(KEY, aesio.MODE_CBC, IV=IV)
    first, second = bytearray(32), bytearray(32)
    engine.encrypt_into(data[:32], first)
    engine.encrypt_into(data[32:], second)
    assert bytes(first + second) == reference(modes.CBC(IV), data)
    engine.rekey(KEY, IV)  # back to the first IV
    plain = bytearray(64)
    engine.decrypt_into(first + second, plain)
    assert bytes(plain) == data


def test_no_iv_means_sixteen_zero_bytes():
    engine = aesio.AES(KEY, aesio.MODE_CTR)
    out = bytearray(16)
    engine.encrypt_into(bytes(16), out)
    assert bytes(out) == reference(modes.CTR(bytes(16)), bytes(16))


def test_rekey_resets_the_counter_and_setting_the_mode_does_not():
    engine = aesio.AES(KEY, aesio.MODE_CTR, IV=IV)
    out = bytearray(16)
    engine.encrypt_into(bytes(16), out)
    engine.mode = aesio.MODE_CTR
    again = bytearray(16)
    engine.encrypt_into(bytes(16), again)
    assert again != out  # the counter moved on
    engine.rekey(KEY, IV=IV)
    engine.encrypt_into(bytes(16), again)
    assert again == out


@pytest.mark.parametrize("make, error, message", [
    (lambda: aesio.AES(bytes(15)), ValueError, "Key must be 16, 24, or 32 bytes long"),
    (lambda: aesio.AES(1234), TypeError, "buffer protocol"),
    (lambda: aesio.AES(KEY, 3), NotImplementedError, "Requested AES mode is unsupported"),
    (lambda: aesio.AES(KEY, aesio.MODE_CBC, IV=bytes(8)), ValueError, "IV length must be 16"),
    (lambda: aesio.AES(KEY).rekey(bytes(20)), ValueError, "Key must be 16, 24, or 32"),
    (lambda: aesio.AES(KEY).encrypt_into(bytes(16), bytearray(15)), ValueError,
     "Source and destination buffers must be the same length"),
    (lambda: aesio.AES(KEY).encrypt_into(bytes(32), bytearray(32)), ValueError,
     "ECB only operates on 16 bytes at a time"),
    (lambda: aesio.AES(KEY, aesio.MODE_CBC, IV=IV).decrypt_into(bytes(20), bytearray(20)),
     ValueError, "CBC blocks must be multiples of 16 bytes"),
    (lambda: aesio.AES(KEY).encrypt_into(bytes(16), bytes(16)), TypeError, "buffer protocol"),
])
def test_bad_arguments_fail_as_on_circuitpython(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_a_str_key_is_its_utf8_bytes_as_on_circuitpython():
    out, expected = bytearray(16), bytearray(16)
    aesio.AES("sixteen byte key").encrypt_into(bytes(16), out)
    aesio.AES(b"sixteen byte key").encrypt_into(bytes(16), expected)
    assert out == expected


def test_an_iv_that_is_not_a_buffer_is_ignored_like_on_circuitpython():
    out = bytearray(16)
    aesio.AES(KEY, aesio.MODE_CTR, IV=7).encrypt_into(bytes(16), out)
    assert bytes(out) == reference(modes.CTR(bytes(16)), bytes(16))


def test_setting_an_unsupported_mode_is_refused():
    engine = aesio.AES(KEY)
    with pytest.raises(NotImplementedError):
        engine.mode = 5
    assert engine.mode == aesio.MODE_ECB


def test_ctr_of_any_length_matches_the_pure_fallback():
    rng = random.Random("sim-aesio")
    for length in (1, 15, 16, 17, 100):
        key = rng.randbytes(32)
        counter = rng.randbytes(8) + b"\xff" * 7 + bytes([rng.randrange(256)])
        data = rng.randbytes(length)
        native, pure = bytearray(length), bytearray(length)
        aesio.AES(key, aesio.MODE_CTR, IV=counter).encrypt_into(data, native)
        aes.ctr_xcrypt(key, counter, data, pure)
        assert native == pure


def test_cipher_seals_the_same_bytes_with_aesio_and_without():
    nonce = b"8 bytes!"
    data = bytes(range(70))
    assert (cipher.aes_ctr(KEY, nonce, data, aesio=aesio)
            == cipher.aes_ctr(KEY, nonce, data, aesio=False))
    assert cipher.aes_ctr(KEY, nonce, b"", aesio=aesio) == bytearray()
