"""Reads one ``otpauth://`` URI into an Account, by the rules in docs/importing.md.

``parse_uri(text, where)`` returns ``(account, warnings)`` or raises ``InputError``
naming ``where`` (argument, file and line, QR code) and the problem. Neither the
URI nor its secret ever appears in a message: it holds the secret.
"""

from urllib.parse import parse_qsl, unquote

from totp.account import (
    HOTP,
    KINDS,
    MAX_COUNTER,
    MAX_DIGITS,
    MAX_PERIOD,
    MIN_DIGITS,
    STEAM,
    TOTP,
    Account,
)

from ..errors import InputError
from .fields import (
    account_where,
    algorithm_name,
    build_account,
    is_steam_issuer,
    secret_from_base32,
    split_label,
    weak_secret_warning,
    whole_number,
)

SCHEME = "otpauth"
# parameters the token uses: each may appear once; anything else is ignored
KNOWN_PARAMETERS = ("secret", "issuer", "algorithm", "digits", "period", "counter", "encoder")
DEFAULT_PERIOD = 30


def is_otpauth_uri(text: str) -> bool:
    return text[:len(SCHEME) + 3].lower() == SCHEME + "://"


def parse_uri(text: str, where: str = "URI") -> tuple[Account, list[str]]:
    """One ``otpauth://TYPE/LABEL?PARAMETERS`` URI -> ``(Account, [warning, ...])``."""
    text = text.strip()
    if not is_otpauth_uri(text):
        raise InputError("%s: not an otpauth:// URI" % where)
    path, _, query = text[len(SCHEME) + 3:].partition("?")
    kind, _, raw_label = path.partition("/")
    kind = kind.lower()
    if kind not in KINDS:
        raise InputError("%s: OTP type %r is not supported: use otpauth://totp/, "
                         "otpauth://hotp/ or otpauth://steam/" % (where, kind[:20]))
    try:
        label = unquote(raw_label, errors="strict")
    except UnicodeDecodeError:
        raise InputError("%s: the label is not UTF-8 once percent-decoded: fix the name in the "
                         "URI" % where) from None
    params = _parameters(query, where)
    warnings = []

    issuer_param = params.get("issuer", "")
    label_issuer, name = split_label(label, issuer_param)
    issuer = label_issuer
    if issuer_param:
        if label_issuer and label_issuer.replace("+", " ") != issuer_param.replace("+", " "):
            warnings.append("%s: the label names issuer %r but the issuer parameter says %r; "
                            "using %r" % (where, label_issuer, issuer_param, issuer_param))
        issuer = issuer_param
    where = account_where(where, issuer, name)

    steam_encoder = params.get("encoder", "").lower() == STEAM
    if kind == TOTP and (steam_encoder or is_steam_issuer(issuer)):
        kind = STEAM
    elif kind == HOTP and steam_encoder:
        raise InputError("%s: Steam codes are time-based: use otpauth://totp/ or "
                         "otpauth://steam/ with encoder=steam" % where)

    if "secret" not in params:
        raise InputError("%s: the secret= parameter is missing (in a shell, put the URI in "
                         "quotes: an unquoted & cuts it short)" % where)
    secret = secret_from_base32(params["secret"], where)
    weak = weak_secret_warning(secret, where)
    if weak:
        warnings.append(weak)

    algorithm = algorithm_name(params.get("algorithm", "SHA1"), where)
    digits = 6
    if kind != STEAM and "digits" in params:
        digits = whole_number(params["digits"], "digits", where, MIN_DIGITS, MAX_DIGITS)
    period = DEFAULT_PERIOD
    if "period" in params:
        period = whole_number(params["period"], "period", where, 1, MAX_PERIOD)
    counter = 0
    if kind == HOTP:
        if "counter" in params:
            counter = whole_number(params["counter"], "counter", where, 0, MAX_COUNTER)
        else:
            warnings.append("%s: HOTP without a counter= parameter; starting at 0" % where)
    account = build_account(where, secret, issuer, name, kind=kind, algorithm=algorithm,
                            digits=digits, period=period, counter=counter)
    return account, warnings


def _parameters(query, where):
    """Form-decoded query parameters (names lower-cased).

    A known parameter repeated with the same value is read once (pyotp and others
    write such URIs); repeated with another value it is an error, since either could
    be meant.
    """
    try:
        pairs = parse_qsl(query, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise InputError("%s: a parameter is not UTF-8 once percent-decoded: fix it in the "
                         "URI" % where) from None
    params = {}
    for key, value in pairs:
        key = key.lower()
        if key not in KNOWN_PARAMETERS:
            continue
        if key in params and params[key] != value:
            # the values are not quoted: the secret may be one of them
            raise InputError("%s: the %s= parameter is given twice with different values: "
                             "keep the right one" % (where, key))
        params[key] = value
    return params
