"""Everything that runs on the token: OTP core, storage, protocol, UI.

Portable across CircuitPython 9/10, MicroPython and CPython. Only
``totp.hardware`` touches board modules; nothing here touches hardware at
import time.
"""

VERSION = "0.1.0"
