"""An I2C bus with the FRAM chip model on it, driven by the real adafruit_fram driver.

``fram_nvm(model)`` gives what the firmware's store sees: ``totp.store.fram_nvm.FramNvm``
over ``adafruit_fram.FRAM_I2C`` over a minimal busio.I2C stand-in whose only
targets are the model's memory and device-ID addresses.
"""

import adafruit_fram
from totp_token.sim.chips.fram import FramModel

from totp.store.fram_nvm import FramNvm


class ModelBus:
    """The busio.I2C calls adafruit_bus_device makes, routed to chip models."""

    def __init__(self, *models):
        self.targets = {}
        for model in models:
            self.targets[model.address] = model
            endpoint = getattr(model, "id_endpoint", None)
            if endpoint is not None:
                self.targets[endpoint.address] = endpoint

    def _target(self, address):
        if address not in self.targets:
            raise OSError(19, "No such device")
        return self.targets[address]

    def try_lock(self):
        return True

    def unlock(self):
        pass

    def writeto(self, address, buffer, *, start=0, end=None):
        self._target(address).i2c_write(bytes(buffer[start:end]))

    def readfrom_into(self, address, buffer, *, start=0, end=None):
        end = len(buffer) if end is None else end
        buffer[start:end] = self._target(address).i2c_read(end - start)

    def writeto_then_readfrom(self, address, out_buffer, in_buffer, *, out_start=0,
                              out_end=None, in_start=0, in_end=None):
        self.writeto(address, out_buffer, start=out_start, end=out_end)
        self.readfrom_into(address, in_buffer, start=in_start, end=in_end)


def fram_nvm(model=None):
    """``(model, nvm)``: a FRAM model (new if not given) and the nvm the store uses over it."""
    model = model or FramModel()
    return model, FramNvm(adafruit_fram.FRAM_I2C(ModelBus(model)))
