"""The canonical search filters every source understands (issue 5's parser output)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class LocationFilter(BaseModel):
    """A place: ISO 3166-1 alpha-2 country, optional region (ISO 3166-2 or name), city."""

    country: str | None = None
    region: str | None = None
    city: str | None = None


class SizeRange(BaseModel):
    """Employee count range; `max` None means no upper bound."""

    min: int | None = None
    max: int | None = None


class SearchFilters(BaseModel):
    """Structured filters: the parser's output and every source's input."""

    titles: list[str] = Field(default_factory=list)
    seniorities: list[str] = Field(default_factory=list)
    departments: list[str] = Field(default_factory=list)
    locations: list[LocationFilter] = Field(default_factory=list)
    industries: list[str] = Field(default_factory=list)
    company_size: SizeRange | None = None
    technologies: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    unsupported: str | None = None
