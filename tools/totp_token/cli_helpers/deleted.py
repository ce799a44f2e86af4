"""When a deleted secret leaves the token's flash, for `totp-token delete` (and `--now`).

On boards whose storage keeps copies (nRF52840, ESP32, FRAM) a delete erases
the secret at once. On RP2040/RP2350 the deleted record stays in the log until
the token compacts its storage: on its own when the space fills up, or at once
with ``--now``.
"""

import sys

from ..client import Client

FINAL_NOW = "the secret is gone from the token's flash"
FINAL_LATER = ("the deleted secret stays in the token's flash until the token compacts its "
               "storage, which it does on its own when the space fills up; pass --now (with "
               "the token plugged in) to make a delete final at once")


def report_final(client: Client, now: bool) -> None:
    """Compact when asked, then say whether the deleted secret is gone from flash."""
    if client.hello_info.get("deletes_at_once"):
        print(FINAL_NOW + ".")
        return
    if now:
        answer = client.compact()
        print("%s: storage compacted (%d of %d bytes used)."
              % (FINAL_NOW, answer["used_bytes"], answer["total_bytes"]))
        return
    print("note: " + FINAL_LATER, file=sys.stderr)
