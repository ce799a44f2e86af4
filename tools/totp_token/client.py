"""Host client for the token's wire protocol over a serial port (pyserial).

One request, one response, matched by ``id``: anything else read while waiting
(garbage, stale answers to an earlier host's requests) is skipped. Every read
has a deadline, so a silent token gives a clear error instead of a hang.
"""

import itertools
import json
import math
import os
import random
import time

import serial

from totp import base32, wire

from .errors import InputError, Interrupted, ProtocolError, TokenError, TokenRefused, printable

DEFAULT_TIMEOUT = 3.0
# seconds to wait for each answer, for links slower than a board (an emulated one)
ENV_TIMEOUT = "TOTP_TOKEN_TIMEOUT"
MAX_TIMEOUT = 3600.0

LINK_DROPPED = ("the link to the token dropped during '%s': reconnect the token, then run "
                "`totp-token list` to see what is stored")
# operations that change the token, and the command that shows what they changed
CHANGES = {wire.OP_ADD: "list", wire.OP_DELETE: "list", wire.OP_RENAME: "list",
           wire.OP_MOVE: "list", wire.OP_WIPE: "list", wire.OP_SET_TIME: "time"}
INTERRUPTED_CHANGE = ("interrupted while the token was handling '%s': that change happened "
                      "completely or not at all; run `totp-token %s` to see which")
INTERRUPTED_READ = ("interrupted while waiting for the token's answer to '%s': nothing was "
                    "changed by it")
# refusals of what the user asked for (exit 1), not failures of the token
BAD_INPUT_ERRORS = (wire.ERR_BAD_ACCOUNT, wire.ERR_EXISTS, wire.ERR_NO_SLOT, wire.ERR_CONFIRM)
MISMATCH_HINT = ("this tool and the token's firmware may not match: update the firmware "
                 "(`totp-token deploy`)")
REFUSAL_HINTS = {
    wire.ERR_CLOCK: "set the clock with `totp-token time --set`",
    wire.ERR_NO_SLOT: "see `totp-token list` for the slots",
    wire.ERR_STORAGE: "see `totp-token info`",
    wire.ERR_INTERNAL: "try again; if it keeps failing, unplug the token and plug it in again",
    wire.ERR_BAD_JSON: MISMATCH_HINT, wire.ERR_TOO_LONG: MISMATCH_HINT,
    wire.ERR_BAD_REQUEST: MISMATCH_HINT, wire.ERR_UNKNOWN_OP: MISMATCH_HINT,
}


