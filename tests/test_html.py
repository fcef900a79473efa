"""HTML extraction: invented pages for behaviour, the Fundus pages (when present) for quality floors."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from lagebild.errors import EmptyInputError, InputError
from lagebild.ingest.html import HtmlExtract, extract_feed_html, extract_html

REPO = Path(__file__).resolve().parents[1]
FUNDUS = REPO.parent / "shared" / "data" / "fundus_testdata_de_at_ch"

PARAS = [
    "Die Landesregierung will das Pensionsalter für Feuerwehrleute schrittweise anheben. Das "
    "kündigte der Innenminister am Montag in Düsseldorf an.",
    "Die Gewerkschaften kritisieren den Plan scharf. „Der Beruf ist körperlich extrem belastend“, "
    "sagte eine Sprecherin. Viele Beschäftigte könnten schon heute nicht bis zum Ende arbeiten.",
    "Im Landtag soll der Gesetzentwurf im Herbst beraten werden. Eine Expertenanhörung ist für "
    "September geplant, die Stellungnahmen liegen bereits vor.",
    "Der Städtetag begrüßt die Pläne grundsätzlich, verweist aber auf die hohe Belastung im "
    "Einsatzdienst und fordert mehr Geld für die Ausbildung von Nachwuchs.",
]

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="de-DE"><head>
<meta charset="utf-8">
<title>Feuerwehr: Pension erst mit 62 | Rheinischer Kurier</title>
<meta property="og:site_name" content="Rheinischer Kurier">
<meta property="og:title" content="Feuerwehr: Pension erst mit 62">
<meta property="article:modified_time" content="2024-05-02T09:00:00+02:00">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle",
  "headline": "Feuerwehr: Pension erst mit 62",
  "datePublished": "2024-04-22T06:00:00+02:00", "dateModified": "2024-05-02T09:00:00+02:00",
  "author": [{{"@type": "Person", "name": "Nina Beispiel"}}, {{"@type": "Person", "name": "Jan Muster"}}],
  "publisher": {{"@type": "Organization", "name": "Rheinischer Kurier GmbH"}}}}
</script>
<script>document.write("EVIL_SCRIPT_PAYLOAD"); var x = "<p>EVIL_IN_STRING</p>";</script>
</head><body>
<nav><ul><li><a href="/">Startseite</a></li><li><a href="/politik">Politik</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><article>
<h1>Feuerwehr: Pension erst mit 62</h1>
<p class="byline">Von Nina Beispiel und Jan Muster, 22.04.2024, 06:00 Uhr</p>
{''.join(f'<p>{p}</p>' for p in PARAS[:2])}
<img src="x.jpg" onerror="alert('EVIL_ONERROR')">
<aside class="teaser"><h3>Mehr zum Thema</h3>
<ul><li><a href="/a1">Hitzewelle: Was Sie jetzt wissen müssen</a></li>
<li><a href="/a2">Bundesliga: Alle Ergebnisse vom Wochenende</a></li></ul></aside>
{''.join(f'<p>{p}</p>' for p in PARAS[2:])}
<script>alert("EVIL_INLINE_IN_ARTICLE")</script>
</article></main>
<footer><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a></footer>
</body></html>"""


def _extract(html: str, url: str | None = None) -> HtmlExtract:
    return extract_html(html, url, source="test.html")


def test_news_page_text_and_metadata() -> None:
    ex = _extract(NEWS_PAGE, "https://www.rheinischer-kurier.example/politik/feuerwehr-123.html")
    for p in PARAS:
        assert p in ex.text
    assert ex.text.count("\n\n") >= 3  # paragraphs separated by blank lines
    assert ex.title == "Feuerwehr: Pension erst mit 62"
    assert ex.outlet == "Rheinischer Kurier"
    assert ex.published is not None
    assert ex.published.value == "2024-04-22T06:00"  # publication, not the modification date
    assert ex.published.granularity == "minute"
    assert ex.published.origin == "metadata"
    assert ex.published_raw == "2024-04-22T06:00:00+02:00"
    assert ex.authors == ["Nina Beispiel", "Jan Muster"]
    assert ex.language == "de"


def test_no_script_content_and_no_boilerplate() -> None:
    ex = _extract(NEWS_PAGE)
    assert "EVIL" not in ex.text
    assert "alert" not in ex.text
    assert "Impressum" not in ex.text
    assert "Startseite" not in ex.text
    assert "Alle Ergebnisse vom Wochenende" not in ex.text  # teaser link list


def test_outlet_from_domain_and_day_granularity() -> None:
    page = (f"<html><head><title>Ein Titel</title><meta name='date' content='2023-09-11'></head><body>"
            f"<article><h1>Ein Titel</h1>{''.join(f'<p>{p}</p>' for p in PARAS)}</article></body></html>")
    ex = _extract(page, "https://www.beispiel-zeitung.example/a/1")
    assert ex.outlet == "beispiel-zeitung.example"
    assert ex.published is not None
    assert (ex.published.value, ex.published.granularity) == ("2023-09-11", "day")
    assert ex.language is None
    assert ex.title == "Ein Titel"


def test_modified_date_only_is_flagged() -> None:
    page = ("<html><head><meta property='article:modified_time' content='2024-06-12T10:15:00Z'></head>"
            f"<body><article>{''.join(f'<p>{p}</p>' for p in PARAS)}</article></body></html>")
    ex = _extract(page)
    assert ex.published is not None and ex.published.value == "2024-06-12T10:15"
    assert ex.published.confidence < 0.9
    assert any("modified" in w for w in ex.warnings)


