"""Models of the token's chips: the I2C parts (DS3231, SSD1306, FRAM) and the flash nvm.

Each I2C part is an ``i2c_target.I2CTarget``, the one surface the simulated ``busio``
(and the board tier's pin-level bus) talks to. The nvm models stand in for
``microcontroller.nvm``; they and the FRAM take injected power cuts.
"""
