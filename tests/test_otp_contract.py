"""The OTP core's contract: arguments, errors that name the fix, no secret in reprs."""

import pytest
from support import otp_reference as reference

from totp import otp

SECRET = b"12345678901234567890"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"algorithm": "MD5"}, "algorithm 'MD5' is not supported: use SHA1, SHA256 or SHA512"),
    ({"algorithm": "sha1"}, "algorithm 'sha1' is not supported"),
    ({"digits": 5}, "digits must be 6 to 10, not 5"),
    ({"digits": 11}, "digits must be 6 to 10, not 11"),
    ({"digits": "6"}, "digits must be 6 to 10, not '6'"),
    ({"period": 0}, "period must be a positive number of seconds, not 0"),
    ({"period": 30.0}, "period must be a positive number of seconds, not 30.0"),
    ({"steam": True, "algorithm": "SHA256"}, "Steam Guard codes use SHA1, not SHA256"),
])
def test_otp_rejects_bad_settings_with_the_fix(kwargs, message):
    with pytest.raises(ValueError) as error:
        otp.OTP(SECRET, **kwargs)
    assert message in str(error.value)


def test_otp_secret_must_be_bytes():
    with pytest.raises(TypeError, match="decode base32 text with totp.base32.decode"):
        otp.OTP("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")


def test_otp_settings_are_keyword_only():
    with pytest.raises(TypeError):
        otp.OTP(SECRET, "SHA256")


@pytest.mark.parametrize("unix_time", [-1, 59.0, "59", None])
def test_otp_time_must_be_whole_utc_seconds(unix_time):
    with pytest.raises(ValueError, match="time must be whole UTC seconds"):
        otp.OTP(SECRET).totp(unix_time)


@pytest.mark.parametrize("counter", [-1, 2**64, 1.0])
def test_otp_counter_must_fit_eight_bytes(counter):
    with pytest.raises(ValueError, match="counter must be a whole number from 0 to 2"):
        otp.OTP(SECRET).hotp(counter)


@pytest.mark.parametrize(("kwargs", "code_length"), [
    ({}, 6), ({"digits": 8}, 8), ({"digits": 10}, 10), ({"steam": True}, 5),
    ({"steam": True, "digits": 8}, 5),  # Steam codes are always five characters
])
def test_otp_code_length(kwargs, code_length):
    code = otp.OTP(SECRET, **kwargs).totp(1700000000)
    assert len(code) == code_length


def test_otp_empty_secret_is_accepted_by_the_core():
    # rejecting empty secrets is the account model's job, not the core's
    for native in (None, False):
        assert otp.OTP(b"", native=native).totp(0) == reference.totp(b"", 0)


def test_otp_repr_and_attributes_never_hold_the_secret():
    secret = b"\xa5\x5a" * 10
    generator = otp.OTP(secret, native=False)
    text = repr(generator)
    assert text == "<OTP SHA1, 6 digits, 30 s>"
    assert secret.hex() not in text and secret not in text.encode("latin-1")
    held = [value for value in vars(generator).values() if isinstance(value, (bytes, bytearray))]
    assert secret not in held
    assert repr(otp.OTP(secret, steam=True)) == "<OTP SHA1, steam, 30 s>"


def test_otp_native_hash_can_be_required():
    # CPython has every algorithm natively; MicroPython's refusal is in test_otp_micropython
    required = otp.OTP(SECRET, native=True, algorithm="SHA512")
    assert required.totp(59) == reference.totp(SECRET, 59, algorithm="SHA512")


def test_otp_pure_path_costs_two_compressions_per_code(monkeypatch):
    from totp import sha1
    calls = []
    real = sha1.compress

    def counting(state_in, block, state_out):
        calls.append(len(block))
        real(state_in, block, state_out)

    monkeypatch.setattr(sha1, "compress", counting)
    generator = otp.OTP(SECRET * 5, native=False)  # 100 bytes: a long key, hashed once here
    calls.clear()
    generator.totp(59)
    generator.hotp(7)
    assert calls == [32, 32, 32, 32]


def test_otp_native_block_sizes_match_the_pure_hashes():
    from totp import sha1, sha256, sha512
    assert otp.HMAC_BLOCK_BYTES == {"SHA1": sha1.BLOCK_BYTES, "SHA256": sha256.BLOCK_BYTES,
                                    "SHA512": sha512.BLOCK_BYTES}
