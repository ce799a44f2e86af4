"""Flash medium models that stand in for ``microcontroller.nvm`` in the simulator.

Each model has the surface of CircuitPython's ``nvm.ByteArray`` (``len``,
``nvm[i]``, ``nvm[a:b]``, ``nvm[i] = v``, ``nvm[a:b] = data`` of equal length)
and writes the way its port's flash does:

- RP2040/RP2350: one 4096-byte sector. A write into bytes that are all 0xFF is
  a page program of those bytes; any other write erases the whole sector and
  programs it back with the new content.
- nRF52840: two 4096-byte pages; each page a write touches is erased and
  programmed back.
- SAMD51: one 8192-byte erase block, erased and programmed back by every
  write (the firmware refuses this board: see ``Samd51Nvm``).
- ESP32-S2/S3: one 8192-byte NVS blob, replaced atomically by each write.
  Before the first write there is no blob and CircuitPython reads zeros.

A write is a sequence of steps (erase one unit, program one byte, or commit
one blob). ``arm_power_cut(n)`` makes the medium lose power after ``n`` more
steps: the write in progress raises ``PowerCut`` and the bytes stay exactly as
the flash would hold them. ``steps`` counts every step so far, so a test can
measure an operation and then cut it at each of its steps in turn; ``erases``
counts erase units (sectors, pages) erased so far, for the wear figures.

Flash programs one program page at a time (``program_page`` bytes), pages in
address order, but nothing promises the order of the bytes inside a page.
``order`` picks the order the model uses inside each page: ``"address"``
(the default), ``"reverse"``, or an int seed for a shuffled order that is the
same on every run, so a cut can leave any subset of a page programmed.
"""

import random

from .power_cut import PowerCut, PowerCutSwitch

ERASED = 0xFF


class FlashMedium(PowerCutSwitch):
    size = 0
    port = ""
    fresh = ERASED  # what every byte reads on a board that never wrote its nvm

    program_page = 256  # bytes the flash programs as one unit, in no promised order

    def __init__(self, data=None, order="address"):
        self._bytes = bytearray(bytes((self.fresh,)) * self.size)
        self._cut_in = None
        self.steps = 0
        self.erases = 0
        self.order = order
        if data is not None:
            self.load(data)

    # ---- the microcontroller.nvm surface --------------------------------

    def __len__(self):
        return self.size

    def _range(self, index):
        if isinstance(index, slice):
            if index.step not in (None, 1):
                raise NotImplementedError("only slices with step=1 (aka None) are supported")
            start, stop, _ = index.indices(self.size)
            return start, max(start, stop)
        if not isinstance(index, int):
            raise TypeError("nvm indices must be integers, not %s" % type(index).__name__)
        if index < 0:
            index += self.size
        if not 0 <= index < self.size:
            raise IndexError("bytearray index out of range")
        return index, index + 1

    def __getitem__(self, index):
        start, stop = self._range(index)
        if isinstance(index, slice):
            return bytearray(self._bytes[start:stop])
        return self._bytes[start]

    def __setitem__(self, index, value):
        start, stop = self._range(index)
        if isinstance(index, slice):
            data = bytes(memoryview(value))
            if len(data) != stop - start:
                raise ValueError("Slice and value different lengths.")
        else:
            if not isinstance(value, int) or not 0 <= value <= 255:
                raise ValueError("value must be 0 to 255")
            data = bytes((value,))
        if data:
            self._write(start, data)

    # ---- for the simulator's state file ---------------------------------

    def load(self, raw):
        """Replace the whole content (reading a saved state file)."""
        if len(raw) != self.size:
            raise ValueError("%s nvm image must be %d bytes, not %d"
                             % (self.port, self.size, len(raw)))
        self._bytes[:] = raw

    def dump(self):
        """The whole content as bytes (for the state file)."""
        return bytes(self._bytes)

    # ---- fault injection (arm_power_cut, disarm: PowerCutSwitch) ----------

    def _step(self):
        """Account for one step; raise PowerCut instead if power is gone by then."""
        self._steps_allowed(1)

    def _steps_allowed(self, wanted):
        """How many of ``wanted`` steps happen before the cut (all of them when unarmed)."""
        if self._cut_in is not None and self._cut_in < wanted:
            done = self._cut_in
            self._cut_in = None
            self.steps += done
            if done == 0:
                raise PowerCut("power cut after %d write steps" % self.steps)
            return done
        if self._cut_in is not None:
            self._cut_in -= wanted
        self.steps += wanted
        return wanted

    def _program(self, start, data):
        """Program bytes page by page (flash only clears bits); stops at a cut."""
        if self.order == "address":
            done = self._steps_allowed(len(data))
            self._clear_bits(start, data, range(done))
            if done < len(data):
                raise PowerCut("power cut after %d write steps" % self.steps)
            return
        offset = 0
        while offset < len(data):
            page_end = (start + offset) // self.program_page * self.program_page + self.program_page
            chunk = min(len(data) - offset, page_end - start - offset)
            indices = self._page_order(start + offset, chunk)
            done = self._steps_allowed(chunk)
            self._clear_bits(start, data, [offset + index for index in indices[:done]])
            if done < chunk:
                raise PowerCut("power cut after %d write steps" % self.steps)
            offset += chunk

    def _page_order(self, address, count):
        """The order of the ``count`` bytes programmed at ``address`` within one page."""
        indices = list(range(count))
        if self.order == "reverse":
            indices.reverse()
        elif self.order != "address":
            random.Random("%s-%d-%d" % (self.order, address, count)).shuffle(indices)
        return indices

    def _clear_bits(self, start, data, indices):
        if isinstance(indices, range) and indices.step == 1:
            done = len(indices)
            if done:
                old = int.from_bytes(self._bytes[start:start + done], "big")
                new = int.from_bytes(data[:done], "big")
                self._bytes[start:start + done] = (old & new).to_bytes(done, "big")
            return
        for index in indices:
            self._bytes[start + index] &= data[index]

    # ---- write semantics -------------------------------------------------

    def _erase_and_program(self, unit_start, unit_end, start, data):
        image = bytearray(self._bytes[unit_start:unit_end])
        offset = max(start, unit_start)
        stop = min(start + len(data), unit_end)
        image[offset - unit_start:stop - unit_start] = data[offset - start:stop - start]
        self._step()
        self.erases += 1
        self._bytes[unit_start:unit_end] = b"\xff" * (unit_end - unit_start)
        self._program(unit_start, image)

    def _write(self, start, data):
        raise NotImplementedError


