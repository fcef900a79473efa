"""Named word lists the annotate stages share (data, not code)."""

from __future__ import annotations

#: Abbreviations after which a period does not end a sentence (lower-cased, without the final dot).
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "de": frozenset(
        ["abs", "bd", "bzw", "ca", "chr", "co", "dr", "d.h", "dipl", "evtl", "f", "ff", "fa", "frl", "geb", "gegr", "ggf", "hl", "hr", "hrsg", "inkl", "jh", "jr", "jhd", "kap", "max", "min", "mio", "mrd", "mind", "nr", "o.ä", "od", "pkt", "pl", "prof", "s", "sog", "st", "str", "tel", "u.a", "u.ä", "u.u", "usw", "v.a", "v.chr", "n.chr", "vgl", "vs", "z.b", "z.t", "z.zt", "zzgl", "ebd", "etc", "engl", "frz", "lat", "gen", "jan", "feb", "febr", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dez", "mo", "di", "mi", "do", "fr", "sa", "so", "bspw", "allg", "ehem", "ggü", "insb", "u.s", "i.d.r", "i.a", "s.o", "s.u", "dt", "nördl", "südl", "östl", "westl", "a.d", "abg", "ing", "mag"]),
    "en": frozenset(
        ["mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n", "gen", "col", "lt", "sgt", "capt", "sen", "rep", "gov", "pres", "rev", "no", "nos", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "approx", "dept", "est", "a.m", "p.m", "mt", "ft", "ave", "blvd"]),
}

#: Words after which "<number>." is an ordinal ("am 10. September", "zum 70. Jahrestag").
ORDINAL_CONTEXT_DE = frozenset(
    ["am", "im", "vom", "zum", "zur", "bis", "dem", "den", "der", "die", "das", "des", "ab", "seit", "ihr", "ihrem", "ihren", "sein", "seinem", "seinen", "jedem", "jeden", "dieses", "diesem", "diesen", "und"])

MONTHS_DE = ("Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember")
