"""Host client for the token's wire protocol over a serial port (pyserial).

One request, one response, matched by ``id``: anything else read while waiting
(garbage, stale answers to an earlier host's requests) is skipped. Every read
has a deadline, so a silent token gives a clear error instead of a hang. A
request the owner must confirm on the token first gets a ``waiting`` answer: the
client says what to press (``on_wait``) and reads on for the final answer. The
port is opened exclusively (POSIX), so no other program reads answers meant for
this one; a response that repeats a key is refused, never half-believed.
"""

import itertools
import json
import math
import os
import random
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any

import serial

from totp import base32, wire
from totp.account import Account

from .errors import InputError, Interrupted, ProtocolError, TokenError, TokenRefused, printable

Response = dict[str, Any]  # one decoded answer line
OnWait = Callable[[str, Response], None]  # told (op, interim answer) while a press is awaited

DEFAULT_TIMEOUT = 3.0
# seconds to wait for each answer, for links slower than a board (an emulated one)
ENV_TIMEOUT = "TOTP_TOKEN_TIMEOUT"
MAX_TIMEOUT = 3600.0

LINK_DROPPED = ("the link to the token dropped during '%s': reconnect the token, then run "
                "`totp-token list` to see what is stored")
# operations that change the token, and the command that shows what they changed
CHANGES = {wire.OP_ADD: "list", wire.OP_DELETE: "list", wire.OP_RENAME: "list",
           wire.OP_MOVE: "list", wire.OP_WIPE: "list", wire.OP_SET_TIME: "time",
           wire.OP_SET_PIN: "info", wire.OP_REMOVE_PIN: "info"}
INTERRUPTED_CHANGE = ("interrupted while the token was handling '%s': that change happened "
                      "completely or not at all; run `totp-token %s` to see which")
INTERRUPTED_READ = ("interrupted while waiting for the token's answer to '%s': nothing was "
                    "changed by it")
# refusals of what the user asked for (exit 1), not failures of the token
BAD_INPUT_ERRORS = (wire.ERR_BAD_ACCOUNT, wire.ERR_EXISTS, wire.ERR_NO_SLOT, wire.ERR_CONFIRM,
                    wire.ERR_NO_PIN)
MISMATCH_HINT = ("this tool and the token's firmware may not match: update the firmware "
                 "(`totp-token deploy`)")
REFUSAL_HINTS = {
    wire.ERR_CLOCK: "set the clock with `totp-token time --set`",
    wire.ERR_NO_SLOT: "see `totp-token list` for the slots",
    wire.ERR_STORAGE: "see `totp-token info`",
    wire.ERR_INTERNAL: "try again; if it keeps failing, unplug the token and plug it in again",
    wire.ERR_BAD_JSON: MISMATCH_HINT, wire.ERR_TOO_LONG: MISMATCH_HINT,
    wire.ERR_BAD_REQUEST: MISMATCH_HINT, wire.ERR_UNKNOWN_OP: MISMATCH_HINT,
    wire.ERR_NO_PRESS: "run the command again and press the token's button when it asks",
    wire.ERR_BUSY: "the token is waiting for a press for another request",
    wire.ERR_LOCKED: "enter the PIN on the token, then run this again",
    wire.ERR_WRONG_PIN: "run the command again and enter the token's current PIN on it",
}
# refusals whose token text already says what the hint says: the tool's words instead
REFUSAL_WORDS: dict[Any, str] = {wire.ERR_LOCKED: "it is locked"}
# what a waiting request does once pressed, by its `action` (the label follows)
ACTIONS = {"code": "send the code for", "delete": "delete", "rename": "rename",
           "move": "move", "wipe": "erase", "replace": "replace", "set_pin": "",
           "maintenance": "restart for a"}
# the same, when the token waits for its current PIN instead of a press
PIN_ACTIONS = {"set_pin": "change", "remove_pin": "remove"}
# interim answers: the token waits for the owner's press, or for the PIN on its buttons
WAITS = (wire.WAITING_PRESS, wire.WAITING_PIN)
PORT_HELD = ("another program has %s open (a serial monitor, an editor's serial console, or "
             "another totp-token): close it and run this again")


def say_waiting(op: str, response: Response) -> None:
    """The default ``on_wait``: tell the person at the computer what to press, on stderr."""
    print(waiting_message(op, response), file=sys.stderr, flush=True)


