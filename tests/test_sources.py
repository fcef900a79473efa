import json

from lagebild.model import Article, Rejection
from lagebild.sources import discover, read_items

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
