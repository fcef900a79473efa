"""Score the TIMEX tagger with the TempEval-3 definitions on WikiWarsDE and TE3 platinum.

    .venv/bin/python bench/timex_eval.py [--errors N [--extents]] [--set wikiwarsde|te3|tbaq|meantime]

``--errors`` prints misses (MISS), value errors (VAL), spurious timexes (FP) and with
``--extents`` extent differences (EXT); it refuses TE3 platinum, the test set.

Sets: WikiWarsDE (German), TE3 platinum (English test set: report only, never tune on it),
TBAQ (TE3 training: TimeBank + AQUAINT, for development) and MEANTIME (English Wikinews,
a second development set to check that English rules generalise beyond TBAQ).

Definitions (TempEval-3, UzZaman et al. 2013): strict match = identical extent, relaxed match =
overlapping extents; P = matched system timexes / system timexes, R = matched gold / gold.
Attribute F1 (value, type) counts a relaxed match whose attribute is also right, over all
system resp. gold timexes (= relaxed F1 x attribute accuracy); accuracy = right / relaxed
matches. The document creation time itself (TE3 ``t0``, WikiWarsDE ``DATETIME``) is given to
the tagger as DCT and not scored.

WikiWarsDE is TIMEX2: the gold type is derived from the value (``P…`` DURATION, ``…T…`` TIME,
``set="YES"`` SET, else DATE); the texts are history narratives, so the tagger runs with
``narrative=True`` (HeidelTime's published WikiWarsDE figures use its "narratives" type too).
Data is read from ../shared/data next to the repository and never copied.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lagebild.annotate.timex import tag_timexes  # noqa: E402
from lagebild.model import Span  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
WIKIWARS = DATA / "wikiwarsde" / "WikiWarsDE_20110412" / "keyinline"
TE3_PLATINUM = DATA / "tempeval3_en" / "Evaluation" / "te3-platinum"
TBAQ = DATA / "tempeval3_en" / "Training" / "TBAQ-cleaned"
MEANTIME = DATA / "meantime_en" / "intra_cross-doc_annotation"

#: Published HeidelTime figures (see ../shared/data/README.md).
HEIDELTIME = {
    "wikiwarsde": {"relaxed F1": 93.3, "value F1": 88.5},
    "te3": {"strict F1": 81.34, "relaxed F1": 90.30, "value F1": 77.61},
}


@dataclass
class Gold:
    start: int
    end: int
    type: str
    value: str


@dataclass
class Doc:
    name: str
    text: str
    dct: str
    gold: list[Gold]


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def _inline(xml: str, tag: str) -> tuple[str, list[tuple[int, int, dict[str, str]]]]:
    """Plain text of an inline-annotated fragment and the (start, end, attrs) of ``tag``."""
    out: list[str] = []
    pos = 0
    length = 0
    open_: list[tuple[int, dict[str, str]]] = []
    found = []
    for m in _TAG.finditer(xml):
        chunk = html.unescape(xml[pos:m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) != tag:
            continue
        if m.group(1):
            s, attrs = open_.pop()
            found.append((s, length, attrs))
        else:
            open_.append((length, dict(_ATTR.findall(m.group(3)))))
    out.append(html.unescape(xml[pos:]))
    return "".join(out), found


def _timex2_type(attrs: dict[str, str]) -> str:
    v = attrs.get("val", "")
    if attrs.get("set") == "YES":
        return "SET"
    if v.startswith("P"):
        return "DURATION"
    if re.search(r"\dT", v):
        return "TIME"
    return "DATE"


def load_wikiwars() -> list[Doc]:
    docs = []
    for f in sorted(WIKIWARS.glob("*.xml")):
        raw = f.read_text(encoding="utf-8")
        dct = re.search(r"<DATETIME>.*?val=\"([^\"]+)\"", raw, re.S)
        body = raw[raw.index("<TEXT>") + 6: raw.index("</TEXT>")]
        text, tags = _inline(body, "TIMEX2")
        gold = [Gold(s, e, _timex2_type(a), a.get("val", "")) for s, e, a in tags]
        docs.append(Doc(f.stem, text, dct.group(1)[:10] if dct else "", gold))
    return docs


def load_tml(folder: Path) -> list[Doc]:
    docs = []
    for f in sorted(folder.rglob("*.tml")):
        raw = f.read_text(encoding="utf-8")
        dct = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S)
        body = raw[raw.index("<TEXT>") + 6: raw.index("</TEXT>")]
        text, tags = _inline(body, "TIMEX3")
        gold = [Gold(s, e, a.get("type", ""), a.get("value", "")) for s, e, a in tags]
        docs.append(Doc(f.stem, text, dct.group(1) if dct else "", gold))
    return docs


#: Last sentence number with TIMEX3 annotation in MEANTIME (title 0, date line 1, body 2-5).
MEANTIME_TIMEX_SENTENCES = 5
_NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:!?%)\]}]|'s|'|n't|'re|'ve|'ll|'d|'m)$", re.I)
_TOKEN = re.compile(r'<token number="\d+" sentence="(\d+)" t_id="(\d+)">(.*?)</token>', re.S)
_MTIMEX = re.compile(r"<TIMEX3 ([^>]*)>(.*?)</TIMEX3>", re.S)


def load_meantime() -> list[Doc]:
    """MEANTIME (English Wikinews, CAT XML): tokens joined back into text (no space before
    closing punctuation); the sentence holding the creation time is the DCT line and is left
    out, as TE3 keeps its DCT outside the text. MEANTIME annotates timexes only in the title,
    the date line and the first four sentences (sentence numbers 0-5); the text stops there."""
    docs = []
    for f in sorted(MEANTIME.rglob("*.xml")):
        raw = f.read_text(encoding="utf-8")
        toks = [(int(sn), int(tid), html.unescape(w)) for sn, tid, w in _TOKEN.findall(raw)]
        timexes = []
        dct, dct_sent = "", -1
        sent_of = {tid: sn for sn, tid, _ in toks}
        last_sent = MEANTIME_TIMEX_SENTENCES
        for attrs_s, body in _MTIMEX.findall(raw):
            attrs = dict(_ATTR.findall(attrs_s))
            ids = [int(x) for x in re.findall(r't_id="(\d+)"', body)]
            if not ids:
                continue
            if attrs.get("functionInDocument") == "CREATION_TIME":
                dct, dct_sent = attrs.get("value", ""), sent_of.get(ids[0], -1)
                continue
            timexes.append((min(ids), max(ids), attrs))
        out: list[str] = []
        pos: dict[int, tuple[int, int]] = {}
        length, prev_sent, prev_w = 0, None, ""
        for sn, tid, w in toks:
            if sn == dct_sent or sn > last_sent:
                continue
            sep = "" if not out else "\n" if sn != prev_sent else \
                "" if _NO_SPACE_BEFORE.match(w) or prev_w in ("(", "$", "``") else " "
            length += len(sep)
            pos[tid] = (length, length + len(w))
            out.append(sep + w)
            length += len(w)
            prev_sent, prev_w = sn, w
        gold = [Gold(pos[a][0], pos[b][1], t.get("type", ""), t.get("value", ""))
                for a, b, t in timexes if a in pos and b in pos]
        dmy = re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", dct)  # one file writes DD-MM-YYYY
        if dmy:
            dct = f"{dmy.group(3)}-{dmy.group(2)}-{dmy.group(1)}"
        docs.append(Doc(f.stem, "".join(out), dct[:10], gold))
    return docs


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def score(docs: list[Doc], lang: str, narrative: bool, errors: int = 0,
          extents: bool = False) -> dict[str, float]:
    n_sys = n_gold = strict = rel_sys = rel_gold = val_ok = type_ok = matched = 0
    shown = 0
    for d in docs:
        sys_spans = tag_timexes(d.text, lang, d.dct or None, narrative=narrative)
        gold = [(*_strip(d.text, g.start, g.end), g) for g in d.gold]
        sys_ = [(*_strip(d.text, s.start, s.end), s) for s in sys_spans]
        n_sys += len(sys_)
        n_gold += len(gold)
        gset = {(s, e) for s, e, _ in gold}
        strict += sum((s, e) in gset for s, e, _ in sys_)
        rel_sys += sum(any(s < ge and gs < e for gs, ge, _ in gold) for s, e, _ in sys_)
        for gs, ge, g in gold:
            over = [x for x in sys_ if x[0] < ge and gs < x[1]]
            if not over:
                if shown < errors:
                    shown += 1
                    print(f"MISS {d.name}: {d.text[gs:ge]!r} {g.value} | "
                          f"{d.text[max(0, gs - 50):ge + 30]!r}")
                continue
            rel_gold += 1
            best = max(over, key=lambda x: min(ge, x[1]) - max(gs, x[0]))
            hit: Span = best[2]
            matched += 1
            if (best[0], best[1]) != (gs, ge) and shown < errors and extents:
                shown += 1
                print(f"EXT  {d.name}: gold={d.text[gs:ge]!r} sys={d.text[best[0]:best[1]]!r}"
                      f" {hit.attrs['rule']} | {d.text[max(0, gs - 50):ge + 30]!r}")
            val_ok += hit.attrs["value"] == g.value
            type_ok += hit.label == g.type
            if hit.attrs["value"] != g.value and shown < errors:
                shown += 1
                print(f"VAL  {d.name}: {d.text[gs:ge]!r} gold={g.value} sys={hit.attrs['value']}"
                      f" ({d.text[best[0]:best[1]]!r} {hit.attrs['rule']}) | "
                      f"{d.text[max(0, gs - 60):ge + 30]!r}")
        if errors:
            for s, e, fp in sys_:
                if not any(s < ge and gs < e for gs, ge, _ in gold) and shown < errors:
                    shown += 1
                    print(f"FP   {d.name}: {d.text[s:e]!r} {fp.attrs['value']} {fp.attrs['rule']}"
                          f" | {d.text[max(0, s - 40):e + 30]!r}")

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    sp: float = strict / max(n_sys, 1)
    sr: float = strict / max(n_gold, 1)
    rp, rr = rel_sys / max(n_sys, 1), rel_gold / max(n_gold, 1)
    vp, vr = val_ok / max(n_sys, 1), val_ok / max(n_gold, 1)
    tp, tr = type_ok / max(n_sys, 1), type_ok / max(n_gold, 1)
    return {
        "gold": n_gold, "system": n_sys,
        "strict P": 100 * sp, "strict R": 100 * sr, "strict F1": 100 * f1(sp, sr),
        "relaxed P": 100 * rp, "relaxed R": 100 * rr, "relaxed F1": 100 * f1(rp, rr),
        "value F1": 100 * f1(vp, vr), "value acc": 100 * val_ok / max(matched, 1),
        "type F1": 100 * f1(tp, tr), "type acc": 100 * type_ok / max(matched, 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=["wikiwarsde", "te3", "tbaq", "meantime"], action="append")
    ap.add_argument("--errors", type=int, default=0,
                    help="print up to N errors per development set (never for te3, the test set)")
    ap.add_argument("--extents", action="store_true",
                    help="with --errors, also print relaxed matches whose extent differs")
    args = ap.parse_args()
    sets = args.set or ["wikiwarsde", "te3"]
    if args.errors and "te3" in sets:
        ap.error("--errors is for development sets only; TE3 platinum is the test set")
    if not DATA.exists():
        print(f"no data at {DATA}", file=sys.stderr)
        return 1
    rows = []
    for name in sets:
        if name == "wikiwarsde":
            res = score(load_wikiwars(), "de", True, args.errors, args.extents)
        elif name == "te3":
            res = score(load_tml(TE3_PLATINUM), "en", False, args.errors)
        elif name == "meantime":
            res = score(load_meantime(), "en", False, args.errors, args.extents)
        else:
            res = score(load_tml(TBAQ), "en", False, args.errors, args.extents)
        rows.append((name, res))
    cols = ["strict F1", "relaxed P", "relaxed R", "relaxed F1", "value F1", "value acc",
            "type acc"]
    print(f"\n{'set':12} {'system':10} {'gold':>5} {'sys':>5} " + " ".join(f"{c:>10}" for c in cols))
    for name, res in rows:
        print(f"{name:12} {'lagebild':10} {res['gold']:>5} {res['system']:>5} "
              + " ".join(f"{res[c]:>10.2f}" for c in cols))
        ref = HEIDELTIME.get(name)
        if ref:
            print(f"{'':12} {'HeidelTime':10} {'':>5} {'':>5} "
                  + " ".join(f"{ref[c]:>10.2f}" if c in ref else f"{'-':>10}" for c in cols))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
