"""The OTP constructor's and totp()'s contract errors: type and text of each.

Results: ["ValueError" or "TypeError", message] per misuse (or "no error").
"""

from scenario import emit

from totp.otp import OTP

MISUSES = (lambda: OTP(b"k", algorithm="MD5"), lambda: OTP(b"k", digits=4),
           lambda: OTP(b"k").totp(-5), lambda: OTP("text"))
found = []
for misuse in MISUSES:
    try:
        misuse()
        found.append(["no error", ""])
    except (ValueError, TypeError) as error:
        found.append([type(error).__name__, str(error)])
emit(found)
