"""Serving the web app, and reports that travel: HTML (self-contained), Markdown, JSON, CSV, GraphML.

``serve`` binds 127.0.0.1 unless told otherwise. ``write_report`` renders one story (or every
story when ``story_id`` is None) from the same view data the web pages use, so a report and the
page agree. The HTML report inlines its CSS and JavaScript and carries a Content-Security-Policy
that allows exactly those inline blocks (by hash), so it opens offline and article text in it
still cannot run script.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from ..errors import ConfigError
from ..settings import Settings
from ..store.base import Store
from . import stories_adapter as sa
from .web import views
from .web.app import HERE, templates

FORMATS = ("html", "md", "json", "csv", "graphml")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: Script files inlined into the HTML report, in load order.
REPORT_SCRIPTS = ("vendor/vis-timeline/vis-timeline-graph2d.min.js", "vendor/cytoscape/cytoscape.min.js", "app.js")
REPORT_STYLES = ("vendor/vis-timeline/vis-timeline-graph2d.min.css", "app.css")


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None) -> None:
    """Run the web app with uvicorn (blocks). Other hosts than loopback are allowed but warned about."""
    import uvicorn

    from .web import create_app

    if host not in LOOPBACK:
        print(f"warning: serving on {host}: anyone who can reach this address can read the store"
              + ("" if settings is None or settings.api_token else "; ingest stays off (no api_token)"),
              file=sys.stderr)
    uvicorn.run(create_app(db, settings), host=host, port=port, log_level="info")


def write_report(store: Store, story_id: str | None, fmt: str, out: str | os.PathLike[str]) -> list[Path]:
    """Write a report of one story (or all stories) as ``fmt``; returns the files written.

    ``csv`` writes two files next to ``out``: ``<stem>-timeline.csv`` and ``<stem>-claims.csv``.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown report format {fmt!r} (one of {', '.join(FORMATS)})")
    ids = [story_id] if story_id else [s.id for s in sa.list_stories(store)]
    stories = [views.story_view(store, sid) for sid in ids]
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        data: Any = stories[0] if story_id else {"stories": stories}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    elif fmt == "md":
        path.write_text("\n\n".join(story_markdown(s) for s in stories), encoding="utf-8")
    elif fmt == "graphml":
        path.write_text(graphml(stories), encoding="utf-8")
    elif fmt == "csv":
        return write_csv(stories, path)
    else:
        path.write_text(html_report(store, stories), encoding="utf-8")
    return [path]


# -- HTML ----------------------------------------------------------------------------------------------
def _for_offline(obj: Any, prefix: str) -> Any:
    """Point citation links at the article copies inside the report instead of the server."""
    if isinstance(obj, list):
        return [_for_offline(x, prefix) for x in obj]
    if isinstance(obj, dict):
        out = {k: _for_offline(v, prefix) for k, v in obj.items()}
        if "href" in obj and "article_id" in obj:
            out["href"] = f"#{prefix}art-{obj['article_id']}"
        return out
    return obj


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def html_report(store: Store, stories: list[dict[str, Any]]) -> str:
    static = HERE / "static"
    scripts = [(static / name).read_text(encoding="utf-8").replace("</script", "<\\/script") for name in REPORT_SCRIPTS]
    style = "\n".join((static / name).read_text(encoding="utf-8") for name in REPORT_STYLES)
    style = style.replace("</style", "<\\/style")
    items = []
    for k, view in enumerate(stories):
        prefix = f"s{k + 1}-"
        articles = sa.story_articles(store, sa.load_story(store, view["id"]))
        items.append({"data": _for_offline(view, prefix), "prefix": prefix,
                      "segments": {aid: views.highlight(a) for aid, a in articles.items()}})
    csp = ("default-src 'none'; img-src data:; style-src " + _csp_hash(style) + "; script-src "
           + " ".join(_csp_hash(s) for s in scripts) + "; base-uri 'none'; form-action 'none'")
    return templates().get_template("report.html").render(items=items, style=style, scripts=scripts, csp=csp,
                                                          title=stories[0]["title"] if len(stories) == 1 else
                                                          f"{len(stories)} stories")


# -- Markdown ------------------------------------------------------------------------------------------
def _md(text: Any) -> str:
    """Article text for Markdown: no raw HTML, no link syntax, one line."""
    s = " ".join(str(text or "").split())
    for ch in "\\`*_[]|#":
        s = s.replace(ch, "\\" + ch)
    return s.replace("<", "&lt;").replace(">", "&gt;")


