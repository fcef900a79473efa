import gzip
import json
import os
import time
import zlib
from pathlib import Path

import pytest

from lagebild.model import Article, Rejection
from lagebild.sources import discover, read_items
from lagebild.sources.readers import MAX_LEADING_BAD_LINES
from lagebild.sources.stream import EXPANSION_CHECK_BYTES, LimitedStream, iter_lines

from helpers import GERMAN_BODY, RSS, html_page, warc_bytes, write


def _items(path, cfg):
    return list(read_items(path, cfg))


def test_discover_dirs_globs_and_hidden(tmp_path):
    for name in ("a.txt", "sub/b.html", ".hidden.txt", "sub/.git/c.txt"):
        write(tmp_path / name, "x")
    found = sorted(p.relative_to(tmp_path).as_posix() for p in discover([tmp_path]))
    assert found == ["a.txt", "sub/b.html"]
    assert [p.name for p in discover([str(tmp_path / "sub" / "*.html")])] == ["b.html"]


def test_text_file(tmp_path, cfg):
    [art] = _items(write(tmp_path / "a.txt", GERMAN_BODY), cfg)
    assert isinstance(art, Article) and art.raw == GERMAN_BODY and art.raw_kind == "text"
    assert art.source.item_hash


def test_jsonl_our_fields_news_please_fields_and_bad_lines(tmp_path, cfg):
    lines = [
        json.dumps({"id": "r1", "url": "https://x.org/1", "title": "T1", "text": GERMAN_BODY,
                    "published": "2025-03-11", "outlet": "X", "language": "de"}),
        json.dumps({"maintext": GERMAN_BODY + " Neu.", "date_publish": "2025-03-12 10:00:00",
                    "source_domain": "y.org", "title": "T2"}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps([1, 2]),
    ]
    items = _items(write(tmp_path / "f.jsonl", "\n".join(lines) + "\n\n"), cfg)
    a, b = items[0], items[1]
    assert a.source.source.endswith("#r1") and a.published.value == "2025-03-11" and a.outlet == "X"
    assert b.outlet == "y.org" and b.published.value == "2025-03-12T10:00" and b.source.source.endswith("#L2")
    rejects = items[2:]
    assert all(isinstance(r, Rejection) for r in rejects)
    assert "not valid JSON" in rejects[0].reason and "no text" in rejects[1].reason
    assert "not an object" in rejects[2].reason


def test_feed_entries(tmp_path, cfg):
    items = _items(write(tmp_path / "feed.rss", RSS.format(body=GERMAN_BODY)), cfg)
    assert len(items) == 2
    first = items[0]
    assert first.title == "Streik legt Hafen lahm" and first.outlet == "Musterzeitung"
    assert first.published.value == "2025-03-11T08:15" and first.raw_kind == "fragment"
    assert first.source.source.endswith("#a1") and "<script" not in first.raw


def test_broken_feed_is_rejected(tmp_path, cfg):
    [rej] = _items(write(tmp_path / "bad.xml", "<rss><channel><item><title>abgeschnitten"), cfg)
    assert isinstance(rej, Rejection) and "without text (feed is not well-formed" in rej.reason
    [rej] = _items(write(tmp_path / "bad2.xml", "<rss><channel>"), cfg)
    assert "no feed entries" in rej.reason


def test_warc(tmp_path, cfg):
    data = warc_bytes({"https://x.org/a": html_page(), "https://x.org/b": html_page("Ein anderer Text.")})
    items = _items(write(tmp_path / "c.warc.gz", data), cfg)
    assert [i.url for i in items] == ["https://x.org/a", "https://x.org/b"]
    assert all(i.raw_kind == "html" and "<article>" in i.raw for i in items)


def test_truncated_warc_keeps_earlier_records(tmp_path, cfg):
    pages = {f"https://x.org/{i}": html_page() for i in range(3)}
    data = warc_bytes(pages, gz=False)
    items = _items(write(tmp_path / "t.warc", data[: int(len(data) * 0.8)]), cfg)
    arts = [i for i in items if isinstance(i, Article)]
    rejs = [i for i in items if isinstance(i, Rejection)]
    assert len(arts) >= 1
    assert len(arts) + len(rejs) >= 2


def test_unknown_type_and_missing_file(tmp_path, cfg):
    [rej] = _items(write(tmp_path / "x.docx", b"PK\x03\x04"), cfg)
    assert "unsupported file type .docx" in rej.reason
    [rej] = _items(tmp_path / "nope.txt", cfg)
    assert rej.reason == "no such file"


def test_gzipped_inputs(tmp_path, cfg):
    import gzip

    [art] = _items(write(tmp_path / "a.html.gz", gzip.compress(html_page().encode())), cfg)
    assert isinstance(art, Article) and art.raw_kind == "html" and "<article>" in art.raw
    line = json.dumps({"text": GERMAN_BODY}) + "\n"
    [art] = _items(write(tmp_path / "b.jsonl.gz", gzip.compress(line.encode())), cfg)
    assert art.raw == GERMAN_BODY
    [rej] = _items(write(tmp_path / "c.txt.gz", b"\x1f\x8b" + b"garbage" * 10), cfg)
    assert isinstance(rej, Rejection) and "broken gzip" in rej.reason


def test_feed_outlet_without_section_and_local_time(tmp_path, cfg):
    rss = RSS.format(body=GERMAN_BODY).replace("<title>Musterzeitung</title>", "<title>Musterzeitung – Hafen</title>")
    first = _items(write(tmp_path / "f.rss", rss), cfg)[0]
    assert first.outlet == "Musterzeitung" and first.published.value == "2025-03-11T08:15"


# --- hostile input (issue 19): names, file kinds, loops, limits after decompression ---------------


def test_undecodable_file_name_becomes_a_printable_source(tmp_path, cfg):
    raw = os.fsencode(tmp_path) + b"/caf\xe9-\xff.txt"
    with open(raw, "wb") as fh:
        fh.write(GERMAN_BODY.encode())
    [path] = list(discover([tmp_path]))
    [art] = _items(path, cfg)
    assert art.source.source.endswith("caf\\xe9-\\xff.txt")
    art.source.source.encode("utf-8")  # no surrogates left: every store can keep it


def test_fifo_device_and_loop_links_are_rejected_without_reading(tmp_path, cfg):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    t0 = time.perf_counter()
    reasons = {p.name: _items(p, cfg)[0].reason for p in discover([tmp_path])}
    assert time.perf_counter() - t0 < 5  # a FIFO read would block forever, /dev/zero never end
    assert reasons["pipe.txt"] == "not a regular file: a named pipe (FIFO)"
    assert reasons["zero.txt"] == "not a regular file: a character device"
    assert "symbolic links" in reasons["loop.txt"] and reasons["gone.txt"] == "broken symbolic link"


def test_walks_and_globs_end_on_symlink_loops(tmp_path):
    write(tmp_path / "a" / "b" / "x.txt", "x")
    write(tmp_path / "a" / "y.txt", "y")
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path / "a")  # loop back to an ancestor
    (tmp_path / "a" / "self").symlink_to(".")
    (tmp_path / "c").symlink_to(tmp_path / "d")  # two links to each other
    (tmp_path / "d").symlink_to(tmp_path / "c")
    t0 = time.perf_counter()
    walked = sorted(p.relative_to(tmp_path).as_posix() for p in discover([tmp_path]))
    globbed = sorted(p.relative_to(tmp_path).as_posix() for p in discover([str(tmp_path / "**" / "*.txt")]))
    assert time.perf_counter() - t0 < 5
    assert walked == ["a/b/x.txt", "a/y.txt", "c", "d"]  # c and d: links to nothing readable
    assert globbed == ["a/b/x.txt", "a/y.txt"]
    assert [p.name for p in discover([str(tmp_path / "a" / "*.txt")])] == ["y.txt"]


