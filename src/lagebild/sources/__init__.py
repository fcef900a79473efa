"""Sources: find input items (files, directories, globs) and read them into raw Articles."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, UnsupportedInputError
from ..ingest.limits import printable, sanitize_article, sanitize_rejection
from ..model import Article, Rejection
from . import readers, walk
from .readers import Item, reject
from .stream import file_kind

Reader = Callable[[Path, Any], Iterator[Item]]

#: File endings and the reader for each; longest ending wins (".warc.gz" before ".gz").
READERS: dict[str, Reader] = {
    ".txt": readers.read_text_file,
    ".text": readers.read_text_file,
    ".md": readers.read_text_file,
    ".html": readers.read_html_file,
    ".htm": readers.read_html_file,
    ".xhtml": readers.read_html_file,
    ".xml": readers.read_feed_file,
    ".rss": readers.read_feed_file,
    ".atom": readers.read_feed_file,
    ".jsonl": readers.read_jsonl_file,
    ".ndjson": readers.read_jsonl_file,
    ".warc": readers.read_warc_file,
    ".warc.gz": readers.read_warc_file,
}


def reader_for(path: Path) -> Reader | None:
    """The reader for a file name; ``NAME.EXT.gz`` is read as ``NAME.EXT``, gunzipped."""
    name = path.name.lower()
    if name.endswith(".gz") and not name.endswith(".warc.gz"):
        name = name[:-3]
    for ending in sorted(READERS, key=len, reverse=True):
        if name.endswith(ending):
            return READERS[ending]
    return None


def discover(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named by ``inputs``: paths, directories (walked, sorted, hidden entries skipped), globs.

    Directory symlinks are followed, but no directory is entered twice (a symlink loop ends the
    walk there). A directory that cannot be listed is yielded itself, so that :func:`read_items`
    turns it into a rejection instead of skipping it in silence."""
    seen: set[tuple[int, int]] = set()  # directories entered, by device and inode
    given: set[Path] = set()  # paths yielded: a ``**`` glob names files and their directories
    for raw in inputs:
        text = os.fspath(raw)
        if any(ch in text for ch in "*?[") and not os.path.lexists(text):
            paths = walk.glob_paths(text)
        else:
            paths = [Path(text)]
        for path in paths:
            for found in walk.walk_files(path, seen) if path.is_dir() else [path]:
                if found not in given:
                    given.add(found)
                    yield found


def read_items(path: Path, cfg: Any) -> Iterator[Item]:
    """Raw articles and rejections from one file; never raises for bad content.

    Every article leaves here sanitised (:func:`lagebild.ingest.limits.sanitize_article`): no
    lone surrogates, NULs or control characters in any text field, each change a warning."""
    name = readers.source_name(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        yield Rejection(name, "no such file" if not os.path.islink(path) else "broken symbolic link",
                        "InputError")
        return
    except OSError as exc:
        yield Rejection(name, f"cannot read: {exc.strerror or exc}", "InputError")
        return
    if stat.S_ISDIR(mode):
        # discover yields a directory only when it cannot be listed
        try:
            os.scandir(path).close()
            why = "is a directory"
        except OSError as exc:
            why = f"cannot read directory: {exc.strerror or exc}"
        yield Rejection(name, why, "InputError")
        return
    reader = reader_for(path)
    if reader is None:
        unsupported = UnsupportedInputError(
            name, f"unsupported file type {printable(path.suffix) or '(none)'}; "
            f"known: {', '.join(sorted(READERS))}")
        yield reject(name, unsupported)
        return
    if not stat.S_ISREG(mode):
        yield Rejection(name, f"not a regular file: {file_kind(mode)}", "UnsupportedInputError")
        return
    try:
        for item in reader(path, cfg):
            yield sanitize_article(item) if isinstance(item, Article) else sanitize_rejection(item)
    except InputError as exc:
        yield sanitize_rejection(reject(exc.source, exc))
    except OSError as exc:
        yield Rejection(name, f"cannot read: {exc.strerror or exc}", "InputError")
    except Exception as exc:  # a reader's library failing on odd bytes: this file only, never the run
        yield sanitize_rejection(Rejection(name, f"cannot be read ({type(exc).__name__}: {exc})", "InputError"))
