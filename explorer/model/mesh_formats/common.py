"""What every mesh reader shares: the limits it must keep, its error, growing arrays.

Each reader checks what a file *declares* (counts in a header, lengths in a
container) against the file's size and against :class:`Limits` before it
allocates anything, so a lying header fails at once and memory stays bounded
by the limits, not by what a file claims.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


class MeshFormatError(ValueError):
    """A mesh file's bytes are not a valid mesh; ``reason`` says what and where.

    Parameters
    ----------
    reason
        A short clause such as ``"line 12: expected three numbers after 'v'"``.
    too_large
        True when the file is valid but over a limit (the fix differs).
    """

    def __init__(self, reason: str, *, too_large: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.too_large = too_large


@dataclass(frozen=True)
class Limits:
    """The most a mesh may hold; readers refuse more before allocating for it."""

    max_triangles: int

    @property
    def max_vertices(self) -> int:
        """Three per triangle: enough for a mesh sharing no vertex at all (as STL stores it)."""
        return 3 * self.max_triangles

    def check_vertices(self, count: int, declared: bool = False) -> None:
        """Refuse ``count`` vertices over the limit."""
        if count > self.max_vertices:
            verb = "declares" if declared else "has more than"
            shown = count if declared else self.max_vertices
            raise MeshFormatError(
                f"it {verb} {shown:,} vertices, over the limit of {self.max_vertices:,} "
                f"(three per triangle of the {self.max_triangles:,} allowed)",
                too_large=True,
            )

    def check_triangles(self, count: int, declared: bool = False) -> None:
        """Refuse ``count`` triangles (or declared faces) over the limit."""
        if count > self.max_triangles:
            what = f"declares {count:,} faces" if declared else f"has {count:,} triangles"
            raise MeshFormatError(
                f"it {what}, over the limit of {self.max_triangles:,} triangles", too_large=True
            )


def need_bytes(available: int, count: int, each: int, what: str, room: str = "follow") -> None:
    """Refuse a declared ``count`` of items of at least ``each`` bytes that cannot fit.

    The message ends "but only <available> bytes <room>".
    """
    if count < 0:
        raise MeshFormatError(f"it declares a negative number of {what} ({count})")
    if count * each > available:
        raise MeshFormatError(
            f"it declares {count:,} {what} of at least {each} byte(s) each, but only "
            f"{available:,} bytes {room}"
        )


class GrowingArray:
    """Rows appended block by block into one buffer, never past ``limit`` rows.

    Parameters
    ----------
    columns, dtype
        Shape of a row and its type.
    estimate
        Rows expected (e.g. counted lines); the buffer grows if there are more.
    limit
        Most rows accepted; ``check`` is called with the new total before growing.
    """

    def __init__(self, columns: int, dtype, estimate: int, limit: int, check) -> None:
        self._buffer = np.empty((max(0, min(estimate, limit)), columns), dtype=dtype)
        self._rows = 0
        self._limit = limit
        self._check = check

    def __len__(self) -> int:
        return self._rows

    def extend(self, block: np.ndarray) -> None:
        """Append the rows of ``block``."""
        total = self._rows + len(block)
        if total > self._limit:
            self._check(total)
        if total > len(self._buffer):
            grown = min(self._limit, max(total, 2 * len(self._buffer)))
            buffer = np.empty((grown, self._buffer.shape[1]), dtype=self._buffer.dtype)
            buffer[: self._rows] = self._buffer[: self._rows]
            self._buffer = buffer
        self._buffer[self._rows : total] = block
        self._rows = total

    def result(self) -> np.ndarray:
        """The rows appended so far."""
        return self._buffer[: self._rows]


#: Most corners one polygon may have (a cylinder's cap has tens to hundreds).
MAX_CORNERS = 65536


def fan(polygon) -> np.ndarray:
    """Triangles (k, 3) int64 of a convex polygon, as a fan around its first corner."""
    corners = np.asarray(polygon, dtype=np.int64)
    if len(corners) > MAX_CORNERS:
        raise MeshFormatError(
            f"a face has {len(corners):,} corners, over the limit of {MAX_CORNERS:,}"
        )
    triangles = np.empty((len(corners) - 2, 3), dtype=np.int64)
    triangles[:, 0] = corners[0]
    triangles[:, 1] = corners[1:-1]
    triangles[:, 2] = corners[2:]
    return triangles