def test_linked_directory_is_walked_once(tmp_path):
    write(tmp_path / "real" / "x.txt", "x")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert [p.name for p in discover([tmp_path])] == ["x.txt"]


def _as_nobody(func, *args):
    """``func(*args)`` in a forked child that dropped root rights (root reads every directory);
    returns what it printed."""
    read, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.close(read)
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            os.write(write_end, func(*args).encode())
        except BaseException:
            os.write(write_end, __import__("traceback").format_exc().encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read) as fh:
        out = fh.read()
    os.waitpid(pid, 0)
    return out


def _walk_report(base, cfg):
    items = [i for p in discover([base]) for i in read_items(p, cfg)]
    return "\n".join(f"{Path(i.source.source).name} | article" if isinstance(i, Article)
                     else f"{Path(i.source).name} | {i.reason}" for i in items)


def test_unreadable_directory_is_a_rejection(cfg):
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="lagebild-unreadable-"))  # world-traversable, unlike tmp_path
    try:
        base.chmod(0o755)
        write(base / "ok" / "a.txt", GERMAN_BODY)
        (base / "closed").mkdir()
        write(base / "closed" / "b.txt", GERMAN_BODY)
        for p in (base / "ok", base / "ok" / "a.txt"):
            p.chmod(0o755)
        (base / "closed").chmod(0o000)
        out = _as_nobody(_walk_report, base, cfg)
    finally:
        (base / "closed").chmod(0o700)
        shutil.rmtree(base)
    assert "a.txt | article" in out
    assert "closed | cannot read directory: Permission denied" in out


