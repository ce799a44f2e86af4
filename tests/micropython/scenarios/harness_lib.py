"""The harness's own check that ``libs`` land in lib/, on sys.path: adafruit_hashlib.

Results: [adafruit_hashlib's __file__, sha1("abc") in hex].
"""

import adafruit_hashlib
from scenario import emit

emit([adafruit_hashlib.__file__, adafruit_hashlib.sha1(b"abc").hexdigest()])
