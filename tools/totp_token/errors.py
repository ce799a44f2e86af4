"""The host tool's error hierarchy. The CLI maps these to messages and exit codes in one place.

Every message names what was wrong and what to do about it, and never holds a secret.
"""

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_TOKEN = 2


class TokenToolError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = EXIT_BAD_INPUT


class InputError(TokenToolError):
    """Bad input from the user: a URI, a file, an option, an export."""


class NothingFoundError(InputError):
    """A source held no OTP account."""


class TokenError(TokenToolError):
    """The token, or the link to it, failed: not found, no answer, refused, storage full."""

    exit_code = EXIT_TOKEN


class PortError(TokenError):
    """No token port found, or several."""


class ProtocolError(TokenError):
    """The token answered something that breaks the wire protocol."""


class TokenRefused(TokenError):
    """The token answered a request with an error (its code and message are kept).

    A refusal of what the user asked for (a bad name, a slot that does not exist)
    is bad input, exit 1; the token itself is fine.
    """

    def __init__(self, message: str, code: str | None = None, bad_input: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.response: dict | None = None  # the token's whole answer, when it sent one
        if bad_input:
            self.exit_code = EXIT_BAD_INPUT


class Interrupted(TokenError):
    """Ctrl-C while talking to the token; the message says what state it may be in."""


class DeployError(TokenToolError):
    """The CIRCUITPY drive is missing, too old, or cannot be written."""


def printable(text: object) -> str:
    """``text`` safe to print on a terminal: the one function every text from the token or a
    file passes through before it is printed.

    Everything Unicode calls "other" or "separator" but the plain space is shown as a
    Python escape (``\\x1b``, ``\\x9b``, ``\\u202e``): C0 and C1 controls (terminal escape
    sequences, BEL, NEL), format characters (bidi overrides and isolates, zero-width
    characters, soft hyphens), line and paragraph separators, surrogates and unassigned
    code points. Ordinary letters of any script are kept.
    """
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(text))
