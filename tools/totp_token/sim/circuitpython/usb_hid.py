"""Simulated `usb_hid` for one firmware run.

boot.py picks the devices (`enable`); code.py's run enumerates them. The keyboard's
reports go to the simulated host (`usb_host.hid_host.HidHost`), whose lock-LED output
report comes back.
"""

import functools
import types

from ._bind import bound
from ._usb import STANDARD_DEVICES, HidSpec, boot_only

USAGE_PAGE_GENERIC_DESKTOP = 0x01
USAGE_KEYBOARD = 0x06
BOOT_DEVICES = (0, 1, 2)


class Device:
    """Bound per run with `_ctx` and `_module` (a report reaches the host only from a device
    in the run's `usb_hid.devices`)."""

    __slots__ = ("_spec", "_last_out")
    _ctx = None
    _module = None

    def __init__(self, *, report_descriptor, usage_page, usage, report_ids,
                 in_report_lengths, out_report_lengths):
        report_ids = tuple(report_ids)
        if not (len(report_ids) == len(in_report_lengths) == len(out_report_lengths)):
            raise ValueError("report_ids, in_report_lengths and out_report_lengths "
                             "must be the same length")
        self._spec = HidSpec(bytes(report_descriptor), usage_page, usage, report_ids,
                             tuple(in_report_lengths), tuple(out_report_lengths))
        self._last_out = None

    @classmethod
    def _of_spec(cls, spec):
        device = object.__new__(cls)
        device._spec = spec
        device._last_out = None
        return device

    usage_page = property(lambda self: self._spec.usage_page)
    usage = property(lambda self: self._spec.usage)

    def _is_keyboard(self):
        return self._spec.usage_page == USAGE_PAGE_GENERIC_DESKTOP and (
            self._spec.usage == USAGE_KEYBOARD)

    def _index(self, report_id):
        report_ids = self._spec.report_ids
        if report_id is None:
            return 0
        if report_id not in report_ids:
            raise ValueError("report_id must be one of %s" % (report_ids,))
        return report_ids.index(report_id)

    def send_report(self, report, report_id=None):
        index = self._index(report_id)
        length = self._spec.in_lengths[index]
        if len(report) != length:
            raise ValueError("Buffer incorrect size. Should be %d bytes." % length)
        ctx = self._ctx
        if self not in self._module.devices or ctx.booting:
            return  # not enumerated: the host never sees it
        machine = ctx.machine
        if not machine.usb_connected:
            raise OSError("USB busy")
        if self._is_keyboard():
            machine.host.receive(bytes(report), machine.clock.now_ns())

    def get_last_received_report(self, report_id=None):
        self._index(report_id)
        report, self._last_out = self._last_out, None
        return report

    def _host_output(self, report):
        self._last_out = report

    def __repr__(self):
        return "<Device usage_page 0x%02x usage 0x%02x>" % (self._spec.usage_page,
                                                             self._spec.usage)


def enable(ctx, device_class, devices, boot_device=0):
    devices = tuple(devices or ())
    for device in devices:
        if not isinstance(device, device_class):
            raise TypeError("devices must be usb_hid.Device objects")
    if boot_device not in BOOT_DEVICES:
        raise ValueError("boot_device must be 0, 1 or 2")
    boot_only(ctx, "usb_hid.enable", (devices,), {"boot_device": boot_device})
    ctx.usb.hid = [device._spec for device in devices]
    ctx.usb.boot_device = boot_device


def disable(ctx):
    boot_only(ctx, "usb_hid.disable")
    ctx.usb.hid = []


def set_interface_name(ctx, interface_name):
    boot_only(ctx, "usb_hid.set_interface_name", (interface_name,))


def get_boot_device():
    return 0  # the simulated host never asks for a boot device


def _run_devices(device_class, specs):
    """The run's devices for `specs`: the standard ones are `Device.KEYBOARD`..."""
    standard = {}
    for name, spec in STANDARD_DEVICES.items():
        device = device_class._of_spec(spec)
        standard[spec] = device
        setattr(device_class, name, device)
    return tuple(standard[spec] if spec in standard else device_class._of_spec(spec)
                 for spec in specs)


def build(ctx):
    module = types.ModuleType("usb_hid", "Simulated usb_hid")
    device_class = bound(Device, ctx, _module=module)
    module.Device = device_class
    module.enable = functools.partial(enable, ctx, device_class)
    module.disable = functools.partial(disable, ctx)
    module.set_interface_name = functools.partial(set_interface_name, ctx)
    module.get_boot_device = get_boot_device
    module.devices = _run_devices(device_class, ctx.usb.hid)
    if not ctx.booting:
        for device in module.devices:
            if device._is_keyboard():
                ctx.machine.host.attach(device._host_output)
    return module
