"""Builders for test inputs (real files written to tmp dirs)."""

from __future__ import annotations

import io
from pathlib import Path

GERMAN_BODY = ("Die Hafenarbeiter in Hamburg haben am Montag ihre Arbeit niedergelegt. Die Gewerkschaft fordert "
               "höhere Löhne. Der Betreiber sprach von einem unverhältnismäßigen Streik und kündigte rechtliche "
               "Schritte an. Schiffe stauen sich bereits auf der Elbe.")

PAGE = """<!doctype html><html lang="de"><head><title>Streik im Hafen | Musterzeitung</title>
<meta property="og:site_name" content="Musterzeitung"><meta property="og:title" content="Streik im Hafen">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Streik im Hafen",
"datePublished": "2025-03-11T08:15:00+01:00"}}</script></head>
<body><nav>Start | Politik | Wirtschaft</nav><article><h1>Streik im Hafen</h1>
<p>{body}</p><p>Die Verhandlungen sollen am Donnerstag weitergehen, teilte die Gewerkschaft mit.</p></article>
<footer>Impressum</footer></body></html>"""


def html_page(body: str = GERMAN_BODY) -> str:
    return PAGE.format(body=body)


def warc_bytes(pages: dict[str, str], gz: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for uri, html in pages.items():
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    return buf.getvalue()


RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Musterzeitung</title>
<item><title>Streik legt Hafen lahm</title><link>https://example.org/a1</link><guid>a1</guid>
<pubDate>Tue, 11 Mar 2025 08:15:00 +0100</pubDate>
<description>&lt;p&gt;{body}&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>Zweiter Artikel</title><link>https://example.org/a2</link><guid>a2</guid>
<pubDate>Wed, 12 Mar 2025 10:00:00 +0100</pubDate><description>Der Bundestag hat am Mittwoch über den
Haushalt beraten. Die Opposition kritisierte die Pläne der Regierung scharf.</description></item>
</channel></rss>"""


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path
