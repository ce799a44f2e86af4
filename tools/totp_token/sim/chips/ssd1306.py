"""Register-level model of the SSD1306 OLED controller on I2C (0x3C).

Parses the control-byte framed command and data streams as the datasheet defines them:
addressing modes, column/page windows, display on/off, contrast, invert, entire-on,
segment remap, COM scan direction, start line and multiplex ratio. GDDRAM is 128x64
bits (8 pages); `pixel_rows()` renders what the panel shows.
"""

from .i2c_target import I2CTarget

ADDRESS = 0x3C
COLUMNS = 128
PAGES = 8

MODE_HORIZONTAL = 0
MODE_VERTICAL = 1
MODE_PAGE = 2

# commands followed by argument bytes, and how many
ARGUMENT_COUNTS = {
    0x81: 1, 0x20: 1, 0x21: 2, 0x22: 2, 0xA8: 1, 0xD3: 1, 0xDA: 1, 0xD5: 1, 0xD9: 1,
    0xDB: 1, 0x8D: 1, 0xAD: 1, 0xA3: 2, 0x26: 6, 0x27: 6, 0x29: 5, 0x2A: 5,
}


class SSD1306Model(I2CTarget):
    address = ADDRESS

    def __init__(self, width=128, height=32):
        self.width = width
        self.height = height
        self.unknown_commands = []
        self.power_on_reset()

    def power_on_reset(self):
        self.ram = bytearray(COLUMNS * PAGES)
        self.display_on = False
        self.contrast = 0x7F
        self.inverted = False
        self.entire_on = False
        self.charge_pump = False
        self.mode = MODE_PAGE
        self.col_start, self.col_end = 0, COLUMNS - 1
        self.page_start, self.page_end = 0, PAGES - 1
        self.column = 0
        self.page = 0
        self.segment_remap = False
        self.com_reversed = False
        self.start_line = 0
        self.display_offset = 0
        self.multiplex = 64
        self.scrolling = False
        self._pending = None  # (command, args collected so far) across transactions

    # -- I2C target -------------------------------------------------------------------

    def i2c_write(self, data):
        index = 0
        while index < len(data):
            control = data[index]
            index += 1
            continuation = control & 0x80
            is_data = control & 0x40
            if continuation:
                if index < len(data):
                    self._byte(data[index], is_data)
                    index += 1
                continue
            for value in data[index:]:
                self._byte(value, is_data)
            return

    def i2c_read(self, count):
        # status byte: bit 6 = display off
        return bytes([0x00 if self.display_on else 0x40]) * count

    # -- what the panel shows ---------------------------------------------------------

    def lit(self, x, y):
        """Is panel pixel (x, y) lit, as the adafruit driver's framebuffer addresses it."""
        if not self.display_on or y >= self.multiplex:
            return False  # off, or a panel row the multiplex ratio does not drive
        if self.entire_on:
            return True
        column = x if self.segment_remap else COLUMNS - 1 - x
        row = y if self.com_reversed else self.multiplex - 1 - y
        line = (row + self.start_line + self.display_offset) % 64
        bit = self.ram[(line // 8) * COLUMNS + column] >> (line % 8) & 1
        return bool(bit) != self.inverted

    def pixel_rows(self):
        """Rows of '#' (lit) and '.' for the visible panel."""
        return ["".join("#" if self.lit(x, y) else "." for x in range(self.width))
                for y in range(self.height)]

    # -- command / data parsing -------------------------------------------------------

    def _byte(self, value, is_data):
        if is_data:
            self._write_ram(value)
        elif self._pending is not None:
            command, args = self._pending
            args.append(value)
            if len(args) == ARGUMENT_COUNTS[command]:
                self._pending = None
                self._command(command, args)
        elif value in ARGUMENT_COUNTS:
            self._pending = (value, [])
        else:
            self._command(value, [])

    def _command(self, cmd, args):
        if cmd == 0x81:
            self.contrast = args[0]
        elif cmd in (0xA4, 0xA5):
            self.entire_on = cmd == 0xA5
        elif cmd in (0xA6, 0xA7):
            self.inverted = cmd == 0xA7
        elif cmd in (0xAE, 0xAF):
            self.display_on = cmd == 0xAF
        elif cmd == 0x20:
            self.mode = args[0] & 0x03
        elif cmd == 0x21:
            self.col_start, self.col_end = args[0] & 0x7F, args[1] & 0x7F
            self.column = self.col_start
        elif cmd == 0x22:
            self.page_start, self.page_end = args[0] & 0x07, args[1] & 0x07
            self.page = self.page_start
        elif cmd <= 0x0F:
            self.column = (self.column & 0xF0) | cmd
        elif cmd <= 0x1F:
            self.column = (self.column & 0x0F) | ((cmd & 0x07) << 4)
        elif 0xB0 <= cmd <= 0xB7:
            self.page = cmd & 0x07
        elif 0x40 <= cmd <= 0x7F:
            self.start_line = cmd & 0x3F
        elif cmd in (0xA0, 0xA1):
            self.segment_remap = cmd == 0xA1
        elif cmd in (0xC0, 0xC8):
            self.com_reversed = cmd == 0xC8
        elif cmd == 0xA8:
            self.multiplex = (args[0] & 0x3F) + 1
        elif cmd == 0xD3:
            self.display_offset = args[0] & 0x3F
        elif cmd == 0x8D:
            self.charge_pump = bool(args[0] & 0x04)
        elif cmd == 0x2E:
            self.scrolling = False
        elif cmd == 0x2F:
            self.scrolling = True
        elif cmd in ARGUMENT_COUNTS or cmd == 0xE3:
            pass  # timing, COM pins, IREF, scroll setup, NOP: no effect on the picture model
        else:
            self.unknown_commands.append(cmd)

    def _write_ram(self, value):
        self.ram[self.page * COLUMNS + self.column] = value
        if self.mode == MODE_PAGE:
            self.column = (self.column + 1) % COLUMNS
        elif self.mode == MODE_HORIZONTAL:
            self.column += 1
            if self.column > self.col_end:
                self.column = self.col_start
                self.page = self.page_start if self.page >= self.page_end else self.page + 1
        else:
            self.page += 1
            if self.page > self.page_end:
                self.page = self.page_start
                self.column = self.col_start if self.column >= self.col_end else self.column + 1
