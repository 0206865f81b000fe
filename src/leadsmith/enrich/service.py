"""Finding and enrichment for a workspace: the waterfall, the lookup cache, charging.

`open_lookups(workspace, test=...)` gives a `Lookups` whose methods answer one question
each (email, phone, person, company, domain) as JSON-able dicts. Live answers are kept
per workspace for a while (misses for less), so the same question is never paid twice;
identical questions asked at once (a batch with repeated rows) share one lookup.
`settle` stores fresh answers and charges those that found something, in one
transaction, with the cache entry as the charge reference: a retry, a repeated row or
a racing request all resolve to the same entry and so to one charge.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.accounts.models import Workspace
from leadsmith.billing import ledger
from leadsmith.billing.prices import Operation, credits_json, price
from leadsmith.db.base import new_id, utcnow
from leadsmith.db.dialect import upsert_insert
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.emails.service import shared_verifier
from leadsmith.enrich import providers
from leadsmith.enrich.domain_finder import DomainFinder
from leadsmith.enrich.finder import dominant_patterns, pattern_of
from leadsmith.enrich.models import LookupCacheEntry, ObservedAddress
from leadsmith.enrich.records_json import company_json, email_json, person_json, phone_json
from leadsmith.enrich.waterfall import Attempt, Waterfall
from leadsmith.errors import InvalidInput
from leadsmith.sources.base import PersonQuery, Source
from leadsmith.sources.records import EmailCandidate
from leadsmith.sources.smtp_finder import CATCH_ALL_CAP, AddressVerifier

FOUND_TTL = timedelta(days=30)
# A miss may turn into a hit when a provider learns more: ask again sooner.
MISS_TTL = timedelta(days=1)
PATTERN_SAMPLE = 200
# An address read off a person's record, not checked against their current employer.
PROFILE_EMAIL_CONFIDENCE = 70  # observed addresses read to learn a domain's pattern


def confidence_word(score: int | None) -> str:
    """002's and 003's word for a 0-100 confidence."""
    if score is None:
        return "low"
    return "high" if score >= 80 else "medium" if score >= 50 else "low"


def _norm(value: str | None) -> str:
    return " ".join((value or "").strip().lower().split())


def _domain(value: str | None) -> str:
    text = _norm(value)
    for prefix in ("https://", "http://"):
        text = text.removeprefix(prefix)
    return text.split("/", 1)[0].removeprefix("www.").rstrip(".")


def normalise_query(query: PersonQuery) -> PersonQuery:
    """The query with a bare domain ("https://www.Acme.com/" -> "acme.com")."""
    if query.domain:
        query.domain = _domain(query.domain) or None
    return query


def question_key(kind: str, query: PersonQuery | None = None, **extra: str | None) -> str:
    """A stable key for one question: its kind and normalised inputs."""
    parts = [kind]
    if query is not None:
        parts += [
            _norm(query.first_name),
            _norm(query.last_name),
            _domain(query.domain),
            _norm(query.company_name),
            _norm(query.email),
            _norm(query.phone),
            _norm(query.linkedin_url).rstrip("/"),
        ]
    parts += [f"{k}={_norm(v)}" for k, v in sorted(extra.items())]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(slots=True)
class Looked:
    """One answered question: its JSON result, whether it came from the cache."""

    kind: str
    key: str
    result: dict[str, Any]
    cached: bool = False

    @property
    def found(self) -> bool:
        return bool(self.result.get("found"))


def _attempts_json(attempts: list[Attempt]) -> list[dict[str, Any]]:
    return [{"source": a.source, "outcome": a.outcome, "detail": a.detail} for a in attempts]


async def observed_patterns(domain: str) -> list[tuple[str, float]]:
    """The patterns addresses already seen at `domain` follow, with their shares."""
    async with read_scope() as session:
        rows = await session.execute(
            select(ObservedAddress.pattern)
            .where(ObservedAddress.domain == domain)
            .order_by(ObservedAddress.seen_at.desc())
            .limit(PATTERN_SAMPLE)
        )
        return dominant_patterns(p for (p,) in rows)


def observation(email: str, first_name: str, last_name: str, source: str) -> dict[str, Any] | None:
    """The row that remembers an address seen for a name (None when no pattern fits)."""
    pattern = pattern_of(email, first_name, last_name)
    if pattern is None or "@" not in email:
        return None
    return {
        "domain": email.rsplit("@", 1)[1].lower(),
        "email": email.lower(),
        "pattern": pattern,
        "source": source[:32],
        "seen_at": utcnow(),
    }


async def observe_address(email: str, first_name: str, last_name: str, source: str) -> None:
    """Remember an address seen for a name, so its domain's pattern is learned."""
    row = observation(email, first_name, last_name, source)
    if row is not None:
        async with session_scope() as session:
            await _insert_observations(session, [row])


