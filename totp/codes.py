"""An account's OTP generator and its code at a time: the one way the token and the host
make them, so both always compute the same code for the same stored fields.

``totp.otp`` is imported on first use: a token that shows no code yet keeps its heap.
"""

from totp.account import HOTP, STEAM


def make_otp(account):
    """The ``totp.otp.OTP`` for ``account``'s secret and parameters."""
    from totp.otp import OTP

    return OTP(account.secret, algorithm=account.algorithm, digits=account.digits,
               period=account.period, steam=account.kind == STEAM)


def code_at(account, unix):
    """The account's code at ``unix`` seconds; HOTP uses the stored counter (never advanced)."""
    otp = make_otp(account)
    if account.kind == HOTP:
        return otp.hotp(account.counter)
    return otp.totp(unix)
