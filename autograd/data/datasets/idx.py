"""The IDX format of MNIST's files: a magic number (two zero bytes, a type code, the number of
dims), each dim as a big-endian 32-bit count, then the values, big-endian. Read gzipped or not."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import numpy as np

# The type code (third byte of the magic number) and the dtype it stands for.
DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
GZIP_MAGIC = b"\x1f\x8b"


class IdxError(ValueError):
    """A file that is not the IDX file expected, naming it and what is wrong."""


def read_idx(path: str | Path, magic: int | None = None) -> np.ndarray:
    """The array stored in the IDX file at `path` (gzipped or not), in native byte order;
    checked against the expected `magic` number if given (2049 for labels, 2051 for images),
    and its size against its header."""
    raw = Path(path).read_bytes()
    if raw.startswith(GZIP_MAGIC):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as err:
            raise IdxError(f"{path}: not a valid gzip file ({err})") from None
    if len(raw) < 4 or raw[:2] != b"\0\0" or raw[2] not in DTYPES:
        raise IdxError(
            f"{path}: not an IDX file (it starts with bytes {raw[:4].hex(' ')}; an IDX file "
            "starts with 00 00, a type code 08-0e and its number of dims)"
        )
    found = int.from_bytes(raw[:4], "big")
    if magic is not None and found != magic:
        raise IdxError(
            f"{path}: magic number {found} ({describe(found)}), expected {magic} "
            f"({describe(magic)})"
        )
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise IdxError(f"{path}: truncated header ({len(raw)} bytes; {ndim} dims need {header})")
    shape = tuple(int.from_bytes(raw[4 + 4 * d : 8 + 4 * d], "big") for d in range(ndim))
    dtype = np.dtype(DTYPES[raw[2]])
    expected, held = int(np.prod(shape)) * dtype.itemsize, len(raw) - header
    if held != expected:
        raise IdxError(
            f"{path}: its header says shape {shape} of {dtype.name} ({expected} bytes of data), "
            f"but the file holds {held} bytes after the header "
            f"({'truncated' if held < expected else 'extra bytes at the end'})"
        )
    return np.frombuffer(raw, dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def describe(magic: int) -> str:
    """What a magic number says: the dtype and the number of dims."""
    code = (magic >> 8) & 0xFF
    dtype = np.dtype(DTYPES[code]).name if code in DTYPES else f"unknown type {code:#04x}"
    return f"{dtype}, {magic & 0xFF} dims"
