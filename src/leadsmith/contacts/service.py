"""Contacts and lists: import results (deduplicated by email), suppression, erasure."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.contacts.models import Contact, ContactList, ErasedPerson, ListMember, Suppression
from leadsmith.db.base import new_id
from leadsmith.db.dialect import rows_affected, upsert_insert
from leadsmith.errors import InvalidInput, NotFound
from leadsmith.search.dedupe import normalise_email

SUPPRESSION_KINDS = ("email", "domain")


def email_hash(email: str) -> str:
    """What erasure keeps of an address: its SHA-256 (of the normalised form)."""
    return hashlib.sha256((normalise_email(email) or email).encode()).hexdigest()


def domain_of(email: str | None) -> str | None:
    return email.rsplit("@", 1)[1].lower() if email and "@" in email else None


# -- suppression and erasure ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Blocklist:
    """What a workspace never returns: suppressed emails and domains, erased people."""

    emails: frozenset[str]
    domains: frozenset[str]
    erased: frozenset[str]

    def blocks(self, email: str | None) -> bool:
        address = normalise_email(email)
        if address is None:
            return False
        return (
            address in self.emails
            or domain_of(address) in self.domains
            or email_hash(address) in self.erased
        )


async def blocklist(session: AsyncSession, workspace_id: str) -> Blocklist:
    """The workspace's suppression list and erased hashes, read once for a batch of checks."""
    rows = (
        await session.execute(
            select(Suppression.kind, Suppression.value).where(
                Suppression.workspace_id == workspace_id
            )
        )
    ).all()
    erased = (
        await session.execute(
            select(ErasedPerson.email_hash).where(ErasedPerson.workspace_id == workspace_id)
        )
    ).scalars()
    return Blocklist(
        emails=frozenset(v for k, v in rows if k == "email"),
        domains=frozenset(v for k, v in rows if k == "domain"),
        erased=frozenset(erased),
    )


def suppression_entry(value: str) -> tuple[str, str]:
    """("email", address) or ("domain", host) from what a user typed."""
    raw = value.strip().lower()
    if "@" in raw:
        address = normalise_email(raw)
        if address is None or raw.startswith("@"):
            raw = raw.lstrip("@")
        else:
            return "email", address
    host = raw.removeprefix("http://").removeprefix("https://").split("/")[0].removeprefix("www.")
    if "." not in host or " " in host:
        raise InvalidInput(f"{value!r} is neither an email address nor a domain.")
    return "domain", host


async def suppress(session: AsyncSession, workspace_id: str, values: Iterable[str]) -> int:
    """Add emails and domains to the suppression list; returns how many were new."""
    added = 0
    for value in values:
        kind, entry = suppression_entry(value)
        stmt = upsert_insert(session, Suppression).values(
            id=new_id(), workspace_id=workspace_id, kind=kind, value=entry
        )
        result = await session.execute(
            stmt.on_conflict_do_nothing(index_elements=["workspace_id", "kind", "value"])
        )
        added += rows_affected(result)
    return added


async def unsuppress(session: AsyncSession, workspace_id: str, value: str) -> bool:
    kind, entry = suppression_entry(value)
    result = await session.execute(
        delete(Suppression).where(
            Suppression.workspace_id == workspace_id,
            Suppression.kind == kind,
            Suppression.value == entry,
        )
    )
    return rows_affected(result) > 0


async def suppressions(session: AsyncSession, workspace_id: str) -> list[Suppression]:
    return list(
        (
            await session.execute(
                select(Suppression)
                .where(Suppression.workspace_id == workspace_id)
                .order_by(Suppression.created_at)
            )
        ).scalars()
    )


async def erase_preview(session: AsyncSession, workspace_id: str, address: str) -> dict[str, int]:
    """How many contacts and search results erasing `address` would remove."""
    from leadsmith.search.models import SearchResult

    counts: dict[str, int] = {}
    for label, model, column in (
        ("contacts", Contact, Contact.email),
        ("results", SearchResult, SearchResult.email),
    ):
        found = await session.execute(
            select(func.count()).where(
                model.workspace_id == workspace_id,  # type: ignore[attr-defined]
                func.lower(column) == address,
            )
        )
        counts[label] = int(found.scalar_one())
    return counts


async def erase(session: AsyncSession, workspace_id: str, email: str) -> dict[str, int]:
    """Remove a person from contacts, results, the local index and the verification cache;
    keep only a hash of the address so they are never imported again."""
    from leadsmith.emails.tables import VerificationRecord
    from leadsmith.search.models import IndexPerson, SearchResult

    address = normalise_email(email)
    if address is None:
        raise InvalidInput(f"{email!r} is not an email address.")
    removed: dict[str, int] = {}
    for label, model, column in (
        ("contacts", Contact, Contact.email),
        ("results", SearchResult, SearchResult.email),
        ("index_people", IndexPerson, IndexPerson.email),
        ("verifications", VerificationRecord, VerificationRecord.address),
    ):
        result = await session.execute(
            delete(model).where(
                model.workspace_id == workspace_id,  # type: ignore[attr-defined]
                func.lower(column) == address,
            )
        )
        removed[label] = rows_affected(result)
    stmt = upsert_insert(session, ErasedPerson).values(
        id=new_id(), workspace_id=workspace_id, email_hash=email_hash(address)
    )
    await session.execute(
        stmt.on_conflict_do_nothing(index_elements=["workspace_id", "email_hash"])
    )
    return removed


# -- lists ----------------------------------------------------------------------------------


async def get_list(session: AsyncSession, workspace_id: str, list_id: str) -> ContactList:
    """A list of this workspace, else 404 (another workspace's list is not found either)."""
    found = await session.get(ContactList, list_id)
    if found is None or found.workspace_id != workspace_id:
        raise NotFound(f"No list {list_id} in this workspace.")
    return found


