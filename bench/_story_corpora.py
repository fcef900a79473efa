"""Readers for the dated news corpora the story benchmarks use (Articles built directly).

* German Wikinews (SpkAtt-2023 task 2): text rebuilt from tokens, title and date from the file name.
* SemEval-2015 Task 4 and MEANTIME (English Wikinews, CAT XML): title = sentence 0, date from the
  dateline sentence or the DCT timex; the corpus folder is the topic group.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lagebild.model import Article, PubDate, Source, bytes_hash, content_id

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
WIKINEWS_DE = SHARED_DATA / "spkatt2023_task2_de_wikinews_quotes" / "data"
SEMEVAL = SHARED_DATA / "semeval2015_task4_timeline_en"
MEANTIME = SHARED_DATA / "meantime_en" / "intra_cross-doc_annotation"

_NAME = re.compile(r"^(\d+) - (.*) \((\d{4}-\d{2}-\d{2})\)$")
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "%", "'s", "n't", "“", "'"}
_NO_SPACE_AFTER = {"(", "[", "„", "``"}
_EN_DATE = re.compile(r"^(January|February|March|April|May|June|July|August|September|October|November|"
                      r"December) (\d{1,2}) ?, (\d{4})$")


@dataclass
class Doc:
    article: Article
    group: str  # corpus topic group ("" when unknown)
    name: str


def detokenize(tokens: list[str]) -> str:
    out: list[str] = []
    glue = False
    for tok in tokens:
        if out and not glue and tok not in _NO_SPACE_BEFORE:
            out.append(" ")
        out.append(tok)
        glue = tok in _NO_SPACE_AFTER
    return "".join(out)


def make_article(text: str, title: str | None, day: str | None, lang: str, source: str,
                 outlet: str | None = None) -> Article:
    art = Article(source=Source(source=source, kind="text", item_hash=bytes_hash(text.encode())), raw=text,
                  text=text, title=title, language=lang, outlet=outlet)
    art.published = PubDate(day, "day", "filename") if day else None
    art.id = content_id(text)
    return art


def wikinews_de(splits: tuple[str, ...] = ("train", "dev", "test_blind")) -> list[Doc]:
    docs = []
    for split in splits:
        for path in sorted((WIKINEWS_DE / split / "task2").glob("*.json")):
            m = _NAME.match(path.stem)
            if not m:
                continue
            data = json.loads(path.read_text("utf-8"))
            sents = [detokenize(s["Tokens"]) for s in data["Sentences"]]
            text = m.group(2) + "\n\n" + "\n".join(sents)
            docs.append(Doc(make_article(text, m.group(2), m.group(3), "de", str(path), "wikinews"), "", path.stem))
    return docs


def _cat_doc(path: Path, group: str) -> Doc | None:
    root = ET.parse(path).getroot()
    by_sent: dict[int, list[str]] = {}
    for tok in root.iter("token"):
        by_sent.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
    sents = [detokenize(by_sent[k]) for k in sorted(by_sent)]
    if len(sents) < 3:
        return None
    title, day = sents[0], None
    m = _EN_DATE.match(sents[1].strip())
    body = sents[1:]
    if m:
        day = datetime.strptime(f"{m.group(1)} {m.group(2)} {m.group(3)}", "%B %d %Y").date().isoformat()
        body = sents[2:]
    else:
        for tx in root.iter("TIMEX3"):
            if tx.get("functionInDocument") == "CREATION_TIME" and re.match(r"\d{4}-\d{2}-\d{2}", tx.get("value", "")):
                day = tx.get("value", "")[:10]
                break
    text = title + "\n\n" + "\n".join(body)
    return Doc(make_article(text, title, day, "en", str(path), "wikinews"), group, path.stem)


def semeval_en() -> list[Doc]:
    docs = []
    groups = [(SEMEVAL / "Corpus-trial-data_task4", "apple")]
    groups += [(p / "corpus_trackA_CAT", p.name) for p in sorted((SEMEVAL / "SemEval_Task4_data").glob("corpus_*"))]
    for folder, group in groups:
        for path in sorted(folder.glob("*.xml")):
            doc = _cat_doc(path, group)
            if doc:
                docs.append(doc)
    return docs


def meantime_en() -> list[Doc]:
    docs = []
    for folder in sorted(MEANTIME.glob("corpus_*")):
        for path in sorted(folder.glob("*.xml")):
            doc = _cat_doc(path, folder.name.removeprefix("corpus_"))
            if doc:
                docs.append(doc)
    return docs
