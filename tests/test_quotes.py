"""Attribution extraction: one invented example per rule family (German and English), the stage
contract, and a quality floor on SpkAtt-2023 dev (skipped without ../shared/data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.annotate.quotes import attributions, claims, extract_quotes, quotes_stage, tokenize
from lagebild.annotate.quotes.extract import to_spkatt
from lagebild.annotate.quotes.features import subjunctive
from lagebild.annotate.quotes.spkatt import read_dir, score
from lagebild.annotate.sentences import split_sentences
from lagebild.model import Article, Source, Span

DEV = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "spkatt2023_task2_de_wikinews_quotes"
       / "data" / "dev" / "task2")


def run(text: str, lang: str = "de") -> list[dict]:
    spans = extract_quotes(text, split_sentences(text, lang), lang)
    out = []
    for s in spans:
        a = s.attrs
        out.append({
            "msg": text[s.start:s.end],
            "src": text[a["source"][0]:a["source"][1]] if a["source"] else None,
            "cue": [text[x:y] for x, y in a["cue"]],
            "form": a["form"], "stance": a["stance"], "kind": a["source_text_kind"], "parent": a["parent"],
        })
    return out


def find(found: list[dict], src_part: str) -> dict:
    for f in found:
        if f["src"] and src_part in f["src"]:
            return f
    raise AssertionError(f"no attribution with source {src_part!r} in {found}")


# --- German -----------------------------------------------------------------------------------

def test_de_direct_quote_after_frame() -> None:
    f = find(run("„Wir werden die Brücke im Herbst eröffnen“, sagte die Bürgermeisterin Anna Berg am Dienstag."),
             "Anna Berg")
    assert f["form"] == "direct" and "Brücke" in f["msg"] and f["cue"] == ["sagte"]
    assert f["stance"] == "assertion" and f["kind"] == "named"


def test_de_indirect_konjunktiv() -> None:
    f = find(run("Der Landrat erklärte, die Straße sei wegen der Bauarbeiten bis Freitag gesperrt."), "Landrat")
    assert f["form"] == "indirect" and "Straße sei" in f["msg"]
    assert subjunctive("sei") and subjunctive("plane") and not subjunctive("große")


def test_de_laut_and_zufolge() -> None:
    f = find(run("Laut der Feuerwehr wurden bei dem Brand drei Menschen verletzt."), "Feuerwehr")
    assert f["cue"] == ["Laut"] and "drei Menschen verletzt" in f["msg"]
    g = find(run("Dem Bericht der Zeitung zufolge hat der Konzern zwei Werke verkauft."), "Zeitung")
    assert "zufolge" in g["cue"] and "zwei Werke" in g["msg"]


def test_de_split_cue_teilte_mit() -> None:
    f = find(run("Die Firma werde im nächsten Jahr 200 Stellen abbauen, teilte der Vorstand am Montag mit."),
             "Vorstand")
    assert f["cue"] == ["teilte", "mit"] and "200 Stellen" in f["msg"] and "Vorstand" not in f["msg"]


def test_de_denial_active_and_passive() -> None:
    f = find(run("Der Minister bestritt, dass er von den Zahlungen gewusst habe."), "Minister")
    assert f["stance"] == "denial"
    g = find(run("Die Vorwürfe wurden von der Reederei entschieden zurückgewiesen."), "Reederei")
    assert g["stance"] == "denial" and "Vorwürfe" in g["msg"]


def test_de_speculation() -> None:
    found = run("Berichten zufolge soll der Trainer den Verein im Sommer verlassen.")
    assert found and found[0]["stance"] == "speculation" and found[0]["kind"] == "anonymous"


def test_de_anonymous_source_and_nesting() -> None:
    text = ("Die Zeitung berichtete unter Berufung auf mehrere Regierungsbeamte, der Gipfel werde "
            "in der kommenden Woche stattfinden.")
    found = run(text)
    outer = find(found, "Zeitung")
    inner = find(found, "Regierungsbeamte")
    assert inner["parent"] is not None and found[inner["parent"]] == outer
    assert inner["kind"] == "anonymous" and outer["kind"] == "named"


# --- English ----------------------------------------------------------------------------------

def test_en_direct_and_indirect() -> None:
    f = find(run("“We will open the bridge in autumn,” the mayor said on Tuesday.", "en"), "mayor")
    assert f["form"] == "direct" and "bridge" in f["msg"]
    g = find(run("The company said that it would cut 200 jobs next year.", "en"), "company")
    assert g["form"] == "indirect" and "200 jobs" in g["msg"] and "that" not in g["msg"].split()[0]


def test_en_according_to_denial_speculation_nesting() -> None:
    f = find(run("According to the fire brigade, three people were injured in the blaze.", "en"), "fire brigade")
    assert "three people" in f["msg"]
    g = find(run("The ministry denied that it had sold the weapons.", "en"), "ministry")
    assert g["stance"] == "denial"
    found = run("The newspaper reported, citing two officials, that the summit could take place next week.", "en")
    inner = find(found, "officials")
    assert inner["parent"] is not None and inner["kind"] == "anonymous"
    assert find(found, "newspaper")["stance"] == "speculation"


# --- contract -----------------------------------------------------------------------------------

def test_stage_offsets_and_claims() -> None:
    text = "Der Bahnhof wird im Mai geschlossen. Das sei nötig, sagte ein Sprecher der Stadt."
    art = Article(Source("t", "text", "h"), raw=text, text=text, language="de")
    art.layers["sentences"] = split_sentences(text, "de")
    assert quotes_stage.requires == ("text", "language", "sentences") and quotes_stage.assigns == ("quotes",)
    art = quotes_stage(art)
    qs = art.layers["quotes"]
    assert qs and all(isinstance(q, Span) and 0 <= q.start < q.end <= len(text) for q in qs)
    assert all(isinstance(c, list) and len(c) == 2 for q in qs for c in q.attrs["cue"])
    own = [c for c in claims(art) if c.attrs.get("own")]
    assert own and text[own[0].start:own[0].end].startswith("Der Bahnhof") and own[0].attrs["source"] is None
    assert tokenize("Kim's „Zug“.") == [(0, 5), (6, 7), (7, 10), (10, 11), (11, 12)]


def test_spkatt_scorer_perfect_and_empty() -> None:
    from lagebild.annotate.quotes.spkatt import Annotation, Document
    gold = Annotation({"Message": [2, 3], "Cue": [1], "Source": [0], "Addr": [], "Frame": [0, 1]}, "Indirect")
    doc = Document("d", [["Er", "sagte", "es", "regnet"]], [gold])
    assert score({"d": [gold]}, [doc]).macro["joint_f1"] == pytest.approx(1.0)
    assert score({"d": []}, [doc]).macro["joint_f1"] == 0.0


@pytest.mark.data
def test_quality_floor_on_spkatt_dev() -> None:
    if not DEV.exists():
        pytest.skip("SpkAtt-2023 data not available")
    docs = read_dir(DEV)
    system = {d.name: to_spkatt(d.sentences, attributions=attributions(d.sentences, "de")) for d in docs}
    full = score(system, docs)
    assert full.macro["joint_f1"] >= QUALITY_FLOOR_JOINT
    assert full.micro["Cue"] >= QUALITY_FLOOR_CUE


#: Floors well above the published baseline (joint 40.4) and a couple of points under what we
#: measure (joint 65.3, cue 64.6 on dev), so a real regression fails while noise does not.
QUALITY_FLOOR_JOINT = 0.63
QUALITY_FLOOR_CUE = 0.62


def test_sources_link_to_entities() -> None:
    text = "„Der Zug fährt heute nicht“, sagte eine Sprecherin der Bahn."
    art = Article(Source("t", "text", "h"), raw=text, text=text, language="de")
    art.layers["sentences"] = split_sentences(text, "de")
    bahn = text.index("Bahn")
    art.layers["entities"] = [Span(bahn, bahn + 4, "ORG")]
    q = quotes_stage(art).layers["quotes"][0]
    assert q.attrs["source_entity"] == 0 and q.attrs["source_text_kind"] == "named"
    assert text[q.attrs["source"][0]:q.attrs["source"][1]].endswith("Bahn")


def test_denial_words_deny_only_as_denials() -> None:
    from lagebild.annotate.quotes import denies

    assert denies(["bestreiten"], ["die", "Vorwürfe"]) and denies(["wies", "zurück"]) and denies(["stritt", "ab"])
    assert not denies(["kehrt", "zurück"]) and not denies(["stritt"])
    assert not denies(["bestreitet"], ["sein", "zweites", "Gruppenspiel"])  # plays a match
    found = run("Die Mannschaft bestreitet am Samstag das Finale gegen den Titelverteidiger.")
    assert all(f["stance"] != "denial" for f in found)


def test_a_negated_or_questioned_denial_is_no_denial() -> None:
    from lagebild.annotate.quotes import denies

    assert not denies(["dementieren"], frame=["wollte", "das", "nicht"])
    assert not denies(["dementiert"], frame=["weder", "bestätigt", "noch"])
    assert not denies(["Dementi"], frame=["ob", "das"])
    negated = run("Die Reederei Elbkai dementierte den Bericht über umgeleitete Frachter nicht.")
    assert all(f["stance"] != "denial" for f in negated)
    # a negation in another clause leaves the denial standing
    found = run("Die Reederei, die sich bisher nicht geäußert hatte, wies die Berichte über Frachter zurück.")
    assert found and found[0]["stance"] == "denial"
    inner = run("Der Hafenmeister bestritt, dass er nicht informiert gewesen sei.")
    assert inner and inner[0]["stance"] == "denial"


def test_a_source_takes_the_whole_name_and_its_determiner() -> None:
    from lagebild.annotate.quotes.attribute import whole_names, with_determiner

    sent = ["Nach", "Angaben", "des", "Sprechers", "Jan", "Berger", "von", "„", "Elbkai", "“", "sei", "der", "Hafen", "geschlossen", "."]
    tags = ["O"] * len(sent)
    tags[4:6] = ["B-PER", "I-PER"]
    tags[8] = "B-ORG"
    assert whole_names([(0, 1), (0, 2), (0, 3), (0, 4)], [tags], [sent]) == [(0, k) for k in range(1, 6)]
    assert whole_names([(0, 6), (0, 7), (0, 8)], [tags], [sent])[-1] == (0, 9)  # „Elbkai“ closed
    sent2 = ["Manche", "Analysten", "halten", "es", "für", "möglich", ",", "dass", "er", "geht", "."]
    assert with_determiner([(0, 1)], [sent2]) == [(0, 0), (0, 1)]
    sent3 = ["Zum", "Rücktritt", "sagte", "der", "italienische", "Kardinal", "Angelo", "Sodano", ":", "Das"]
    assert with_determiner([(0, 5), (0, 6), (0, 7)], [sent3])[0] == (0, 3)
    assert with_determiner([(0, 2)], [sent3]) == [(0, 2)]  # a verb stays out