async def create_list(
    session: AsyncSession, workspace_id: str, name: str, list_id: str | None = None
) -> ContactList:
    created = ContactList(id=list_id or new_id(), workspace_id=workspace_id, name=name[:120])
    session.add(created)
    await session.flush()
    return created


async def lists(session: AsyncSession, workspace_id: str) -> list[tuple[ContactList, int]]:
    """The workspace's lists with their member counts, newest first."""
    counts = (
        select(ListMember.list_id, func.count().label("n")).group_by(ListMember.list_id).subquery()
    )
    rows = (
        await session.execute(
            select(ContactList, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.list_id == ContactList.id)
            .where(ContactList.workspace_id == workspace_id)
            .order_by(ContactList.created_at.desc())
        )
    ).all()
    return [(r[0], int(r[1])) for r in rows]


async def list_contacts(session: AsyncSession, workspace_id: str, list_id: str) -> list[Contact]:
    await get_list(session, workspace_id, list_id)
    return list(
        (
            await session.execute(
                select(Contact)
                .join(ListMember, ListMember.contact_id == Contact.id)
                .where(ListMember.list_id == list_id, Contact.workspace_id == workspace_id)
                .order_by(ListMember.created_at, Contact.email)
            )
        ).scalars()
    )


async def remove_from_list(
    session: AsyncSession, workspace_id: str, list_id: str, contact_id: str
) -> bool:
    """Take a contact off a list (the contact stays); False when it was not on it."""
    await get_list(session, workspace_id, list_id)
    result = await session.execute(
        delete(ListMember).where(ListMember.list_id == list_id, ListMember.contact_id == contact_id)
    )
    return rows_affected(result) > 0


async def delete_contact(session: AsyncSession, workspace_id: str, contact_id: str) -> str:
    """Delete a contact and its list memberships; returns its email. A later import may add
    it again (suppress or erase to keep it out)."""
    contact = await session.get(Contact, contact_id)
    if contact is None or contact.workspace_id != workspace_id:
        raise NotFound(f"No contact {contact_id} in this workspace.")
    await session.execute(delete(ListMember).where(ListMember.contact_id == contact_id))
    await session.execute(delete(Contact).where(Contact.id == contact_id))
    return contact.email


async def find_contacts(
    session: AsyncSession, workspace_id: str, term: str, *, offset: int, limit: int
) -> tuple[int, list[Contact]]:
    """Contacts whose name, email or company contains `term` (all when empty), newest
    first, with the total count."""
    conds: list[Any] = [Contact.workspace_id == workspace_id]
    if term:
        conds.append(
            or_(
                Contact.name.icontains(term, autoescape=True),
                Contact.email.icontains(term, autoescape=True),
                Contact.company.icontains(term, autoescape=True),
            )
        )
    total = int((await session.execute(select(func.count()).where(*conds))).scalar_one())
    rows = (
        await session.execute(
            select(Contact)
            .where(*conds)
            .order_by(Contact.created_at.desc(), Contact.email)
            .offset(offset)
            .limit(limit)
        )
    ).scalars()
    return total, list(rows)


async def list_emails(session: AsyncSession, list_id: str) -> set[str]:
    """Emails of a list's contacts (to keep a search from returning them again)."""
    return set(
        (
            await session.execute(
                select(Contact.email)
                .join(ListMember, ListMember.contact_id == Contact.id)
                .where(ListMember.list_id == list_id)
            )
        ).scalars()
    )


# -- import ---------------------------------------------------------------------------------


@dataclass(slots=True)
class ImportOutcome:
    imported: int = 0
    skipped: int = 0
    suppressed: int = 0


async def import_people(
    session: AsyncSession,
    workspace_id: str,
    people: Sequence[dict[str, Any]],
    *,
    list_id: str | None = None,
) -> ImportOutcome:
    """Add people (dicts with at least `email`) as contacts, and to a list when given.

    A person without an email, already a contact, suppressed or erased is skipped; an
    existing contact is still added to the list.
    """
    if list_id is not None:
        await get_list(session, workspace_id, list_id)
    blocked = await blocklist(session, workspace_id)
    outcome = ImportOutcome()
    seen: set[str] = set()
    for person in people:
        address = normalise_email(person.get("email"))
        if address is None or address in seen:
            outcome.skipped += 1
            continue
        seen.add(address)
        if blocked.blocks(address):
            outcome.skipped += 1
            outcome.suppressed += 1
            continue
        values = {
            k: person.get(k)
            for k in (
                "name",
                "first_name",
                "last_name",
                "company",
                "company_domain",
                "role",
                "phone",
                "linkedin_url",
                "location",
                "source",
            )
        }
        stmt = upsert_insert(session, Contact).values(
            id=new_id(),
            workspace_id=workspace_id,
            email=address,
            data=person.get("data") or {},
            **values,
        )
        result = await session.execute(
            stmt.on_conflict_do_nothing(index_elements=["workspace_id", "email"])
        )
        if rows_affected(result):
            outcome.imported += 1
        else:
            outcome.skipped += 1
        if list_id is not None:
            contact_id = (
                await session.execute(
                    select(Contact.id).where(
                        Contact.workspace_id == workspace_id, Contact.email == address
                    )
                )
            ).scalar_one()
            member = upsert_insert(session, ListMember).values(
                list_id=list_id, contact_id=contact_id
            )
            await session.execute(
                member.on_conflict_do_nothing(index_elements=["list_id", "contact_id"])
            )
    return outcome


async def rename_list(session: AsyncSession, workspace_id: str, list_id: str, name: str) -> None:
    await get_list(session, workspace_id, list_id)
    await session.execute(update(ContactList).where(ContactList.id == list_id).values(name=name))
