"""Boot's settings.toml check lets its module go once it has run (only boot asks, so
its code is not kept on the heap).

Results: ``notes`` (hardware._unknown_settings(), no settings.toml present), then
whether totp.settings_keys is still in sys.modules, and still on the totp package.
"""

import sys

from scenario import emit

import totp
from totp import hardware

emit({"notes": hardware._unknown_settings(),
      "in_modules": "totp.settings_keys" in sys.modules,
      "on_package": hasattr(totp, "settings_keys")})
