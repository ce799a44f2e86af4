"""Known answers from the shared corpus (RFC 4226, RFC 6238, Steam), on both hash paths."""

import pytest
from otp_reference import load_vectors

from totp import otp
from totp.base32 import decode

VECTORS = load_vectors()
PATHS = [pytest.param(None, id="native"), pytest.param(False, id="pure")]


def _id(case):
    return "%s-%s-%s" % (case.get("algorithm", "SHA1"), case.get("time", case.get("counter")),
                         case["code"])


@pytest.mark.parametrize("native", PATHS)
@pytest.mark.parametrize("case", VECTORS["hotp"], ids=_id)
def test_otp_hotp_corpus(case, native):
    generator = otp.OTP(decode(case["secret_base32"]), algorithm=case["algorithm"],
                        digits=case["digits"], native=native)
    assert generator.hotp(case["counter"]) == case["code"]


@pytest.mark.parametrize("native", PATHS)
@pytest.mark.parametrize("case", VECTORS["totp"], ids=_id)
def test_otp_totp_corpus(case, native):
    generator = otp.OTP(decode(case["secret_base32"]), algorithm=case["algorithm"],
                        digits=case["digits"], period=case["period"], native=native)
    assert generator.totp(case["time"]) == case["code"]


@pytest.mark.parametrize("native", PATHS)
@pytest.mark.parametrize("case", VECTORS["steam"], ids=_id)
def test_otp_steam_corpus(case, native):
    generator = otp.OTP(decode(case["secret_base32"]), steam=True, period=case["period"],
                        native=native)
    assert generator.totp(case["time"]) == case["code"]


def test_otp_corpus_is_the_expected_one():
    # a truncated or swapped corpus would make the tests above prove little
    assert (len(VECTORS["hotp"]), len(VECTORS["totp"]), len(VECTORS["steam"])) == (10, 19, 6)


def test_otp_module_functions_match_the_rfc_examples():
    seed = b"12345678901234567890"
    assert otp.totp(seed, 59, 8) == "94287082"
    assert otp.hotp(seed, 1) == "287082"
    assert otp.totp(b"12345678901234567890123456789012", 59, 8,
                    algorithm="SHA256") == "46119246"
    assert otp.steam(decode("63BEDWCQZKTQWPESARIERL5DTTQFCJTK"), 1511200518) == "FR8RV"
