"""`--account URI` preloading: accounts written into the simulated nvm before power-on.

The same store code as the firmware writes them, so the token finds them as if
provisioned. An account already on the token (same issuer, name and type, e.g. from
a state file) is not added twice.
"""

from .. import errors


def preload_accounts(nvm, profile, uris):
    """Add each otpauth:// URI to the store in `nvm`, in order; returns warnings."""
    from totp.hardware import storage_port
    from totp.store import Store, StoreError

    from ..importers.uri import parse_uri

    warnings = []
    port = storage_port(profile.board_id, profile.machine)
    if port is None:
        raise errors.InputError(
            "--account: the firmware refuses the %s board (it does not keep accounts in its "
            "nvm, see docs/boards.md), so none can be preloaded: pick another --board"
            % profile.name)
    store = Store(nvm, port=port)
    stored = {_identity(store.public(slot)) for slot in range(len(store))}
    for position, uri in enumerate(uris, 1):
        account, found = parse_uri(uri, where="--account %d" % position)
        warnings.extend(found)
        if _identity(account.describe()) in stored:
            warnings.append("--account %d: %s is already on the token; not added again"
                            % (position, account.label()))
            continue
        stored.add(_identity(account.describe()))
        try:
            store.add(account)
        except StoreError as exc:
            raise errors.InputError("--account %d: %s" % (position, exc)) from None
    return warnings


def _identity(public):
    return (public["issuer"], public["account"], public["type"])
