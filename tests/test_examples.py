"""The bundled example corpus (what `make demo` shows) ingests cleanly."""

from pathlib import Path

from lagebild.ingest.runner import ingest

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def test_example_corpus(cfg, store):
    report = ingest([CORPUS], store, cfg)
    assert report.rejected == [], report.rejected
    assert (report.files, report.items, report.new, report.folded) == (19, 24, 21, 3)
    rows = store.article_rows(limit=100)
    assert all(r["title"] for r in rows)
    # The one article without any date of its own is dated from its event.
    origins = [store.get_article(r["id"]).published.origin for r in rows]
    assert origins.count("inferred") == 1
    assert {r["language"] for r in rows} == {"de", "en"}
    folded = [r for r in rows if r["n_sources"] > 1]
    assert len(folded) == 3
    assert store.search("Hafen")
