"""The OTP core under real MicroPython 1.27: known answers, random cross-checks, hashes, allocation.

Each case list runs once with the interpreter's native hash where it has one
(this MicroPython has sha256 only, like boards without SHA-1) and once with
the pure path forced for every algorithm.
"""

import json
import random

import pytest
from support import otp_reference as reference
from support.mpy import run_micropython
from support.otp_vectors import VECTORS

PATHS = [pytest.param("None", id="native"), pytest.param("False", id="pure")]

# Runs inside MicroPython: prints one code per case, in order.
CODES_SCRIPT = """
import json
from totp.otp import OTP
from totp.base32 import decode
for case in json.loads(%r):
    secret = decode(case["secret"]) if "secret" in case else bytes(case["secret_bytes"])
    generator = OTP(secret, algorithm=case.get("algorithm", "SHA1"), digits=case.get("digits", 6),
                    period=case.get("period", 30), steam=case.get("steam", False), native=%s)
    print(generator.hotp(case["counter"]) if "counter" in case else generator.totp(case["time"]))
"""


def codes_under_micropython(cases, native):
    return run_micropython(CODES_SCRIPT % (json.dumps(cases), native)).split()


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
def test_otp_micropython_known_answers(section, native):
    expected = [vector["code"] for vector in VECTORS[section]]
    assert codes_under_micropython(known_answer_cases(section), native) == expected


@pytest.mark.parametrize("native", PATHS)
@pytest.mark.parametrize("algorithm", ["SHA1", "SHA256", "SHA512"])
def test_otp_micropython_matches_cpython_hmac_on_random_cases(algorithm, native):
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
    assert codes_under_micropython(cases, native) == expected


def test_otp_micropython_uses_native_sha256_only_where_it_exists():
    out = run_micropython("""
from totp.otp import OTP
for algorithm in ("SHA1", "SHA256", "SHA512"):
    generator = OTP(b"key", algorithm=algorithm)
    try:
        OTP(b"key", algorithm=algorithm, native=True)
        required = "native ok"
    except ValueError as error:
        required = str(error)
    print(algorithm, generator._new_hash is not None, required)
""")
    assert out.splitlines() == [
        "SHA1 False this interpreter has no native SHA1 hash",
        "SHA256 True native ok",
        "SHA512 False this interpreter has no native SHA512 hash",
    ]


def test_otp_micropython_pure_path_allocates_only_the_code():
    # 32 bytes is the 6-digit result string; a time above 2**30 is a heap int on
    # 32-bit ports, and dividing it by the period costs one more 32-byte block.
    out = run_micropython("""
import gc
from totp.otp import OTP
for algorithm in ("SHA1", "SHA256", "SHA512"):
    generator = OTP(b"12345678901234567890", algorithm=algorithm, native=False)
    generator.hotp(1)
    generator.totp(1700000000)
    for label, function, start in (("hotp", generator.hotp, 1000),
                                   ("totp", generator.totp, 1700000000)):
        values = [start + 30 * i for i in range(50)]  # made before counting
        gc.collect()
        gc.disable()
        before = gc.mem_alloc()
        for value in values:
            function(value)
        allocated = gc.mem_alloc() - before
        gc.enable()
        print(algorithm, label, allocated // 50)
""")
    per_code = {tuple(line.split()[:2]): int(line.split()[2]) for line in out.splitlines()}
    assert per_code == {(algorithm, kind): (32 if kind == "hotp" else 64)
                        for algorithm in ("SHA1", "SHA256", "SHA512")
                        for kind in ("hotp", "totp")}


def test_otp_micropython_contract_errors():
    out = run_micropython("""
from totp.otp import OTP
for make in (lambda: OTP(b"k", algorithm="MD5"), lambda: OTP(b"k", digits=4),
             lambda: OTP(b"k").totp(-5), lambda: OTP("text")):
    try:
        make()
        print("no error")
    except (ValueError, TypeError) as error:
        print(type(error).__name__, error)
""")
    assert out.splitlines() == [
        "ValueError algorithm 'MD5' is not supported: use SHA1, SHA256 or SHA512",
        "ValueError digits must be 6 to 10, not 4",
        "ValueError time must be whole UTC seconds since 1970, not -5",
        "TypeError the secret must be bytes: decode base32 text with totp.base32.decode",
    ]


def test_otp_micropython_compressions_never_make_a_heap_int():
    # Any int of 2**30 or more is a heap object here, so a compression that
    # allocates nothing, on all-ones and on varied limbs, kept every value small.
    out = run_micropython("""
import gc
from totp import sha1, sha256, sha512
for sha in (sha1, sha256, sha512):
    limbs = sha.BLOCK_BYTES // 2
    blocks = [[0xFFFF] * limbs, [(i * 40503 + 12345) & 0xFFFF for i in range(limbs)]]
    states = [[0xFFFF] * len(sha.IV), list(sha.IV)]
    for block in blocks:
        for state in states:
            sha.compress(state, block, state)  # first use of the module's scratch
            gc.collect()
            gc.disable()
            before = gc.mem_alloc()
            sha.compress(state, block, state)
            allocated = gc.mem_alloc() - before
            gc.enable()
            print(sha.__name__, allocated)
""")
    lines = out.splitlines()
    assert len(lines) == 12
    assert all(line.split()[1] == "0" for line in lines), out
