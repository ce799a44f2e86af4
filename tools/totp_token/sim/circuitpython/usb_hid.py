"""Simulated `usb_hid` and `storage` for one firmware run, and the USB set-up boot.py makes.

USB configuration calls are legal only while boot.py runs (recorded for tests);
afterwards they raise RuntimeError as CircuitPython does. The keyboard's reports
go to the simulated host (`HidHost`), whose lock-LED output report comes back.
"""

import types

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

# name -> (descriptor, usage_page, usage, report_ids, in lengths, out lengths)
STANDARD_DEVICES = {
    "KEYBOARD": (KEYBOARD_DESCRIPTOR, 0x01, 0x06, (1,), (8,), (1,)),
    "MOUSE": (MOUSE_DESCRIPTOR, 0x01, 0x02, (2,), (4,), (0,)),
    "CONSUMER_CONTROL": (CONSUMER_DESCRIPTOR, 0x0C, 0x01, (3,), (2,), (0,)),
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
    if ctx.phase != "boot":
        raise RuntimeError("Cannot change USB devices now")
    ctx.boot_calls.append((name, tuple(args), dict(kwargs or {})))


def build_usb_hid(ctx):
    module = types.ModuleType("usb_hid", "Simulated usb_hid")
    machine = ctx.machine

    class Device:
        __slots__ = ("_spec", "_last_out")

        def __init__(self, *, report_descriptor, usage_page, usage, report_ids,
                     in_report_lengths, out_report_lengths):
            report_ids = tuple(report_ids)
            if not (len(report_ids) == len(in_report_lengths) == len(out_report_lengths)):
                raise ValueError("report_ids, in_report_lengths and out_report_lengths "
                                 "must be the same length")
            self._spec = (bytes(report_descriptor), usage_page, usage, report_ids,
                          tuple(in_report_lengths), tuple(out_report_lengths))
            self._last_out = None

        usage_page = property(lambda self: self._spec[1])
        usage = property(lambda self: self._spec[2])

        def _index(self, report_id):
            report_ids = self._spec[3]
            if report_id is None:
                return 0
            if report_id not in report_ids:
                raise ValueError("report_id must be one of %s" % (report_ids,))
            return report_ids.index(report_id)

        def send_report(self, report, report_id=None):
            index = self._index(report_id)
            length = self._spec[4][index]
            if len(report) != length:
                raise ValueError("Buffer incorrect size. Should be %d bytes." % length)
            if self not in module.devices or ctx.phase != "code":
                return  # not enumerated: the host never sees it
            if not machine.usb_connected:
                raise OSError("USB busy")
            if self._spec[2] == 0x06 and self._spec[1] == 0x01:
                machine.host.receive(bytes(report), machine.clock.now_ns())

        def get_last_received_report(self, report_id=None):
            self._index(report_id)
            report, self._last_out = self._last_out, None
            return report

        def _host_output(self, report):
            self._last_out = report

        def __repr__(self):
            return "<Device usage_page 0x%02x usage 0x%02x>" % (self._spec[1], self._spec[2])

    standard = {}
    for name, spec in STANDARD_DEVICES.items():
        device = object.__new__(Device)
        device._spec = spec
        device._last_out = None
        standard[spec] = device
        setattr(Device, name, device)

    def as_run_device(spec):
        if spec in standard:
            return standard[spec]
        device = object.__new__(Device)
        device._spec, device._last_out = spec, None
        return device

    def enable(devices, boot_device=0):
        devices = tuple(devices or ())
        for device in devices:
            if not isinstance(device, Device):
                raise TypeError("devices must be usb_hid.Device objects")
        if boot_device not in (0, 1, 2):
            raise ValueError("boot_device must be 0, 1 or 2")
        boot_only(ctx, "usb_hid.enable", (devices,), {"boot_device": boot_device})
        ctx.usb.hid = [device._spec for device in devices]
        ctx.usb.boot_device = boot_device

    def disable():
        boot_only(ctx, "usb_hid.disable")
        ctx.usb.hid = []

    def set_interface_name(interface_name):
        boot_only(ctx, "usb_hid.set_interface_name", (interface_name,))

    module.Device = Device
    module.enable = enable
    module.disable = disable
    module.set_interface_name = set_interface_name
    module.get_boot_device = lambda: 0  # the simulated host never asks for a boot device
    module.devices = tuple(as_run_device(spec) for spec in ctx.usb.hid)
    if ctx.phase == "code":
        for device in module.devices:
            if device.usage_page == 0x01 and device.usage == 0x06:
                machine.host.attach(device._host_output)
    return module


def build_storage(ctx):
    module = types.ModuleType("storage", "Simulated storage (the CIRCUITPY drive)")

    class VfsFat:
        __slots__ = ()
        label = "CIRCUITPY"

        @property
        def readonly(self):
            return not ctx.usb.drive_writable_by_code

    root = VfsFat()

    def disable_usb_drive():
        boot_only(ctx, "storage.disable_usb_drive")
        ctx.usb.drive = False

    def enable_usb_drive():
        boot_only(ctx, "storage.enable_usb_drive")
        ctx.usb.drive = True

    def remount(mount_path, readonly=False, *, disable_concurrent_write_protection=False):
        if mount_path != "/":
            raise OSError("no filesystem mounted at %r in the simulator" % (mount_path,))
        if ctx.phase != "boot" and ctx.usb.drive and not disable_concurrent_write_protection:
            raise RuntimeError("Cannot remount path when visible via USB.")
        if ctx.phase == "boot":
            ctx.boot_calls.append(("storage.remount", (mount_path, readonly),
                                   {"disable_concurrent_write_protection":
                                    disable_concurrent_write_protection}))
        ctx.usb.drive_writable_by_code = not readonly

    def getmount(mount_path):
        if mount_path != "/":
            raise OSError("no filesystem mounted at %r in the simulator" % (mount_path,))
        return root

    module.VfsFat = VfsFat
    module.disable_usb_drive = disable_usb_drive
    module.enable_usb_drive = enable_usb_drive
    module.remount = remount
    module.getmount = getmount
    return module
