"""Print the attributions of each seed article as the pipeline makes them (sentences, NER, quotes):
resolved speaker (and how it was found), the source words, cue, stance, form, parent, message.

    .venv/bin/python bench/quotes_seeds.py [folder] [--own]
"""

from __future__ import annotations

import sys
from pathlib import Path

from lagebild.annotate.ner import ner_stage
from lagebild.annotate.quotes import claims, quotes_stage, speaker_text
from lagebild.annotate.sentences import split_sentences
from lagebild.model import Article, Source

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def show(path: Path, lang: str = "de", own: bool = False) -> None:
    text = path.read_text(encoding="utf-8")
    art = Article(Source(str(path), "text", ""), raw=text, text=text, language=lang)
    art.layers["sentences"] = split_sentences(text, lang)
    art = quotes_stage(ner_stage(art))
    print(f"=== {path.name}")
    for i, c in enumerate(art.layers["quotes"]):
        a = c.attrs
        src = text[a["source"][0]:a["source"][1]] if a["source"] else "—"
        cue = " … ".join(text[s:e] for s, e in a["cue"]) or "—"
        msg = " ".join(text[s:e] for s, e in a["message"])
        par = f" parent={a['parent']}" if a["parent"] is not None else ""
        sp = a["speaker"]
        print(f"[{i}] {speaker_text(text, sp)!r} ({sp['kind']}, via {sp['via']}) src={src!r} cue={cue!r} "
              f"{a['stance']} {a['form']}{par}")
        print(f"     msg: {msg[:160]}")
    if own:
        for c in claims(art):
            if c.attrs.get("own"):
                print(f"  own {c.attrs['stance']:<11} {text[c.start:c.end][:120]}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = Path(args[0]) if args else SEEDS
    for p in sorted(folder.glob("*.txt")):
        show(p, own="--own" in sys.argv)
