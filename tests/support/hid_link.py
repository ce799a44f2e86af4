"""The link between adafruit_hid's Keyboard and the simulator's model of the host computer."""


class HostLink:
    """A keyboard HID device as adafruit_hid sees one, wired to the host model."""

    usage_page = 0x01
    usage = 0x06

    def __init__(self, host):
        self.host = host
        self.leds = None
        host.attach(self._leds)

    def _leds(self, report):
        self.leds = report

    def send_report(self, report, report_id=None):
        self.host.receive(bytes(report))

    def get_last_received_report(self, report_id=None):
        return self.leds
