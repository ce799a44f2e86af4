"""The computer at the other end of the emulated Pico's USB cable.

rp2040py's USB host enumerates the board and binds the first CDC data interface:
with the console off (normal mode) that is the token's data port, in maintenance
mode the REPL console. ``UsbHost`` bridges that interface to a real pseudo-terminal,
so the unmodified ``totp-token`` client talks to the board through a tty path, and
decodes the HID keyboard's IN reports with the simulator's host model
(``totp_token.sim.usb_host.hid_host``) into the text the keyboard typed.

Everything that touches emulator state runs on the emulator's own thread
(rp2040py's rule); the pty reader is a plain thread that hands bytes over.
"""

import errno
import os
import select
import threading
import tty

from totp_token.sim.usb_host.hid_host import HidHost

INTERFACE_DESCRIPTOR = 4
ENDPOINT_DESCRIPTOR = 5
HID_CLASS = 3
CDC_DATA_CLASS = 10
INTERRUPT = 3
BULK = 2
ENDPOINT_IN = 0x80
KEYBOARD_REPORT = 8  # modifiers, reserved, six keys
FEED_RETRY_SECONDS = 0.005
READ_CHUNK = 4096


def _walk(descriptors):
    """(kind, start index) of each descriptor in a configuration descriptor set."""
    index = 0
    while index + 1 < len(descriptors):
        length = descriptors[index]
        if length < 2:
            return
        yield descriptors[index + 1], index
        index += length


def hid_in_endpoint(descriptors):
    """The interrupt IN endpoint number of the first HID interface in a configuration
    descriptor set, or -1."""
    in_hid = False
    for kind, index in _walk(descriptors):
        if kind == INTERFACE_DESCRIPTOR:
            in_hid = descriptors[index + 5] == HID_CLASS
        elif kind == ENDPOINT_DESCRIPTOR and in_hid:
            address, attributes = descriptors[index + 2], descriptors[index + 3]
            if address & ENDPOINT_IN and attributes & 0x03 == INTERRUPT:
                return address & 0x0F
    return -1


def cdc_data_endpoints(descriptors):
    """(IN, OUT) bulk endpoint numbers of each CDC data interface, in descriptor order:
    CircuitPython lists the console before the data port."""
    found = []
    current = None
    for kind, index in _walk(descriptors):
        if kind == INTERFACE_DESCRIPTOR:
            current = [-1, -1] if descriptors[index + 5] == CDC_DATA_CLASS else None
            if current is not None:
                found.append(current)
        elif kind == ENDPOINT_DESCRIPTOR and current is not None:
            address, attributes = descriptors[index + 2], descriptors[index + 3]
            if attributes & 0x03 == BULK:
                current[0 if address & ENDPOINT_IN else 1] = address & 0x0F
    return [tuple(pair) for pair in found]


def keyboard_report(report):
    """The 8-byte boot-format part of a keyboard IN report (a leading report ID dropped)."""
    return bytes(report[-KEYBOARD_REPORT:])


class UsbHost:
    def __init__(self, device):
        self._simulator = device.simulator
        self._cdc = device.cdc
        self.hid = HidHost()
        self.received = bytearray()  # every byte the bound CDC interface sent
        self._received_lock = threading.Lock()
        self._outbox = bytearray()  # to the pty, waiting for room
        self._inbox = bytearray()  # from the pty, waiting for room in the CDC FIFO
        self._feeding = False
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        tty.setraw(self.master)
        os.set_blocking(self.master, False)
        self.path = os.ttyname(self._slave)
        self._stop = threading.Event()
        self._cdc.on_serial_data = self._from_token
        usb = device.mcu.usb_ctrl
        self._cdc_endpoint_write = usb.on_endpoint_write
        usb.on_endpoint_write = self._endpoint_write
        self._reader = threading.Thread(target=self._read_pty, name="pty-to-board", daemon=True)
        self._reader.start()

    # -- emulator thread ------------------------------------------------------------

    def _endpoint_write(self, endpoint, buffer):
        self._cdc_endpoint_write(endpoint, buffer)
        if endpoint and endpoint == hid_in_endpoint(self._cdc._descriptors):
            self.hid.receive(keyboard_report(buffer))

    def _from_token(self, data):
        with self._received_lock:
            self.received += data
        self._outbox += data
        self._flush_outbox()

    def _flush_outbox(self):
        while self._outbox:
            try:
                written = os.write(self.master, self._outbox)
            except BlockingIOError:
                return  # the client is not reading yet; more goes out with the next data
            except OSError as error:
                if error.errno == errno.EIO:
                    return
                raise
            del self._outbox[:written]

    def _feed(self):
        fifo = self._cdc.tx_fifo
        while self._inbox and not fifo.full:
            self._cdc.send_serial_byte(self._inbox.pop(0))
        self._flush_outbox()
        if self._inbox:
            asyncio_loop = self._simulator._ensure_loop()
            asyncio_loop.call_later(FEED_RETRY_SECONDS, self._feed)
        else:
            self._feeding = False

    def _queue(self, data):
        self._inbox += data
        if not self._feeding:
            self._feeding = True
            self._feed()

    def _bind_first_cdc(self, first):
        # rp2040py's host keeps the last CDC data interface it parsed (the data port when
        # both are on); the REPL console is the first. Its endpoint fields are set here, and
        # the read the firmware armed on the console before (unanswered) gets ``first``.
        ports = cdc_data_endpoints(self._cdc._descriptors)
        if not ports:
            return False
        self._cdc._in_endpoint, self._cdc._out_endpoint = ports[0]
        self._cdc.usb.endpoint_read_done(ports[0][1], first)
        return True

    # -- any thread -----------------------------------------------------------------

    def bind_console(self, first):
        """Talk to the first CDC interface (in maintenance mode: the REPL console), starting
        with the bytes ``first`` (at most one packet)."""
        async def bind():
            return self._bind_first_cdc(bytes(first))

        return self._simulator.call(bind(), 60)

    def send(self, data):
        """Bytes typed into the bound CDC interface, as if written to the tty."""
        self._simulator.schedule_threadsafe(lambda: self._queue(bytes(data)))

    def received_text(self):
        with self._received_lock:
            return bytes(self.received).decode("utf-8", "replace")

    def _read_pty(self):
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, READ_CHUNK)
            except BlockingIOError:
                continue
            except OSError as error:
                if error.errno == errno.EIO:  # no program has the tty open
                    self._stop.wait(0.05)
                    continue
                raise
            if chunk:
                self.send(chunk)

    def close(self):
        self._stop.set()
        self._reader.join(timeout=2)
        for fd in (self.master, self._slave):
            try:
                os.close(fd)
            except OSError:
                pass
