"""Wire protocol constants shared by the token (totp.protocol) and the host client.

Defined once here so both ends agree; docs/protocol.md explains them for
people writing their own client. Portable: plain constants only.
"""

PROTOCOL_VERSION = 1

# Longest request line the token accepts, terminator included. Longer lines are
# dropped (without buffering them) and answered with ERR_TOO_LONG.
MAX_REQUEST_LINE = 1024
# Longest response line the token sends; the host reads no more than this.
MAX_RESPONSE_LINE = 4096
# Accounts per `list` page, chosen so a page of worst-case labels fits MAX_RESPONSE_LINE.
LIST_PAGE = 4
# Longest `id` string echoed back; longer ids are refused.
MAX_ID_CHARS = 32

# Times the token accepts for `set_time` (the DS3231 counts years 2000-2099).
MIN_SET_TIME = 946684800     # 2000-01-01T00:00:00Z
MAX_SET_TIME = 4102444799    # 2099-12-31T23:59:59Z
# Times a host may name in `verify` (any non-negative second JSON holds exactly).
MAX_VERIFY_TIME = (1 << 53) - 1

# Presence: how long the token waits for the owner's press, in seconds, and the
# interim answer that says so ({"id":..,"ok":true,"waiting":"press",...}).
PRESS_WINDOW_S = 15
WAITING = "waiting"
WAITING_PRESS = "press"
WAITING_PIN = "pin"  # the interim answer when the token asks for its current PIN instead
# `verify`: only for an account added this many seconds ago or less, this many tries.
VERIFY_WINDOW_S = 120
VERIFY_TRIES = 3
# The PIN: ASCII digits, this many of them; wrong tries in a row before the token wipes
# itself; seconds the owner has to enter the current PIN on the buttons for a host request.
PIN_MIN = 6
PIN_MAX = 12
MAX_PIN_TRIES = 10
PIN_WINDOW_S = 90

# Operations
OP_HELLO = "hello"
OP_LIST = "list"
OP_CODE = "code"
OP_ADD = "add"
OP_DELETE = "delete"
OP_RENAME = "rename"
OP_MOVE = "move"
OP_TIME = "time"
OP_SET_TIME = "set_time"
OP_WIPE = "wipe"
OP_VERIFY = "verify"
OP_MATCH = "match"  # is this exact account (secret included) already stored? yes/no only
OP_COMPACT = "compact"  # reclaim space now; a deleted secret leaves the flash
OP_SET_PIN = "set_pin"  # a new PIN (after the current one, or a press, on the token)
OP_REMOVE_PIN = "remove_pin"  # back to no PIN (after the current one on the token)
OP_MAINTENANCE = "maintenance"  # the next boot, and only it, opens the drive and REPL

# Error codes (the `error` field of a failed response)
ERR_BAD_JSON = "bad_json"          # the line is not a JSON object (or not UTF-8)
ERR_TOO_LONG = "too_long"          # the line exceeded MAX_REQUEST_LINE
ERR_BAD_REQUEST = "bad_request"    # a field is missing, of the wrong type or out of range
ERR_UNKNOWN_OP = "unknown_op"      # `op` names no operation
ERR_NO_SLOT = "no_slot"            # `slot` is past the last account
ERR_EXISTS = "exists"              # same issuer and name already stored (send replace=true)
ERR_FULL = "full"                  # not enough storage; carries needed/free bytes
ERR_BAD_ACCOUNT = "bad_account"    # the account fields are invalid
ERR_CLOCK = "clock"                # the token's clock is not set
ERR_STORAGE = "storage"            # the store refused or is damaged
ERR_CONFIRM = "confirm"            # `wipe` confirmation does not match the serial
ERR_INTERNAL = "internal"          # an unexpected failure; the token stays up
ERR_NO_PRESS = "no_press"          # the owner refused on the token, or did not press in time
ERR_BUSY = "busy"                  # the token is waiting for a press for another request
ERR_NO_VERIFY = "no_verify"        # `verify` for an account not just added, or tries used up
ERR_LOCKED = "locked"              # a PIN is set and was not entered on the token yet
ERR_WRONG_PIN = "wrong_pin"        # the PIN entered on the token for a request was wrong
ERR_NO_PIN = "no_pin"              # `remove_pin` on a token without a PIN
