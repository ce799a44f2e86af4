"""Request lines into checked fields, and the refusal they raise. Portable.

``parse_request`` reads one line as a JSON object and refuses a line that repeats
a key (``top_level_pairs``). The field readers, and ``account_from`` which builds
an ``Account`` from an `add` request, raise ``RequestError`` with a message that
names the field, never its value, so an answer can never echo a secret or any
other request text back.
"""

import json

from totp import base32, wire
from totp.account import (
    ALGORITHMS,
    KINDS,
    MAX_COUNTER,
    MAX_DIGITS,
    MAX_LABEL_BYTES,
    MAX_PERIOD,
    MIN_DIGITS,
    STEAM,
    Account,
    AccountError,
)


class RequestError(Exception):
    """A request the token refuses; ``code`` is a wire.ERR_* value."""

    def __init__(self, code, message, extra=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra


def parse_request(line):
    """``(id, op, request dict)`` of a request line; raises RequestError (the answer to
    a line this broken carries ``id`` null)."""
    try:
        request = json.loads(line.decode("utf-8"))
    except Exception:  # noqa: BLE001
        # bad UTF-8, bad JSON (ValueError on MicroPython, a subclass on CPython),
        # or nesting deep enough to exhaust recursion (RuntimeError)
        request = None
    if not isinstance(request, dict):
        raise RequestError(wire.ERR_BAD_JSON, "not a JSON object: send one object per line")
    if top_level_pairs(line) != len(request):
        # json keeps the last of repeated keys, so {"op":"hello","op":"delete"} would be a
        # delete that looks like a hello to anything reading the line differently
        raise RequestError(wire.ERR_BAD_JSON, "a key appears twice: send each field once")
    request_id = request.get("id")
    if not (request_id is None or isinstance(request_id, str)
            or (isinstance(request_id, int) and not isinstance(request_id, bool))):
        raise RequestError(wire.ERR_BAD_REQUEST, "'id' must be an integer or a string")
    if isinstance(request_id, str) and len(request_id) > wire.MAX_ID_CHARS:
        raise RequestError(wire.ERR_BAD_REQUEST,
                           "'id' is longer than %d characters" % wire.MAX_ID_CHARS)
    if isinstance(request_id, int) and not -(1 << 53) < request_id < (1 << 53):
        raise RequestError(wire.ERR_BAD_REQUEST, "'id' must fit in 53 bits")
    return request_id, request.get("op"), request


_QUOTE = 0x22
_BACKSLASH = 0x5C
_COLON = 0x3A
_OPENERS = (0x7B, 0x5B)  # { [
_CLOSERS = (0x7D, 0x5D)  # } ]


def top_level_pairs(line):
    """How many key/value pairs the outermost object of valid JSON ``line`` (bytes) holds.

    Counts the colons at depth 1 outside strings, so a key written twice (even once as
    ``\\u`` escapes) counts twice while ``json.loads`` keeps only one of them.
    """
    depth = 0
    pairs = 0
    in_string = False
    escaped = False
    for byte in line:
        if in_string:
            if escaped:
                escaped = False
            elif byte == _BACKSLASH:
                escaped = True
            elif byte == _QUOTE:
                in_string = False
        elif byte == _QUOTE:
            in_string = True
        elif byte in _OPENERS:
            depth += 1
        elif byte in _CLOSERS:
            depth -= 1
        elif byte == _COLON and depth == 1:
            pairs += 1
    return pairs


def bad_request(message):
    return RequestError(wire.ERR_BAD_REQUEST, message)


def int_field(request, key, low, high, default=None):
    value = request.get(key, default)
    if value is None:
        raise bad_request("'%s' is required: an integer %d to %d" % (key, low, high))
    # bool is an int subclass in CPython: refuse it explicitly
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise bad_request("'%s' must be an integer %d to %d" % (key, low, high))
    return value


def text_field(request, key, default=None):
    value = request.get(key, default)
    if not isinstance(value, str):
        raise bad_request("'%s' must be a string" % key)
    return value


def label_field(request, key):
    """An issuer or account name: text without control characters or surrogates."""
    value = text_field(request, key, "")
    for ch in value:
        code = ord(ch)
        if code < 0x20 or code == 0x7F:
            raise RequestError(wire.ERR_BAD_ACCOUNT,
                               "'%s' holds a control character: use printable text" % key)
        if 0xD800 <= code <= 0xDFFF:
            # MicroPython's json turns a \ud83d\ude00 escape pair into two lone surrogates,
            # CPython's keeps a lone one: either way not text the store can hold
            raise RequestError(wire.ERR_BAD_ACCOUNT,
                               "'%s' holds a UTF-16 surrogate: send the text as UTF-8, "
                               "not as \\u escapes" % key)
    if len(value.encode("utf-8")) > MAX_LABEL_BYTES:
        raise RequestError(wire.ERR_BAD_ACCOUNT,
                           "'%s' is longer than %d bytes: shorten it" % (key, MAX_LABEL_BYTES))
    return value


def account_from(request):
    """The Account a request describes; every refusal names the field, never its value."""
    kind = text_field(request, "type", "totp")
    algorithm = text_field(request, "algorithm", "SHA1")
    if kind not in KINDS:
        raise RequestError(wire.ERR_BAD_ACCOUNT, "'type' must be totp, hotp or steam")
    if algorithm not in ALGORITHMS:
        raise RequestError(wire.ERR_BAD_ACCOUNT,
                           "'algorithm' must be SHA1, SHA256 or SHA512")
    if kind == STEAM and algorithm != "SHA1":
        raise RequestError(wire.ERR_BAD_ACCOUNT, "Steam accounts use SHA1: send that")
    digits = int_field(request, "digits", 0, 99, 6)  # a Steam account's is always 5
    if kind != STEAM and not MIN_DIGITS <= digits <= MAX_DIGITS:
        raise RequestError(wire.ERR_BAD_ACCOUNT,
                           "'digits' must be %d to %d" % (MIN_DIGITS, MAX_DIGITS))
    try:
        secret = base32.decode(text_field(request, "secret"))
    except ValueError:
        # the decoder's message quotes a character of the secret: never echo it
        raise RequestError(wire.ERR_BAD_ACCOUNT,
                           "'secret' is not base32 (A-Z, 2-7): send it in base32") from None
    try:
        return Account(
            secret,
            issuer=label_field(request, "issuer"),
            name=label_field(request, "account"),
            kind=kind,
            algorithm=algorithm,
            digits=digits,
            period=int_field(request, "period", 1, MAX_PERIOD, 30),
            counter=int_field(request, "counter", 0, MAX_COUNTER, 0),
        )
    except AccountError:
        # what is left: the secret's size (its own message would quote it)
        raise RequestError(wire.ERR_BAD_ACCOUNT,
                           "'secret' must hold 1 to 128 bytes: send the whole secret, "
                           "and only it") from None
