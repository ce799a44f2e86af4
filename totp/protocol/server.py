"""The protocol server, the token's side of the wire: JSON lines in, one JSON line out each.

``Server(context).poll(stream)`` is called once per app step. It reads only
what ``stream.in_waiting`` reports (never blocks), cuts lines with
``totp.protocol.line_reader.LineReader`` (bounded, over-long lines dropped unstored) and
answers each request with one line. Nothing it sends ever holds secret bytes;
the operations and their fields are in docs/protocol.md.

``stream``: ``in_waiting`` (int), ``read(n)`` -> bytes, ``write(bytes)``,
like ``usb_cdc.data`` with ``timeout = 0`` (and a short ``write_timeout``, so
a host that stops reading cannot stall the app).

``context`` must offer:

- ``store``: a ``totp.store.Store``;
- ``clock``: ``now()`` -> int UTC seconds, or ``None`` while the time is not
  valid; ``set(unix)`` sets it and makes it valid;
- ``info()`` -> dict with ``board`` (str) and ``serial`` (str, unique per
  token), optionally ``name`` and ``firmware``; copied into ``hello``;
- ``changed()``: called after anything the screen shows changed (accounts,
  their order or names, or the clock), so the UI reloads;
- ``press_button()`` -> the words naming the button that confirms (e.g. ``"B"`` or
  ``"hold A"``), or None when the token has no button (then nothing that needs a press
  is possible);
- ``require_press`` (bool, optional, default True): False lets codes out without a
  press (the owner's setting); changes always need one.

Codes and changes other than adding a new account wait for the owner's press
(``totp.protocol.presence``): the server answers ``waiting`` at once, keeps the request, and
answers it finally when the app calls ``resolve(pressed)`` or the window runs out.
The operations that change stored accounts are in ``totp.protocol.changes``.
"""

from totp import VERSION, wire
from totp.account import HOTP, AccountError, entry_label
from totp.codes import code_at, make_otp
from totp.protocol import presence as pr
from totp.protocol.changes import Changes
from totp.protocol.fields import RequestError, bad_request, int_field, parse_request, text_field
from totp.protocol.line_reader import LineReader
from totp.protocol.responses import failure, success
from totp.store import StoreError, StoreFull

READS_PER_POLL = 4  # chunks of MAX_REQUEST_LINE bytes read per app step
# answered while a request waits for the press: nothing here gives out or changes anything
WHILE_WAITING = (wire.OP_HELLO, wire.OP_LIST, wire.OP_TIME)
_PENDING = object()  # a handler's result: the request now waits for the press


def _monotonic_ms():
    import time

    clock = getattr(time, "monotonic", None) or time.time
    return int(clock() * 1000) & 0x1FFFFFFF


