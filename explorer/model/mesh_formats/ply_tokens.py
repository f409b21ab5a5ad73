"""The body of an ASCII PLY file as a stream of numbers, read one window at a time."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import numpy as np

from explorer.model.mesh_formats.common import MeshFormatError
from explorer.model.mesh_formats.text import (
    bad_line,
    line_number,
    numbers,
    refuse_binary,
    windows,
)

#: Records handed out at once: large enough for numpy to do the work, small
#: enough that the temporary arrays stay a few MB.
BATCH = 65536


class Tokens:
    """The numbers after the header, handed out in runs of whole records."""

    def __init__(self, data: bytes, start: int) -> None:
        refuse_binary(data, "ASCII PLY")
        self._data = data
        self._windows = windows(data, start)
        self._start = start
        self._line = data.count(b"\n", 0, start) + 1
        self._pending = np.empty(0)
        self._taken = 0  # numbers handed out so far

    def _load(self) -> bool:
        """Parse the next window into the pending numbers; False at the end of the file."""
        for _offset, chunk in self._windows:
            values = numbers(chunk)
            if values is None:
                self._raise_bad_line(chunk)
            self._line += chunk.count(b"\n")
            self._pending = (
                np.concatenate((self._pending, values)) if len(self._pending) else values
            )
            return True
        return False

    def _raise_bad_line(self, chunk: bytes) -> None:
        for offset, line in enumerate(chunk.split(b"\n")):
            if numbers(line) is None:
                raise bad_line(self._line + offset, line, "numbers only, as the header declares")

    def _peek(self, count: int) -> np.ndarray:
        """Up to ``count`` next numbers, not consumed (fewer only at the end of the file)."""
        while len(self._pending) < count and self._load():
            pass
        return self._pending[:count]

    def take(self, count: int) -> np.ndarray:
        """Exactly ``count`` next numbers."""
        taken = self._peek(count)
        if len(taken) < count:
            raise MeshFormatError("the file ends before the elements its header declares")
        self._pending = self._pending[count:]
        self._taken += count
        return taken

    def records(self, count: int, width: int) -> Iterator[tuple[int, np.ndarray]]:
        """``(first index, block (n, width))`` for ``count`` records of ``width`` numbers."""
        for start in range(0, count, BATCH):
            rows = min(BATCH, count - start)
            yield start, self.take(rows * width).reshape(rows, width)

    def polygons(self, count: int, before: int, after: int) -> Iterator[tuple[int, np.ndarray]]:
        """Triangles of ``count`` faces with ``before`` and ``after`` scalars around their corners.

        Yields ``(index of the first face, triangles (k, 3))``: runs of faces
        with the same corner count are split into fans with numpy at once.
        """
        index = 0
        while index < count:
            head = self._peek(before + 1)
            if len(head) < before + 1:
                raise MeshFormatError("the file ends before the faces its header declares")
            corners = head[before]
            if not np.isfinite(corners) or corners != int(corners) or not 3 <= corners <= 1 << 16:
                raise MeshFormatError(
                    f"face {index} has {corners:,g} corners; a face needs a whole number "
                    f"from 3 to {1 << 16:,}"
                )
            corners = int(corners)
            width = before + 1 + corners + after
            rows = min(BATCH, count - index)
            block = self._peek(rows * width)
            run = block[: len(block) // width * width].reshape(-1, width)
            different = np.flatnonzero(run[:, before] != corners)
            same = int(different[0]) if len(different) else len(run)
            if same == 0:
                raise MeshFormatError("the file ends before the faces its header declares")
            polygons = self.take(same * width).reshape(same, width)[
                :, before + 1 : before + 1 + corners
            ]
            fans = [polygons[:, [0, i, i + 1]] for i in range(1, corners - 1)]
            yield index, np.stack(fans, axis=1).reshape(-1, 3)
            index += same

    def expect_end(self) -> None:
        """Refuse numbers after the last element."""
        extra = len(self._peek(1))
        if extra:
            line = self._line_of_number(self._taken)
            raise MeshFormatError(
                f"numbers follow the last element its header declares (line {line}+)"
            )

    def _line_of_number(self, index: int) -> int:
        """The line of the ``index``-th number after the header (counted from 0).

        Only for an error: the windows are read again, and only the one that
        holds that number is split into tokens.
        """
        seen = 0
        for offset, chunk in windows(self._data, self._start):
            count = len(numbers(chunk))
            if seen + count > index:
                token = next(itertools.islice(re.finditer(rb"\S+", chunk), index - seen, None))
                return line_number(self._data, offset + token.start())
            seen += count
        return line_number(self._data, len(self._data))