def test_truncated_page_keeps_text_and_warns() -> None:
    cut = NEWS_PAGE[: NEWS_PAGE.index(PARAS[2][:40]) + 10]
    ex = _extract(cut)
    assert PARAS[0] in ex.text
    assert "EVIL" not in ex.text
    assert any("truncated" in w for w in ex.warnings)


@pytest.mark.parametrize("html", ["", "   \n\t ", "<html></html>", "<html><body></body></html>"])
def test_empty_page_raises(html: str) -> None:
    with pytest.raises(EmptyInputError) as info:
        _extract(html)
    assert info.value.source == "test.html"


def test_navigation_only_page_raises() -> None:
    links = "".join(f"<li><a href='/r{i}'>Ressort Nummer {i}</a></li>" for i in range(40))
    page = (f"<html><head><title>Startseite</title></head><body><nav><ul>{links}</ul></nav>"
            f"<footer><a href='/impressum'>Impressum</a></footer></body></html>")
    with pytest.raises(EmptyInputError):
        _extract(page)


@pytest.mark.parametrize("junk", [
    "<<<>>>\x00\x01</p></div><p",
    "<html><body><p>" + "<div>" * 5000 + "Kurz" + "</span>" * 10,
    "\ufffd\ufffd<html>\udcff</html>",
    "<?xml version='1.0'?><rss><channel><item>x</item></channel></rss>",
])
def test_garbage_never_crashes(junk: str) -> None:
    try:
        ex = _extract(junk)
    except InputError:
        return
    assert isinstance(ex.text, str)


def test_jsonld_article_body_filters_promo_paragraphs() -> None:
    promo = "Abonnieren Sie jetzt unseren täglichen Newsletter und verpassen Sie keine Nachricht mehr!"
    body_json = " ".join(PARAS).replace('"', '\\"')
    page = (f"<html lang='de'><head><script type='application/ld+json'>"
            f'{{"@type": "NewsArticle", "headline": "Pension mit 62", "articleBody": "{body_json}",'
            f' "datePublished": "2024-04-22"}}</script></head><body><article><h1>Pension mit 62</h1>'
            f"<p>{PARAS[0]}</p><p>{PARAS[1]}</p><p>{promo}</p><p>{PARAS[2]}</p><p>{PARAS[3]}</p>"
            f"</article></body></html>")
    ex = _extract(page)
    assert promo not in ex.text
    assert all(p in ex.text for p in PARAS)
    assert (promo, "not in JSON-LD articleBody") in ex.removed
    # a teaser-only articleBody (paywall) must not cut the text
    teaser = page.replace(body_json, "Die Landesregierung will das Pensionsalter anheben.")
    assert promo in _extract(teaser).text


def test_jsonld_article_body_used_when_page_body_is_empty() -> None:
    article_body = "".join(f"<p>{p}</p>" for p in PARAS) + "<script>alert('EVIL')</script>"
    page = ("<html><head><script type='application/ld+json'>"
            + json.dumps({"@type": "NewsArticle", "articleBody": article_body}).replace("</", "<\\/")
            + "</script></head><body><div id='app'></div></body></html>")
    ex = _extract(page)
    assert ex.text == "\n\n".join(PARAS)
    assert any("articleBody" in w for w in ex.warnings)


def test_author_names_split_and_site_placeholder_replaced() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    page = ("<html><head><meta property='og:site_name' content='Beispiel Kurier'>"
            "<meta name='author' content='Von Felix Muster (fmu) und Jana Beispiel, dpa'>"
            "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            "\"author\": {\"@type\": \"Organization\", \"name\": \"Beispiel Kurier\"}}</script>"
            f"</head><body><article>{body}</article></body></html>")
    assert _extract(page).authors == ["Felix Muster", "Jana Beispiel", "dpa"]
    only_site = page.replace("Von Felix Muster (fmu) und Jana Beispiel, dpa", "redaktion@kurier.example")
    assert _extract(only_site).authors == ["Beispiel Kurier"]


def test_feed_fragment_to_text() -> None:
    frag = ("<p>Erster Absatz mit <b>fett</b> und <a href='#'>Link</a>.</p>"
            "<script>alert('EVIL')</script><img src=x onerror=\"alert('EVIL2')\">"
            "<p>Zweiter<br>Absatz &amp; mehr</p><style>p{color:red}</style>")
    assert extract_feed_html(frag) == "Erster Absatz mit fett und Link.\n\nZweiter\nAbsatz & mehr"
    assert extract_feed_html("Nur Text &amp; kein HTML") == "Nur Text & kein HTML"
    assert extract_feed_html("") == ""
    assert extract_feed_html("<p>unclosed <b>bold") == "unclosed bold"


# Quality floors on the Fundus pages, a margin below what extract_html reached when written
# (date 0.990, body F1 0.964), so that a real regression fails but noise does not.
DATE_FLOOR = 0.95
BODY_F1_FLOOR = 0.93


@pytest.mark.data
def test_fundus_quality_floor() -> None:
    if not FUNDUS.exists():
        pytest.skip(f"no Fundus data at {FUNDUS}")
    spec = importlib.util.spec_from_file_location("fundus_eval", REPO / "bench" / "fundus_eval.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["fundus_eval"] = mod
    spec.loader.exec_module(mod)
    scores = mod.score_pages(mod.load_pages(FUNDUS))
    result = mod.summary(scores)
    assert result["pages"] == 99
    assert result["date"] >= DATE_FLOOR, result
    assert result["body_f1"] >= BODY_F1_FLOOR, result
