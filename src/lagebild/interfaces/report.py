"""Reports that travel: HTML (self-contained), Markdown, JSON, CSV, GraphML (``lagebild report`` and
the story page's export buttons; serving the web app is in :mod:`.serving`). ``write_report``
renders one story (or every story when ``story_id`` is None) from the same view data the web pages
use, so a report and the page agree. The HTML report inlines its CSS and JavaScript and carries a Content-Security-Policy
that allows exactly those inline blocks (by hash), so it opens offline and article text in it
still cannot run script.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from ..app import views as app_views
from ..errors import ConfigError
from ..store.base import Store
from ..story.view import Citation, StoryView, ranked_claims
from .markdown import story_markdown
from .web import views
from .web.templating import HERE, templates

FORMATS = ("html", "md", "json", "csv", "graphml")
#: Script files inlined into the HTML report, in load order.
REPORT_SCRIPTS = ("csp-shim.js", "vendor/vis-timeline/vis-timeline-graph2d.min.js", "vendor/cytoscape/cytoscape.min.js",
                  "app.js")  # csp-shim first: the vendor scripts then add no blocked <style> (issue 18)
REPORT_STYLES = ("vendor/vis-timeline/vis-timeline-graph2d.min.css", "app.css")


def write_report(store: Store, story_id: str | None, fmt: str, out: str | os.PathLike[str],
                 progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write a report of one story (or all stories) as ``fmt``; returns the files written.
    ``progress`` is called with each story id once its view is ready.

    ``csv`` writes two files next to ``out``: ``<stem>-timeline.csv`` and ``<stem>-claims.csv``.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown report format {fmt!r} (one of {', '.join(FORMATS)})")
    ids = [story_id] if story_id else [s.id for s in app_views.list_stories(store)]
    stories = []
    for sid in ids:
        stories.append(app_views.story_view(store, sid).view)
        if progress is not None:
            progress(sid)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        data: Any = stories[0].to_dict() if story_id else {"stories": [v.to_dict() for v in stories]}
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
def _for_offline(view: StoryView, prefix: str) -> StoryView:
    """A copy whose citation links point at the article copies inside the report, not the server."""
    copy = StoryView.from_dict(view.to_dict())
    for c in copy.citations():
        c.href = f"#{prefix}art-{c.article_id}"
    return copy


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def html_report(store: Store, stories: list[StoryView]) -> str:
    static = HERE / "static"
    scripts = [(static / name).read_text(encoding="utf-8").replace("</script", "<\\/script") for name in REPORT_SCRIPTS]
    style = "\n".join((static / name).read_text(encoding="utf-8") for name in REPORT_STYLES)
    style = style.replace("</style", "<\\/style")
    items = []
    for k, view in enumerate(stories):
        prefix = f"s{k + 1}-"
        segments = {}
        for a in view.articles:
            segments[a.id] = views.highlight(store.get_article(a.id))
        items.append({"data": _for_offline(view, prefix), "prefix": prefix, "segments": segments})
    csp = ("default-src 'none'; img-src data:; style-src " + _csp_hash(style) + "; script-src "
           + " ".join(_csp_hash(s) for s in scripts) + "; base-uri 'none'; form-action 'none'")
    return templates().get_template("report.html").render(items=items, style=style, scripts=scripts, csp=csp,
                                                          title=stories[0].title if len(stories) == 1 else
                                                          f"{len(stories)} stories")


# -- CSV and GraphML -----------------------------------------------------------------------------------
#: A cell a spreadsheet runs as a formula: a trigger character, also after leading white space
#: ("\n=HYPERLINK(…)", " =1+1" are formulas in several spreadsheets).
_FORMULA_START = re.compile(r"^[\s\x00]*[=+\-@]|^[\t\r]")


def _cell(value: Any) -> str:
    """A CSV cell that spreadsheets will not run as a formula (and without NUL bytes)."""
    s = str(value if value is not None else "").replace("\x00", "")
    return "'" + s if _FORMULA_START.match(s) else s


def write_csv(stories: list[StoryView], out: Path) -> list[Path]:
    stem = out.with_suffix("")
    tl_path, cl_path = Path(f"{stem}-timeline.csv"), Path(f"{stem}-claims.csv")
    with tl_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["story_id", "date", "until", "granularity", "expected", "label", "outlets", "article_id",
                    "start", "end", "sentence"])
        for v in stories:
            for e in v.timeline:
                cites: list[Citation | None] = [*e.citations] or [None]
                for c in cites:
                    w.writerow([_cell(x) for x in (v.id, e.date, e.until, e.granularity, e.expected, e.label,
                                                   "; ".join(e.outlets), c and c.article_id, c and c.start,
                                                   c and c.end, c and c.text)])
    with cl_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["story_id", "claim_id", "status", "speaker", "stance", "claim", "independent_outlets", "outlet",
                    "article_id", "start", "end", "carrier_text", "via_claim"])
        for v in stories:
            for r in ranked_claims(v.claims):
                for outlet, cs in r.by_outlet().items():
                    for c in cs:
                        w.writerow([_cell(x) for x in (v.id, r.id, r.status, r.source, r.stance, r.text,
                                                       r.n_outlets, outlet, c.article_id, c.start, c.end, c.text,
                                                       c.via)])
    return [tl_path, cl_path]


def graphml(stories: list[StoryView]) -> str:
    keys = [("name", "node", "string"), ("label", "node", "string"), ("aliases", "node", "string"),
            ("count", "node", "int"), ("story", "node", "string"), ("weight", "edge", "int")]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    out += [f'  <key id="{k}" for="{f}" attr.name="{k}" attr.type="{t}"/>' for k, f, t in keys]
    out.append('  <graph id="entities" edgedefault="undirected">')
    for v in stories:
        sid = v.id
        for n in v.entities:
            nid = xml_escape(f"{sid}/{n.id}", {'"': "&quot;"})
            out.append(f'    <node id="{nid}"><data key="name">{xml_escape(n.name)}</data>'
                       f'<data key="label">{xml_escape(n.label)}</data>'
                       f'<data key="aliases">{xml_escape("; ".join(n.aliases))}</data>'
                       f'<data key="count">{int(n.count)}</data><data key="story">{xml_escape(sid)}</data></node>')
        for e in v.edges:
            a = xml_escape(f"{sid}/{e.source}", {'"': "&quot;"})
            b = xml_escape(f"{sid}/{e.target}", {'"': "&quot;"})
            out.append(f'    <edge source="{a}" target="{b}"><data key="weight">{int(e.weight)}</data></edge>')
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"
