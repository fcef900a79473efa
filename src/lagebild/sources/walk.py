"""Directory walks and glob expansion that end on every tree, symlink loops included.

Directory symlinks are followed, but every directory is entered at most once per run, known
by its device and inode: a link back to an ancestor (``a/loop -> ..``) or two links to each
other end there instead of going round forever, as ``glob.glob("**", recursive=True)`` does.
A directory that cannot be listed is yielded itself so the caller can record it.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from pathlib import Path

Seen = set[tuple[int, int]]
_MAGIC = frozenset("*?[")


def _enter(path: str, seen: Seen) -> bool:
    """True the first time a directory (by device and inode) is reached."""
    try:
        st = os.stat(path)
    except OSError:
        return True  # cannot be identified: let listing it fail and be reported
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows symlinks; a looping link is no directory
    except OSError:
        return False


def _listing(path: str) -> list[os.DirEntry[str]] | None:
    try:
        with os.scandir(path) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:
        return None


def walk_files(root: Path, seen: Seen) -> Iterator[Path]:
    """Files under ``root``, depth first, sorted by name, hidden entries skipped; an unreadable
    directory is yielded itself."""
    if not _enter(os.fspath(root), seen):
        return
    stack = [os.fspath(root)]
    while stack:
        current = stack.pop()
        entries = _listing(current)
        if entries is None:
            yield Path(current)
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is_dir(entry):
                subdirs.append(entry.path)
            else:
                yield Path(entry.path)
        stack.extend(d for d in reversed(subdirs) if _enter(d, seen))


def _split(pattern: str) -> tuple[str, list[str]]:
    """(literal leading directory, remaining pattern segments)."""
    parts = pattern.split("/")
    lead: list[str] = []
    while len(parts) > 1 and not (_MAGIC & set(parts[0])):
        lead.append(parts.pop(0))
    root = "/".join(lead) + ("/" if lead and lead == [""] else "")
    return root, [p for p in parts if p != ""] or ["*"]


def _component_matches(name: str, segment: str) -> bool:
    if name.startswith(".") and not segment.startswith("."):
        return False  # like glob: wildcards do not match hidden names
    return fnmatch.fnmatchcase(name, segment)


def _matches(comps: list[str], segs: list[str]) -> bool:
    """Whether path components match pattern segments; ``**`` stands for any number of
    (non-hidden) components."""
    memo: dict[tuple[int, int], bool] = {}

    def m(i: int, j: int) -> bool:
        if (i, j) not in memo:
            if j == len(segs):
                ok = i == len(comps)
            elif segs[j] == "**":
                ok = m(i, j + 1) or (i < len(comps) and not comps[i].startswith(".") and m(i + 1, j))
            else:
                ok = i < len(comps) and _component_matches(comps[i], segs[j]) and m(i + 1, j + 1)
            memo[(i, j)] = ok
        return memo[(i, j)]

    return m(0, 0)


def _may_descend(comps: list[str], segs: list[str]) -> bool:
    """Whether something below the directory ``comps`` can still match."""
    for i, comp in enumerate(comps):
        if i >= len(segs):
            return False
        if segs[i] == "**":
            return True
        if not _component_matches(comp, segs[i]):
            return False
    return len(comps) < len(segs)


def glob_paths(pattern: str) -> list[Path]:
    """Paths matching ``pattern`` (``*``, ``?``, ``[…]``, ``**`` for any depth), sorted; no
    directory is entered twice."""
    root, segs = _split(pattern)
    base = root or "."
    found: list[str] = []
    walked: Seen = set()
    if not os.path.isdir(base) or not _enter(base, walked):
        return []
    stack: list[tuple[str, list[str]]] = [(base, [])]
    while stack:
        current, comps = stack.pop()
        for entry in _listing(current) or []:
            sub = [*comps, entry.name]
            if _matches(sub, segs):
                found.append(os.path.join(root, *sub) if root else os.path.join(*sub))
            if _is_dir(entry) and _may_descend(sub, segs) and _enter(entry.path, walked):
                stack.append((entry.path, sub))
    return [Path(p) for p in sorted(found)]
