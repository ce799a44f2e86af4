"""A minimal protocol-buffers wire-format reader, enough for Google Authenticator exports.

Hand-written rather than depending on the ``protobuf`` package: the export schema
is a dozen scalar fields, no generated code is needed to read them, and a reader
this small turns every kind of damage into one error type (``WireError``) that the
importer words for the user, instead of library exceptions of varying kinds.
"""

VARINT = 0
FIXED64 = 1
LENGTH_DELIMITED = 2
FIXED32 = 5
_MAX_VARINT_BYTES = 10


class WireError(ValueError):
    """The bytes are not a well-formed protocol-buffers message."""


def read_varint(data: bytes, pos: int) -> tuple[int, int]:
    """The unsigned varint at ``pos`` -> (value, position after it)."""
    value = 0
    shift = 0
    for _ in range(_MAX_VARINT_BYTES):
        if pos >= len(data):
            raise WireError("the data ends inside a number")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7
    raise WireError("a number is longer than %d bytes" % _MAX_VARINT_BYTES)


def read_message(data: bytes) -> dict[int, list[int | bytes]]:
    """``{field number: [values in order]}``: ints for numeric wire types, bytes otherwise."""
    fields: dict[int, list[int | bytes]] = {}
    pos = 0
    while pos < len(data):
        value: int | bytes
        key, pos = read_varint(data, pos)
        number, wire_type = key >> 3, key & 7
        if number == 0:
            raise WireError("field number 0 is not allowed")
        if wire_type == VARINT:
            value, pos = read_varint(data, pos)
        elif wire_type in (FIXED64, FIXED32):
            size = 8 if wire_type == FIXED64 else 4
            if pos + size > len(data):
                raise WireError("the data ends inside field %d" % number)
            value = int.from_bytes(data[pos:pos + size], "little")
            pos += size
        elif wire_type == LENGTH_DELIMITED:
            size, pos = read_varint(data, pos)
            if pos + size > len(data):
                raise WireError("the data ends inside field %d" % number)
            value = bytes(data[pos:pos + size])
            pos += size
        else:
            raise WireError("field %d has wire type %d, which this format never uses"
                            % (number, wire_type))
        fields.setdefault(number, []).append(value)
    return fields


def signed(value: int, bits: int) -> int:
    """Two's complement reading of an unsigned varint (int32/int64 fields)."""
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value
