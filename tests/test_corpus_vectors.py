"""The external corpus's known answers (RFC, Steam, other projects') on CPython and MicroPython.

Collected only when TOTP_TOKEN_CORPUS names the corpus (see conftest.py).
"""

import pytest
from support.corpus import corpus_json
from support.mpy import run_micropython

from totp import otp
from totp.base32 import decode

VECTORS = corpus_json("vectors.json")
PATHS = [pytest.param(None, id="native"), pytest.param(False, id="pure")]
SECTIONS = ("hotp", "totp", "steam")

# Runs inside MicroPython: prints one code per case, in order.
CODES_SCRIPT = """
from totp.otp import OTP
from totp.base32 import decode
for secret, algorithm, digits, period, steam, counter, time in %r:
    generator = OTP(decode(secret), algorithm=algorithm, digits=digits, period=period,
                    steam=steam, native=%s)
    print(generator.hotp(counter) if counter is not None else generator.totp(time))
"""


def _generator(section, case, native):
    return otp.OTP(decode(case["secret_base32"]), algorithm=case.get("algorithm", "SHA1"),
                   digits=case.get("digits", 6), period=case.get("period", 30),
                   steam=section == "steam", native=native)


def _code(section, case, native):
    generator = _generator(section, case, native)
    return generator.hotp(case["counter"]) if section == "hotp" else generator.totp(case["time"])


def test_corpus_has_every_section():
    assert all(VECTORS[section] for section in SECTIONS)


@pytest.mark.parametrize("native", PATHS)
@pytest.mark.parametrize("section", SECTIONS)
def test_corpus_known_answers_on_cpython(section, native):
    assert [_code(section, case, native) for case in VECTORS[section]] == [
        case["code"] for case in VECTORS[section]]


@pytest.mark.parametrize("native", [pytest.param("None", id="native"),
                                    pytest.param("False", id="pure")])
@pytest.mark.parametrize("section", SECTIONS)
def test_corpus_known_answers_under_micropython(section, native):
    cases = [(case["secret_base32"], case.get("algorithm", "SHA1"), case.get("digits", 6),
              case.get("period", 30), section == "steam", case.get("counter"), case.get("time"))
             for case in VECTORS[section]]
    assert run_micropython(CODES_SCRIPT % (cases, native)).split() == [
        case["code"] for case in VECTORS[section]]
