"""Every operation's price in credits, in one place (seeds 002, 003, 004)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum


class Operation(StrEnum):
    # seed 002
    FIND_EMAIL = "find_email"
    FIND_PHONE = "find_phone"
    BULK_ENRICH_EMAIL = "bulk_enrich_email"  # per contact
    BULK_ENRICH_PHONE = "bulk_enrich_phone"  # per contact
    # seed 003
    LOOKUP_EMAIL = "lookup_email"
    LOOKUP_PHONE = "lookup_phone"
    VERIFY_EMAIL = "verify_email"
    BATCH_VERIFY_EMAIL = "batch_verify_email"  # per email
    QUALIFY = "qualify"
    DOMAIN_FINDER = "domain_finder"
    RESEARCH = "research"
    BATCH_ENRICH_EMAIL = "batch_enrich_email"  # per row
    BATCH_ENRICH_PHONE = "batch_enrich_phone"  # per row
    CLEAN_NAMES = "clean_names"
    # seed 004
    ENRICH_PERSON = "enrich_person"
    ENRICH_BATCH_ITEM = "enrich_batch_item"
    SEARCH_PEOPLE = "search_people"  # per request that returns people
    SEARCH_COMPANIES = "search_companies"


PRICES: dict[Operation, Decimal] = {
    Operation.FIND_EMAIL: Decimal(1),
    Operation.FIND_PHONE: Decimal(1),
    Operation.BULK_ENRICH_EMAIL: Decimal(1),
    Operation.BULK_ENRICH_PHONE: Decimal(1),
    # 003's example charges 6 for lookup_type "both": 1 for the email, 5 for the phone,
    # which is also the "1-6 credits per row" of its batch enrichment.
    Operation.LOOKUP_EMAIL: Decimal(1),
    Operation.LOOKUP_PHONE: Decimal(5),
    Operation.VERIFY_EMAIL: Decimal(1),
    Operation.BATCH_VERIFY_EMAIL: Decimal("0.1"),
    Operation.QUALIFY: Decimal(1),
    Operation.DOMAIN_FINDER: Decimal(1),
    Operation.RESEARCH: Decimal(10),
    Operation.BATCH_ENRICH_EMAIL: Decimal(1),
    Operation.BATCH_ENRICH_PHONE: Decimal(5),
    Operation.CLEAN_NAMES: Decimal(0),
    Operation.ENRICH_PERSON: Decimal(1),
    Operation.ENRICH_BATCH_ITEM: Decimal(1),
    Operation.SEARCH_PEOPLE: Decimal(1),
    Operation.SEARCH_COMPANIES: Decimal(1),
}


def price(op: Operation, quantity: int = 1) -> Decimal:
    """Price of `quantity` units of `op`."""
    return PRICES[op] * quantity


def to_millis(amount: Decimal) -> int:
    """Credits to the ledger's integer unit (1/1000 credit); refuses finer amounts."""
    millis = amount * 1000
    if millis != millis.to_integral_value():
        raise ValueError(f"{amount} credits is finer than 0.001")
    return int(millis)


def from_millis(millis: int) -> Decimal:
    return (Decimal(millis) / 1000).normalize() if millis else Decimal(0)


def credits_json(amount: Decimal | int) -> int | float:
    """A credit amount as a JSON number: an integer when whole."""
    d = Decimal(amount)
    return int(d) if d == d.to_integral_value() else float(d)
