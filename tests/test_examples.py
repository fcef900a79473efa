"""The bundled example corpus (what `make demo` shows) ingests cleanly."""

from pathlib import Path

from lagebild.app.ingest import ingest

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def test_example_corpus(cfg, store):
    report = ingest([CORPUS], store, cfg)
    assert report.rejected == [], report.rejected
    assert (report.files, report.items, report.new, report.folded) == (19, 24, 21, 3)
    rows = store.article_rows(limit=100)
    assert all(r["title"] for r in rows)
    # Exactly one article has no date of its own: it stays undated or is dated from its event.
    pubs = [store.get_article(r["id"]).published for r in rows]
    assert sum(1 for p in pubs if p is None or p.origin == "inferred") == 1
    assert {r["language"] for r in rows} == {"de", "en"}
    folded = [r for r in rows if r["n_sources"] > 1]
    assert len(folded) == 3
    assert store.search("Hafen")
