"""Reading text meshes (OBJ, OFF, ASCII STL and PLY) a window of whole lines at a time.

A text mesh is never split into one Python object per line or per number for
the whole file: that costs 10 to 50 times the file's size. It is read in
windows of about :data:`WINDOW_BYTES`, each parsed by numpy where the lines
are regular and line by line where they are not, so temporary memory stays a
few MB whatever the file's size, and an error can name its line.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from explorer.model.errors import clip
from explorer.model.mesh_formats.common import MeshFormatError

WINDOW_BYTES = 1 << 20
#: Longest line accepted: a polygon with tens of thousands of corners still fits.
MAX_LINE_BYTES = 1 << 20


def refuse_binary(data: bytes, kind: str) -> None:
    """Refuse a file with a NUL byte: it is binary (or zeroed), not a text ``kind`` file."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise MeshFormatError(
            f"byte {nul:,} (line {line_number(data, nul)}) is a NUL byte: this is not "
            f"a text {kind} file"
        )


def line_number(data: bytes, offset: int) -> int:
    """The 1-based line holding byte ``offset``."""
    return data.count(b"\n", 0, offset) + 1


def windows(data: bytes, start: int = 0, end: int | None = None) -> Iterator[tuple[int, bytes]]:
    """Yield ``(byte offset, chunk)``: consecutive chunks of whole lines of ``data[start:end]``."""
    end = len(data) if end is None else end
    position = start
    while position < end:
        stop = min(end, position + WINDOW_BYTES)
        if stop < end:
            newline = data.rfind(b"\n", position, stop)
            if newline < 0:  # one line longer than the window
                newline = data.find(b"\n", position, min(end, position + MAX_LINE_BYTES + 1))
                if newline < 0 and end - position > MAX_LINE_BYTES:
                    raise MeshFormatError(
                        f"line {line_number(data, position)} is longer than "
                        f"{MAX_LINE_BYTES:,} bytes"
                    )
            stop = end if newline < 0 else newline + 1
        yield position, data[position:stop]
        position = stop


def numbers(text: bytes, dtype=np.float64) -> np.ndarray | None:
    """Every whitespace-separated number of ``text``, or None if any token is not one."""
    if not text or text.isspace():
        return np.empty(0, dtype=dtype)  # numpy reads blank text as the number -1
    try:
        return np.fromstring(text, dtype=dtype, sep=" ")
    except ValueError:
        return None


def bad_line(number: int, line: bytes, expected: str) -> MeshFormatError:
    """The error for line ``number`` that does not hold what was ``expected``."""
    shown = clip(line.strip().decode("utf-8", "replace"))
    return MeshFormatError(f"line {number}: expected {expected}; found '{shown}'")


def parse_floats(tokens: list[bytes], count: int, number: int, line: bytes, what: str):
    """The first ``count`` of ``tokens`` as floats, or a located error naming ``what``."""
    try:
        if len(tokens) < count:
            raise ValueError
        return [float(token) for token in tokens[:count]]
    except ValueError:
        raise bad_line(number, line, what) from None


def parse_ints(tokens: list[bytes], number: int, line: bytes, what: str) -> list[int]:
    """``tokens`` as whole numbers, or a located error naming ``what``."""
    try:
        return [int(token) for token in tokens]
    except ValueError:
        raise bad_line(number, line, what) from None


def data_lines(chunk: bytes, first_line: int, comment: bytes = b"#") -> Iterator[tuple[int, bytes]]:
    """Yield ``(line number, stripped line)`` for the lines of ``chunk`` that hold data."""
    for offset, raw in enumerate(chunk.split(b"\n")):
        line = raw.split(comment, 1)[0].strip() if comment else raw.strip()
        if line:
            yield first_line + offset, line
