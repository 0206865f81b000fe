"""Loosely typed filters (API requests, LLM proposals) as canonical `SearchFilters`, and
the merge of a prompt's filters with a request's explicit ones."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import pycountry

from leadsmith.search.filters import LocationFilter, SearchFilters, SizeRange
from leadsmith.search.parser.industries import canonical_industry
from leadsmith.search.parser.locations import (
    canonical_city,
    canonical_country,
    canonical_location,
    canonical_region,
    extract_locations,
    gazetteer,
)
from leadsmith.search.parser.sizes import combine_sizes, parse_company_size
from leadsmith.search.parser.technologies import canonical_technology
from leadsmith.search.parser.text import Prompt, fold
from leadsmith.search.parser.titles import (
    canonical_department,
    canonical_seniority,
    canonical_title,
)

# Field -> the keys it arrives under (folded, "-" and " " read as "_").
# fmt: off
_FIELD_KEYS: Final[dict[str, frozenset[str]]] = {
    "titles": frozenset({
        "titles", "title", "job_title", "job_titles", "jobtitle", "role", "roles", "position",
        "positions", "person_titles", "person_title",
    }),
    "seniorities": frozenset({
        "seniorities", "seniority", "seniority_level", "seniority_levels", "level", "levels",
        "management_level", "management_levels", "person_seniorities",
    }),
    "departments": frozenset({
        "departments", "department", "function", "functions", "job_function", "job_functions",
        "person_departments",
    }),
    "locations": frozenset({
        "locations", "location", "geography", "geo", "geos", "person_locations",
        "organization_locations", "company_location", "company_locations", "place", "places",
    }),
    "countries": frozenset({"country", "countries", "country_code", "country_codes"}),
    "regions": frozenset({"region", "regions", "state", "states", "province", "provinces"}),
    "cities": frozenset({"city", "cities"}),
    "industries": frozenset({
        "industries", "industry", "vertical", "verticals", "sector", "sectors",
        "organization_industries", "company_industry", "company_industries",
    }),
    "company_size": frozenset({
        "company_size", "size", "headcount", "employees", "employee_count", "employee_range",
        "employee_ranges", "company_headcount", "num_employees",
        "organization_num_employees_ranges", "company_sizes", "size_range",
    }),
    "technologies": frozenset({
        "technologies", "technology", "tech", "tech_stack", "techstack", "technographics",
        "stack", "tools",
    }),
    "keywords": frozenset({
        "keywords", "keyword", "q_keywords", "skills", "skill", "tags", "topics", "company",
        "companies", "company_name", "company_names", "organization", "organization_name",
        "employer", "domain", "domains", "company_domain",
    }),
    "unsupported": frozenset({"unsupported", "notes"}),
}
# fmt: on
_KEY_FIELDS: Final[dict[str, str]] = {
    key: field for field, keys in _FIELD_KEYS.items() for key in keys
}
# Request keys that are not filters: paging, output shape, the prompt itself.
# fmt: off
_NOT_FILTERS: Final[frozenset[str]] = frozenset({
    "limit", "page", "per_page", "offset", "cursor", "fetch_count", "sort", "order", "list_id",
    "listid", "list_name", "listname", "query", "prompt", "q", "status", "enriched_only",
    "include", "fields", "mode", "webhook_url", "idempotency_key",
})
# fmt: on
_ISO_COUNTRIES: Final[frozenset[str]] = frozenset(c.alpha_2 for c in pycountry.countries)
_LIST_SPLIT = re.compile(r"\s*[;|\n]\s*|\s*,\s*")


def _key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", fold(name).strip())


def _strings(value: Any, *, split_commas: bool = True) -> list[str]:
    """A value as a flat list of non-empty strings ("a, b" and ["a", "b"] alike)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        parts = _LIST_SPLIT.split(value) if split_commas else re.split(r"\s*[;|\n]\s*", value)
        return [p.strip() for p in parts if p.strip()]
    if isinstance(value, Mapping):
        return [str(v) for v in value.values() if v not in (None, "")]
    if isinstance(value, Iterable):
        return [s for item in value for s in _strings(item, split_commas=split_commas)]
    return [str(value)]


