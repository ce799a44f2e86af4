"""The PIN's requests: `set_pin`, `remove_pin` and `maintenance`.

Imported by ``totp.protocol.server`` only when one of them arrives, so a token that
never uses a PIN keeps no heap for them. A PIN arrives in `set_pin` like a secret in
`add`: checked (``wire.PIN_MIN`` to ``wire.PIN_MAX`` ASCII digits) and never quoted
back, in a message or anywhere else. With a PIN set, changing or removing it waits for
the current PIN on the token's wheel (``needs_pin``); without one, setting it waits
for a press. `maintenance` waits for a press on the unlocked token (the server refuses
every request but `hello` while it is locked), then the app marks the next boot and
resets.
"""

from totp import wire
from totp.protocol import presence as pr
from totp.protocol.fields import RequestError, bad_request, text_field


def pin_field(request):
    """The new PIN as ASCII bytes, or bad_request naming the rule (not the value)."""
    text = text_field(request, "pin")
    if not wire.PIN_MIN <= len(text) <= wire.PIN_MAX:
        raise bad_request("'pin' must be %d to %d digits" % (wire.PIN_MIN, wire.PIN_MAX))
    for char in text:
        if not "0" <= char <= "9":
            raise bad_request("'pin' must be digits only (0-9)")
    return text.encode()


def set_pin(server, request):
    pin = pin_field(request)
    if server.context.store.has_pin:
        return server.after_press(pr.ACTION_SET_PIN, "the PIN", _set, (server, pin),
                                  needs_pin=True)
    return server.after_press(pr.ACTION_SET_PIN, "set a new PIN", _set, (server, pin))


def _set(server, pin):
    context = server.context
    context.store.set_pin(pin)  # one KDF: about a second on a board
    context.changed()
    if getattr(context, "lock", False) is None:  # the app, without a lock until now
        from totp.lock import attach

        attach(context)
    return {"pin": True}


def remove_pin(server, request):
    if not server.context.store.has_pin:
        raise RequestError(wire.ERR_NO_PIN, "the token has no PIN: nothing to remove")
    return server.after_press(pr.ACTION_REMOVE_PIN, "the PIN", _remove, (server,),
                              needs_pin=True)


def _remove(server):
    server.context.store.remove_pin()
    server.context.changed()
    return {"pin": False}


def maintenance(server, request):
    devices = getattr(server.context, "devices", None)
    if getattr(devices, "sleep_memory", None) is None or getattr(devices, "reset", None) is None:
        raise bad_request("this board cannot carry the request to its next boot (no "
                          "alarm.sleep_memory): hold A while plugging it in instead")
    return server.after_press(pr.ACTION_MAINTENANCE, "maintenance boot", _maintenance,
                              (server,))


def _maintenance(server):
    from totp.maintenance import start

    start(server.context)  # the app resets once this answer has left
    return {"restarting": True}


HANDLERS = {wire.OP_SET_PIN: set_pin, wire.OP_REMOVE_PIN: remove_pin,
            wire.OP_MAINTENANCE: maintenance}
