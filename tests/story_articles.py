"""Invented articles for the story tests (timeline, corroboration, briefing, build), run through the
real per-article pipeline. Lindenau, its bridge, its people, Steinwerk and every outlet are fictional."""

from __future__ import annotations

from functools import lru_cache

from lagebild.app.pipeline import build_pipeline
from lagebild.model import Article, PubDate, Source, bytes_hash
from lagebild.settings import load_settings

#: (name, outlet, published, language, text)
TEXTS: list[tuple[str, str, str, str, str]] = [
    ("flussbote-1", "Flussbote", "2025-03-03", "de",
     "Die Stadt Lindenau will die Alte Brücke am Mittwoch für den gesamten Verkehr sperren. "
     "Das teilte Bürgermeisterin Anna Berger am Montag im Rathaus mit. "
     "Die Brücke über die Lauter war zuletzt 2019 umfassend saniert worden. "
     "Nach Angaben der Stadt kostet die Sanierung der Brücke 12 Millionen Euro. "
     "Der Baukonzern Steinwerk bestreitet, dass die Brücke einsturzgefährdet ist. "
     "Pendler müssen sich auf lange Umwege über die Bundesstraße einstellen."),
    ("talzeitung-1", "Talzeitung", "2025-03-03", "de",
     "Lindenau (dpa) - Die Stadt Lindenau sperrt die Alte Brücke am Mittwoch für den Verkehr. "
     "Bürgermeisterin Anna Berger sagte, die Brücke sei einsturzgefährdet. "
     "Nach Angaben der Stadt kostet die Sanierung der Brücke 15 Millionen Euro. "
     "Die Feuerwehr bereitet eine Umleitung für Rettungswagen vor."),
    ("bergblatt-1", "Bergblatt", "2025-03-03", "de",
     "Lindenau (dpa) - Die Alte Brücke in Lindenau wird am Mittwoch für den Verkehr gesperrt. "
     "Bürgermeisterin Anna Berger sagte, die Brücke sei einsturzgefährdet. "
     "Die Feuerwehr bereitet eine Umleitung für die Rettungswagen vor. "
     "Die Händler in der Altstadt fürchten um ihre Kundschaft."),
    ("flussbote-2", "Flussbote", "2025-03-06", "de",
     "Die Alte Brücke in Lindenau ist seit Mittwoch für den gesamten Verkehr gesperrt. "
     "Am Mittwoch sperrten Arbeiter die Brücke mit Betonblöcken für den Verkehr. "
     "Ein Anwohner sagte, der Umweg koste ihn jeden Tag eine Stunde. "
     "Die Stadt prüft nun, ob eine Behelfsbrücke für Fußgänger gebaut werden kann."),
    ("river-news-1", "River News", "2025-03-04", "en",
     "The town of Lindenau will close its Old Bridge to all traffic on Wednesday. "
     "Mayor Anna Berger said the bridge was at risk of collapse. "
     "Commuters face long detours while the bridge is repaired."),
]


def make(name: str, outlet: str, published: str, lang: str, text: str) -> Article:
    art = Article(source=Source(source=f"test://{name}", kind="text", item_hash=bytes_hash(text.encode()),
                                outlet=outlet),
                  raw=text, outlet=outlet, language=None,
                  published=PubDate(published, "day" if len(published) == 10 else "minute", "metadata"))
    return pipeline()(art)


@lru_cache(maxsize=1)
def pipeline():  # type: ignore[no-untyped-def]
    return build_pipeline(load_settings())


@lru_cache(maxsize=1)
def lindenau() -> dict[str, Article]:
    """name -> annotated article."""
    return {name: make(name, *rest) for name, *rest in TEXTS}  # type: ignore[arg-type]
