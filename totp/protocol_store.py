"""The storage requests of the serial protocol: `match` (for imports that can be re-run)
and `compact` (for deletes that must be final now).

`match` answers only yes/no about a secret the caller sends in full, so no
program can learn a stored secret from it. `compact` reclaims the space of
deleted and changed accounts; on the log layout it is the moment a deleted
secret leaves the flash.
"""

from totp import base32, wire
from totp.account import Account, AccountError
from totp.framing import RequestError, int_field, label_field, text_field


def request_account(request, code_at):
    """The account a request describes, checked as `add` checks it."""
    try:
        secret = base32.decode(text_field(request, "secret"))
    except ValueError:
        # the decoder's message quotes a character of the secret: never echo it
        raise RequestError(wire.ERR_BAD_ACCOUNT,
                           "'secret' is not base32 (A-Z, 2-7): send it in base32") from None
    try:
        account = Account(
            secret, issuer=label_field(request, "issuer"), name=label_field(request, "account"),
            kind=text_field(request, "type", "totp"),
            algorithm=text_field(request, "algorithm", "SHA1"),
            digits=int_field(request, "digits", 0, 99, 6),
            period=int_field(request, "period", 0, 1 << 30, 30),
            counter=int_field(request, "counter", 0, (1 << 53) - 1, 0))
        code_at(account, 0)  # the OTP core's own checks
    except (AccountError, ValueError) as exc:
        raise RequestError(wire.ERR_BAD_ACCOUNT, str(exc)) from None
    return account


def same_bytes(a, b):
    """Equality that takes the same time wherever the first difference is: a compare that
    stops early would tell a host how many leading bytes of a stored secret it guessed."""
    diff = len(a) ^ len(b)
    for index in range(min(len(a), len(b))):
        diff |= a[index] ^ b[index]
    return diff == 0


def match(server, request):
    """Whether the account stored under this issuer and name (case-insensitive) has the
    request's secret and parameters; the stored counter is public already (`list`)."""
    from totp.protocol import code_at

    account = request_account(request, code_at)
    slot = server._find(account.issuer, account.name)
    if slot is None:
        return {"slot": None, "same_secret": False, "same_parameters": False,
                "same_labels": False}
    stored = server.context.store.get(slot)
    same = (stored.kind == account.kind and stored.algorithm == account.algorithm
            and stored.digits == account.digits and stored.period == account.period)
    return {"slot": slot, "same_secret": same_bytes(stored.secret, account.secret),
            "same_parameters": same,
            "same_labels": stored.issuer == account.issuer and stored.name == account.name}


def compact(server, request):
    store = server.context.store
    compacted = store.compact()
    server.context.changed()
    return {"compacted": compacted, "used_bytes": store.used_bytes(),
            "total_bytes": store.total_bytes()}