def waiting_message(op: str, response: Response) -> str:
    """E.g. 'Press B on the token to send the code for ACME:bob (15 s)...'."""
    if response.get(wire.WAITING) == wire.WAITING_PIN:
        action = PIN_ACTIONS.get(str(response.get("action")), "allow '%s' for" % op)
        return "Enter the token's current PIN on its buttons to %s %s (%s s)..." % (
            action, printable(response.get("label", "")),
            printable(response.get("seconds", wire.PIN_WINDOW_S)))
    button = printable(response.get("button") or "the type button")
    verb = "Hold" if button.startswith("hold ") else "Press"
    if verb == "Hold":
        button = button[len("hold "):]
    action = ACTIONS.get(str(response.get("action")), "allow '%s' for" % op)
    what = " ".join(part for part in (action, printable(response.get("label", ""))) if part)
    return "%s %s on the token to %s (%s s)..." % (
        verb, button, what, printable(response.get("seconds", wire.PRESS_WINDOW_S)))


class Client:
    """A connection to one token. Use as a context manager, or call ``close()``."""

    def __init__(self, port: str, timeout: float = DEFAULT_TIMEOUT, origin: str | None = None,
                 on_wait: OnWait = say_waiting) -> None:
        self.port = port
        self.timeout = timeout
        self.on_wait = on_wait
        # ids start at a random point so answers left over from an earlier session never match
        self._ids = itertools.count(random.randrange(1, 1 << 30))
        # exclusive (a flock) exists on POSIX only; Windows opens COM ports exclusively anyway
        options = {"exclusive": True} if os.name == "posix" else {}
        try:
            self._serial = serial.Serial(port, baudrate=115200, timeout=0.1,
                                         write_timeout=timeout, **options)
        except (serial.SerialException, OSError, ValueError) as exc:
            if "exclusively lock" in str(exc):
                raise TokenError(PORT_HELD % port) from None
            raise TokenError("cannot open %s%s (%s): check the path, that the token is plugged "
                             "in, and that no other program holds the port"
                             % (port, " (from %s)" % origin if origin else "", exc)) from None
        self._serial.reset_input_buffer()  # answers meant for an earlier host
        self.hello_info: Response = {}  # the `hello` answer, once hello() has run

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._serial.close()

    # -- transport ---------------------------------------------------------

    def request(self, op: str, **fields: Any) -> Response:
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
            response = self._read_response(op, request_id, self.timeout)
            if response.get("ok") and response.get(wire.WAITING) in WAITS:
                self.on_wait(op, response)
                seconds = response.get("seconds")
                window = seconds if isinstance(seconds, int) and 0 < seconds <= 600 \
                    else max(wire.PRESS_WINDOW_S, wire.PIN_WINDOW_S)
                response = self._read_response(op, request_id, window + self.timeout)
        except KeyboardInterrupt:
            if op in CHANGES:
                raise Interrupted(INTERRUPTED_CHANGE % (op, CHANGES[op])) from None
            raise Interrupted(INTERRUPTED_READ % op) from None
        if not response.get("ok"):
            raise refusal(op, response)
        return response

    def _read_response(self, op: str, request_id: int, timeout: float) -> Response:
        deadline = time.monotonic() + timeout
        pending = b""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TokenError("the token did not answer '%s' within %g s: check it is "
                                 "plugged in and running the totp-token firmware (not in "
                                 "maintenance mode)" % (op, timeout))
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
            try:
                response = _decode(line)
            except _RepeatedKey as exc:
                raise ProtocolError("the token's answer to '%s' repeats the key '%s', so it "
                                    "cannot be trusted: %s" % (op, printable(exc.key),
                                                               MISMATCH_HINT)) from None
            if response is not None and response.get("id") == request_id:
                return response
            # stale answer, noise, or an error about garbage (id null): skip it

    # -- operations ----------------------------------------------------------

    def hello(self) -> Response:
        info = self.request(wire.OP_HELLO)
        if info.get("protocol") != wire.PROTOCOL_VERSION:
            raise ProtocolError("the token speaks protocol %r, this tool speaks %d: update the "
                                "firmware (`totp-token deploy`) or this tool to match"
                                % (info.get("protocol"), wire.PROTOCOL_VERSION))
        self.hello_info = info
        return info

    def accounts(self) -> list[Response]:
        """Every account's public fields, in slot order."""
        accounts: list[Response] = []
        start: int | None = 0
        while start is not None:
            page = self.request(wire.OP_LIST, start=start)
            accounts.extend(page["accounts"])
            start = page.get("next")
        return accounts

    def add(self, account: Account, replace: bool = False) -> int:
        """Send one account (the secret travels host -> token only); returns its slot."""
        fields = {
            "issuer": account.issuer, "account": account.name, "type": account.kind,
            "algorithm": account.algorithm, "digits": account.digits,
            "period": account.period, "counter": account.counter,
            "secret": base32.encode(account.secret), "replace": replace,
        }
        return self.request(wire.OP_ADD, **fields)["slot"]

    def match(self, account: Account) -> Response:
        """Whether the token holds this account under its issuer and name, with the same
        secret and parameters (yes/no answers; the token never sends a secret)."""
        return self.request(wire.OP_MATCH, **_account_fields(account))

    def compact(self) -> Response:
        """Reclaim the space of deleted and changed accounts now."""
        return self.request(wire.OP_COMPACT)

    def code(self, slot: int) -> Response:
        """The code of ``slot`` at the token's own time, once the owner presses the token."""
        return self.request(wire.OP_CODE, slot=slot)

    def set_pin(self, pin: str) -> Response:
        """Give the token a new PIN (ASCII digits); it then asks for the current PIN on its
        buttons, or for a press when it has none. The PIN is never sent back."""
        return self.request(wire.OP_SET_PIN, pin=pin)

    def remove_pin(self) -> Response:
        """Take the PIN off, once the current one is entered on the token."""
        return self.request(wire.OP_REMOVE_PIN)

    def maintenance(self) -> Response:
        """After a press, the token restarts in maintenance mode for that boot only."""
        return self.request(wire.OP_MAINTENANCE)

    def verify(self, slot: int, code: str, at: int | None = None) -> bool:
        """Whether the token computes ``code`` for ``slot`` (just added) at ``at`` (its clock
        when None): True or False; the token allows a few tries per new account."""
        fields: dict[str, Any] = {"slot": slot, "code": code}
        if at is not None:
            fields["time"] = at
        return self.request(wire.OP_VERIFY, **fields)["match"] is True


