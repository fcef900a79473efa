from lagebild.app.index import redate
from lagebild.model import Article, PubDate, Source
from lagebild.story.dating import date_from_members


def _art(published):
    return Article(source=Source("s", "text", "h"), raw="", published=published)


def test_majority_day_of_dated_members():
    members = [_art(PubDate("2025-03-11", "day", "byline")), _art(PubDate("2025-03-11T09:45", "minute", "byline")),
               _art(PubDate("2025-03-12", "day", "lead")), _art(PubDate("2025-03", "month", "header")), _art(None)]
    pub = date_from_members(members)
    assert (pub.value, pub.granularity, pub.origin) == ("2025-03-11", "day", "inferred")
    assert pub.confidence == round(0.7 * 2 / 3, 2)


def test_no_day_no_date():
    assert date_from_members([_art(PubDate("2025-03", "month", "header")), _art(None)]) is None
    assert date_from_members([]) is None


def test_redate_renormalises_timexes(cfg):
    from lagebild.app.pipeline import build_pipeline

    art = Article(source=Source("s", "text", "h"), raw="Der Minister reiste am Montag nach Paris. "
                  "Im Juli hatte er Berlin besucht, sagte ein Sprecher der Regierung.")
    art = build_pipeline(cfg)(art)
    assert art.published is None
    redate(art, PubDate("2025-09-10", "day", "inferred", 0.7))
    values = {art.text[s.start:s.end]: s.attrs["value"] for s in art.spans("timex")}
    assert values["Montag"] == "2025-09-08" and values["Juli"] == "2025-07"


def test_seed_without_date_is_dated_from_its_event(seeds, tmp_path, cfg, store):
    from lagebild.app.ingest import ingest

    ingest([seeds], store, cfg)
    row = next(r for r in store.article_rows() if any("001_" in s for s in r["sources"]))
    art = store.get_article(row["id"])
    assert (art.published.value, art.published.origin) == ("2023-09-11", "inferred")
