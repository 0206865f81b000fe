"""A fake Hunter.io API v2 that answers in Hunter's documented JSON.

Simulates domain-search, email-finder, email-verifier (with 202 "in progress"),
companies/find, people/find and account over a small world filled with `add_person`,
`add_domain` and `add_company`. Keys are checked like Hunter does (`X-API-KEY`
header, `api_key` query parameter or `Authorization: Bearer`). Error replies in
Hunter's shape come from `FakeHunter.error()` and the named shortcuts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.providers.server import Call, FakeProviderServer, Reply

DEFAULT_KEY = "hunter-test-key"


@dataclass
class HunterPerson:
    """Someone Hunter knows, with their address and where it was seen."""

    first_name: str
    last_name: str
    domain: str
    email: str
    score: int = 95
    position: str | None = None
    seniority: str | None = None
    department: str | None = None
    linkedin: str | None = None  # handle, e.g. "janedoe"
    phone_number: str | None = None
    verification: str = "valid"
    sources: list[dict[str, Any]] = field(default_factory=list)
    type: str = "personal"
    city: str | None = None
    country_code: str | None = None


@dataclass
class HunterDomain:
    """What Hunter knows about a domain besides its people."""

    domain: str
    organization: str | None = None
    pattern: str | None = "{first}.{last}"
    accept_all: bool = False
    disposable: bool = False
    webmail: bool = False
    industry: str | None = None
    headcount: str | None = None
    country: str | None = None


@dataclass
class PendingVerification:
    """A verification that answers 202 `pending` more times before its result."""

    status: str
    score: int
    pending: int = 0


class FakeHunter(FakeProviderServer):
    """Hunter.io v2 on 127.0.0.1; give the client `base_url` and `api_key`."""

    base_path = "/v2"

    def __init__(self, api_key: str = DEFAULT_KEY, host: str = "127.0.0.1") -> None:
        super().__init__(host)
        self.api_key = api_key
        self.people: list[HunterPerson] = []
        self.domains: dict[str, HunterDomain] = {}
        self.companies: dict[str, dict[str, Any]] = {}
        self.verifications: dict[str, PendingVerification] = {}
        self.plan_name = "Starter"
        self.searches_used = 0
        self.searches_available = 2000
        self.verifications_used = 0
        self.verifications_available = 4000

    # --- the world --------------------------------------------------------------------

    def add_domain(self, domain: str, **fields: Any) -> HunterDomain:
        """Describe a domain (pattern, organization, accept_all, ...)."""
        entry = HunterDomain(domain=domain.lower(), **fields)
        self.domains[entry.domain] = entry
        return entry

    def add_person(
        self,
        first_name: str,
        last_name: str,
        domain: str,
        email: str | None = None,
        *,
        source_uris: tuple[str, ...] = (),
        **fields: Any,
    ) -> HunterPerson:
        """Someone Hunter knows; the address defaults to first.last@domain."""
        domain = domain.lower()
        if domain not in self.domains:
            self.add_domain(domain, organization=domain.split(".")[0].title())
        person = HunterPerson(
            first_name=first_name,
            last_name=last_name,
            domain=domain,
            email=(email or f"{first_name}.{last_name}@{domain}").lower(),
            sources=[
                {
                    "domain": re.sub(r"^https?://([^/]+).*$", r"\1", uri),
                    "uri": uri,
                    "extracted_on": "2024-01-15",
                    "last_seen_on": "2025-03-02",
                    "still_on_page": True,
                }
                for uri in source_uris
            ],
            **fields,
        )
        self.people.append(person)
        return person

    def add_company(self, domain: str, **data: Any) -> dict[str, Any]:
        """A Company Enrichment record (Hunter's Clearbit-like fields) for `domain`."""
        record = {
            "id": f"company-{domain}",
            "name": domain.split(".")[0].title(),
            "legalName": None,
            "domain": domain,
            "category": {"sector": None, "industryGroup": None, "industry": None},
            "tags": [],
            "description": None,
            "foundedYear": None,
            "location": None,
            "geo": {},
            "logo": f"https://logos.hunter.io/{domain}",
            "linkedin": {"handle": None},
            "metrics": {"employees": None},
            "tech": [],
            "phone": None,
            **data,
        }
        self.companies[domain.lower()] = record
        return record

    def set_verification(
        self, email: str, status: str = "valid", *, score: int | None = None, pending: int = 0
    ) -> None:
        """How the verifier answers for `email`, after `pending` 202 answers."""
        default_score = {"valid": 96, "accept_all": 70, "invalid": 5, "webmail": 50}
        self.verifications[email.lower()] = PendingVerification(
            status=status,
            score=score if score is not None else default_score.get(status, 0),
            pending=pending,
        )

    # --- error replies (Hunter's documented shape) ------------------------------------

    @staticmethod
    def error(status: int, error_id: str, details: str, **headers: str) -> Reply:
        """`{"errors": [{"id", "code", "details"}]}` with `status`."""
        return Reply(
            status,
            json={"errors": [{"id": error_id, "code": status, "details": details}]},
            headers={k.replace("_", "-"): v for k, v in headers.items()},
        )

    @classmethod
    def invalid_key(cls) -> Reply:
        """401: no user for that key."""
        return cls.error(401, "authentication_failed", "No user found for the API key supplied")

    @classmethod
    def rate_limited(cls) -> Reply:
        """403: too many requests per second (Hunter's rate limit)."""
        return cls.error(403, "too_many_requests", "You have reached the rate limit")

    @classmethod
    def usage_limit_reached(cls) -> Reply:
        """429: this period's requests are spent."""
        return cls.error(
            429, "too_many_requests", "You have reached your usage limit. Upgrade your plan."
        )

    @classmethod
    def claimed_email(cls) -> Reply:
        """451: the owner asked Hunter to stop processing this address."""
        return cls.error(
            451, "claimed_email", "The owner of this email asked us to stop processing it"
        )

    # --- the simulation ---------------------------------------------------------------

    def authorize(self, call: Call) -> Reply | None:
        bearer = (call.header("Authorization") or "").removeprefix("Bearer ").strip()
        key = call.header("X-API-KEY") or call.params.get("api_key") or bearer
        if key != self.api_key:
            return self.invalid_key()
        return None

    def handle(self, call: Call) -> Reply:
        routes = {
            "/domain-search": self._domain_search,
            "/email-finder": self._email_finder,
            "/email-verifier": self._email_verifier,
            "/companies/find": self._company,
            "/people/find": self._people,
            "/account": self._account,
        }
        route = routes.get(call.path)
        if route is None or call.method != "GET":
            return self.error(404, "not_found", "The requested route does not exist")
        return route(call)

    def _email_json(self, p: HunterPerson) -> dict[str, Any]:
        return {
            "value": p.email,
            "type": p.type,
            "confidence": p.score,
            "sources": p.sources,
            "first_name": p.first_name,
            "last_name": p.last_name,
            "position": p.position,
            "position_raw": p.position,
            "seniority": p.seniority,
            "department": p.department,
            "linkedin": f"https://www.linkedin.com/in/{p.linkedin}" if p.linkedin else None,
            "twitter": None,
            "phone_number": p.phone_number,
            "verification": {"date": "2025-03-02", "status": p.verification},
        }

    def _domain_search(self, call: Call) -> Reply:
        domain = (call.params.get("domain") or "").lower()
        company = call.params.get("company")
        if not domain and company:
            domain = next(
                (
                    d
                    for d, e in self.domains.items()
                    if (e.organization or "").lower() == company.lower()
                ),
                "",
            )
        if not domain and not company:
            return self.error(400, "wrong_params", "You are missing the domain parameter")
        limit = int(call.params.get("limit", 10))
        offset = int(call.params.get("offset", 0))
        info = self.domains.get(domain, HunterDomain(domain=domain, pattern=None))
        people = [p for p in self.people if p.domain == domain]
        for key in ("type", "seniority", "department"):
            wanted = call.params.get(key)
            if wanted:
                people = [p for p in people if getattr(p, key) in wanted.split(",")]
        page = people[offset : offset + limit]
        if page:
            self.searches_used += 1
        return Reply(
            200,
            json={
                "data": {
                    "domain": domain,
                    "disposable": info.disposable,
                    "webmail": info.webmail,
                    "accept_all": info.accept_all,
                    "pattern": info.pattern,
                    "organization": info.organization,
                    "industry": info.industry,
                    "headcount": info.headcount,
                    "country": info.country,
                    "linked_domains": [],
                    "emails": [self._email_json(p) for p in page],
                },
                "meta": {
                    "results": len(people),
                    "limit": limit,
                    "offset": offset,
                    "params": {
                        "domain": domain,
                        "company": company,
                        "type": call.params.get("type"),
                        "seniority": call.params.get("seniority"),
                        "department": call.params.get("department"),
                    },
                },
            },
        )

    def _email_finder(self, call: Call) -> Reply:
        q = call.params
        domain = (q.get("domain") or "").lower()
        if not domain and q.get("company"):
            domain = next(
                (
                    d
                    for d, e in self.domains.items()
                    if (e.organization or "").lower() == q["company"].lower()
                ),
                "",
            )
        handle = q.get("linkedin_handle")
        first, last = q.get("first_name"), q.get("last_name")
        if q.get("full_name") and not (first and last):
            first, _, last = q["full_name"].partition(" ")
        if not (domain or q.get("company") or handle) or not ((first and last) or handle):
            return self.error(400, "wrong_params", "You are missing a required parameter")
        found = None
        for p in self.people:
            if handle and p.linkedin == handle:
                found = p
                break
            if (
                first
                and last
                and p.domain == domain
                and p.first_name.lower() == first.lower()
                and p.last_name.lower() == last.lower()
            ):
                found = p
                break
        params = {
            "first_name": first,
            "last_name": last,
            "full_name": q.get("full_name"),
            "domain": domain or None,
            "company": q.get("company"),
            "max_duration": q.get("max_duration"),
        }
        if found is None:
            # Hunter answers a miss with an empty result, not an error, and charges nothing.
            return Reply(
                200,
                json={
                    "data": {
                        "first_name": first,
                        "last_name": last,
                        "email": None,
                        "score": None,
                        "domain": domain or None,
                        "accept_all": None,
                        "position": None,
                        "twitter": None,
                        "linkedin_url": None,
                        "phone_number": None,
                        "company": None,
                        "sources": [],
                        "verification": {"date": None, "status": None},
                    },
                    "meta": {"params": params},
                },
            )
        self.searches_used += 1
        info = self.domains.get(found.domain)
        return Reply(
            200,
            json={
                "data": {
                    "first_name": found.first_name,
                    "last_name": found.last_name,
                    "email": found.email,
                    "score": found.score,
                    "domain": found.domain,
                    "accept_all": info.accept_all if info else False,
                    "position": found.position,
                    "twitter": None,
                    "linkedin_url": (
                        f"https://www.linkedin.com/in/{found.linkedin}" if found.linkedin else None
                    ),
                    "phone_number": found.phone_number,
                    "company": info.organization if info else None,
                    "sources": found.sources,
                    "verification": {"date": "2025-03-02", "status": found.verification},
                },
                "meta": {"params": params},
            },
        )

    def _email_verifier(self, call: Call) -> Reply:
        email = (call.params.get("email") or "").lower()
        if not email:
            return self.error(400, "wrong_params", "You are missing the email parameter")
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            return self.error(400, "invalid_email", "The email address is invalid")
        scripted = self.verifications.get(email)
        if scripted and scripted.pending > 0:
            scripted.pending -= 1
            # Still running: no result yet (and, on Hunter, nothing counted yet).
            return Reply(202, json={"data": {"email": email}, "meta": {"params": {"email": email}}})
        domain = email.split("@", 1)[1]
        info = self.domains.get(domain)
        person = next((p for p in self.people if p.email == email), None)
        if scripted:
            status, score = scripted.status, scripted.score
        elif person:
            status, score = person.verification, person.score
        elif info and info.accept_all:
            status, score = "accept_all", 70
        elif info:
            status, score = "invalid", 3
        else:
            status, score = "unknown", 0
        self.verifications_used += 1
        result = {"valid": "deliverable", "invalid": "undeliverable"}.get(status, "risky")
        return Reply(
            200,
            json={
                "data": {
                    "status": status,
                    "result": result,
                    "score": score,
                    "email": email,
                    "regexp": True,
                    "gibberish": False,
                    "disposable": status == "disposable",
                    "webmail": status == "webmail",
                    "mx_records": status != "invalid" or info is not None,
                    "smtp_server": True,
                    "smtp_check": status in ("valid", "accept_all"),
                    "accept_all": status == "accept_all",
                    "block": False,
                    "sources": person.sources if person else [],
                },
                "meta": {"params": {"email": email}},
            },
        )

    def _company(self, call: Call) -> Reply:
        domain = (call.params.get("domain") or "").lower()
        if not domain:
            return self.error(400, "wrong_params", "You are missing the domain parameter")
        record = self.companies.get(domain)
        if record is None:
            return self.error(404, "not_found", "No company found for this domain")
        return Reply(200, json={"data": record, "meta": {"domain": domain}})

    def _people(self, call: Call) -> Reply:
        email = (call.params.get("email") or "").lower()
        handle = call.params.get("linkedin_handle")
        if not email and not handle:
            return self.error(400, "wrong_params", "You are missing the email parameter")
        person = next(
            (
                p
                for p in self.people
                if (handle and p.linkedin == handle) or (email and p.email == email)
            ),
            None,
        )
        if person is None:
            return self.error(404, "not_found", "No person found for this email")
        info = self.domains.get(person.domain)
        return Reply(
            200,
            json={
                "data": {
                    "id": f"person-{person.email}",
                    "name": {
                        "fullName": f"{person.first_name} {person.last_name}",
                        "givenName": person.first_name,
                        "familyName": person.last_name,
                    },
                    "email": person.email,
                    "location": None,
                    "geo": {
                        "city": person.city,
                        "state": None,
                        "stateCode": None,
                        "country": None,
                        "countryCode": person.country_code,
                    },
                    "employment": {
                        "domain": person.domain,
                        "name": info.organization if info else None,
                        "title": person.position,
                        "role": person.department,
                        "subRole": None,
                        "seniority": person.seniority,
                    },
                    "twitter": {"handle": None},
                    "linkedin": {"handle": person.linkedin},
                    "phone": person.phone_number,
                    "fuzzy": False,
                },
                "meta": {"email": person.email},
            },
        )

    def _account(self, call: Call) -> Reply:
        return Reply(
            200,
            json={
                "data": {
                    "first_name": "Test",
                    "last_name": "Account",
                    "email": "owner@example.com",
                    "plan_name": self.plan_name,
                    "plan_level": 1,
                    "reset_date": "2026-01-01",
                    "team_id": 1,
                    "requests": {
                        "searches": {
                            "used": self.searches_used,
                            "available": self.searches_available,
                        },
                        "verifications": {
                            "used": self.verifications_used,
                            "available": self.verifications_available,
                        },
                    },
                    "calls": {
                        "used": self.searches_used + self.verifications_used,
                        "available": self.searches_available + self.verifications_available,
                    },
                }
            },
        )
