"""CSV export of results and lists, safe against formula injection."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from leadsmith.batches.service import to_csv
from leadsmith.contacts.models import Contact

CONTACT_COLUMNS = [
    "email",
    "name",
    "first_name",
    "last_name",
    "role",
    "company",
    "company_domain",
    "phone",
    "linkedin_url",
    "location",
    "source",
]
RESULT_COLUMNS = [
    "id",
    "name",
    "email",
    "email_status",
    "phone",
    "linkedin_url",
    "company",
    "company_domain",
    "role",
    "location",
    "source",
    "enriched",
    "score",
    "ai_message",
]


def contact_row(contact: Contact) -> dict[str, Any]:
    return {c: getattr(contact, c) for c in CONTACT_COLUMNS}


def contacts_csv(contacts: Iterable[Contact]) -> str:
    """A list's contacts as CSV; cells that start like a formula are quoted with '."""
    return to_csv((contact_row(c) for c in contacts), CONTACT_COLUMNS)


def results_csv(rows: Iterable[dict[str, Any]]) -> str:
    """Search results (as the API shows them) as CSV, formula-safe."""
    return to_csv(rows, RESULT_COLUMNS)
