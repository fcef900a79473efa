"""Build examples/corpus/archive.warc.gz: a small web archive with two invented news pages.

The pages are written for the example corpus (no real article text). Each becomes one WARC
``response`` record with HTTP headers and ``Content-Type: text/html; charset=utf-8``, preceded by
a ``warcinfo`` record, as a crawler would write them. Record dates and IDs are fixed so the file
is byte-for-byte reproducible.

Run from the repository root:  .venv/bin/python scripts/make_example_warc.py
"""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "archive.warc.gz"
#: Namespace for deterministic record IDs (uuid5), so re-running gives the same bytes.
ID_NAMESPACE = uuid.UUID("6f1c2b1e-3d4a-4c55-9e0f-1a2b3c4d5e6f")

PAGE_SPEDITEURE = """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>Spediteure klagen über Folgen des Warnstreiks – Harburger Tageblatt</title>
<meta property="og:site_name" content="Harburger Tageblatt">
<meta property="og:title" content="Spediteure klagen über Folgen des Warnstreiks">
<meta property="article:published_time" content="2025-09-09T12:10:00+02:00">
<meta name="author" content="Tobias Krützfeldt">
<script>var _ht = {section: "wirtschaft", paywall: false};</script>
</head>
<body>
<nav><a href="/">Start</a> <a href="/harburg/">Harburg</a> <a href="/wirtschaft/">Wirtschaft</a> <a href="/sport/">Sport</a></nav>
<div class="cookie-hint">Diese Website verwendet Cookies. <a href="/datenschutz/">Mehr erfahren</a> <button>OK</button></div>
<main>
<article>
<h1>Spediteure klagen über Folgen des Warnstreiks</h1>
<p class="meta">Von Tobias Krützfeldt | 09.09.2025, 12:10 Uhr</p>
<p>Fünf Tage nach dem Warnstreik an den Containerterminals der Elbkai Terminal AG ziehen Hamburger Speditionen eine ernüchternde Bilanz. Viele Betriebe hätten Fahrer stundenlang vor den Terminaltoren warten lassen müssen, ohne einen einzigen Container laden zu können, sagte der Inhaber einer Spedition aus Wilhelmsburg dem Harburger Tageblatt.</p>
<p>„Für uns war das ein verlorener Tag, und die Woche danach auch“, sagte er. Weil sich die Schiffe nach dem Streik gestaut hätten, seien die Zeitfenster an den Terminals bis zum Wochenende ausgebucht gewesen. Einzelne Kunden hätten Ware deshalb per Lkw aus Bremerhaven holen lassen.</p>
<p>Die Gewerkschaft Verdi hatte während des Warnstreiks erklärt, Reedereien hätten Schiffe nach Rotterdam umgeleitet. Das Unternehmen bestritt das. Unter den Spediteuren gehen die Einschätzungen auseinander: Einige berichten von Kunden, die Container künftig über niederländische Häfen abwickeln wollen, andere halten das für Panikmache.</p>
<p>Am Dienstag verhandeln Gewerkschaft und Arbeitgeber in der vierten Runde. Verdi hat für den Fall eines Scheiterns bereits einen zweitägigen Streik ab Mittwoch angekündigt. Die Speditionen fordern, dass der Senat stärker vermittelt. Ein zweiter Streik innerhalb einer Woche würde viele kleine Betriebe an ihre Grenzen bringen, sagte der Spediteur.</p>
</article>
<aside class="teaser"><h3>Auch interessant</h3><a href="/wirtschaft/hafen-halbjahr/">Hafen mit weniger Umschlag im ersten Halbjahr</a></aside>
</main>
<footer><p>© 2025 Harburger Tageblatt · Impressum · Datenschutz</p></footer>
</body>
</html>
"""

PAGE_AKTAU = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Aktau port expansion: what the EU has actually promised | Caspian Freight Review</title>
<meta property="og:site_name" content="Caspian Freight Review">
<meta property="og:title" content="Aktau port expansion: what the EU has actually promised">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Aktau port expansion: what the EU has actually promised",
 "datePublished": "2025-09-19T08:00:00+00:00",
 "author": {"@type": "Person", "name": "Marat Seitkali"},
 "publisher": {"@type": "Organization", "name": "Caspian Freight Review"}}
</script>
<script>window.cfr = {ads: true};</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/ports/">Ports</a> <a href="/rail/">Rail</a> <a href="/policy/">Policy</a></nav>
<main>
<article>
<h1>Aktau port expansion: what the EU has actually promised</h1>
<p>Few questions have caused as much confusion this week as a simple one: how much money has the European Union promised for the Kazakh port of Aktau? Kazakhstan's foreign minister, Nurlan Shaimerdenov, said on Wednesday that Brussels had signalled more than one billion euros. The European Commission said no specific sum had been agreed.</p>
<p>What is on paper is more modest. The joint statement adopted by EU and Central Asian foreign ministers in Brussels on Monday commits both sides to "accelerated investment" in ports, railways and border crossings, and asks the Commission to draw up a list of priority projects by the end of the year. It names no figures and no individual projects.</p>
<p>Port officials in Aktau told the Caspian Freight Review that their expansion plan, which would double capacity to around 50 million tonnes a year by 2030, does not depend on European money alone. Development banks and Kazakh state funds are expected to carry a large share of the cost.</p>
<p>Freight forwarders on the route care less about the headline number than about reliability. Ferries across the Caspian still run without fixed timetables, and waiting times at the port can stretch to several days in bad weather. "A bigger quay does not help if the ferry does not come," said the manager of a rail logistics firm in Almaty.</p>
<p>The next test will come in December, when the Commission is due to present its list.</p>
</article>
</main>
<footer><p>Caspian Freight Review · About · Contact · Privacy</p></footer>
</body>
</html>
"""

#: (target URI, crawl date, page, HTTP Date header)
PAGES = (
    ("https://www.harburger-tageblatt.example/wirtschaft/spediteure-klagen-warnstreik-folgen.html",
     "2025-09-09T14:02:11Z", PAGE_SPEDITEURE, "Tue, 09 Sep 2025 14:02:11 GMT"),
    ("https://www.caspian-freight-review.example/ports/aktau-expansion-eu-promise",
     "2025-09-19T10:15:40Z", PAGE_AKTAU, "Fri, 19 Sep 2025 10:15:40 GMT"),
)


def _record_id(key: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(ID_NAMESPACE, key)}>"


def build(out: Path = OUT) -> Path:
    raw = io.BytesIO()
    # warcio compresses each record as its own gzip member (the usual WARC layout) with zlib,
    # which writes no timestamp into the gzip header, so the output is reproducible.
    writer = WARCWriter(raw, gzip=True)
    info = writer.create_warcinfo_record(
        "archive.warc.gz", {"software": "lagebild scripts/make_example_warc.py (warcio)",
                            "format": "WARC File Format 1.1", "description": "Invented example pages"})
    info.rec_headers.replace_header("WARC-Date", "2025-09-19T10:15:00Z")
    info.rec_headers.replace_header("WARC-Record-ID", _record_id("warcinfo"))
    writer.write_record(info)
    for uri, date, page, http_date in PAGES:
        body = page.encode("utf-8")
        http_headers = StatusAndHeaders("200 OK", [
            ("Date", http_date),
            ("Server", "nginx"),
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "max-age=300"),
        ], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=http_headers,
            warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": _record_id(uri)})
        writer.write_record(record)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(raw.getvalue())
    return out


if __name__ == "__main__":
    path = build()
    print(f"wrote {path} ({path.stat().st_size} bytes, {len(PAGES)} pages)")
