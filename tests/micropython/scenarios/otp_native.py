"""Which hashes the interpreter has natively: for each algorithm, whether OTP picked a
native hash by default, and what asking for one (native=True) gives.

Results: [algorithm, uses a native hash, "native ok" or the error text] per algorithm.
"""

from scenario import emit

from totp.otp import OTP

found = []
for algorithm in ("SHA1", "SHA256", "SHA512"):
    generator = OTP(b"key", algorithm=algorithm)
    try:
        OTP(b"key", algorithm=algorithm, native=True)
        required = "native ok"
    except ValueError as error:
        required = str(error)
    found.append([algorithm, generator._new_hash is not None, required])
emit(found)
