"""The problem texts for storage that does not load, shared by the two layouts.

Apart from ``totp.store.errors`` so that their code and text take heap only on a
token whose storage is damaged: a layout imports this when a load finds a problem.
Every text names the problem and the fix, and never holds a secret.
"""

from totp.store.errors import WIPE_HINT
from totp.store.records import VAULT_FORMAT_VERSION


def load_failure(buf, where):
    """The problem text for storage that does not read back; ``where`` 0: not ours at all."""
    if not any(buf):
        return "storage holds only zero bytes, no accounts: " + WIPE_HINT
    if where == 0:
        return "storage holds data that is not a totp-token store: " + WIPE_HINT
    return ("storage is damaged at byte %d: accounts after it may be missing or out of date "
            "and HOTP codes are blocked; %s" % (where, WIPE_HINT))


def future_format(version):
    return ("storage was written in format %d by other firmware (this one reads format %d): "
            "update the firmware, or %s" % (version, VAULT_FORMAT_VERSION, WIPE_HINT))


COMPACTION_LOST = ("storage compaction was cut off by a power failure (or its data is damaged), "
                   "which lost the accounts: %s from your backup token or saved QR codes"
                   % WIPE_HINT)
