"""The account record shared by the token, its store, the wire protocol and the host.

Plain class (no dataclasses) so it runs unchanged on CircuitPython.
"""

TOTP = "totp"
HOTP = "hotp"
STEAM = "steam"
KINDS = (TOTP, HOTP, STEAM)
ALGORITHMS = ("SHA1", "SHA256", "SHA512")
MIN_DIGITS = 6
MAX_DIGITS = 10
STEAM_DIGITS = 5
MAX_LABEL_BYTES = 64  # issuer and name each, UTF-8 encoded
MAX_SECRET_BYTES = 128
MAX_PERIOD = 86400
MAX_COUNTER = (1 << 53) - 1  # exact in JSON on every client


def format_label(issuer, name):
    """``issuer:name`` as people read it, or whichever of the two is set (never a secret)."""
    if issuer and name:
        return issuer + ":" + name
    return issuer or name


def entry_label(entry):
    """``format_label`` of an account's public fields (``describe()``, a `list` entry)."""
    return format_label(entry["issuer"], entry["account"])


class AccountError(ValueError):
    """An account field is out of range; the message names the field and the fix."""


class Account:
    __slots__ = ("kind", "issuer", "name", "secret", "algorithm", "digits", "period", "counter")

    def __init__(self, secret, issuer="", name="", kind=TOTP, algorithm="SHA1",
                 digits=6, period=30, counter=0):
        self.kind = kind
        self.issuer = issuer
        self.name = name
        self.secret = bytes(secret)
        self.algorithm = algorithm
        self.digits = STEAM_DIGITS if kind == STEAM else digits
        self.period = period
        self.counter = counter
        self.validate()

    def validate(self):
        if self.kind not in KINDS:
            raise AccountError("type %r is not supported: use totp, hotp or steam" % (self.kind,))
        if self.algorithm not in ALGORITHMS:
            raise AccountError(
                "algorithm %r is not supported: use SHA1, SHA256 or SHA512" % (self.algorithm,))
        if self.kind != STEAM and not (MIN_DIGITS <= self.digits <= MAX_DIGITS):
            raise AccountError("digits must be 6 to 10, not %r" % (self.digits,))
        if not (isinstance(self.period, int) and 0 < self.period <= MAX_PERIOD):
            raise AccountError("period must be 1 to %d seconds, not %r" % (MAX_PERIOD, self.period))
        if not (isinstance(self.counter, int) and 0 <= self.counter <= MAX_COUNTER):
            raise AccountError("counter must be 0 to 2**53-1, not %r" % (self.counter,))
        if not self.secret:
            raise AccountError("the secret is empty: copy the whole secret from the site")
        if len(self.secret) > MAX_SECRET_BYTES:
            raise AccountError("the secret is %d bytes; the token holds at most %d"
                               % (len(self.secret), MAX_SECRET_BYTES))
        for field in ("issuer", "name"):
            value = getattr(self, field)
            if not isinstance(value, str):
                raise AccountError("%s must be text" % field)
            if len(value.encode("utf-8")) > MAX_LABEL_BYTES:
                raise AccountError(
                    "%s is longer than %d bytes: shorten it" % (field, MAX_LABEL_BYTES))

    def label(self):
        """``Issuer:name`` as people read it (no secret)."""
        return format_label(self.issuer, self.name)

    def describe(self):
        """Public fields only: safe for logs, the screen and the wire."""
        return {
            "issuer": self.issuer,
            "account": self.name,
            "type": self.kind,
            "algorithm": self.algorithm,
            "digits": self.digits,
            "period": None if self.kind == HOTP else self.period,
            "counter": self.counter if self.kind == HOTP else None,
        }

    def __repr__(self):
        # never the secret
        return "Account(%r, %s, %s, %d digits)" % (
            self.label(), self.kind, self.algorithm, self.digits)

    def __eq__(self, other):
        return isinstance(other, Account) and all(
            getattr(self, f) == getattr(other, f) for f in Account.__slots__)
