"""Published known answers (RFC 4226, RFC 6238, Steam), on both hash paths.

The external corpus's larger set runs in test_corpus_vectors.py.
"""

import pytest
from support.otp_vectors import VECTORS

from totp import otp
from totp.base32 import decode

PATHS = [pytest.param(None, id="native"), pytest.param(False, id="pure")]


def _id(case):
    return "%s-%s-%s" % (case.get("algorithm", "SHA1"), case.get("time", case.get("counter")),
                         case["code"])


@pytest.mark.parametrize("native", PATHS)
@pytest.mark.parametrize("case", VECTORS["hotp"], ids=_id)
def test_otp_hotp_known_answer(case, native):
    generator = otp.OTP(decode(case["secret_base32"]), algorithm=case["algorithm"],
                        digits=case["digits"], native=native)
    assert generator.hotp(case["counter"]) == case["code"]


@pytest.mark.parametrize("native", PATHS)
@pytest.mark.parametrize("case", VECTORS["totp"], ids=_id)
def test_otp_totp_known_answer(case, native):
    generator = otp.OTP(decode(case["secret_base32"]), algorithm=case["algorithm"],
                        digits=case["digits"], period=case["period"], native=native)
    assert generator.totp(case["time"]) == case["code"]


@pytest.mark.parametrize("native", PATHS)
@pytest.mark.parametrize("case", VECTORS["steam"], ids=_id)
def test_otp_steam_known_answer(case, native):
    generator = otp.OTP(decode(case["secret_base32"]), steam=True, period=case["period"],
                        native=native)
    assert generator.totp(case["time"]) == case["code"]


def test_otp_known_answers_are_all_there():
    # a truncated table would make the tests above prove little
    assert (len(VECTORS["hotp"]), len(VECTORS["totp"]), len(VECTORS["steam"])) == (10, 18, 1)
    assert {case["algorithm"] for case in VECTORS["totp"]} == {"SHA1", "SHA256", "SHA512"}


def test_otp_module_functions_match_the_rfc_examples():
    seed = b"12345678901234567890"
    assert otp.totp(seed, 59, 8) == "94287082"
    assert otp.hotp(seed, 1) == "287082"
    assert otp.totp(b"12345678901234567890123456789012", 59, 8,
                    algorithm="SHA256") == "46119246"
    assert otp.steam(decode("63BEDWCQZKTQWPESARIERL5DTTQFCJTK"), 1511200518) == "FR8RV"