class Client:
    """A connection to one token. Use as a context manager, or call ``close()``."""

    def __init__(self, port, timeout=DEFAULT_TIMEOUT, origin=None):
        self.port = port
        self.timeout = timeout
        # ids start at a random point so answers left over from an earlier session never match
        self._ids = itertools.count(random.randrange(1, 1 << 30))
        try:
            self._serial = serial.Serial(port, baudrate=115200, timeout=0.1, write_timeout=timeout)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise TokenError("cannot open %s%s (%s): check the path, that the token is plugged "
                             "in, and that no other program holds the port"
                             % (port, " (from %s)" % origin if origin else "", exc)) from None
        self._serial.reset_input_buffer()  # answers meant for an earlier host
        self.hello_info = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._serial.close()

    # -- transport ---------------------------------------------------------

    def request(self, op, **fields):
        """Send one request and return the response dict; raise TokenRefused on an error."""
        request_id = next(self._ids)
        message = {"id": request_id, "op": op}
        message.update(fields)
        # raw UTF-8, not \u escapes: MicroPython's json splits escaped surrogate pairs
        line = json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        if len(line) + 1 > wire.MAX_REQUEST_LINE:
            raise ProtocolError("the '%s' request is %d bytes, over the token's %d-byte line "
                                "limit: shorten the names" % (op, len(line), wire.MAX_REQUEST_LINE))
        try:
            try:
                # the leading newline ends any half line a previous host left behind
                self._serial.write(b"\n" + line + b"\n")
            except (serial.SerialException, OSError) as exc:
                raise TokenError(LINK_DROPPED % op) from exc
            response = self._read_response(op, request_id)
        except KeyboardInterrupt:
            if op in CHANGES:
                raise Interrupted(INTERRUPTED_CHANGE % (op, CHANGES[op])) from None
            raise Interrupted(INTERRUPTED_READ % op) from None
        if not response.get("ok"):
            raise refusal(op, response)
        return response

    def _read_response(self, op, request_id):
        deadline = time.monotonic() + self.timeout
        pending = b""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TokenError("the token did not answer '%s' within %g s: check it is "
                                 "plugged in and running the totp-token firmware (not in "
                                 "maintenance mode)" % (op, self.timeout))
            try:
                chunk = self._serial.read_until(b"\n", wire.MAX_RESPONSE_LINE + 1 - len(pending))
            except (serial.SerialException, OSError) as exc:
                raise TokenError(LINK_DROPPED % op) from exc
            pending += chunk
            if not pending.endswith(b"\n"):
                if len(pending) > wire.MAX_RESPONSE_LINE:
                    pending = b""  # runaway garbage: drop it and keep waiting
                continue
            line, pending = pending, b""
            response = _decode(line)
            if response is not None and response.get("id") == request_id:
                return response
            # stale answer, noise, or an error about garbage (id null): skip it

    # -- operations ----------------------------------------------------------

    def hello(self):
        info = self.request(wire.OP_HELLO)
        if info.get("protocol") != wire.PROTOCOL_VERSION:
            raise ProtocolError("the token speaks protocol %r, this tool speaks %d: update the "
                                "firmware (`totp-token deploy`) or this tool to match"
                                % (info.get("protocol"), wire.PROTOCOL_VERSION))
        self.hello_info = info
        return info

    def accounts(self):
        """Every account's public fields, in slot order."""
        accounts = []
        start = 0
        while start is not None:
            page = self.request(wire.OP_LIST, start=start)
            accounts.extend(page["accounts"])
            start = page.get("next")
        return accounts

    def add(self, account, replace=False):
        """Send one account (the secret travels host -> token only); returns its slot."""
        fields = {
            "issuer": account.issuer, "account": account.name, "type": account.kind,
            "algorithm": account.algorithm, "digits": account.digits,
            "period": account.period, "counter": account.counter,
            "secret": base32.encode(account.secret), "replace": replace,
        }
        return self.request(wire.OP_ADD, **fields)["slot"]

    def code(self, slot, at=None):
        fields = {"slot": slot}
        if at is not None:
            fields["time"] = at
        return self.request(wire.OP_CODE, **fields)


def refusal(op, response):
    """The TokenRefused for an error response: the token's words plus what to do."""
    code = response.get("error")
    message = "the token refused '%s': %s" % (op, printable(response.get("message")))
    if code in REFUSAL_HINTS:
        message += " (%s)" % REFUSAL_HINTS[code]
    refused = TokenRefused(message, code=code, bad_input=code in BAD_INPUT_ERRORS)
    refused.response = response
    return refused


def _decode(line):
    try:
        value = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def answer_timeout(environ=None):
    """Seconds to wait for an answer: $TOTP_TOKEN_TIMEOUT if set, else the default."""
    text = (os.environ if environ is None else environ).get(ENV_TIMEOUT, "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value <= MAX_TIMEOUT:  # also refuses nan
        raise InputError("$%s must be a number of seconds above 0 and at most %g, not %r: "
                         "fix it or unset it" % (ENV_TIMEOUT, MAX_TIMEOUT, printable(text)))
    return value


def connect(port=None, timeout=None):
    """Open the token named by ``port`` (or found automatically) and say hello."""
    from .ports import check_port_path, find_port, port_origin

    if timeout is None:
        timeout = answer_timeout()

    path = find_port(port)
    origin = port_origin(port)
    check_port_path(path, origin)
    client = Client(path, timeout=timeout, origin=origin)
    try:
        client.hello()
    except BaseException:
        client.close()
        raise
    return client
