"""totp.otp against CPython's hmac on random inputs, on the native and the pure path.

Secrets of 0 to 300 bytes cover empty keys and keys longer than every hash
block (hashed first, RFC 2104); times reach 2**40, counters 2**64 - 1.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import otp_reference as reference

from totp import otp

ALGORITHMS = ["SHA1", "SHA256", "SHA512"]
PATHS = [pytest.param(None, id="native"), pytest.param(False, id="pure")]
secrets = st.binary(min_size=0, max_size=300)
digit_counts = st.integers(min_value=6, max_value=10)


@pytest.mark.parametrize("native", PATHS)
@pytest.mark.parametrize("algorithm", ALGORITHMS)
@settings(max_examples=60, deadline=None)
@given(secret=secrets, unix_time=st.integers(0, 2**40), digits=digit_counts,
       period=st.integers(1, 86400))
def test_otp_totp_matches_hmac(algorithm, native, secret, unix_time, digits, period):
    generator = otp.OTP(secret, algorithm=algorithm, digits=digits, period=period, native=native)
    assert generator.totp(unix_time) == reference.totp(secret, unix_time, digits, period,
                                                       algorithm)


@pytest.mark.parametrize("native", PATHS)
@pytest.mark.parametrize("algorithm", ALGORITHMS)
@settings(max_examples=40, deadline=None)
@given(secret=secrets, counter=st.integers(0, 2**64 - 1), digits=digit_counts)
def test_otp_hotp_matches_hmac(algorithm, native, secret, counter, digits):
    generator = otp.OTP(secret, algorithm=algorithm, digits=digits, native=native)
    assert generator.hotp(counter) == reference.hotp(secret, counter, digits, algorithm)


@pytest.mark.parametrize("native", PATHS)
@settings(max_examples=60, deadline=None)
@given(secret=secrets, unix_time=st.integers(0, 2**40))
def test_otp_steam_matches_reference(native, secret, unix_time):
    assert otp.OTP(secret, steam=True, native=native).totp(unix_time) == reference.steam(
        secret, unix_time)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@settings(max_examples=20, deadline=None)
@given(secret=secrets, times=st.lists(st.integers(0, 2**40), min_size=2, max_size=6))
def test_otp_one_generator_gives_each_code_independently(algorithm, secret, times):
    # the pure path reuses shared scratch buffers: earlier codes must not leak into later ones
    first = otp.OTP(secret, algorithm=algorithm, native=False)
    other = otp.OTP(secret[::-1] + b"x", algorithm=algorithm, native=False)
    for unix_time in times:
        other.totp(unix_time)
        assert first.totp(unix_time) == reference.totp(secret, unix_time, 6, 30, algorithm)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("length", [0, 1, 63, 64, 65, 127, 128, 129, 300])
def test_otp_key_lengths_around_the_block_size(algorithm, length):
    secret = bytes((7 * i + 3) & 0xFF for i in range(length))
    for native in (None, False):
        generator = otp.OTP(secret, algorithm=algorithm, digits=8, native=native)
        assert generator.totp(1234567890) == reference.totp(secret, 1234567890, 8, 30, algorithm)
