"""The simulator's state file: nvm bytes and the DS3231, kept between runs (JSON, atomic).

While the simulator is off the coin cell keeps the RTC running, so on load the clock
is advanced by the wall-clock time since the save. Every problem with a file names
the file and the fix; a file this simulator cannot use is never overwritten.
"""

import base64
import hashlib
import json
import math
import os
import tempfile
import time

from ..errors import InputError, printable
from ..safe_input import parse_json, read_regular_file
from .chips.ds3231 import REGISTER_COUNT

FORMAT = "totp-token-sim-state"
VERSION = 1
ID_BYTES = 16  # the state's random id, stored in the file as hex
UID_BYTES = 8  # microcontroller.cpu.uid on the boards the simulator models
# the DS3231 counts years 2000 to 2199 (century bit); older or later is not a saved clock
UNIX_RANGE = (0, 7258118399)
# a state file holds the nvm image (a few KB, base64) and the RTC registers
MAX_STATE_BYTES = 1 << 20


def new_id():
    """A fresh random id for a simulated token (a new state file, or no state file)."""
    return os.urandom(ID_BYTES).hex()


def cpu_uid(state_id, board):
    """The `microcontroller.cpu.uid` (hence the token's serial) of state `state_id` on `board`."""
    return hashlib.sha256(("%s/%s" % (state_id, board)).encode("ascii")).digest()[:UID_BYTES]


def save(path, board, nvm_image, rtc_snapshot, state_id):
    """Write the state to `path` atomically (temporary file, fsync, rename)."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "board": board,
        "id": state_id,
        "nvm": base64.b64encode(nvm_image).decode("ascii"),
        "rtc": rtc_snapshot,
        "saved_at": time.time(),
    }
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".sim-state-", dir=directory)
    try:
        with os.fdopen(handle, "w") as out:
            json.dump(document, out, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def check_writable(path):
    """Raise InputError now if a state file cannot be created at `path` later."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise InputError("the folder of the state file %s does not exist: create it or pass "
                         "another --state path" % path)
    if not os.access(directory, os.W_OK | os.X_OK):
        raise InputError("the state file %s cannot be written (no write permission on %s): "
                         "pass another --state path" % (path, directory))
    if os.path.isdir(path):
        raise InputError("the state file %s is a folder: pass a file path to --state" % path)


def load(path, board):
    """The saved state, or None if `path` does not exist yet. Raises InputError if unusable."""
    document = _read_document(path)
    if document is None:
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError("%s is not a simulator state file: pass another --state path" % path)
    if document.get("version") != VERSION:
        raise InputError("%s has state format version %r; this simulator reads version %d: "
                         "pass another --state path" % (path, document.get("version"), VERSION))
    if document.get("board") != board:
        raise InputError("%s holds a %s token, not %s: use --board %s or another --state file"
                         % (path, document.get("board"), board, document.get("board")))
    try:
        nvm = base64.b64decode(document["nvm"], validate=True)
        rtc = document["rtc"]
        registers = bytes.fromhex(rtc["registers"])
        unix = rtc["unix"]
        saved_at = float(document["saved_at"])
        if len(registers) != REGISTER_COUNT:
            raise ValueError("rtc registers: %d bytes, not %d" % (len(registers), REGISTER_COUNT))
        if type(unix) is not int or not UNIX_RANGE[0] <= unix <= UNIX_RANGE[1]:
            raise ValueError("rtc unix: not a time the DS3231 can hold")
        if not math.isfinite(saved_at):
            raise ValueError("saved_at: not a time")
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError("state file %s is damaged (%s): delete it to start fresh, or pass "
                         "another --state path" % (path, _reason(exc))) from None
    seconds_off = max(0, min(UNIX_RANGE[1] - unix, int(time.time() - saved_at)))
    return {"nvm": nvm, "rtc": rtc, "seconds_off": seconds_off, "id": _state_id(document)}


def _state_id(document):
    """The file's id, or None when it has none (written before ids): a new one is saved."""
    state_id = document.get("id")
    if not isinstance(state_id, str) or len(state_id) != 2 * ID_BYTES:
        return None
    try:
        bytes.fromhex(state_id)
    except ValueError:
        return None
    return state_id.lower()


def _read_document(path):
    """The parsed state file, or None if there is none; only a regular file is opened."""
    if not os.path.exists(path):  # a dangling symlink too: the first save replaces it
        return None
    name = "state file %s" % printable(path)
    fix = "fix or delete it to start fresh, or pass another --state path"
    data = read_regular_file(path, MAX_STATE_BYTES, name, fix)
    try:
        return parse_json(data.decode("utf-8"))
    except ValueError as exc:  # not UTF-8, or JSON invalid, too big or too deep
        raise InputError("%s cannot be read (%s): %s" % (name, _reason(exc), fix)) from None


def _reason(exc):
    if isinstance(exc, KeyError):
        return "no %s" % exc
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)[:120]
