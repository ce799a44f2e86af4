"""One OTP code per case, in order.

Inputs: ``cases``, each {"secret": base32 text} or {"secret_bytes": [byte, ...]}, with
optional "algorithm", "digits", "period", "steam", and "counter" (HOTP) or "time"
(TOTP); ``native``: null (the interpreter's hash where it has one) or false (the pure
path for every algorithm). Results: the codes.
"""

from scenario import emit, inputs

from totp.base32 import decode
from totp.otp import OTP

given = inputs()
codes = []
for case in given["cases"]:
    secret = decode(case["secret"]) if "secret" in case else bytes(case["secret_bytes"])
    generator = OTP(secret, algorithm=case.get("algorithm", "SHA1"), digits=case.get("digits", 6),
                    period=case.get("period", 30), steam=case.get("steam", False),
                    native=given["native"])
    codes.append(generator.hotp(case["counter"]) if "counter" in case
                 else generator.totp(case["time"]))
emit(codes)