class Rp2040Nvm(FlashMedium):
    size = 4096
    port = "rp2040"

    def _write(self, start, data):
        target = self._bytes[start:start + len(data)]
        if target.count(ERASED) == len(target):
            self._program(start, data)
        else:
            self._erase_and_program(0, self.size, start, data)


class Nrf52840Nvm(FlashMedium):
    size = 8192
    port = "nrf52840"
    page = 4096
    program_page = 4096  # the NVMC programs word by word; nothing promised inside the page

    def _write(self, start, data):
        first = start // self.page
        last = (start + len(data) - 1) // self.page
        for page in range(first, last + 1):
            self._erase_and_program(page * self.page, (page + 1) * self.page, start, data)


class Esp32Nvm(FlashMedium):
    # Follows DESIGN.md (one atomic step per write). CircuitPython's own code
    # (ports/espressif/common-hal/nvm/ByteArray.c) calls nvs_erase_all() before
    # nvs_set_blob(), so on a real board a cut between the two reads as zeros.
    size = 8192
    port = "esp32"
    fresh = 0x00

    def _write(self, start, data):
        self._step()
        self._bytes[start:start + len(data)] = data


class Samd51Nvm(FlashMedium):
    # CircuitPython's ports/atmel-samd/common-hal/nvm/ByteArray.c hands every write to
    # ASF4's flash_write, which copies the whole 8192-byte erase block (all of the nvm)
    # to RAM, patches it, erases the block and programs it back: any write, even of one
    # byte, is an erase of every account followed by a rewrite. The firmware refuses
    # this board; the model shows why (a cut after the erase leaves nothing).
    size = 8192
    port = "samd51"

    def _write(self, start, data):
        self._erase_and_program(0, self.size, start, data)


MODELS = {"rp2040": Rp2040Nvm, "rp2350": Rp2040Nvm, "nrf52840": Nrf52840Nvm,
          "esp32": Esp32Nvm, "esp32s2": Esp32Nvm, "esp32s3": Esp32Nvm, "samd51": Samd51Nvm}


def for_port(port, data=None, order="address"):
    """The medium model of a port name, optionally loaded with a saved image."""
    try:
        model = MODELS[port]
    except KeyError:
        raise ValueError("no nvm model for port %r: use one of %s"
                         % (port, ", ".join(sorted(MODELS)))) from None
    return model(data, order)
