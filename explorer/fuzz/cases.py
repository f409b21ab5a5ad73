"""A fuzz case: the files to write, which loader reads them, and what it should say."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Target = Literal["content", "manifest", "mesh", "kiosk"]
#: ``invalid`` must be refused, ``valid`` must load, ``either`` must only not crash or hang.
Expect = Literal["invalid", "valid", "either"]


@dataclass
class Case:
    """One input to try.

    Attributes
    ----------
    number
        Its index in the run; with the seed it rebuilds the case exactly.
    target
        Which loader reads it.
    family, name
        The kind of damage (``yaml-syntax``, ``numbers``...) and the exact mutation.
    expect
        What a correct loader does with it.
    main
        The file handed to the loader, relative to the case folder.
    files
        Relative path -> bytes to write.
    zeros
        Relative path -> size of an all-zero file (written sparse, so it costs no disk).
    links
        Relative path -> where a symbolic link there points.
    folders
        Relative paths of empty folders to create.
    fifos
        Relative paths of named pipes to create (a loader that opens one blocks: a hang).
    whole_file
        The input is not a readable file at all, so a refusal names the file
        without a line (see :mod:`explorer.fuzz.gen_files`).
    """

    number: int
    target: Target
    family: str
    name: str
    expect: Expect
    main: str
    files: dict[str, bytes] = field(default_factory=dict)
    zeros: dict[str, int] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    folders: list[str] = field(default_factory=list)
    fifos: list[str] = field(default_factory=list)
    whole_file: bool = False

    @property
    def size(self) -> int:
        """Bytes of input, for the memory bound (3x this plus 100 MB)."""
        return sum(len(data) for data in self.files.values()) + sum(self.zeros.values())