def story_markdown(view: dict[str, Any]) -> str:
    refs = {a["id"]: n + 1 for n, a in enumerate(view["articles"])}

    def cites(cs: list[dict[str, Any]]) -> str:
        return " ".join(dict.fromkeys(f"[{refs.get(c['article_id'], '?')}]" for c in cs))

    s = view["summary"]
    out = [f"# {_md(view['title'])}", "",
           f"{s['n_articles']} articles, {s['n_events']} events, {s['first_seen'] or '?'} – {s['last_seen'] or '?'}; "
           f"outlets: {_md(', '.join(s['outlets'])) or '–'}. Story id `{view['id']}`.", ""]
    if view["briefing"]:
        out += ["## Briefing", ""] + [f"- {_md(b['text'])} {cites(b['citations'])}" for b in view["briefing"]] + [""]
    if view["timeline"]:
        out += ["## Timeline", "", "| date | what | outlets | sources |", "|---|---|---|---|"]
        for e in view["timeline"]:
            when = e["date"] + (f" – {e['until']}" if e.get("until") else "") + (" (expected)" if e["expected"] else "")
            out.append(f"| {_md(when)} | {_md(e['label'])} | {_md(', '.join(e['outlets']))} | {cites(e['citations'])} |")
        out.append("")
    if view["claims"]["rows"]:
        out += ["## Claims", ""]
        for r in view["claims"]["rows"]:
            carriers = [c for cs in r["by_outlet"].values() for c in cs]
            out.append(f"- **{r['status']}** — {_md(r['speaker']) or '?'} ({_md(r['stance'])}, "
                       f"{_md(', '.join(r['by_outlet']))}): {_md(r['text'])} {cites(carriers)}")
        out.append("")
    if view["conflicts"]:
        out += ["## Conflicts", ""] + [f"- {_md(c['text'])} {cites(c['citations'])}" for c in view["conflicts"]] + [""]
    if view["graph"]["nodes"]:
        out += ["## Entities", ""] + [f"- {_md(n['name'])} ({n['label']}, {n['count']} mentions)"
                                      + (f"; also {_md(', '.join(n['aliases']))}" if n["aliases"] else "")
                                      for n in view["graph"]["nodes"]] + [""]
    out += ["## Articles", ""]
    for a in view["articles"]:
        link = f" <{a['url']}>" if views.safe_url(a["url"]) else ""
        out.append(f"{refs[a['id']]}. {_md(a['title'] or a['id'])} — {_md(a['outlet'] or '?')}, "
                   f"{a['published'] or 'undated'} — `{a['source'].replace('`', '')}`{link}")
    return "\n".join(out) + "\n"


# -- CSV and GraphML -----------------------------------------------------------------------------------
def _cell(value: Any) -> str:
    """A CSV cell that spreadsheets will not run as a formula."""
    s = str(value if value is not None else "")
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def write_csv(stories: list[dict[str, Any]], out: Path) -> list[Path]:
    stem = out.with_suffix("")
    tl_path, cl_path = Path(f"{stem}-timeline.csv"), Path(f"{stem}-claims.csv")
    with tl_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["story_id", "date", "until", "granularity", "expected", "label", "outlets", "article_id",
                    "start", "end", "sentence"])
        for v in stories:
            for e in v["timeline"]:
                for c in e["citations"] or [{}]:
                    w.writerow([_cell(x) for x in (v["id"], e["date"], e.get("until"), e["granularity"], e["expected"],
                                                   e["label"], "; ".join(e["outlets"]), c.get("article_id"),
                                                   c.get("start"), c.get("end"), c.get("text"))])
    with cl_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["story_id", "claim_id", "status", "speaker", "stance", "claim", "independent_outlets", "outlet",
                    "article_id", "start", "end", "carrier_text", "via_claim"])
        for v in stories:
            for r in v["claims"]["rows"]:
                for outlet, cs in r["by_outlet"].items():
                    for c in cs:
                        w.writerow([_cell(x) for x in (v["id"], r["id"], r["status"], r["speaker"], r["stance"],
                                                       r["text"], r["n_outlets"], outlet, c["article_id"],
                                                       c["start"], c["end"], c.get("text"), c.get("via"))])
    return [tl_path, cl_path]


def graphml(stories: list[dict[str, Any]]) -> str:
    keys = [("name", "node", "string"), ("label", "node", "string"), ("aliases", "node", "string"),
            ("count", "node", "int"), ("story", "node", "string"), ("weight", "edge", "int")]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    out += [f'  <key id="{k}" for="{f}" attr.name="{k}" attr.type="{t}"/>' for k, f, t in keys]
    out.append('  <graph id="entities" edgedefault="undirected">')
    for v in stories:
        sid = v["id"]
        for n in v["graph"]["nodes"]:
            nid = xml_escape(f"{sid}/{n['id']}", {'"': "&quot;"})
            out.append(f'    <node id="{nid}"><data key="name">{xml_escape(n["name"])}</data>'
                       f'<data key="label">{xml_escape(n["label"])}</data>'
                       f'<data key="aliases">{xml_escape("; ".join(n["aliases"]))}</data>'
                       f'<data key="count">{int(n["count"])}</data><data key="story">{xml_escape(sid)}</data></node>')
        for e in v["graph"]["edges"]:
            a = xml_escape(f"{sid}/{e['source']}", {'"': "&quot;"})
            b = xml_escape(f"{sid}/{e['target']}", {'"': "&quot;"})
            out.append(f'    <edge source="{a}" target="{b}"><data key="weight">{int(e["weight"])}</data></edge>')
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"