class Server:
    def __init__(self, context, ticks_ms=None):
        self.context = context
        self.reader = LineReader(wire.MAX_REQUEST_LINE)
        self._stream = None
        self.ticks_ms = ticks_ms or _monotonic_ms
        self.pending = None  # the totp.protocol.presence.Pending request waiting for the press
        self._request_id = None  # of the request being handled
        self.recent = pr.RecentAdds()  # accounts `verify` may check
        self.changes = changes = Changes(self)
        self._handlers = {
            wire.OP_HELLO: self._hello,
            wire.OP_LIST: self._list,
            wire.OP_CODE: self._code,
            wire.OP_ADD: changes.add,
            wire.OP_DELETE: changes.delete,
            wire.OP_RENAME: changes.rename,
            wire.OP_MOVE: changes.move,
            wire.OP_TIME: self._time,
            wire.OP_SET_TIME: self._set_time,
            wire.OP_WIPE: changes.wipe,
            wire.OP_VERIFY: self._verify,
            wire.OP_MATCH: self._match,
            wire.OP_COMPACT: self._compact,
            wire.OP_SET_PIN: self._pin_op,
            wire.OP_REMOVE_PIN: self._pin_op,
            wire.OP_MAINTENANCE: self._pin_op,
        }

    def poll(self, stream):
        """Read what is waiting (up to READS_PER_POLL chunks), answer every complete line.

        Never blocks; a flood is worked off over several steps so the UI stays live.
        """
        self._stream = stream
        pending = self.pending
        if pending is not None and not pending.seconds_left(self.ticks_ms()):
            self._send(failure(pending.request_id, wire.ERR_NO_PRESS,
                               "nobody %s on the token within %d s: nothing was done"
                               % ("entered the PIN" if pending.needs_pin else "pressed",
                                  pending.window_s)))
            self.pending = None
        for _ in range(READS_PER_POLL):
            waiting = stream.in_waiting
            if not waiting:
                return
            chunk = stream.read(min(waiting, wire.MAX_REQUEST_LINE))
            if not chunk:
                return
            self.reader.feed(chunk, self._answer)

    def _answer(self, line):
        stream = self._stream  # set by poll(), which is the only caller
        if stream is None:
            return
        if line is None:
            response = failure(None, wire.ERR_TOO_LONG, "request line longer than %d bytes: "
                               "dropped" % (wire.MAX_REQUEST_LINE - 1))
        else:
            response = self.handle(line)
        self._send(response)

    def _send(self, response):
        stream = self._stream
        if stream is None:
            return
        try:
            stream.write(response.encode("utf-8") + b"\n")
        except OSError:
            pass  # the host went away; the next request starts afresh

    def handle(self, line):
        """Answer one request line (bytes, no terminator) with one JSON text."""
        try:
            request_id, op, request = parse_request(line)
        except RequestError as exc:
            return failure(None, exc.code, exc.message)
        handler = self._handlers.get(op) if isinstance(op, str) else None
        if handler is None:
            return failure(request_id, wire.ERR_UNKNOWN_OP,
                           "unknown 'op': use one of %s" % ", ".join(sorted(self._handlers)))
        if op != wire.OP_HELLO and self.context.store.locked:
            return failure(request_id, wire.ERR_LOCKED,
                           "the token is locked: enter the PIN on the token, then send this "
                           "again")
        if self.pending is not None and op not in WHILE_WAITING:
            return failure(request_id, wire.ERR_BUSY,
                           "the token is waiting for a press for another request: press it "
                           "or let %d s pass, then send this again" % wire.PRESS_WINDOW_S)
        self._request_id = request_id
        return self._run(request_id, handler, (request,))

    def resolve(self, pressed, wrong_pin=False):
        """The owner's answer to the waiting request: carry it out and answer, or refuse
        (``wrong_pin``: the PIN entered for it was wrong)."""
        pending = self.pending
        if pending is None:
            return
        self.pending = None
        if pressed:
            response = self._run(pending.request_id, pending.do, pending.args)
        elif wrong_pin:
            response = failure(pending.request_id, wire.ERR_WRONG_PIN,
                               "the PIN entered on the token was wrong: nothing was done")
        else:
            response = failure(pending.request_id, wire.ERR_NO_PRESS,
                               "refused on the token (another button was pressed): "
                               "nothing was done")
        self._send(response)

    def _run(self, request_id, handler, args):
        try:
            result = handler(*args)
            pending = self.pending
            if result is _PENDING and pending is not None:
                return self._waiting(request_id, pending)
            return success(request_id, result)
        except RequestError as exc:
            return failure(request_id, exc.code, exc.message, exc.extra)
        except StoreFull as exc:
            return self._full(request_id, exc)
        except AccountError:  # its text could quote a request field: name none
            return failure(request_id, wire.ERR_BAD_ACCOUNT,
                           "the account's fields are out of range: see docs/protocol.md")
        except StoreError as exc:
            return failure(request_id, wire.ERR_STORAGE, "storage refused: %s" % exc)
        except MemoryError:
            return failure(request_id, wire.ERR_INTERNAL, "out of memory: retry")
        except Exception as exc:  # noqa: BLE001 - the token must stay up
            # the type only: a message could quote request fields
            return failure(request_id, wire.ERR_INTERNAL,
                           "unexpected %s: retry, and report it if it repeats"
                           % type(exc).__name__)

    def _full(self, request_id, exc):
        store = self.context.store
        return failure(request_id, wire.ERR_FULL, str(exc),
                       {"needed": exc.needed, "free": exc.free,
                        "used_bytes": store.used_bytes(), "total_bytes": store.total_bytes()})

    def slot(self, request, key="slot"):
        count = len(self.context.store)
        if not count:
            raise RequestError(wire.ERR_NO_SLOT, "the token holds no accounts")
        slot = int_field(request, key, 0, (1 << 30) - 1)
        if slot >= count:
            raise RequestError(wire.ERR_NO_SLOT,
                               "slot %d does not exist: slots are 0 to %d" % (slot, count - 1))
        return slot

    def _clock_now(self):
        return self.context.clock.now()

    def label(self, slot):
        return entry_label(self.context.store.public(slot))

    # -- presence -----------------------------------------------------------

    def after_press(self, action, label, do, args, is_code=False, needs_pin=False):
        """Carry out ``do(*args)`` once the owner presses (now, for a code the owner's
        setting lets out freely), or with ``needs_pin`` once the owner enters the current
        PIN on the token; the caller returns what this returns."""
        if is_code and not getattr(self.context, "require_press", True):
            return do(*args)
        if self._button() is None:
            raise RequestError(wire.ERR_NO_PRESS,
                               "the token has no button to confirm with: wire one "
                               "(docs/build.md)")
        self.pending = pr.Pending(self._request_id, action, label, do, args, self.ticks_ms(),
                                  needs_pin)
        return _PENDING

    def _button(self):
        press_button = getattr(self.context, "press_button", None)
        return press_button() if press_button is not None else None

    def _waiting(self, request_id, pending):
        return success(request_id, {wire.WAITING: wire.WAITING_PIN if pending.needs_pin
                                    else wire.WAITING_PRESS,
                                    "action": pending.action, "label": pending.label,
                                    "button": self._button(),
                                    "seconds": pending.window_s})

    # -- operations --------------------------------------------------------

    def _hello(self, request):
        store = self.context.store
        now = self._clock_now()
        result = {
            "protocol": wire.PROTOCOL_VERSION,
            "firmware": VERSION,
            "max_line": wire.MAX_REQUEST_LINE,
            "accounts": len(store),
            # estimate: typical accounts (20-byte secret, 32-byte label) that would fit in all
            "max_accounts": len(store) + store.capacity_estimate(),
            "used_bytes": store.used_bytes(),
            "total_bytes": store.total_bytes(),
            "clock_valid": now is not None,
            "time": now,
            "storage_ok": store.problem is None,
            "storage_problem": store.problem,
            "storage_notice": store.notice,
            "press_codes": bool(getattr(self.context, "require_press", True)),
            "deletes_at_once": store.deletes_at_once(),
            # the PIN's state: never anything that helps check a guess
            "pin": store.has_pin,
            "locked": store.locked,
            "pin_tries_left": store.pin_tries_left() if store.has_pin else None,
        }
        info = self.context.info()
        for key in info:
            result[key] = info[key]
        return result

    def _list(self, request):
        store = self.context.store
        count = len(store)
        start = int_field(request, "start", 0, (1 << 30) - 1, 0)
        end = min(count, start + wire.LIST_PAGE)
        accounts = []
        for slot in range(start, end):
            entry = dict(store.public(slot))  # a copy: the store may hand out its own
            entry["slot"] = slot
            accounts.append(entry)
        return {"accounts": accounts, "total": count, "next": end if end < count else None}

    def _code(self, request):
        if "time" in request:
            raise bad_request("'time' is not accepted: the token gives the code for its own "
                              "clock only")
        slot = self.slot(request)
        if self.context.store.public(slot)["type"] != HOTP:
            self._token_time()  # refuse now, not after the press, when there is no clock
        return self.after_press(pr.ACTION_CODE, self.label(slot), self._send_code, (slot,),
                                 True)

    def _token_time(self):
        unix = self._clock_now()
        if unix is None:
            raise RequestError(wire.ERR_CLOCK,
                               "the token's clock is not set: set it from the host")
        return unix

    def _send_code(self, slot):
        store = self.context.store
        account = store.get(slot)
        result = {"slot": slot, "issuer": account.issuer, "account": account.name}
        if account.kind == HOTP:
            # durable before the code exists: a power cut never lets this counter out twice,
            # and the screen's next press uses the next one
            store.set_counter(slot, account.counter + 1)
            self.context.changed()
            result["code"] = make_otp(account).hotp(account.counter)
            result["counter"] = account.counter
            return result
        unix = self._token_time()
        result["code"] = code_at(account, unix)
        result["time"] = unix
        result["seconds_left"] = account.period - unix % account.period
        return result

    def _verify(self, request):
        slot = self.slot(request)
        code = text_field(request, "code")
        unix = None
        if "time" in request:
            unix = int_field(request, "time", 0, wire.MAX_VERIFY_TIME)
        if not self.recent.take_try(slot, self.ticks_ms()):
            raise RequestError(wire.ERR_NO_VERIFY,
                               "verify works for %d tries within %d s of adding an account: "
                               "add it again with replace=true to check it"
                               % (wire.VERIFY_TRIES, wire.VERIFY_WINDOW_S))
        account = self.context.store.get(slot)
        generator = make_otp(account)
        if account.kind == HOTP:
            match = generator.hotp(account.counter) == code
        else:
            if unix is None:
                unix = self._token_time()
            step = unix // account.period
            match = False
            for offset in (-1, 0, 1):  # one step either side: the two clocks may differ
                if step + offset >= 0 and generator.hotp(step + offset) == code:
                    match = True
        if match:
            self.recent.forget(slot)
        return {"slot": slot, "match": match}

    def _time(self, request):
        now = self._clock_now()
        return {"time": now, "clock_valid": now is not None}

    def _set_time(self, request):
        unix = int_field(request, "time", wire.MIN_SET_TIME, wire.MAX_SET_TIME)
        try:
            self.context.clock.set(unix)
        except (ValueError, OSError) as exc:
            # the clock's own words: a year it cannot hold, or no clock chip
            raise RequestError(wire.ERR_CLOCK, "cannot set the clock: %s" % exc) from None
        self.context.changed()
        now = self._clock_now()
        return {"time": now, "clock_valid": now is not None}

    def _match(self, request):
        from totp.protocol.store_requests import match
        return match(self, request)

    def _pin_op(self, request):
        from totp.protocol.pin_requests import HANDLERS
        return HANDLERS[request["op"]](self, request)

    def _compact(self, request):
        from totp.protocol.store_requests import compact
        # a compaction is the one moment a power cut can cost every account (RP2040):
        # only with the owner's knowledge
        return self.after_press(pr.ACTION_COMPACT, "deleted data", compact, (self, request))

