"""`leadsmith parse PROMPT [--json]`: show the filters the offline parser reads."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from leadsmith.cli.output import print_json, print_record
from leadsmith.search.filters import LocationFilter, SearchFilters


def filters_json(filters: SearchFilters) -> dict[str, Any]:
    """The `--json` shape: every field, locations as {country, region, city}."""
    return filters.model_dump(mode="json")


def _place(location: LocationFilter) -> str:
    return ", ".join(part for part in (location.city, location.region, location.country) if part)


def _size(filters: SearchFilters) -> str | None:
    size = filters.company_size
    if size is None:
        return None
    if size.max is None:
        return f"{size.min or 1}+ employees"
    return f"{size.min or 1}-{size.max} employees"


def filters_record(filters: SearchFilters) -> dict[str, Any]:
    """The readable table's rows, one per field."""
    return {
        "titles": filters.titles,
        "seniorities": filters.seniorities,
        "departments": filters.departments,
        "locations": "; ".join(_place(loc) for loc in filters.locations),
        "industries": filters.industries,
        "company size": _size(filters),
        "technologies": filters.technologies,
        "keywords": filters.keywords,
        "unsupported": filters.unsupported,
    }


def register(app: typer.Typer) -> None:
    """Add the `parse` command to the CLI."""

    @app.command("parse")
    def parse(
        prompt: Annotated[
            str, typer.Argument(help="A lead search, e.g. 'SaaS founders in India'.")
        ],
        as_json: Annotated[bool, typer.Option("--json", help="Print the filters as JSON.")] = False,
    ) -> None:
        """Read a prompt into search filters, offline, and print them."""
        from leadsmith.search.parser import parse_prompt

        filters = parse_prompt(prompt)
        if as_json:
            print_json(filters_json(filters))
        else:
            print_record(filters_record(filters), title=prompt)