def _gz_newlines(megabytes: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\n" * (1 << 20)
    return b"".join([comp.compress(block) for _ in range(megabytes)] + [comp.flush()])


def test_jsonl_gz_of_newlines_is_refused_as_a_bomb_quickly(tmp_path, cfg):
    bomb = _gz_newlines(2 * EXPANSION_CHECK_BYTES // (1 << 20))  # 128 MB of newlines in ~130 kB
    good = (json.dumps({"text": GERMAN_BODY}) + "\n").encode()
    path = write(tmp_path / "b.jsonl.gz", gzip.compress(good) + bomb)
    t0 = time.perf_counter()
    items = _items(path, cfg)
    assert time.perf_counter() - t0 < 10
    assert isinstance(items[0], Article)  # records before the bomb are kept
    assert isinstance(items[-1], Rejection) and "decompression bomb" in items[-1].reason


def test_container_limit_counts_after_decompression(tmp_path, cfg):
    lines = "".join(json.dumps({"text": f"{GERMAN_BODY} {i}"}) + "\n" for i in range(400)).encode()
    cfg.max_container_bytes = len(lines) // 2
    items = _items(write(tmp_path / "c.jsonl.gz", gzip.compress(lines)), cfg)
    arts = [i for i in items if isinstance(i, Article)]
    assert 150 < len(arts) <= 200
    assert "larger than" in items[-1].reason and "max_container_bytes" in items[-1].reason


def test_one_overlong_jsonl_line_is_skipped_without_holding_it(tmp_path, cfg):
    cfg.max_item_bytes = 10_000
    lines = [json.dumps({"text": GERMAN_BODY}), json.dumps({"text": "x" * 50_000}), json.dumps({"text": GERMAN_BODY + "!"})]
    items = _items(write(tmp_path / "l.jsonl", "\n".join(lines)), cfg)
    assert [type(i).__name__ for i in items] == ["Article", "Rejection", "Article"]
    assert items[1].source.endswith("#L2") and "record larger than" in items[1].reason


def test_iter_lines_counts_lines_across_blocks_and_blank_stretches(tmp_path):
    data = b"a\n\n  \n" + b"\n" * (3 << 20) + b"b" * 100 + b"\n \t\nc"
    path = write(tmp_path / "x.jsonl", data)
    with open(path, "rb") as fh:
        got = list(iter_lines(LimitedStream(fh, "x", 1 << 30, gz=False, setting="s"), max_line=1000))
    assert got == [(1, b"a"), (4 + (3 << 20), b"b" * 100), (6 + (3 << 20), b"c")]


def test_control_byte_early_in_jsonl_rejects_only_its_line(tmp_path, cfg):
    good = [json.dumps({"text": f"{GERMAN_BODY} {i}"}) for i in range(50)]
    lines = [good[0], '{"text": "kaputt\x01"}', *good[1:]]
    items = _items(write(tmp_path / "c.jsonl", "\n".join(lines)), cfg)
    assert sum(isinstance(i, Article) for i in items) == 50
    [rej] = [i for i in items if isinstance(i, Rejection)]
    assert rej.source.endswith("#L2")


def test_garbage_named_jsonl_is_one_rejection(tmp_path, cfg):
    rng = __import__("random").Random(7)
    data = bytes(rng.randrange(256) for _ in range(200_000))
    items = _items(write(tmp_path / "g.jsonl", data), cfg)
    assert len(items) == MAX_LEADING_BAD_LINES and "not JSONL" in items[-1].reason


def test_text_fields_are_sanitised_with_warnings(tmp_path, cfg):
    record = {"id": "r\x00\n1", "title": "Ti\ud800tel\x00", "outlet": "Out\x00let", "url": "https://x.org/\x07a",
              "text": GERMAN_BODY + "\x00 \ud83d", "language": ["de"]}
    [art] = _items(write(tmp_path / "s.jsonl", json.dumps(record)), cfg)
    assert art.title == "Ti\ufffdtel" and art.outlet == "Outlet" and art.url == "https://x.org/a"
    assert art.language is None and art.source.source.endswith("#r 1")
    assert "\x00" not in art.raw and "\ufffd" in art.raw
    for value in (art.raw, art.title, art.outlet, art.url, art.source.source):
        value.encode("utf-8")
    joined = " ".join(art.source.warnings)
    assert "lone surrogate" in joined and "control character" in joined and "language: list value" in joined


def test_feed_and_page_fields_are_sanitised(tmp_path, cfg):
    rss = RSS.format(body=GERMAN_BODY).replace("Streik legt Hafen lahm", "Streik &#0; legt&#xD800; Hafen lahm")
    first = _items(write(tmp_path / "f.rss", rss), cfg)[0]
    assert "\x00" not in (first.title or "") and not any(0xD800 <= ord(c) <= 0xDFFF for c in first.title or "")


def test_surrogate_references_are_neutralised_before_feed_parsing():
    from lagebild.sources.decode import fix_surrogate_refs

    refs = [f"&#{n};".encode() for n in (55295, 55296, 56000, 57343, 57344)] + [b"&#xd800;", b"&#XDFFF;", b"&#x1F600;"]
    fixed, n = fix_surrogate_refs(b" ".join(refs))
    assert n == 5 and fixed.split() == [b"&#55295;", *[b"&#xFFFD;"] * 3, b"&#57344;", b"&#xFFFD;", b"&#xFFFD;", b"&#x1F600;"]


@pytest.mark.parametrize("kind", ["txt", "html"])
def test_gz_document_limit_applies_after_decompression(tmp_path, cfg, kind):
    cfg.max_item_bytes = 100_000
    path = write(tmp_path / f"big.{kind}.gz", gzip.compress(b"a " * 200_000))
    [rej] = _items(path, cfg)
    assert "larger than 0.1 MB" in rej.reason and "max_item_bytes" in rej.reason


def test_warc_record_over_the_limit_is_refused_unread_and_the_rest_kept(tmp_path, cfg):
    pages = {"https://x.org/small": html_page(), "https://x.org/big": html_page(GERMAN_BODY * 400),
             "https://x.org/after": html_page("Ein anderer Text.")}
    cfg.max_item_bytes = 50_000
    items = _items(write(tmp_path / "w.warc.gz", warc_bytes(pages)), cfg)
    assert [type(i).__name__ for i in items] == ["Article", "Rejection", "Article"]
    assert "WARC record too large" in items[1].reason and items[1].source.endswith("#https://x.org/big")


def test_warc_container_limit(tmp_path, cfg):
    pages = {f"https://x.org/{i}": html_page(f"{GERMAN_BODY} {i}") for i in range(10)}
    data = warc_bytes(pages, gz=False)
    cfg.max_container_bytes = len(data) // 2
    items = _items(write(tmp_path / "w.warc", data), cfg)
    assert 4 <= sum(isinstance(i, Article) for i in items) <= 8  # record contents count, not headers
    assert "max_container_bytes" in items[-1].reason
