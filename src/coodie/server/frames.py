"""Native protocol frame (v5: envelope) headers and opcodes, for protocol v3 to v5.

A frame is a 9-byte header (version, flags, stream, opcode, body length) and a body.

>>> h = decode_header(bytes.fromhex("040000070500000000"), max_body=1024)
>>> (h.version, h.stream, h.opcode, h.length)
(4, 7, <Opcode.OPTIONS: 5>, 0)
"""

from __future__ import annotations

import enum
import struct

import attrs

HEADER = struct.Struct(">BBhBi")
HEADER_SIZE = HEADER.size
SUPPORTED_VERSIONS = (3, 4, 5)
RESPONSE_BIT = 0x80


class Opcode(enum.IntEnum):
    """Message opcodes."""

    ERROR = 0x00
    STARTUP = 0x01
    READY = 0x02
    AUTHENTICATE = 0x03
    OPTIONS = 0x05
    SUPPORTED = 0x06
    QUERY = 0x07
    RESULT = 0x08
    PREPARE = 0x09
    EXECUTE = 0x0A
    REGISTER = 0x0B
    EVENT = 0x0C
    BATCH = 0x0D
    AUTH_CHALLENGE = 0x0E
    AUTH_RESPONSE = 0x0F
    AUTH_SUCCESS = 0x10


class Flag(enum.IntFlag):
    """Frame header flags."""

    COMPRESSION = 0x01
    TRACING = 0x02
    CUSTOM_PAYLOAD = 0x04
    WARNING = 0x08
    USE_BETA = 0x10


PROTOCOL_ERROR, INVALID = 0x000A, 0x2200


class FrameError(Exception):
    """A frame cannot be accepted; answered with an error (``code``, a protocol error by default).

    ``version`` is the protocol version to answer with, ``fatal`` says whether the
    connection must be closed afterwards (the stream of bytes cannot be resynchronized);
    ``skip`` is the length of the refused frame's body, to discard unread.
    """

    def __init__(
        self,
        message: str,
        *,
        stream: int = 0,
        version: int = 4,
        fatal: bool = False,
        skip: int = 0,
        code: int = PROTOCOL_ERROR,
    ) -> None:
        super().__init__(message)
        self.stream = stream
        self.version = version
        self.fatal = fatal
        self.skip = skip
        self.code = code


@attrs.frozen(slots=True)
class FrameHeader:
    """A decoded request header."""

    version: int
    flags: int
    stream: int
    opcode: Opcode
    length: int


def decode_header(data: bytes, *, max_body: int) -> FrameHeader:
    """Check and decode a 9-byte request header.

    Raises :class:`FrameError`: unsupported versions (answered with the highest version
    we speak, so clients downgrade; fatal), bodies over ``max_body`` (an invalid request, as
    Cassandra answers, whose body is skipped), response frames and unknown opcodes. The
    length is checked before anything else about the frame, so no refused body is ever read:

    >>> try:
    ...     decode_header(bytes.fromhex("840000010510000000"), max_body=1024)
    ... except FrameError as exc:
    ...     print(hex(exc.code), exc.skip, exc)
    0x2200 268435456 Request is too big: length 268435465 exceeds maximum allowed length 1024.
    """
    raw_version, flags, stream, opcode, length = HEADER.unpack(data)
    version = raw_version & 0x7F
    if version not in SUPPORTED_VERSIONS:
        highest = max(SUPPORTED_VERSIONS)
        raise FrameError(
            f"Invalid or unsupported protocol version ({version}); "
            f"supported versions are ({', '.join(f'{v}/v{v}' for v in SUPPORTED_VERSIONS)})",
            stream=stream,
            version=highest if version > highest else min(SUPPORTED_VERSIONS),
            fatal=True,
        )
    if length < 0:
        message = f"Invalid frame body length {length}"
        raise FrameError(message, stream=stream, version=version, fatal=True)
    if length > max_body:
        raise FrameError(
            f"Request is too big: length {length + HEADER_SIZE} exceeds maximum allowed length "
            f"{max_body}.",
            stream=stream,
            version=version,
            skip=length,
            code=INVALID,
        )
    if raw_version & RESPONSE_BIT:
        message = "Unexpected response frame from a client"
        raise FrameError(message, stream=stream, version=version, skip=length)
    try:
        op = Opcode(opcode)
    except ValueError:
        message = f"Unknown opcode {opcode}"
        raise FrameError(message, stream=stream, version=version, skip=length) from None
    return FrameHeader(version, flags, stream, op, length)


def encode_frame(version: int, flags: int, stream: int, opcode: Opcode, body: bytes) -> bytes:
    """A complete response frame.

    >>> encode_frame(4, 0, 1, Opcode.READY, b"").hex()
    '840000010200000000'
    """
    return HEADER.pack(version | RESPONSE_BIT, flags, stream, opcode, len(body)) + body
