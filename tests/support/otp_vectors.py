"""Published known answers for the OTP core, written in as facts.

RFC 4226 Appendix D (HOTP) and RFC 6238 Appendix B (TOTP, 8 digits, with a
different seed length per hash), plus one Steam Guard answer. Records use the
same keys as the external corpus's vectors.json, so one test body serves both.
"""

import base64

RFC4226_SEED = b"12345678901234567890"
RFC6238_SEEDS = {
    "SHA1": b"12345678901234567890",
    "SHA256": b"12345678901234567890123456789012",
    "SHA512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
RFC4226_CODES = ("755224", "287082", "359152", "969429", "338314",
                 "254676", "287922", "162583", "399871", "520489")
RFC6238_TIMES = (59, 1111111109, 1111111111, 1234567890, 2000000000, 20000000000)
RFC6238_CODES = {
    "SHA1": ("94287082", "07081804", "14050471", "89005924", "69279037", "65353130"),
    "SHA256": ("46119246", "68084774", "67062674", "91819424", "90698825", "77737706"),
    "SHA512": ("90693936", "25091201", "99943326", "93441116", "38618901", "47863826"),
}
STEAM_SECRET = "63BEDWCQZKTQWPESARIERL5DTTQFCJTK"
STEAM_ANSWERS = ((1511200518, "FR8RV"),)


def _base32(seed: bytes) -> str:
    return base64.b32encode(seed).decode().rstrip("=")


def _hotp() -> list[dict]:
    return [{"secret_base32": _base32(RFC4226_SEED), "algorithm": "SHA1", "digits": 6,
             "counter": counter, "code": code} for counter, code in enumerate(RFC4226_CODES)]


def _totp() -> list[dict]:
    return [{"secret_base32": _base32(RFC6238_SEEDS[algorithm]), "algorithm": algorithm,
             "digits": 8, "period": 30, "time": time, "code": code}
            for algorithm, codes in RFC6238_CODES.items()
            for time, code in zip(RFC6238_TIMES, codes, strict=True)]


def _steam() -> list[dict]:
    return [{"secret_base32": STEAM_SECRET, "period": 30, "time": time, "code": code}
            for time, code in STEAM_ANSWERS]


# {"hotp": [...], "totp": [...], "steam": [...]}, like the corpus's vectors.json
VECTORS = {"hotp": _hotp(), "totp": _totp(), "steam": _steam()}
