"""Quality of :func:`lagebild.ingest.html.extract_html` on the Fundus German-language test pages.

Data: ``../shared/data/fundus_testdata_de_at_ch/`` (99 real pages of 66 outlets in de/, at/, ch/,
html.gz, with gold title, authors, publication date and body). Each ``<Outlet>.json`` holds one
gold record per parser version (``V1``, ``V1_1``, ``V2`` …); sorted, they pair with the outlet's
``<Outlet>_YYYY_MM_DD.html.gz`` files sorted by date. This set is for evaluation only.

Measures, per outlet and overall (macro average over pages):

* ``date``: share of pages whose extracted publication date equals the gold date at day level.
  When both the page and the gold give a time with a UTC offset, the extracted instant is moved
  into the gold's offset first (``23:27+00:00`` and ``01:27+02:00`` next day are the same
  moment); otherwise the calendar days as written are compared.
* ``body_f1``: bag-of-tokens F1 of the extracted text against the gold body (gold body = summary,
  section headlines and paragraphs). Tokens: ``re.findall(r"\\w+", text.casefold())`` after removing soft
  hyphens and zero-width characters, i.e. lowercased Unicode word-character runs; overlap is the multiset intersection.
  ``body_p``/``body_r`` are its precision and recall.
* ``title``: share of pages whose title equals the gold title after casefolding, whitespace
  folding and removing soft hyphens/zero-width characters.
* ``authors``: set F1 of author names (casefolded) against the gold authors, for information.

Run: ``.venv/bin/python bench/fundus_eval.py [--pages]`` (``--pages`` adds one row per page).
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "fundus_testdata_de_at_ch"
sys.path.insert(0, str(REPO / "src"))

from lagebild.errors import InputError  # noqa: E402
from lagebild.ingest.html import HtmlExtract, extract_html  # noqa: E402
from lagebild.ingest.html_meta import parse_date  # noqa: E402

_TOKEN = re.compile(r"\w+")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


@dataclass
class Page:
    outlet: str
    country: str
    file: str
    url: str | None
    html: str
    title: str
    authors: list[str]
    published: str
    body: str


def load_pages(root: Path = DATA) -> list[Page]:
    pages: list[Page] = []
    for gold_file in sorted(root.glob("*/*.json")):
        outlet = gold_file.stem
        meta_file = gold_file.parent / "meta.info"
        meta = json.loads(meta_file.read_text()) if meta_file.exists() else {}
        records = sorted(json.loads(gold_file.read_text()).items())
        htmls = sorted(gold_file.parent.glob(f"{outlet}_*.html.gz"))
        for (_version, gold), html_file in zip(records, htmls, strict=True):
            body = gold.get("body", {})
            parts = list(body.get("summary", []))
            for sec in body.get("sections", []):
                parts += sec.get("headline", []) + sec.get("paragraphs", [])
            pages.append(Page(
                outlet=outlet, country=gold_file.parent.name, file=html_file.name,
                url=meta.get(html_file.name, {}).get("url"),
                html=gzip.decompress(html_file.read_bytes()).decode("utf-8", "replace"),
                title=gold.get("title", ""), authors=gold.get("authors", []),
                published=gold.get("publishing_date", ""), body="\n\n".join(parts),
            ))
    return pages


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(_INVISIBLE.sub("", text).casefold()))


def token_prf(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = tokens(pred), tokens(gold)
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    prec, rec = overlap / sum(p.values()), overlap / sum(g.values())
    return prec, rec, 2 * prec * rec / (prec + rec)


def _norm_title(t: str | None) -> str:
    return re.sub(r"\s+", " ", _INVISIBLE.sub("", t or "")).strip().casefold()


def date_matches(ex: HtmlExtract, gold: str) -> bool:
    if ex.published is None:
        return False
    gold_pd = parse_date(gold, "gold")
    if gold_pd is None:
        return False
    got_day: date = ex.published.day()
    if ex.published_raw:
        got = parse_date(ex.published_raw, "page")
        if got is not None and got.offset is not None and gold_pd.offset is not None:
            got_day = (got.when - got.offset + gold_pd.offset).date()  # wall time in gold's offset
    return got_day == gold_pd.when.date()


def author_f1(pred: list[str], gold: list[str]) -> float:
    p, g = {a.casefold() for a in pred}, {a.casefold() for a in gold}
    if not p and not g:
        return 1.0
    inter = len(p & g)
    return 0.0 if not inter else 2 * inter / (len(p) + len(g))


@dataclass
class Score:
    page: Page
    date_ok: bool
    prec: float
    rec: float
    f1: float
    title_ok: bool
    author_f1: float
    got_date: str
    error: str = ""


def score_pages(pages: list[Page], extract: Callable[..., HtmlExtract] = extract_html) -> list[Score]:
    out: list[Score] = []
    for pg in pages:
        try:
            ex = extract(pg.html, pg.url, source=pg.file)
        except InputError as exc:
            out.append(Score(pg, False, 0.0, 0.0, 0.0, False, 0.0, "", str(exc)))
            continue
        prec, rec, f1 = token_prf(ex.text, pg.body)
        out.append(Score(pg, date_matches(ex, pg.published), prec, rec, f1,
                         _norm_title(ex.title) == _norm_title(pg.title),
                         author_f1(ex.authors, pg.authors),
                         ex.published_raw or (ex.published.value if ex.published else "")))
    return out


def summary(scores: list[Score]) -> dict[str, float]:
    return {
        "pages": len(scores),
        "date": statistics.mean(s.date_ok for s in scores),
        "body_f1": statistics.mean(s.f1 for s in scores),
        "body_p": statistics.mean(s.prec for s in scores),
        "body_r": statistics.mean(s.rec for s in scores),
        "title": statistics.mean(s.title_ok for s in scores),
        "authors": statistics.mean(s.author_f1 for s in scores),
    }


def main() -> None:
    if not DATA.exists():
        sys.exit(f"no data at {DATA}")
    pages = load_pages()
    t0 = time.perf_counter()
    scores = score_pages(pages)
    elapsed = time.perf_counter() - t0
    by_outlet: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        by_outlet[f"{s.page.country}/{s.page.outlet}"].append(s)
    head = f"{'outlet':32s} {'pages':>5s} {'date':>6s} {'body_f1':>7s} {'body_p':>6s} {'body_r':>6s} {'title':>6s} {'authors':>7s}"
    print(head)
    print("-" * len(head))

    def row(name: str, ss: list[Score]) -> None:
        m = summary(ss)
        print(f"{name:32s} {m['pages']:5d} {m['date']:6.3f} {m['body_f1']:7.3f} {m['body_p']:6.3f} "
              f"{m['body_r']:6.3f} {m['title']:6.3f} {m['authors']:7.3f}")

    for name in sorted(by_outlet):
        row(name, by_outlet[name])
    print("-" * len(head))
    for country in ("de", "at", "ch"):
        row(f"overall {country}", [s for s in scores if s.page.country == country])
    row("OVERALL", scores)
    print(f"\n{len(pages)} pages in {elapsed:.1f} s")
    if "--pages" in sys.argv:
        print()
        for s in scores:
            flag = "" if s.date_ok else f" DATE got={s.got_date!r} gold={s.page.published!r}"
            print(f"{s.page.file:45s} f1={s.f1:.3f} p={s.prec:.3f} r={s.rec:.3f} "
                  f"title={'ok' if s.title_ok else 'NO'}{flag} {s.error}")


if __name__ == "__main__":
    main()
