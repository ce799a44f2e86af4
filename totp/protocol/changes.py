"""The requests that change stored accounts: add, delete, rename, move, wipe.

Part of the protocol server (``totp.protocol.server.Server`` holds one ``Changes`` and
routes these operations to it). Each checks its request completely first; all
but the adding of a new account then wait for the owner's press
(``Server.after_press``) and are carried out by the ``*_now`` method once it
comes. Every change calls ``context.changed()`` so the screen reloads.
"""

from totp import wire
from totp.protocol import presence as pr
from totp.protocol.fields import RequestError, account_from, bad_request, label_field


class Changes:
    def __init__(self, server):
        self.server = server
        self.context = server.context

    def add(self, request):
        replace = request.get("replace", False)
        if not isinstance(replace, bool):
            raise bad_request("'replace' must be true or false")
        account = account_from(request)
        existing = self.find(account.issuer, account.name)
        if existing is not None and not replace:
            raise RequestError(wire.ERR_EXISTS,
                               "an account with this issuer and name is in slot %d: "
                               "send replace=true to overwrite it" % existing,
                               {"slot": existing})
        if existing is None:
            slot = self.context.store.add(account)
            self.server.recent.added(slot, self.server.ticks_ms())
            self.context.changed()
            return {"slot": slot, "replaced": False}
        server = self.server
        return server.after_press(pr.ACTION_REPLACE, server.label(existing), self._replace,
                                  (existing, account))

    def _replace(self, slot, account):
        self.context.store.replace(slot, account)
        self.server.recent.added(slot, self.server.ticks_ms())
        self.context.changed()
        return {"slot": slot, "replaced": True}

    def find(self, issuer, name):
        store = self.context.store
        issuer = issuer.lower()
        name = name.lower()
        for slot in range(len(store)):
            entry = dict(store.public(slot))  # a copy: the store may hand out its own
            if entry["issuer"].lower() == issuer and entry["account"].lower() == name:
                return slot
        return None

    def delete(self, request):
        server = self.server
        slot = server.slot(request)
        return server.after_press(pr.ACTION_DELETE, server.label(slot), self._delete_now, (slot,))

    def _delete_now(self, slot):
        self.context.store.delete(slot)
        self.server.recent.forget()  # the slots after it moved
        self.context.changed()
        return {"slot": slot}

    def rename(self, request):
        slot = self.server.slot(request)
        if "issuer" not in request and "account" not in request:
            raise bad_request("give 'issuer', 'account' or both")
        stored = self.context.store.public(slot)
        # only the fields given change
        issuer = label_field(request, "issuer") if "issuer" in request else stored["issuer"]
        name = label_field(request, "account") if "account" in request else stored["account"]
        if not issuer and not name:
            raise RequestError(wire.ERR_BAD_ACCOUNT, "an account needs an issuer, a name or both")
        other = self.find(issuer, name)
        if other is not None and other != slot:
            raise RequestError(wire.ERR_EXISTS,
                               "slot %d already has this issuer and name: pick another" % other,
                               {"slot": other})
        server = self.server
        return server.after_press(pr.ACTION_RENAME, server.label(slot), self._rename_now,
                                  (slot, issuer, name))

    def _rename_now(self, slot, issuer, name):
        self.context.store.rename(slot, issuer, name)
        self.context.changed()
        return {"slot": slot, "issuer": issuer, "account": name}

    def move(self, request):
        server = self.server
        slot = server.slot(request)
        target = server.slot(request, "to")
        return server.after_press(pr.ACTION_MOVE, server.label(slot), self._move_now,
                                  (slot, target))

    def _move_now(self, slot, target):
        self.context.store.move(slot, target)
        self.server.recent.forget()
        self.context.changed()
        return {"slot": target}

    def wipe(self, request):
        serial = self.context.info().get("serial")
        if request.get("confirm") != serial:
            raise RequestError(wire.ERR_CONFIRM,
                               "'confirm' must be the token's serial (see hello) to wipe it")
        count = len(self.context.store)
        what = "all %d accounts" % count if count != 1 else "the 1 account"
        return self.server.after_press(pr.ACTION_WIPE, what, self._wipe_now, ())

    def _wipe_now(self):
        self.context.store.wipe()
        self.server.recent.forget()
        self.context.changed()
        return {"accounts": 0}
