"""The harness's own check: which interpreter runs, and where ``totp`` comes from.

Results: [implementation name, [major, minor]], then totp's __file__.
"""

import sys

from scenario import emit

import totp

emit([sys.implementation.name, list(sys.implementation.version[:2]), totp.__file__])
