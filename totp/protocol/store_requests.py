"""The storage requests of the serial protocol: `match` (for imports that can be re-run)
and `compact` (for deletes that must be final now).

`match` answers only yes/no about a secret the caller sends in full, so no
program can learn a stored secret from it. `compact` reclaims the space of
deleted and changed accounts; on the log layout it is the moment a deleted
secret leaves the flash.
"""

from totp.protocol.fields import account_from


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
    account = account_from(request)
    slot = server.changes.find(account.issuer, account.name)
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
