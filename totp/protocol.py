"""Token side of the wire protocol: JSON lines in, one JSON line out per request.

``Server(context).poll(stream)`` is called once per app step. It reads only
what ``stream.in_waiting`` reports (never blocks), cuts lines with
``totp.framing.LineReader`` (bounded, over-long lines dropped unstored) and
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
  their order or names, or the clock), so the UI reloads.
"""

from totp import VERSION, base32, wire
from totp.account import HOTP, STEAM, Account, AccountError
from totp.framing import (
    LineReader,
    RequestError,
    bad_request,
    failure,
    int_field,
    label_field,
    parse_request,
    success,
    text_field,
)
from totp.otp import OTP
from totp.store import StoreError, StoreFull

READS_PER_POLL = 4  # chunks of MAX_REQUEST_LINE bytes read per app step


def code_at(account, unix):
    """The account's code at ``unix`` seconds; HOTP uses the stored counter (never advanced)."""
    generator = OTP(account.secret, algorithm=account.algorithm, digits=account.digits,
                    period=account.period, steam=account.kind == STEAM)
    if account.kind == HOTP:
        return generator.hotp(account.counter)
    return generator.totp(unix)


class Server:
    def __init__(self, context):
        self.context = context
        self.reader = LineReader(wire.MAX_REQUEST_LINE)
        self._stream = None
        self._handlers = {
            wire.OP_HELLO: self._hello,
            wire.OP_LIST: self._list,
            wire.OP_CODE: self._code,
            wire.OP_ADD: self._add,
            wire.OP_DELETE: self._delete,
            wire.OP_RENAME: self._rename,
            wire.OP_MOVE: self._move,
            wire.OP_TIME: self._time,
            wire.OP_SET_TIME: self._set_time,
            wire.OP_WIPE: self._wipe,
            wire.OP_MATCH: self._match,
            wire.OP_COMPACT: self._compact,
        }

    def poll(self, stream):
        """Read what is waiting (up to READS_PER_POLL chunks), answer every complete line.

        Never blocks; a flood is worked off over several steps so the UI stays live.
        """
        self._stream = stream
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
        try:
            return success(request_id, handler(request))
        except RequestError as exc:
            return failure(request_id, exc.code, exc.message, exc.extra)
        except StoreFull as exc:
            return self._full(request_id, exc)
        except AccountError as exc:  # a label the store validated; the text holds no secret
            return failure(request_id, wire.ERR_BAD_ACCOUNT, str(exc))
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

    def _slot(self, request, key="slot"):
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
            "deletes_at_once": store.deletes_at_once(),
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
        slot = self._slot(request)
        account = self.context.store.get(slot)
        if "time" in request:
            unix = int_field(request, "time", 0, wire.MAX_CODE_TIME)
        else:
            unix = self._clock_now()
            if unix is None:
                raise RequestError(wire.ERR_CLOCK,
                                   "the token's clock is not set: set it from the host")
        result = {"slot": slot, "issuer": account.issuer, "account": account.name,
                  "code": code_at(account, unix), "time": unix}
        if account.kind == HOTP:
            result["counter"] = account.counter
        else:
            result["seconds_left"] = account.period - unix % account.period
        return result

    def _add(self, request):
        replace = request.get("replace", False)
        if not isinstance(replace, bool):
            raise bad_request("'replace' must be true or false")
        try:
            secret = base32.decode(text_field(request, "secret"))
        except ValueError:
            # the decoder's message quotes a character of the secret: never echo it
            raise RequestError(wire.ERR_BAD_ACCOUNT,
                               "'secret' is not base32 (A-Z, 2-7): send it in base32") from None
        try:
            account = Account(
                secret,
                issuer=label_field(request, "issuer"),
                name=label_field(request, "account"),
                kind=text_field(request, "type", "totp"),
                algorithm=text_field(request, "algorithm", "SHA1"),
                digits=int_field(request, "digits", 0, 99, 6),
                period=int_field(request, "period", 0, 1 << 30, 30),
                counter=int_field(request, "counter", 0, (1 << 53) - 1, 0),
            )
            code_at(account, 0)  # the OTP core's own checks (Steam codes are SHA1 only)
        except (AccountError, ValueError) as exc:
            raise RequestError(wire.ERR_BAD_ACCOUNT, str(exc)) from None
        store = self.context.store
        existing = self._find(account.issuer, account.name)
        if existing is not None and not replace:
            raise RequestError(wire.ERR_EXISTS,
                               "an account with this issuer and name is in slot %d: "
                               "send replace=true to overwrite it" % existing,
                               {"slot": existing})
        if existing is None:
            slot = store.add(account)
        else:
            store.replace(existing, account)
            slot = existing
        self.context.changed()
        return {"slot": slot, "replaced": existing is not None}

    def _find(self, issuer, name):
        store = self.context.store
        issuer = issuer.lower()
        name = name.lower()
        for slot in range(len(store)):
            entry = dict(store.public(slot))  # a copy: the store may hand out its own
            if entry["issuer"].lower() == issuer and entry["account"].lower() == name:
                return slot
        return None

    def _delete(self, request):
        slot = self._slot(request)
        self.context.store.delete(slot)
        self.context.changed()
        return {"slot": slot}

    def _rename(self, request):
        slot = self._slot(request)
        issuer = label_field(request, "issuer")
        name = label_field(request, "account")
        if not issuer and not name:
            raise RequestError(wire.ERR_BAD_ACCOUNT, "give an issuer, an account name or both")
        other = self._find(issuer, name)
        if other is not None and other != slot:
            raise RequestError(wire.ERR_EXISTS,
                               "slot %d already has this issuer and name: pick another" % other,
                               {"slot": other})
        self.context.store.rename(slot, issuer, name)
        self.context.changed()
        return {"slot": slot}

    def _move(self, request):
        slot = self._slot(request)
        target = self._slot(request, "to")
        self.context.store.move(slot, target)
        self.context.changed()
        return {"slot": target}

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
        from totp.protocol_store import match
        return match(self, request)

    def _compact(self, request):
        from totp.protocol_store import compact
        return compact(self, request)

    def _wipe(self, request):
        serial = self.context.info().get("serial")
        if request.get("confirm") != serial:
            raise RequestError(wire.ERR_CONFIRM,
                               "'confirm' must be the token's serial (see hello) to wipe it")
        self.context.store.wipe()
        self.context.changed()
        return {"accounts": 0}