def _account_fields(account: Account) -> dict[str, Any]:
    return {"issuer": account.issuer, "account": account.name, "type": account.kind,
            "algorithm": account.algorithm, "digits": account.digits,
            "period": account.period, "counter": account.counter,
            "secret": base32.encode(account.secret)}


def refusal(op: str, response: Response) -> TokenRefused:
    """The TokenRefused for an error response: the token's words plus what to do."""
    code = response.get("error")
    words = REFUSAL_WORDS.get(code) or printable(response.get("message"))
    message = "the token refused '%s': %s" % (op, words)
    if code in REFUSAL_HINTS:
        message += " (%s)" % REFUSAL_HINTS[code]
    refused = TokenRefused(message, code=code, bad_input=code in BAD_INPUT_ERRORS)
    refused.response = response
    return refused


class _RepeatedKey(ValueError):
    def __init__(self, key):
        super().__init__(key)
        self.key = key


def _unique_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _RepeatedKey(key)
        result[key] = value
    return result


def _decode(line: bytes) -> Response | None:
    """The response object on ``line``, None for noise; raises _RepeatedKey."""
    try:
        value = json.loads(line.decode("utf-8"), object_pairs_hook=_unique_keys)
    except _RepeatedKey:
        raise
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def answer_timeout(environ: Mapping[str, str] | None = None) -> float:
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


def connect(port: str | None = None, timeout: float | None = None,
            on_wait: OnWait = say_waiting) -> Client:
    """Open the token named by ``port`` (or found automatically) and say hello."""
    from .ports import check_port_path, find_port, port_origin

    if timeout is None:
        timeout = answer_timeout()

    path = find_port(port)
    origin = port_origin(port)
    check_port_path(path, origin)
    client = Client(path, timeout=timeout, origin=origin, on_wait=on_wait)
    try:
        client.hello()
    except BaseException:
        client.close()
        raise
    return client