def _unique(values: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def canonicalise(raw: Mapping[str, Any] | SearchFilters) -> SearchFilters:
    """Canonical filters from loosely typed ones: {"role": "Founder", "location": "India",
    "company_size": "1-50", "industry": "SaaS"} and the like; canonical input is unchanged.

    Values that map to no canonical slug are kept where they still help: unknown
    industries and technologies become keywords, other misfits go to `unsupported`.
    """
    if isinstance(raw, SearchFilters):
        raw = raw.model_dump()
    fields: dict[str, list[Any]] = {}
    notes: list[str] = []
    for name, value in raw.items():
        key = _key(str(name))
        if key == "filters" and isinstance(value, Mapping):
            nested = canonicalise(value)
            for nested_field in SearchFilters.model_fields:
                fields.setdefault(nested_field, []).append(getattr(nested, nested_field))
            continue
        field = _KEY_FIELDS.get(key)
        if field is not None:
            fields.setdefault(field, []).append(value)
        elif value not in (None, "", [], {}) and key not in _NOT_FILTERS:
            # Exclusions ("exclude_industries") and unknown keys: said, never applied.
            notes.append(f"{name}: {_describe(value)}")

    keywords: list[str] = []
    titles = _unique(canonical_title(t) for v in fields.get("titles", []) for t in _title_values(v))
    seniorities = _slugs(fields.get("seniorities", []), canonical_seniority, "seniority", notes)
    departments = _slugs(fields.get("departments", []), canonical_department, "department", notes)
    industries = _slugs(fields.get("industries", []), canonical_industry, None, keywords)
    technologies = _slugs(fields.get("technologies", []), canonical_technology, None, keywords)
    locations = _locations(fields, notes)
    company_size = _size(fields.get("company_size", []), notes)
    keywords = _unique([*(k for v in fields.get("keywords", []) for k in _strings(v)), *keywords])
    for value in fields.get("unsupported", []):
        notes.extend(_strings(value, split_commas=False))
    return SearchFilters(
        titles=titles,
        seniorities=seniorities,
        departments=departments,
        locations=locations,
        industries=industries,
        company_size=company_size,
        technologies=technologies,
        keywords=keywords,
        unsupported="; ".join(_unique(notes)) or None,
    )


def _title_values(value: Any) -> list[str]:
    """Titles from a value: list items as they are; a string split into a list, except
    "VP, Sales" (one title written with a comma)."""
    if not isinstance(value, str):
        return _strings(value, split_commas=False)
    parts = _strings(value, split_commas=False)
    titles: list[str] = []
    for part in parts:
        _, _, tail = part.partition(",")
        one_title = "," not in tail and canonical_department(tail.strip()) is not None
        titles.extend([part] if one_title else _strings(part))
    return titles


def _describe(value: Any) -> str:
    return ", ".join(_strings(value)) if not isinstance(value, str) else value


def _slugs(
    values: list[Any], to_slug: Callable[[str], str | None], label: str | None, misfits: list[str]
) -> list[str]:
    """Map each value to its slug; a value with none goes to `misfits` (labelled or raw)."""
    slugs: list[str] = []
    for value in values:
        for text in _strings(value):
            slug = to_slug(text)
            if slug is not None:
                if slug not in slugs:
                    slugs.append(slug)
            else:
                misfits.append(f"{label}: {text}" if label else text)
    return slugs


def _locations(fields: dict[str, list[Any]], notes: list[str]) -> list[LocationFilter]:
    found: list[LocationFilter] = []
    seen: set[tuple[str | None, str | None, str | None]] = set()

    def add(items: Iterable[LocationFilter]) -> None:
        for item in items:
            key = (item.country, item.region, item.city)
            if key not in seen:
                seen.add(key)
                found.append(item)

    for value in fields.get("locations", []):
        add(_location_values(value, notes))
    countries = [t for v in fields.get("countries", []) for t in _strings(v)]
    regions = [t for v in fields.get("regions", []) for t in _strings(v, split_commas=False)]
    cities = [t for v in fields.get("cities", []) for t in _strings(v, split_commas=False)]
    if (
        len(countries) <= 1
        and len(regions) <= 1
        and len(cities) <= 1
        and (countries or regions or cities)
    ):
        # {"city": "Austin", "state": "TX", "country": "United States"}: one place.
        add(
            _location_dict(
                {
                    "country": countries[:1] and countries[0],
                    "region": regions[:1] and regions[0],
                    "city": cities[:1] and cities[0],
                },
                notes,
            )
        )
    else:
        for text in countries:
            add(_location_dict({"country": text}, notes))
        for text in regions:
            add(_location_dict({"region": text}, notes))
        for text in cities:
            add(_location_dict({"city": text}, notes))
    return found


def _location_values(value: Any, notes: list[str]) -> list[LocationFilter]:
    if value is None or value == "":
        return []
    if isinstance(value, LocationFilter):
        return _location_dict(value.model_dump(), notes)
    if isinstance(value, Mapping):
        return _location_dict(value, notes)
    if isinstance(value, str):
        texts = [p.strip() for p in re.split(r"\s*[;|\n]\s*", value) if p.strip()]
        found: list[LocationFilter] = []
        for text in texts:
            resolved = canonical_location(text)
            if not resolved:
                notes.append(f"location: {text}")
            found.extend(resolved)  # repeats are dropped by the caller
        return found
    if isinstance(value, Iterable):
        return [loc for item in value for loc in _location_values(item, notes)]
    return []


def _location_dict(value: Mapping[str, Any], notes: list[str]) -> list[LocationFilter]:
    """A {country, region/state, city} value, each part resolved against the others."""
    country_text = str(value.get("country") or value.get("country_code") or "").strip()
    region_text = str(value.get("region") or value.get("state") or "").strip()
    city_text = str(value.get("city") or "").strip()
    if not (region_text or city_text) and country_text in _ISO_COUNTRIES:
        return [LocationFilter(country=country_text)]  # canonical already; groups give 100+
    country = canonical_country(country_text) if country_text else None
    if country_text and country is None:
        notes.append(f"country: {country_text}")
    region = _canonical_region(region_text, country) if region_text else None
    if region is not None:
        country = country or region.split("-")[0]
    elif region_text:
        notes.append(f"region: {region_text}")
    city: str | None = None
    if city_text:
        match = canonical_city(city_text, country, region)
        if match is not None:
            city, country = match.city, match.country
            region = region or match.region
        else:
            city = " ".join(city_text.split())
    if not (country or region or city):
        return []
    return [LocationFilter(country=country, region=region, city=city)]


def _canonical_region(text: str, country: str | None) -> str | None:
    """ISO 3166-2 code of a region name or code ("California", "CA" in the US, "US-CA")."""
    raw = " ".join(text.split())
    upper = raw.upper()
    code = canonical_region(raw, country)
    if code is not None:
        return code
    if re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", upper):
        return upper
    if country is None and len(raw) <= 3 and raw.isalpha():
        code = gazetteer().state_codes.get(upper)
        if code is not None and code.startswith("US"):
            return code  # a bare state code with no country: the US's
    for location in extract_locations(Prompt.of(raw), explicit=True):
        if location.region and (country is None or location.country == country):
            return location.region
    return None


def _size(values: list[Any], notes: list[str]) -> SizeRange | None:
    found: list[tuple[int | None, int | None]] = []
    for value in values:
        for item in value if isinstance(value, list | tuple) and not _is_pair(value) else [value]:
            size = _one_size(item)
            if size is None:
                if item not in (None, ""):
                    notes.append(f"company size: {_describe(item)}")
                continue
            found.append((size.min, size.max))
    return combine_sizes(found)


def _is_pair(value: list[Any] | tuple[Any, ...]) -> bool:
    return len(value) == 2 and all(isinstance(v, int) or v is None for v in value)


def _one_size(value: Any) -> SizeRange | None:
    if isinstance(value, SizeRange):
        return value
    if isinstance(value, Mapping):
        low = value.get("min", value.get("from", value.get("gte")))
        high = value.get("max", value.get("to", value.get("lte")))
        if low is None and high is None:
            return None
        return SizeRange(
            min=int(low) if low is not None else None, max=int(high) if high is not None else None
        )
    if isinstance(value, list | tuple) and _is_pair(value):
        return SizeRange(min=value[0], max=value[1])
    if isinstance(value, str | int | float):
        return parse_company_size(value)
    return None


def merge_filters(parsed: SearchFilters, explicit: SearchFilters) -> SearchFilters:
    """The prompt's filters with the request's explicit ones on top, field by field.

    A non-empty explicit field wins; `unsupported` notes from both are kept.
    """
    merged: dict[str, Any] = {}
    for field in SearchFilters.model_fields:
        if field == "unsupported":
            continue
        value = getattr(explicit, field)
        merged[field] = value if value not in (None, [], "") else getattr(parsed, field)
    notes = _unique(
        note
        for text in (parsed.unsupported, explicit.unsupported)
        if text
        for note in text.split("; ")
    )
    merged["unsupported"] = "; ".join(notes) or None
    return SearchFilters.model_validate(merged)
