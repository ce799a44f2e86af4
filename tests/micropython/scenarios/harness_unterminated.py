"""The harness's own check: output that ends without a newline, not ASCII."""

import sys

sys.stdout.write("caf\u00e9 end")
