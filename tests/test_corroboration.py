"""Corroboration: claims aligned across articles, independent outlets, single sources, conflicts."""

from __future__ import annotations

import pytest

from lagebild.model import Article, Source
from lagebild.story.corroboration import corroborate, numbers_in, same_source, source_key
from lagebild.story.outlets import agency_of, voice
from story_articles import lindenau


@pytest.fixture(scope="module")
def result() -> tuple[list[dict], list[dict]]:
    return corroborate(list(lindenau().values()))


def test_same_source_same_content_is_one_claim_agency_copies_count_once(result) -> None:
    claims, _ = result
    berger = [c for c in claims if "einsturzgefährdet" in c.text and c.stance != "denial"]
    assert len(berger) == 1
    claim = berger[0]
    arts = lindenau()
    carriers = {c.article_id for c in claim.carriers}
    assert {arts["talzeitung-1"].id, arts["bergblatt-1"].id} <= carriers
    # the two dpa copies are one voice; the English report is a second one
    assert "dpa" in claim.outlets
    assert claim.independent_outlets == len({voice(a) for a in arts.values() if a.id in carriers})
    assert claim.independent_outlets < len(carriers)
    assert not claim.single_source


def test_single_source_claim_flagged(result) -> None:
    claims, _ = result
    detour = next(c for c in claims if "Umweg koste" in c.text)
    assert detour.independent_outlets == 1 and detour.single_source


def test_denial_conflicts_with_assertion(result) -> None:
    claims, conflicts = result
    by_id = {c.id: c for c in claims}
    denials = [c for c in conflicts if c.kind == "denial"]
    assert denials
    d = denials[0]
    assert "bestreitet" in d.about
    assert any("einsturzgefährdet" in by_id[a].text for a in d.asserted_by)


def test_number_conflict(result) -> None:
    _, conflicts = result
    nums = [c for c in conflicts if c.kind == "number"]
    assert nums
    assert {v.split()[0] for v in nums[0].values} == {"12,000,000", "15,000,000"}


def test_no_conflict_between_unrelated_statements(result) -> None:
    _, conflicts = result
    for c in conflicts:
        assert "Händler" not in c.about and "Feuerwehr" not in c.about


def test_folded_wire_copy_is_one_voice() -> None:
    art = Article(source=Source("a.txt", "text", "h1", outlet="Bergblatt"), raw="", text="Text.", id="x")
    art.sources = [Source("a.txt", "text", "h1", outlet="Bergblatt"), Source("b.txt", "text", "h2", outlet="Talzeitung")]
    assert voice(art) == "outlet:bergblatt"
    dpa = Article(source=Source("c.txt", "text", "h3"), raw="", text="Lindenau (dpa) - Die Brücke ist zu.", id="y")
    assert agency_of(dpa) == "dpa" and voice(dpa) == "agency:dpa"
    credit = Article(source=Source("d.txt", "text", "h4"), raw="", id="z",
                     text="Die Brücke ist zu.\nQuelle: AFP © Fotograf Muster")
    assert agency_of(credit) is None  # a photo credit, not the text's agency


def test_source_normalisation_and_numbers() -> None:
    assert source_key("der Kreml", "de") == source_key("des Kremls", "de")
    assert same_source(source_key("Angaben der Stadt", "de"), source_key("die Stadt Lindenau", "de"))
    assert not same_source("own", "stadt")
    text = "Die Sanierung kostet zwei Millionen Euro und dauert 14 Monate."
    found = numbers_in(text, "de", [])
    assert found["euro"] == {2_000_000.0} and found["monat"] == {14.0}


def test_overlap_rule() -> None:
    from lagebild.story.corroboration import spans_overlap

    assert spans_overlap((0, 100), (10, 60))
    assert not spans_overlap((0, 100), (60, 160))  # 40 of the shorter 100 shared: less than half
    assert not spans_overlap((0, 100), (70, 170))
    assert not spans_overlap((0, 10), (10, 20))


def test_one_statement_quoted_twice_in_an_article_is_one_claim(result) -> None:
    """Two attributions of one source over overlapping text of one article are one claim."""
    from lagebild.story.corroboration import spans_overlap

    claims, _ = result
    seen: list[tuple[str, str, tuple[int, int]]] = []
    for c in claims:
        for car in c.carriers:
            here = (c.source_key, car.article_id, tuple(car.content))
            for key, art, span in seen:
                assert not (key == here[0] and art == here[1] and spans_overlap(span, here[2])), (c.id, c.text)
        seen.extend((c.source_key, car.article_id, tuple(car.content)) for car in c.carriers)
