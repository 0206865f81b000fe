"""Phone numbers valid for a country, built from libphonenumber's own metadata.

A template is a national prefix (a city's area code, or the start of libphonenumber's
example number) followed by free digits. Candidates are checked against the country's
fixed-line or mobile pattern exactly as `phonenumbers.is_valid_number` does, and a
deterministic retry moves on to the next candidate when one is not valid.
"""

from __future__ import annotations

import random
import re
import zlib
from functools import lru_cache
from typing import NamedTuple

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberType

from leadsmith.sources.sandbox.places import COUNTRY_BY_CODE

# Spreads consecutive counters over the free digits; coprime with 10, so a bijection.
_SPREAD = 7_654_321
_MAX_TRIES = 200


class PhoneTemplate(NamedTuple):
    """National prefix plus how many free digits follow; `kind` is "fixed" or "mobile"."""

    prefix: str
    free: int
    kind: str


class _Desc(NamedTuple):
    pattern: re.Pattern[str]
    lengths: frozenset[int]

    def matches(self, nsn: str) -> bool:
        if self.lengths and len(nsn) not in self.lengths:
            return False
        return self.pattern.fullmatch(nsn) is not None


def _desc(desc: object) -> _Desc | None:
    pattern = getattr(desc, "national_number_pattern", None)
    if not pattern:
        return None
    lengths = frozenset(x for x in getattr(desc, "possible_length", ()) if x > 0)
    return _Desc(re.compile(pattern), lengths)


class CountryPhones:
    """Phone numbering of one country: validity checks and number templates."""

    def __init__(self, region: str) -> None:
        metadata = PhoneMetadata.metadata_for_region(region)
        if metadata is None:
            raise ValueError(f"no phone metadata for {region}")
        self.region = region
        self.calling_code = phonenumbers.country_code_for_region(region)
        general = _desc(metadata.general_desc)
        if general is None:
            raise ValueError(f"no general pattern for {region}")
        self._general = general
        self._fixed = _desc(metadata.fixed_line)
        self._mobile = _desc(metadata.mobile)
        self.mobile = self._example_template(PhoneNumberType.MOBILE, "mobile")
        self.fixed = self._example_template(PhoneNumberType.FIXED_LINE, "fixed")
        self._areas: dict[str, PhoneTemplate | None] = {}

    def is_valid(self, nsn: str, kind: str) -> bool:
        """Whether the national significant number is a valid number of that kind."""
        desc = self._mobile if kind == "mobile" else self._fixed
        return self._general.matches(nsn) and desc is not None and desc.matches(nsn)

    def patterns(
        self, length: int, kind: str
    ) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        """The general and kind patterns numbers of this length must match (None: none can)."""
        desc = self._mobile if kind == "mobile" else self._fixed
        general = self._general
        if general.lengths and length not in general.lengths:
            return None, None
        if desc is None or (desc.lengths and length not in desc.lengths):
            return general.pattern, None
        return general.pattern, desc.pattern

    def e164(self, nsn: str) -> str:
        """E.164 form of a national significant number."""
        return f"+{self.calling_code}{nsn}"

    def _example_template(self, kind_type: int, kind: str) -> PhoneTemplate:
        example = phonenumbers.example_number_for_type(self.region, kind_type)
        if example is None:
            example = phonenumbers.example_number_for_type(self.region, PhoneNumberType.FIXED_LINE)
        if example is None:
            raise ValueError(f"no example number for {self.region}")
        nsn = phonenumbers.national_significant_number(example)
        free = min(7, len(nsn) - 2)
        return PhoneTemplate(nsn[: len(nsn) - free], free, kind)

    def area_template(self, area_code: str | None) -> PhoneTemplate:
        """Fixed-line template for a city's area code, or the country's generic one."""
        if not area_code:
            return self.fixed
        if area_code not in self._areas:
            self._areas[area_code] = self._probe_area(area_code)
        return self._areas[area_code] or self.fixed

    def _probe_area(self, area_code: str) -> PhoneTemplate | None:
        # Pick the usual national length at which numbers under this area code are valid.
        target = max(len(self.fixed.prefix) + self.fixed.free, 9)
        lengths = sorted(
            self._fixed.lengths if self._fixed else (), key=lambda n: (abs(n - target), n)
        )
        rng = random.Random(area_code)
        for total in lengths:
            free = total - len(area_code)
            if free < 4:
                continue
            hits = 0
            for _ in range(40):
                digits = str(rng.randrange(2 * 10 ** (free - 1), 10**free))
                hits += self.is_valid(area_code + digits, "fixed")
            if hits >= 4:
                return PhoneTemplate(area_code, free, "fixed")
        return None


@lru_cache(maxsize=64)
def country_phones(region: str) -> CountryPhones:
    """Phone numbering for an ISO country code (cached)."""
    return CountryPhones(region)


class PhoneAllocator:
    """Hands out unique valid numbers: one counter per template, spread over its free digits."""

    def __init__(self, salt: int) -> None:
        self._counters: dict[tuple[str, str, int], int] = {}
        self._salt = salt

    def allocate(self, country: str, template: PhoneTemplate) -> str:
        """Next unused valid E.164 number of this country under `template`."""
        phones = country_phones(country)
        key = (country, template.prefix, template.free)
        counter = self._counters.get(key)
        if counter is None:
            counter = zlib.crc32(f"{self._salt}|{country}|{template.prefix}".encode())
        prefix, free, kind = template
        modulus = 10**free
        # Every candidate has the same length, so the length checks are done once.
        general, desc = phones.patterns(len(prefix) + free, kind)
        if general is not None and desc is not None:
            for _ in range(_MAX_TRIES):
                nsn = prefix + str((counter * _SPREAD) % modulus).zfill(free)
                counter += 1
                if general.fullmatch(nsn) and desc.fullmatch(nsn):
                    self._counters[key] = counter
                    return phones.e164(nsn)
        self._counters[key] = counter
        if template is not phones.fixed and template is not phones.mobile:
            return self.allocate(country, phones.fixed)
        raise RuntimeError(f"no valid {kind} number for {country} {prefix}")


def random_number(rng: random.Random, country: str, kind: str, area_code: str | None = None) -> str:
    """A valid E.164 number drawn from `rng` (for answers that are not in the world)."""
    region = country if country in COUNTRY_BY_CODE else "US"
    phones = country_phones(region)
    template = phones.mobile if kind == "mobile" else phones.area_template(area_code)
    for _ in range(_MAX_TRIES):
        nsn = template.prefix + str(rng.randrange(10**template.free)).zfill(template.free)
        if phones.is_valid(nsn, template.kind):
            return phones.e164(nsn)
        if template is not phones.fixed and template.kind == "fixed":
            template = phones.fixed
    raise RuntimeError(f"no valid {kind} number for {region}")
