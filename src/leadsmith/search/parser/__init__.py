"""The offline prompt parser: natural-language lead searches as canonical filters.

`parse_prompt` reads a prompt; `canonicalise` cleans explicit filters (API, LLM);
`merge_filters` lays explicit filters over parsed ones; the `canonical_*` helpers and
`classify_title` map single values onto the slugs of `leadsmith.taxonomy`.
"""

from __future__ import annotations

from leadsmith.search.parser.canonical import canonicalise, merge_filters
from leadsmith.search.parser.industries import canonical_industry
from leadsmith.search.parser.locations import (
    canonical_city,
    canonical_country,
    canonical_location,
    canonical_region,
    region_label,
    region_spellings,
)
from leadsmith.search.parser.prompt import load_gazetteers, parse_prompt
from leadsmith.search.parser.sizes import parse_company_size
from leadsmith.search.parser.technologies import canonical_technology
from leadsmith.search.parser.text import normalise_prompt
from leadsmith.search.parser.titles import (
    canonical_department,
    canonical_seniority,
    canonical_title,
    classify_title,
)

__all__ = [
    "canonical_city",
    "canonical_country",
    "canonical_department",
    "canonical_industry",
    "canonical_location",
    "canonical_region",
    "canonical_seniority",
    "canonical_technology",
    "canonical_title",
    "canonicalise",
    "classify_title",
    "load_gazetteers",
    "merge_filters",
    "normalise_prompt",
    "parse_company_size",
    "parse_prompt",
    "region_label",
    "region_spellings",
]