async def _insert_observations(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    if rows:
        stmt = upsert_insert(session, ObservedAddress).on_conflict_do_nothing()
        await session.execute(stmt, rows)


@dataclass
class Lookups:
    """Questions for one workspace over its waterfall; see the module docstring."""

    workspace: Workspace | None
    test: bool
    waterfall: Waterfall
    verifier: AddressVerifier | None = None
    domain_finder: DomainFinder | None = None
    _inflight: dict[str, asyncio.Future[Looked]] = field(default_factory=dict)
    # Addresses seen during lookups, written by `settle` (no write per lookup).
    _observed: list[dict[str, Any]] = field(default_factory=list)
    # Cache entries read ahead for a batch chunk: key -> result (None: not cached).
    _preloaded: dict[str, dict[str, Any] | None] = field(default_factory=dict)

    async def preload(self, keys: Sequence[str], people: Sequence[PersonQuery] = ()) -> None:
        """Read ahead for a batch chunk: the cache for many questions in one query, and
        what the sources that read in bulk (the workspace index) know of `people`."""
        if people:
            await self.waterfall.prefetch_people([normalise_query(q) for q in people])
        if self.test or self.workspace is None or not keys:
            return
        wanted = list(dict.fromkeys(keys))
        now = utcnow()
        async with read_scope() as session:
            rows = await session.execute(
                select(LookupCacheEntry.key, LookupCacheEntry.result).where(
                    LookupCacheEntry.workspace_id == self.workspace.id,
                    LookupCacheEntry.key.in_(wanted),
                    LookupCacheEntry.expires_at > now,
                )
            )
            found = {key: dict(result) for key, result in rows}
        self._preloaded.update({key: found.get(key) for key in wanted})

    async def _cached(self, key: str) -> dict[str, Any] | None:
        if self.test or self.workspace is None:
            return None
        if key in self._preloaded:
            return self._preloaded[key]
        async with read_scope() as session:
            entry = (
                await session.execute(
                    select(LookupCacheEntry).where(
                        LookupCacheEntry.workspace_id == self.workspace.id,
                        LookupCacheEntry.key == key,
                    )
                )
            ).scalar_one_or_none()
        if entry is None or entry.expires_at <= utcnow():
            return None
        return dict(entry.result)

    async def _ask(
        self, kind: str, key: str, compute: Callable[[], Awaitable[dict[str, Any]]]
    ) -> Looked:
        """The answer of an identical question asked before (or under way), cached, or new.

        Answers are kept for the life of this object (a request, a batch chunk), since the
        cache only learns them when `settle` runs.
        """
        known = self._inflight.get(key)
        if known is not None:
            shared = await asyncio.shield(known)
            return Looked(kind, key, shared.result, cached=shared.cached)
        future: asyncio.Future[Looked] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            hit = await self._cached(key)
            looked = (
                Looked(kind, key, hit, cached=True)
                if hit is not None
                else Looked(kind, key, await compute())
            )
        except BaseException as exc:
            self._inflight.pop(key, None)  # a failure is not an answer: ask again next time
            future.set_exception(exc)
            future.exception()  # retrieved: waiters re-raise it, nobody logs it as lost
            raise
        future.set_result(looked)
        return looked

    # --- questions ------------------------------------------------------------------------

    async def find_email(self, query: PersonQuery) -> Looked:
        """The work email of a person at a domain (or company), with evidence and sources."""
        query = normalise_query(query)
        if not query.domain and query.company_name:
            domain = await self.find_domain(query.company_name, country=query.country)
            query.domain = domain.result.get("domain")
        if not query.domain and query.linkedin_url:
            return await self._ask(
                "email", question_key("email", query), lambda: self._email_of_profile(query)
            )
        return await self._ask("email", question_key("email", query), lambda: self._email(query))

    async def _email_of_profile(self, query: PersonQuery) -> dict[str, Any]:
        """Only a LinkedIn URL to go on: the address of the person's record, if any."""
        person = (await self.enrich_person(query)).result.get("person") or {}
        email = person.get("email")
        return {
            "found": bool(email),
            "email": email,
            "confidence": PROFILE_EMAIL_CONFIDENCE if email else 0,
            "evidence": "found" if email else None,
            "verified": False,
            "verdict": None,
            "sources": sorted({p["source"] for p in person.get("provenance", [])}),
            "provenance": person.get("provenance", []),
            "alt_emails": [],
        }

    async def _email(self, query: PersonQuery) -> dict[str, Any]:
        answer = await self.waterfall.find_email(query)
        best = answer.best
        if best is not None and best.verdict is None and self.verifier is not None:
            await self._verify(best)
        if best is not None and best.verdict == "invalid":
            best = next((c for c in answer.candidates if c.verdict != "invalid"), None)
        if (
            best is not None
            and not self.test
            and query.first_name
            and query.last_name
            and (best.evidence == "found" or best.verified)
        ):
            row = observation(
                best.email,
                query.first_name,
                query.last_name,
                answer.sources[0] if answer.sources else "unknown",
            )
            if row is not None:
                self._observed.append(row)
        alts = [c.email for c in answer.candidates if best is None or c.email != best.email]
        return {
            "found": best is not None,
            **(
                email_json(best)
                if best
                else {"email": None, "confidence": 0, "evidence": None, "verified": False}
            ),
            "sources": answer.sources if best else [],
            "alt_emails": alts[:5],
            "attempts": _attempts_json(answer.attempts),
        }

    async def _verify(self, candidate: EmailCandidate) -> None:
        assert self.verifier is not None
        [result] = await self.verifier.verify_many([candidate.email])
        candidate.verdict = result.status
        if result.reason == "catch_all":
            candidate.confidence = min(candidate.confidence, CATCH_ALL_CAP)
            candidate.verified = False
        else:
            candidate.verified = result.status == "valid"

    async def find_phone(self, query: PersonQuery) -> Looked:
        """The person's phone in E.164 with its type and country."""
        query = normalise_query(query)
        return await self._ask("phone", question_key("phone", query), lambda: self._phone(query))

    async def _phone(self, query: PersonQuery) -> dict[str, Any]:
        answer = await self.waterfall.find_phone(query)
        best = answer.best
        return {
            "found": best is not None,
            **(phone_json(best) if best else {"phone": None, "type": None, "country": None}),
            "alt_phones": [p.e164 for p in answer.phones[1:]][:5],
            "attempts": _attempts_json(answer.attempts),
        }

    async def enrich_person(self, query: PersonQuery) -> Looked:
        """Person and company for any identifier (email, phone, LinkedIn, name + company)."""
        query = normalise_query(query)
        return await self._ask("person", question_key("person", query), lambda: self._person(query))

    async def _person(self, query: PersonQuery) -> dict[str, Any]:
        answer = await self.waterfall.enrich_person(query)
        person = answer.person
        if person is None:
            return {
                "found": False,
                "person": None,
                "company": None,
                "attempts": _attempts_json(answer.attempts),
            }
        company = person.company
        if company is None or not company.industry:
            domain = (
                (company.domain if company else None)
                or query.domain
                or (
                    person.email.rsplit("@", 1)[1] if person.email and "@" in person.email else None
                )
            )
            if domain:
                more = await self.waterfall.enrich_company(domain=domain)
                if more.company is not None:
                    company = more.company if company is None else company
                    if company is not more.company:
                        from leadsmith.enrich.waterfall import _fill_company

                        company = _fill_company(company, more.company)
        return {
            "found": True,
            "person": person_json(person),
            "company": company_json(company),
            "attempts": _attempts_json(answer.attempts),
        }

    async def find_domain(self, company_name: str, *, country: str | None = None) -> Looked:
        """The domain of a company name with a 0-100 confidence (`country` adds its TLDs)."""
        name = company_name.strip()
        where = (country or "").strip() or None
        # Without a country the key is the one asked before countries were taken.
        key = (
            question_key("domain", company=name, country=where)
            if where
            else question_key("domain", company=name)
        )
        return await self._ask("domain", key, lambda: self._domain(name, where))

    async def _domain(self, name: str, country: str | None = None) -> dict[str, Any]:
        if self.domain_finder is None:
            answer = await self.waterfall.domain_for_company(name)
            best = answer.candidates[0] if answer.candidates else None
            return {
                "found": best is not None,
                "domain": best[0] if best else None,
                "confidence": best[1] if best else 0,
                "source": best[2] if best else None,
                "candidates": [list(c) for c in answer.candidates[:5]],
            }
        found = await self.domain_finder.find(name, country=country)
        return {
            "found": found.domain is not None,
            "domain": found.domain,
            "confidence": found.confidence,
            "source": found.source,
            "candidates": [list(c) for c in found.candidates[:5]],
        }

    # --- money ----------------------------------------------------------------------------

    async def settle(self, items: Sequence[tuple[Looked, Operation | None]]) -> Decimal:
        """Store fresh answers in the cache and charge found ones, in one transaction."""
        if self.test or self.workspace is None:
            return Decimal(0)
        if all(looked.cached for looked, _ in items) and not self._observed:
            return Decimal(0)
        async with session_scope() as session:
            return sum(await self.settle_in(session, items), Decimal(0))

    async def settle_in(
        self,
        session: AsyncSession,
        items: Sequence[tuple[Looked, Operation | None]],
        *,
        reference: str | None = None,
    ) -> list[Decimal]:
        """`settle` inside the caller's transaction; returns what each item was charged.

        Only answers this call added to the cache are charged (a cache hit, a repeat in the
        same call, or an answer a racing request stored first is free). Each is its own
        ledger entry referenced by its cache entry, unless `reference` is given: then one
        entry for the total (a batch chunk, whose rows commit in this same transaction).
        """
        amounts = [Decimal(0)] * len(items)
        if self.test or self.workspace is None:
            return amounts
        observed, self._observed = self._observed, []
        await _insert_observations(session, observed)
        created = await _store_all(session, self.workspace.id, [lk for lk, _ in items])
        charged: set[tuple[str, str]] = set()
        for i, (looked, op) in enumerate(items):
            entry_id = created.get(looked.key)
            if op is None or not looked.found or looked.cached or entry_id is None:
                continue
            if (entry_id, op.value) in charged:
                continue
            charged.add((entry_id, op.value))
            amounts[i] = price(op)
            if reference is None:
                await ledger.charge(
                    session,
                    self.workspace,
                    amounts[i],
                    operation=op,
                    reference=f"lookup:{entry_id}:{op.value}",
                )
        total = sum(amounts, Decimal(0))
        if reference is not None and total > 0:
            result = await ledger.charge(
                session, self.workspace, total, operation="enrich_batch", reference=reference
            )
            if result.replayed:  # this chunk was charged before: nothing is due again
                amounts = [Decimal(0)] * len(items)
        return amounts


async def _store_all(
    session: AsyncSession, workspace_id: str, answers: Sequence[Looked]
) -> dict[str, str]:
    """Cache fresh answers; returns key -> entry id for the entries this call created."""
    fresh = {lk.key: lk for lk in answers if not lk.cached}
    if not fresh:
        return {}
    now = utcnow()
    existing = (
        await session.execute(
            select(LookupCacheEntry.id, LookupCacheEntry.key, LookupCacheEntry.expires_at).where(
                LookupCacheEntry.workspace_id == workspace_id,
                LookupCacheEntry.key.in_(list(fresh)),
            )
        )
    ).all()
    expired = [entry_id for entry_id, _key, expires in existing if expires <= now]
    if expired:
        await session.execute(delete(LookupCacheEntry).where(LookupCacheEntry.id.in_(expired)))
    live = {key for _id, key, expires in existing if expires > now}
    wanted = {key: new_id() for key in fresh if key not in live}
    if not wanted:
        return {}
    rows = [
        {
            "id": entry_id,
            "workspace_id": workspace_id,
            "key": key,
            "kind": fresh[key].kind,
            "result": fresh[key].result,
            "expires_at": now + (FOUND_TTL if fresh[key].found else MISS_TTL),
            "created_at": now,
        }
        for key, entry_id in wanted.items()
    ]
    await session.execute(upsert_insert(session, LookupCacheEntry).on_conflict_do_nothing(), rows)
    stored = (
        await session.execute(
            select(LookupCacheEntry.id, LookupCacheEntry.key).where(
                LookupCacheEntry.id.in_(list(wanted.values()))
            )
        )
    ).all()
    # A racing request that stored the same question first keeps its entry (and its charge).
    return {key: str(entry_id) for entry_id, key in stored}


@asynccontextmanager
async def open_lookups(
    workspace: Workspace | None,
    *,
    test: bool,
    verifier: AddressVerifier | None = None,
    extra_sources: list[Source] | None = None,
    client: httpx.AsyncClient | None = None,
) -> AsyncIterator[Lookups]:
    """Lookups for a workspace over its configured sources (sandbox only for test keys).

    Paid providers use `client` when given (a bulk job's, kept open across its chunks).
    """
    if test:
        sources = providers.build_sources(workspace, test=True)
        waterfall = Waterfall(sources.sources)
        yield Lookups(workspace, True, waterfall, None, DomainFinder(waterfall, network=False))
        return
    verifier = verifier if verifier is not None else shared_verifier()
    sources = providers.build_sources(
        workspace, test=False, verifier=verifier, patterns=observed_patterns, client=client
    )
    try:
        waterfall = Waterfall([*(extra_sources or []), *sources.sources], local=sources.local)
        # The finder's own DNS and homepage checks need no key and are not the `web`
        # source: a live key always has them.
        finder = DomainFinder(waterfall, network=True)
        # Our own SMTP probing is the `smtp` source: switched off, provider answers are
        # taken with the verdict the provider gave.
        own = verifier if providers.is_enabled(workspace, "smtp") else None
        yield Lookups(workspace, False, waterfall, own, finder)
    finally:
        await sources.aclose()


async def cache_size(workspace_id: str) -> int:
    """How many answers the workspace has cached (for the CLI and tests)."""
    async with read_scope() as session:
        return int(
            await session.scalar(
                select(func.count())
                .select_from(LookupCacheEntry)
                .where(LookupCacheEntry.workspace_id == workspace_id)
            )
            or 0
        )


LOOKUP_TYPES = ("email", "phone", "both")


async def lookup_for_workspace(
    workspace: Workspace, query: PersonQuery, *, lookup_type: str, test: bool
) -> tuple[dict[str, Any], Decimal]:
    """Seed 003's lookup (email and/or phone of a person) and what it charged.

    The most it could cost must be in the balance up front; only what is found is charged.
    """
    if lookup_type not in LOOKUP_TYPES:
        raise InvalidInput(
            f"lookup_type must be one of {', '.join(LOOKUP_TYPES)} (got {lookup_type!r}).",
            summary="Invalid lookup_type",
        )
    if not (query.domain or query.linkedin_url):
        raise InvalidInput("give either domain or linkedin_url", summary="No domain or LinkedIn")
    want_email = lookup_type in ("email", "both")
    want_phone = lookup_type in ("phone", "both")
    if not test:
        most = price(Operation.LOOKUP_EMAIL, int(want_email)) + price(
            Operation.LOOKUP_PHONE, int(want_phone)
        )
        await ledger.require_balance(workspace, most)
    items: list[tuple[Looked, Operation | None]] = []
    email: dict[str, Any] = {}
    phone: dict[str, Any] = {}
    async with open_lookups(workspace, test=test) as lookups:
        if want_email:
            looked = await lookups.find_email(query)
            email = looked.result
            items.append((looked, Operation.LOOKUP_EMAIL))
        if want_phone:
            looked = await lookups.find_phone(query)
            phone = looked.result
            items.append((looked, Operation.LOOKUP_PHONE))
        charged = await lookups.settle(items)
    found = bool(email.get("email") or phone.get("phone"))
    body = {
        "email": email.get("email"),
        "phone": phone.get("phone"),
        "status": "found" if found else "not_found",
        "verified": bool(email.get("verified")),
        "credits_charged": credits_json(charged),
        "cached_hit": bool(items) and all(lk.cached for lk, _ in items),
        "alt_emails": email.get("alt_emails", []),
        "alt_phones": phone.get("alt_phones", []),
        "confidence": email.get("confidence") if email.get("email") else None,
        "evidence": email.get("evidence"),
        "phone_type": phone.get("type"),
        "sources": email.get("sources", []),
        "provenance": {"email": email.get("provenance", []), "phone": phone.get("provenance", [])},
    }
    return body, charged


async def domain_for_workspace(
    workspace: Workspace, company_name: str, *, test: bool
) -> tuple[dict[str, Any], Decimal]:
    """Seed 003's domain finder (company name to domain) and what it charged."""
    if not company_name.strip():
        raise InvalidInput("company_name is empty", summary="No company name")
    if not test:
        await ledger.require_balance(workspace, price(Operation.DOMAIN_FINDER))
    async with open_lookups(workspace, test=test) as lookups:
        looked = await lookups.find_domain(company_name)
        charged = await lookups.settle([(looked, Operation.DOMAIN_FINDER)])
    r = looked.result
    body = {
        "company_name": company_name,
        "domain": r.get("domain"),
        "confidence": confidence_word(r.get("confidence")) if r.get("domain") else None,
        "score": r.get("confidence", 0),
        "source": r.get("source"),
        "credits_charged": credits_json(charged),
        "cached_hit": looked.cached,
    }
    return body, charged
