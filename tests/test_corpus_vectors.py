"""The external corpus's known answers (RFC, Steam, other projects') on CPython and MicroPython.

Collected only when TOTP_TOKEN_CORPUS names the corpus (see conftest.py).
"""

import pytest
from support.corpus import corpus_json
from support.mpy import run_scenario

from totp import otp
from totp.base32 import decode

VECTORS = corpus_json("vectors.json")
PATHS = [pytest.param(None, id="native"), pytest.param(False, id="pure")]
SECTIONS = ("hotp", "totp", "steam")

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


@pytest.mark.parametrize("native", PATHS)
@pytest.mark.parametrize("section", SECTIONS)
def test_corpus_known_answers_under_micropython(section, native):
    # the OTP scenario file (tests/micropython/scenarios/otp_codes.py)
    cases = []
    for case in VECTORS[section]:
        case = {key: value for key, value in case.items() if key not in ("code", "note")}
        case["secret"] = case.pop("secret_base32")
        case["steam"] = section == "steam"
        cases.append(case)
    assert run_scenario("otp_codes", {"cases": cases, "native": native}).results == [
        case["code"] for case in VECTORS[section]]
