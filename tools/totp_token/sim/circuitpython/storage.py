"""Simulated `storage` for one firmware run: the CIRCUITPY drive and who may write it.

boot.py may hide the drive from USB or remount it writable for code.py; once code.py
runs, remounting a drive the host can see raises RuntimeError, as on a board.
"""

import functools
import types

from ._bind import bound
from ._usb import boot_only

ROOT = "/"


class VfsFat:
    """Bound per run with `_ctx`: the one mounted filesystem, `/`."""

    __slots__ = ()
    _ctx = None
    label = "CIRCUITPY"

    @property
    def readonly(self):
        return not self._ctx.usb.drive_writable_by_code


def _check_mount(mount_path):
    if mount_path != ROOT:
        raise OSError("no filesystem mounted at %r in the simulator" % (mount_path,))


def disable_usb_drive(ctx):
    boot_only(ctx, "storage.disable_usb_drive")
    ctx.usb.drive = False


def enable_usb_drive(ctx):
    boot_only(ctx, "storage.enable_usb_drive")
    ctx.usb.drive = True


def remount(ctx, mount_path, readonly=False, *, disable_concurrent_write_protection=False):
    _check_mount(mount_path)
    if not ctx.booting and ctx.usb.drive and not disable_concurrent_write_protection:
        raise RuntimeError("Cannot remount path when visible via USB.")
    if ctx.booting:
        ctx.boot_calls.append(("storage.remount", (mount_path, readonly),
                               {"disable_concurrent_write_protection":
                                disable_concurrent_write_protection}))
    ctx.usb.drive_writable_by_code = not readonly


def getmount(root, mount_path):
    _check_mount(mount_path)
    return root


def build(ctx):
    module = types.ModuleType("storage", "Simulated storage (the CIRCUITPY drive)")
    module.VfsFat = bound(VfsFat, ctx)
    module.disable_usb_drive = functools.partial(disable_usb_drive, ctx)
    module.enable_usb_drive = functools.partial(enable_usb_drive, ctx)
    module.remount = functools.partial(remount, ctx)
    module.getmount = functools.partial(getmount, module.VfsFat())
    return module
