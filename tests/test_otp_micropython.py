"""The OTP core under real MicroPython 1.27 and CPython, from the same scenario files
(tests/micropython/scenarios/otp_*.py): known answers, random cross-checks, hashes,
allocation.

Each case list runs once with the interpreter's native hash where it has one
(this MicroPython has sha256 only, like boards without SHA-1) and once with
the pure path forced for every algorithm.
"""

import random

import pytest
from support import otp_reference as reference
from support.mpy import CPYTHON, MICROPYTHON, run_scenario
from support.otp_vectors import VECTORS

PATHS = [pytest.param(None, id="native"), pytest.param(False, id="pure")]
ALGORITHMS = ("SHA1", "SHA256", "SHA512")


def known_answer_cases(section):
    cases = []
    for vector in VECTORS[section]:
        case = {key: value for key, value in vector.items() if key not in ("code", "note")}
        case["secret"] = case.pop("secret_base32")
        case["steam"] = section == "steam"
        cases.append(case)
    return cases


@pytest.mark.parametrize("native", PATHS)
@pytest.mark.parametrize("section", ["hotp", "totp", "steam"])
def test_otp_known_answers(section, native, interpreter):
    expected = [vector["code"] for vector in VECTORS[section]]
    given = {"cases": known_answer_cases(section), "native": native}
    assert run_scenario("otp_codes", given, interpreter).results == expected


@pytest.mark.parametrize("native", PATHS)
@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_otp_matches_the_hmac_reference_on_random_cases(algorithm, native, interpreter):
    rng = random.Random("micropython-%s-%s" % (algorithm, native))
    cases, expected = [], []
    for index in range(30):
        secret = bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 20, 64, 65, 129, 300])))
        digits = rng.randint(6, 10)
        case = {"secret_bytes": list(secret), "algorithm": algorithm, "digits": digits}
        if index % 3 == 0:
            case["counter"] = rng.randrange(2**64)
            expected.append(reference.hotp(secret, case["counter"], digits, algorithm))
        else:
            case["time"] = rng.randrange(2**40)
            case["period"] = rng.choice([1, 30, 60, 86400])
            expected.append(reference.totp(secret, case["time"], digits, case["period"],
                                           algorithm))
        cases.append(case)
    given = {"cases": cases, "native": native}
    assert run_scenario("otp_codes", given, interpreter).results == expected


def test_otp_uses_native_sha256_only_where_it_exists(interpreter):
    found = run_scenario("otp_native", interpreter=interpreter).results
    if interpreter == MICROPYTHON:  # like boards without SHA-1
        assert found == [
            ["SHA1", False, "this interpreter has no native SHA1 hash"],
            ["SHA256", True, "native ok"],
            ["SHA512", False, "this interpreter has no native SHA512 hash"],
        ]
    else:  # CPython's hashlib has all three
        assert found == [[algorithm, True, "native ok"] for algorithm in ALGORITHMS]


def test_otp_pure_path_allocates_only_the_code(interpreter):
    # 32 bytes is the 6-digit result string; a time above 2**30 is a heap int on
    # 32-bit ports, and dividing it by the period costs one more 32-byte block.
    # Measured under MicroPython only: CPython has no count of bytes allocated.
    outcome = run_scenario("otp_alloc", interpreter=interpreter)
    secret = b"12345678901234567890"
    last = 49 * 30
    assert outcome.results == {
        "%s %s" % (algorithm, kind): (reference.hotp(secret, 1000 + last, 6, algorithm)
                                      if kind == "hotp" else
                                      reference.totp(secret, 1700000000 + last, 6, 30, algorithm))
        for algorithm in ALGORITHMS for kind in ("hotp", "totp")}
    expected_heap = {"%s %s" % (algorithm, kind): (32 if kind == "hotp" else 64)
                     for algorithm in ALGORITHMS for kind in ("hotp", "totp")}
    if interpreter == CPYTHON:
        expected_heap = dict.fromkeys(expected_heap)
    assert outcome.heap == expected_heap


def test_otp_contract_errors(interpreter):
    assert run_scenario("otp_errors", interpreter=interpreter).results == [
        ["ValueError", "algorithm 'MD5' is not supported: use SHA1, SHA256 or SHA512"],
        ["ValueError", "digits must be 6 to 10, not 4"],
        ["ValueError", "time must be whole UTC seconds since 1970, not -5"],
        ["TypeError", "the secret must be bytes: decode base32 text with totp.base32.decode"],
    ]


@pytest.fixture(scope="module")
def compressions():
    return {name: run_scenario("otp_compress", interpreter=name) for name in (MICROPYTHON,
                                                                            CPYTHON)}


def test_otp_compressions_give_the_same_state_under_both_interpreters(compressions):
    micropython, cpython = compressions[MICROPYTHON], compressions[CPYTHON]
    assert len(micropython.results) == 12
    assert micropython.results == cpython.results
    assert all(max(state) <= 0xFFFF and min(state) >= 0 for state in cpython.results)


def test_otp_micropython_compressions_never_make_a_heap_int(compressions):
    # Any int of 2**30 or more is a heap object under MicroPython, so a compression that
    # allocates nothing, on all-ones and on varied limbs, kept every value small.
    # Measured under MicroPython only: CPython reports None.
    assert compressions[MICROPYTHON].heap == {"compressions": [0] * 12}
    assert compressions[CPYTHON].heap == {"compressions": None}
