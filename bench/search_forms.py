"""How well search finds German word forms and compounds (issue 18): exact words vs prefix terms vs
prefix + lemma prefix (lagebild.store.query), on the 1,028 10kGNAD articles in an FTS5 index with
the store's tokenizer.

Query words: the 60 most frequent capitalised words (nouns and names) of 6+ letters. A document is
"relevant" for a word when it holds a form of it (same simplemma lemma) or a compound made of it:
a token that starts with the word (or its lemma) followed by an inflection ending or another
German word (wordfreq, with or without a linking s/n/es/en/er), or that ends with the word.
Recall = relevant documents found / relevant; "unrelated" counts documents found only through
tokens that are neither (prefix collisions such as Rat -> Ratte): the noise a strategy adds.
Prefix terms cannot find compounds that end with the word ("Treffen" in "Gipfeltreffen").

    .venv/bin/python bench/search_forms.py
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import simplemma  # noqa: E402

from lagebild.store.query import fts5_match, lemma_of  # noqa: E402

from common import gnad_texts, table  # noqa: E402

WORD = re.compile(r"[^\W_]+")
N_QUERIES = 60
MIN_LEN = 6


def fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


#: Inflection and derivation endings (what may follow a stem in a word form: Österreich -> österreichische).
ENDINGS = frozenset({"", "e", "en", "er", "es", "n", "s", "ern", "em", "ens", "nen", "innen", "in", "isch", "ische",
                     "ischen", "ischer", "isches", "ischem", "erin", "erinnen", "ers"})
LINKS = ("", "s", "n", "es", "en", "er", "e")
#: wordfreq Zipf frequency from which a remainder counts as a German word (about 1 in 10 million).
MIN_ZIPF = 2.5


def is_word(rest: str) -> bool:
    from wordfreq import zipf_frequency

    return len(rest) >= 3 and zipf_frequency(rest, "de") >= MIN_ZIPF


def explained(token: str, stems: set[str]) -> bool:
    """A form or compound of one of ``stems`` (folded)."""
    for stem in stems:
        if token.endswith(stem) and len(token) > len(stem) + 2:
            return True
        if token.startswith(stem):
            rest = token[len(stem):]
            if rest in ENDINGS or any(rest.startswith(link) and is_word(rest[len(link):]) for link in LINKS):
                return True
    return False


def main() -> None:
    texts = gnad_texts()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(text, tokenize='unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO f(rowid, text) VALUES (?, ?)", enumerate(texts))
    doc_tokens = [{fold(w) for w in WORD.findall(t)} for t in texts]
    raw = Counter(w for t in texts for w in set(WORD.findall(t)))
    queries = [w for w, _ in raw.most_common() if w[0].isupper() and len(w) >= MIN_LEN and w.isalpha()][:N_QUERIES]
    vocab = sorted({w for toks in doc_tokens for w in toks})
    lemma = {w: fold(simplemma.lemmatize(w, lang=("de", "en"))) for w in vocab}

    rows, totals = [], Counter()
    for q in queries:
        fq = fold(q)
        lq = fold(simplemma.lemmatize(q, lang=("de", "en")))
        stems = {fq, lq} if len(lq) >= 4 else {fq}
        cands = [w for w in vocab if any(s in w for s in stems) or lemma[w] == lq]
        good = {w for w in cands if lemma[w] == lq or explained(w, stems)}
        relevant = {i for i, toks in enumerate(doc_tokens) if toks & good}
        row: list[object] = [q, len(relevant)]
        for name, expr in (("exact", fts5_match(q, expand=False)), ("prefix", f'"{fq}"*'),
                           ("prefix+lemma", fts5_match(q))):
            hits = {r[0] for r in db.execute("SELECT rowid FROM f WHERE f MATCH ?", (expr,))}
            rec = len(hits & relevant) / len(relevant) if relevant else 1.0
            totals[name + ".found"] += len(hits & relevant)
            totals[name + ".noise"] += len(hits - relevant)
            row += [round(rec, 2), len(hits - relevant)]
        totals["relevant"] += len(relevant)
        rows.append(row)
    print(f"10kGNAD test, {len(texts)} articles, {len(queries)} query words; load {os.getloadavg()[0]:.2f}")
    print(table(["query", "relevant", "exact rec", "noise", "prefix rec", "noise", "pfx+lemma rec", "noise"],
                rows[:20]))
    print("…")
    print(table(["strategy", "recall (micro)", "unrelated docs found"],
                [[n, round(totals[n + ".found"] / totals["relevant"], 3), totals[n + ".noise"]]
                 for n in ("exact", "prefix", "prefix+lemma")]))
    print("queries with a lemma expansion:", sum(1 for q in queries if lemma_of(q.lower())))


if __name__ == "__main__":
    main()
