from lagebild.ingest.dedup import fingerprint, lsh_params, shingles, similarity

TEXT = ("Die Hafenarbeiter in Hamburg haben am Montag ihre Arbeit niedergelegt. Die Gewerkschaft fordert "
        "höhere Löhne und bessere Arbeitszeiten für die Beschäftigten an den Containerterminals. Der Betreiber "
        "sprach von einem unverhältnismäßigen Streik und kündigte rechtliche Schritte an. Schiffe stauen sich "
        "bereits auf der Elbe, und Reedereien prüfen Umleitungen nach Rotterdam und Antwerpen.")


def _fp(text):
    return fingerprint(text, threshold=0.8, num_perm=128, shingle_size=5)


def test_wire_copy_is_similar_and_shares_a_band():
    copy = TEXT.replace("am Montag", "am Montagmorgen") + " Mehr dazu später."
    a, b = _fp(TEXT), _fp(copy)
    assert similarity(a, b.signature, 128) > 0.6
    assert similarity(a, a.signature, 128) == 1.0
    other = _fp("Der Bundestag hat über den Haushalt beraten. " * 5)
    assert similarity(a, other.signature, 128) < 0.1
    assert not set(a.bands) & set(other.bands)


def test_lsh_params_cover_all_permutations():
    b, r = lsh_params(0.8, 128)
    assert b * r <= 128 and b > 1


def test_shingles_short_text():
    assert shingles("Zwei Wörter", 5) == {b"zwei w\xc3\xb6rter"}
    assert shingles("", 5) == set()
