"""The token's main program: build the board's devices, then run the app forever.

The one ``time.sleep`` below is the only pause: ``App.step()`` never sleeps or
blocks, and the simulator runs this file with its own ``time`` to step it in
lock step with simulated time.
"""

import time

from totp import hardware
from totp.app import App

devices = hardware.build()
app = App(devices)
while True:
    app.step()
    time.sleep(app.idle_seconds())
