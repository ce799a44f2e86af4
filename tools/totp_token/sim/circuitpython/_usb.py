"""What boot.py asks of USB (`UsbConfig`), shared by `usb_cdc`, `usb_hid` and `storage`.

USB configuration calls are legal only while boot.py runs (recorded in `boot_calls` for
tests); afterwards they raise RuntimeError as CircuitPython does. code.py's run is
built from the configuration boot.py left.
"""

import collections

# one HID device as usb_hid.Device describes it
HidSpec = collections.namedtuple("HidSpec", ("descriptor", "usage_page", "usage", "report_ids",
                                             "in_lengths", "out_lengths"))

# a standard boot-keyboard report descriptor with report ID 1 (HID 1.11 appendix B.1)
KEYBOARD_DESCRIPTOR = bytes.fromhex(
    "05 01 09 06 a1 01 85 01 05 07 19 e0 29 e7 15 00 25 01 75 01 95 08 81 02 95 01 75 08"
    " 81 01 05 08 19 01 29 05 95 05 75 01 91 02 95 01 75 03 91 01 95 06 75 08 15 00 25 dd"
    " 05 07 19 00 29 dd 81 00 c0")
MOUSE_DESCRIPTOR = bytes.fromhex(
    "05 01 09 02 a1 01 85 02 09 01 a1 00 05 09 19 01 29 05 15 00 25 01 95 05 75 01 81 02"
    " 95 01 75 03 81 01 05 01 09 30 09 31 09 38 15 81 25 7f 75 08 95 03 81 06 c0 c0")
CONSUMER_DESCRIPTOR = bytes.fromhex(
    "05 0c 09 01 a1 01 85 03 75 10 95 01 15 01 26 8c 02 19 01 2a 8c 02 81 00 c0")

# name -> HidSpec
STANDARD_DEVICES = {
    "KEYBOARD": HidSpec(KEYBOARD_DESCRIPTOR, 0x01, 0x06, (1,), (8,), (1,)),
    "MOUSE": HidSpec(MOUSE_DESCRIPTOR, 0x01, 0x02, (2,), (4,), (0,)),
    "CONSUMER_CONTROL": HidSpec(CONSUMER_DESCRIPTOR, 0x0C, 0x01, (3,), (2,), (0,)),
}
DEFAULT_HID = ("KEYBOARD", "MOUSE", "CONSUMER_CONTROL")


class UsbConfig:
    """What boot.py asked for; code.py's run is built from it."""

    def __init__(self):
        self.console = True
        self.data = False
        self.hid = [STANDARD_DEVICES[name] for name in DEFAULT_HID]
        self.boot_device = 0
        self.drive = True
        self.drive_writable_by_code = False

    def in_endpoints(self):
        count = 2 * self.console + 2 * self.data + (1 if self.hid else 0) + self.drive
        return count


def boot_only(ctx, name, args=(), kwargs=None):
    if not ctx.booting:
        raise RuntimeError("Cannot change USB devices now")
    ctx.boot_calls.append((name, tuple(args), dict(kwargs or {})))
