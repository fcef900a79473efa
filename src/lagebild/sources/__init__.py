"""Sources: find input items (files, directories, globs) and read them into raw Articles."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, UnsupportedInputError
from ..model import Rejection
from . import readers
from .readers import Item, reject

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
    """Files named by ``inputs``: paths, directories (walked, sorted, hidden entries skipped), globs."""
    for raw in inputs:
        text = str(raw)
        if any(ch in text for ch in "*?[") and not Path(text).exists():
            matches = sorted(glob.glob(text, recursive=True))
            for m in matches:
                yield from discover([m])
            continue
        path = Path(text)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


def read_items(path: Path, cfg: Any) -> Iterator[Item]:
    """Raw articles and rejections from one file; never raises for bad content."""
    if not path.exists():
        yield Rejection(str(path), "no such file", "InputError")
        return
    reader = reader_for(path)
    if reader is None:
        exc = UnsupportedInputError(
            str(path), f"unsupported file type {path.suffix or '(none)'}; "
            f"known: {', '.join(sorted(READERS))}")
        yield reject(str(path), exc)
        return
    try:
        yield from reader(path, cfg)
    except InputError as exc:
        yield reject(exc.source, exc)
    except OSError as exc:
        yield Rejection(str(path), f"cannot read: {exc.strerror or exc}", "InputError")
