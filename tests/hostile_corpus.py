"""The hostile-input corpus of issue 19, generated on demand (never committed as files).

Each case writes its inputs under a directory and says what a correct run does with them: how
many items are stored and how many rejected. ``tests/test_hostile.py`` runs every case in process;
``bench/hostile.py`` runs each through the CLI and prints exit status, counts, time and peak memory.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: A real-looking article body (invented text) long enough to pass ``min_text_chars``.
BODY = ("Die Hafenarbeiter in Hamburg haben am Montag ihre Arbeit niedergelegt. Die Gewerkschaft fordert "
        "höhere Löhne. Der Betreiber sprach von einem unverhältnismäßigen Streik und kündigte rechtliche "
        "Schritte an. Schiffe stauen sich bereits auf der Elbe.")


def body(i: int) -> str:
    """A distinct article (no two fold into one)."""
    return f"Meldung Nummer {i} aus der Redaktion\n\n{BODY.replace('Montag', f'Tag {i}')} Der Vorgang trägt die Nummer {i}."


def gz_members(unit: bytes, count: int) -> bytes:
    """``count`` gzip members of 1 MiB of ``unit`` each: decompresses to ``count`` MiB, costs ~1 kB each."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    member = comp.compress(unit * ((1 << 20) // len(unit))) + comp.flush()
    return member * count


def jsonl(records: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


@dataclass
class Case:
    name: str
    what: str
    build: Callable[[Path], list[str]]  # writes the inputs under the directory, returns the CLI arguments
    stored: int
    rejected: int


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _bad_name(d: Path) -> list[str]:
    _write(d / "in" / "ok.txt", body(1))
    with open(os.fsencode(d / "in") + b"/caf\xe9-\xff.txt", "wb") as fh:
        fh.write(body(2).encode())
    return [str(d / "in")]


def _surrogate_title(d: Path) -> list[str]:
    lines = [json.dumps({"title": "Titel", "text": body(1)}),
             '{"title": "kaputt \\ud800 Titel", "outlet": "X\\udfff", "text": ' + json.dumps(body(2)) + "}",
             json.dumps({"title": "drei", "text": body(3) + " \ud83d"})]
    return [str(_write(d / "s.jsonl", "\n".join(lines)))]


def _nul_fields(d: Path) -> list[str]:
    records = [{"title": "Ti\x00tel", "outlet": "Out\x00let", "url": "https://x.org/\x00a", "text": body(1)},
               {"title": "zwei", "author": "A\x00B", "text": body(2).replace("Hafen", "Ha\x00fen")}]
    return [str(_write(d / "n.jsonl", jsonl(records)))]


def _freezing_upload(d: Path) -> list[str]:
    # the upload that froze the server: nothing but markup characters (rejected: no text)
    _write(d / "in" / "freeze.txt", "<html>" + "<" * 100_000)
    # the same run of characters after a real article: stored, the run cut and kept as debris
    _write(d / "in" / "article_then_run.txt", body(1) + " " + "<" * 100_000)
    for i, ch in enumerate('("„!'):
        _write(d / "in" / f"run{i}.txt", body(10 + i) + " " + ch * 16_000)
    return [str(d / "in")]


def _long_article(d: Path) -> list[str]:
    words = (BODY + " ").split()
    text = " ".join(f"{w}{i % 97}" if i % 7 == 0 else w for i, w in enumerate(words * 20_000))  # ~3.3 MB
    return [str(_write(d / "long.txt", "Eine sehr lange Meldung aus Hamburg\n\n" + text))]


def _gz_long_line(d: Path) -> list[str]:
    head = zlib.compress(jsonl([{"text": body(1)}]), 9, wbits=31)
    # one 4 GiB line: '{"text": "aaaa…' in 4,096 gzip members (4 MB on disk)
    data = zlib.compressobj(9, zlib.DEFLATED, 31)
    start = data.compress(b'{"text": "') + data.flush()
    return [str(_write(d / "line.jsonl.gz", head + start + gz_members(b"a", 4096)))]


def _gz_newlines(d: Path) -> list[str]:
    good = jsonl([{"text": body(1)}, {"text": body(2)}])
    return [str(_write(d / "nl.jsonl.gz", zlib.compress(good, 9, wbits=31) + gz_members(b"\n", 4096)))]


def _special_files(d: Path) -> list[str]:
    _write(d / "in" / "ok.txt", body(1))
    os.mkfifo(d / "in" / "pipe.txt")
    (d / "in" / "zero.txt").symlink_to("/dev/zero")
    return [str(d / "in")]


def _glob_loop(d: Path) -> list[str]:
    _write(d / "in" / "a" / "x.txt", body(1))
    _write(d / "in" / "a" / "b" / "y.txt", body(2))
    (d / "in" / "a" / "b" / "up").symlink_to(d / "in" / "a")
    (d / "in" / "a" / "self").symlink_to(".")
    (d / "in" / "a" / "b" / "c").symlink_to(d / "in" / "a" / "b")
    return [str(d / "in" / "**" / "*.txt")]


def _control_byte_jsonl(d: Path) -> list[str]:
    lines = [json.dumps({"text": body(i)}) for i in range(8)]
    lines.insert(1, '{"text": "' + "kaputt \x01 " * 10 + '"}')  # a raw control byte in the first 4 kB
    return [str(_write(d / "c.jsonl", "\n".join(lines)))]


def _mixed_junk(d: Path) -> list[str]:
    _write(d / "in" / "ok.html", f"<html><body><article><p>{BODY}</p><p>{BODY}</p></article></body></html>")
    _write(d / "in" / "empty.txt", b"")
    _write(d / "in" / "binary.txt", bytes(range(256)) * 40)
    _write(d / "in" / "bad.rss", "<rss><channel><item><title>T &#xD800;</title><description>" + BODY
           + " &#0; &#xDFFF;</description></item></channel></rss>")
    _write(d / "in" / "bad.warc.gz", b"\x1f\x8b" + b"\x00" * 64)
    return [str(d / "in")]


CASES: list[Case] = [
    Case("bad-file-name", "a file name that is not UTF-8", _bad_name, stored=2, rejected=0),
    Case("surrogate-title", "JSONL title/outlet/text with lone surrogates", _surrogate_title, stored=3, rejected=0),
    Case("nul-fields", "NUL in title, outlet, url, author, text", _nul_fields, stored=2, rejected=0),
    Case("markup-runs", "<html> + 100,000 '<'; runs of ( \" „ ! after text", _freezing_upload, stored=5, rejected=1),
    Case("long-article", "one 3.3 MB article (cut at max_text_chars)", _long_article, stored=1, rejected=0),
    Case("gz-4gib-line", "jsonl.gz: one 4 GiB line in 4 MB", _gz_long_line, stored=1, rejected=1),
    Case("gz-newlines", "jsonl.gz: 4 GiB of newlines in 4 MB", _gz_newlines, stored=2, rejected=1),
    Case("fifo-dev-zero", "a FIFO named .txt, a link to /dev/zero", _special_files, stored=1, rejected=2),
    Case("glob-loop", "a ** glob through directory symlink loops", _glob_loop, stored=2, rejected=0),
    Case("jsonl-control-byte", "a control byte in the first 4 kB of a JSONL", _control_byte_jsonl, stored=8, rejected=1),
    Case("mixed-junk", "empty, binary, feed with &#xD800;, broken gzip", _mixed_junk, stored=2, rejected=3),
]
