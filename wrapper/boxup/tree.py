"""The tree planner: turn the PATHs of ``boxup upload`` into folders to ensure and files to upload.

Nothing here touches the network. Decisions the issue left open:

- A directory PATH becomes a folder of the same name under the target; a file PATH is uploaded under its own name.
- ``--exclude`` patterns are ``fnmatch`` globs (case-sensitive) tested against the POSIX path relative to the PATH
  (``raw/a.tmp`` under PATH ``shoot``) and against the bare name, so ``*.tmp`` excludes at any depth and
  ``raw/*`` only under ``raw``. A pattern matching a directory prunes it: neither the folder nor anything below it
  is sent. Excludes never apply to a PATH named on the command line.
- Symlinks to files are followed and uploaded under the link's name; symlinks to directories are not descended
  (reported as skipped), nor are broken links, sockets, FIFOs or devices. A PATH that is itself a link to a
  directory is followed: the user named it.
- A name Box cannot take fails that file (and every file below a folder with such a name) with a message naming it;
  so does the second of two local names that Box would see as the same (names are case-insensitive in a folder).
- Order is deterministic: entries of a directory sorted by name, depth first; folders come before their contents.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from .errors import InputError
from .source import check_source
from .validate import name_problem


class _Placed:
    """Where an item goes: ``path`` relative to the target folder, POSIX-style (``shoot/raw/img.cr2``)."""

    path: str

    @property
    def parent(self) -> str:
        return self.path.rpartition("/")[0]

    @property
    def name(self) -> str:
        return self.path.rpartition("/")[2]


@attrs.frozen
class PlannedFolder(_Placed):
    """A folder to find or create; ``problem`` says why Box cannot take its name (it is then not created)."""

    path: str
    problem: str | None = None


@attrs.frozen
class PlannedFile(_Placed):
    """A file to upload from ``source`` (a link's target is read through the link); ``problem`` fails it."""

    source: Path
    path: str
    size: int
    problem: str | None = None


@attrs.frozen
class SkippedEntry:
    """A local entry deliberately not uploaded (a symlinked directory, a special file), and why."""

    source: Path
    path: str
    reason: str


@attrs.frozen
class TreePlan:
    folders: tuple[PlannedFolder, ...]
    files: tuple[PlannedFile, ...]
    skipped: tuple[SkippedEntry, ...]

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files if f.problem is None)


@attrs.define
class _Walk:
    excludes: tuple[str, ...]
    folders: list[PlannedFolder] = attrs.Factory(list)
    files: list[PlannedFile] = attrs.Factory(list)
    skipped: list[SkippedEntry] = attrs.Factory(list)
    taken: dict[tuple[str, str], str] = attrs.Factory(dict)

    def excluded(self, relative: str) -> bool:
        name = relative.rpartition("/")[2]
        return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(name, p) for p in self.excludes)

    def claim(self, folder: str, name: str) -> str | None:
        """A problem when Box would see ``name`` as one already planned in ``folder`` (case-insensitive)."""
        key = (folder, name.casefold())
        first = self.taken.setdefault(key, name)
        if first != name:
            return f"the name {name!r} is the same as {first!r} to Box, which ignores case in names"
        return None

    def add_file(self, source: Path, path: str, size: int, inherited: str | None) -> None:
        folder, _, name = path.rpartition("/")
        problem = inherited or name_problem(name) or self.claim(folder, name)
        self.files.append(PlannedFile(source, path, size, problem))

    def add_directory(self, source: Path, path: str, relative: str, inherited: str | None) -> None:
        folder, _, name = path.rpartition("/")
        own = name_problem(name) or self.claim(folder, name)
        problem = inherited or own
        self.folders.append(PlannedFolder(path, problem))
        below = inherited or (f"its folder {path!r} cannot be created on Box: {own}" if own else None)
        try:
            children = sorted(os.scandir(source), key=lambda e: e.name)
        except OSError as exc:
            self.files.append(
                PlannedFile(source, path, 0, f"cannot read the directory {str(source)!r}: {exc.strerror}")
            )
            return
        for entry in children:
            child_rel = f"{relative}/{entry.name}" if relative else entry.name
            if not self.excluded(child_rel):
                self.add_entry(Path(entry.path), f"{path}/{entry.name}", child_rel, below)

    def add_entry(self, source: Path, path: str, relative: str, inherited: str | None) -> None:
        try:
            link = source.is_symlink()
            info = source.stat()
        except FileNotFoundError:
            self.skipped.append(SkippedEntry(source, path, "a broken symbolic link"))
            return
        except OSError as exc:
            self.files.append(PlannedFile(source, path, 0, f"cannot read {str(source)!r}: {exc.strerror}"))
            return
        if stat.S_ISDIR(info.st_mode):
            if link:
                self.skipped.append(SkippedEntry(source, path, "a symbolic link to a directory (not followed)"))
            else:
                self.add_directory(source, path, relative, inherited)
        elif stat.S_ISREG(info.st_mode):
            self.add_file(source, path, info.st_size, inherited)
        else:
            self.skipped.append(SkippedEntry(source, path, "not a regular file or directory"))


def plan_tree(paths: Sequence[str | os.PathLike[str]], *, excludes: Iterable[str] = ()) -> TreePlan:
    """Walk ``paths`` into a plan. Raises InputError, before anything is sent, for a PATH that is missing or is
    neither a file nor a directory, or for two PATHs that would land on the same name."""
    if not paths:
        raise InputError("no PATH given")
    walk = _Walk(tuple(excludes))
    tops: dict[str, str] = {}
    for raw in paths:
        source = Path(raw)
        kind = _top_kind(source)
        name = Path(os.path.abspath(source)).name
        if not name:
            raise InputError(f"cannot upload {str(source)!r}: it has no name to give the folder on Box")
        earlier = tops.setdefault(name.casefold(), str(raw))
        if earlier != str(raw):
            raise InputError(f"{str(earlier)!r} and {str(raw)!r} would both become {name!r} in the folder")
        if kind == "dir":
            walk.add_directory(source, name, "", None)
        else:
            walk.add_file(source, name, source.stat().st_size, None)
    return TreePlan(tuple(walk.folders), tuple(walk.files), tuple(walk.skipped))


def _top_kind(source: Path) -> str:
    """A PATH is a directory (links followed), or else vetted exactly as a single-file upload vets it."""
    if source.is_dir():
        return "dir"
    check_source(source)
    return "file"
