"""A fake People Data Labs API v5 that answers in PDL's documented JSON.

Simulates person/enrich (with likelihood and `min_likelihood`), company/enrich and
person/search. Search evaluates the Elasticsearch subset PDL accepts (bool
must/should/filter/must_not, term, terms, match, match_phrase, exists, range) over
the records added with `add_person`, and pages with a scroll token. Keys are checked
in `X-Api-Key` or the `api_key` parameter.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from tests.fakes.providers.server import Call, FakeProviderServer, Reply

DEFAULT_KEY = "pdl-test-key"


def person_record(**fields: Any) -> dict[str, Any]:
    """A PDL person record with every field the clients read (null unless given)."""
    first = fields.get("first_name", "jane")
    last = fields.get("last_name", "doe")
    record: dict[str, Any] = {
        "id": f"pdl-{first}-{last}".lower(),
        "full_name": f"{first} {last}",
        "first_name": first,
        "last_name": last,
        "job_title": None,
        "job_title_role": None,
        "job_title_sub_role": None,
        "job_title_levels": [],
        "job_company_name": None,
        "job_company_website": None,
        "job_company_industry": None,
        "job_company_size": None,
        "job_company_linkedin_url": None,
        "job_company_location_country": None,
        "work_email": None,
        "emails": [],
        "personal_emails": [],
        "mobile_phone": None,
        "phone_numbers": [],
        "linkedin_url": None,
        "location_country": None,
        "location_region": None,
        "location_locality": None,
        "skills": [],
    }
    record.update(fields)
    return record


class FakePDL(FakeProviderServer):
    """People Data Labs v5 on 127.0.0.1; give the client `base_url` and `api_key`."""

    base_path = "/v5"

    def __init__(self, api_key: str = DEFAULT_KEY, host: str = "127.0.0.1") -> None:
        super().__init__(host)
        self.api_key = api_key
        self.people: list[dict[str, Any]] = []
        self.companies: list[dict[str, Any]] = []

    # --- the world --------------------------------------------------------------------

    def add_person(self, **fields: Any) -> dict[str, Any]:
        """Add a person record (PDL field names; see `person_record`)."""
        record = person_record(**fields)
        self.people.append(record)
        return record

    def add_company(self, **fields: Any) -> dict[str, Any]:
        """Add a company record (PDL field names: name, website, size, location, ...)."""
        name = fields.get("name", "acme")
        record: dict[str, Any] = {
            "id": f"company-{name}".lower(),
            "name": name,
            "display_name": None,
            "website": None,
            "size": None,
            "employee_count": None,
            "industry": None,
            "location": None,
            "linkedin_url": None,
            "summary": None,
            "tags": [],
        }
        record.update(fields)
        self.companies.append(record)
        return record

    # --- error replies (PDL's documented shape) ---------------------------------------

    @staticmethod
    def error(status: int, error_type: str, message: str, **headers: str) -> Reply:
        """`{"status", "error": {"type", "message"}}` with `status`."""
        return Reply(
            status,
            json={"status": status, "error": {"type": error_type, "message": message}},
            headers={k.replace("_", "-"): v for k, v in headers.items()},
        )

    @classmethod
    def not_found(cls) -> Reply:
        """404: no record matched (not charged)."""
        return cls.error(404, "not_found", "No records were found matching your request")

    @classmethod
    def invalid_key(cls) -> Reply:
        """401: missing or invalid key."""
        return cls.error(401, "authentication_error", "Invalid API key")

    @classmethod
    def out_of_credits(cls) -> Reply:
        """402: the account has no credits left."""
        return cls.error(
            402, "payment_required", "You have hit your account maximum for person enrichment"
        )

    @classmethod
    def rate_limited(cls, retry_after: float | None = None, reset: str | None = None) -> Reply:
        """429 with `Retry-After` and/or `x-ratelimit-reset` as given."""
        headers: dict[str, str] = {}
        if retry_after is not None:
            headers["Retry-After"] = f"{retry_after:g}"
        if reset is not None:
            headers["x-ratelimit-reset"] = reset
            headers["x-ratelimit-remaining"] = json.dumps({"minute": 0})
        return Reply(
            429,
            json={
                "status": 429,
                "error": {
                    "type": "rate_limit_error",
                    "message": "An error occurred due to requests hitting the API too quick",
                },
            },
            headers=headers,
        )

    # --- the simulation ---------------------------------------------------------------

    def authorize(self, call: Call) -> Reply | None:
        key = call.header("X-Api-Key") or call.params.get("api_key")
        if key != self.api_key:
            return self.invalid_key()
        return None

    def handle(self, call: Call) -> Reply:
        if call.path == "/person/enrich" and call.method == "GET":
            return self._enrich_person(call)
        if call.path == "/company/enrich" and call.method == "GET":
            return self._enrich_company(call)
        if call.path == "/person/search" and call.method in ("GET", "POST"):
            return self._search(call)
        return self.error(404, "not_found", "Unknown endpoint")

    def _enrich_person(self, call: Call) -> Reply:
        q = call.params
        strong = [k for k in ("email", "phone", "profile", "lid", "pdl_id") if q.get(k)]
        has_name = bool(q.get("name") or (q.get("first_name") and q.get("last_name")))
        context = any(q.get(k) for k in ("company", "school", "location", "country", "locality"))
        if not strong and not (has_name and context):
            return self.error(
                400,
                "invalid_request_error",
                "Request object must contain a strong identifier or a name and a context",
            )
        best: tuple[int, dict[str, Any]] | None = None
        for person in self.people:
            likelihood = _likelihood(person, q)
            if likelihood and (best is None or likelihood > best[0]):
                best = (likelihood, person)
        min_likelihood = int(q.get("min_likelihood", 2))
        if best is None or best[0] < min_likelihood:
            return self.not_found()
        return Reply(200, json={"status": 200, "likelihood": best[0], "data": best[1]})

    def _enrich_company(self, call: Call) -> Reply:
        q = call.params
        website = _bare_domain(q.get("website"))
        name = (q.get("name") or "").lower()
        if not (website or name or q.get("profile")):
            return self.error(400, "invalid_request_error", "website, name or profile required")
        for company in self.companies:
            if (website and _bare_domain(company.get("website")) == website) or (
                name and str(company.get("name", "")).lower() == name
            ):
                return Reply(200, json={"status": 200, "likelihood": 9, **company})
        return self.not_found()

    def _search(self, call: Call) -> Reply:
        payload = call.json if isinstance(call.json, dict) else dict(call.params)
        if "sql" in payload:
            return self.error(400, "invalid_request_error", "The fake only speaks Elasticsearch")
        query = payload.get("query")
        if isinstance(query, str):
            query = json.loads(query)
        if not isinstance(query, dict):
            return self.error(400, "invalid_request_error", "query or sql required")
        size = int(payload.get("size", 1))
        if not 1 <= size <= 100:
            return self.error(400, "invalid_request_error", "size must be between 1 and 100")
        matches = [p for p in self.people if _matches(query, p)]
        if not matches:
            return self.not_found()
        start = _decode_token(payload.get("scroll_token"))
        page = matches[start : start + size]
        following = start + len(page)
        return Reply(
            200,
            json={
                "status": 200,
                "data": page,
                "scroll_token": _encode_token(following) if following < len(matches) else None,
                "total": len(matches),
            },
        )


def _bare_domain(value: Any) -> str:
    text = str(value or "").lower().split("://", 1)[-1].split("/", 1)[0]
    return text.removeprefix("www.")


def _likelihood(person: dict[str, Any], q: dict[str, str]) -> int:
    """A PDL-like 1-10 match score for the request's inputs, 0 for no match."""
    emails = {str(person.get("work_email") or "").lower()}
    emails |= {str(e.get("address", "")).lower() for e in person.get("emails") or []}
    emails |= {str(e).lower() for e in person.get("personal_emails") or []}
    if q.get("email") and q["email"].lower() in emails:
        return 10
    profile = str(person.get("linkedin_url") or "").lower().rstrip("/")
    wanted = (q.get("profile") or "").lower().split("://", 1)[-1].removeprefix("www.").rstrip("/")
    if wanted and profile and profile.removeprefix("www.") == wanted:
        return 9
    phones = {str(p) for p in person.get("phone_numbers") or []} | {
        str(person.get("mobile_phone") or "")
    }
    if q.get("phone") and q["phone"] in phones:
        return 8
    first = (q.get("first_name") or q.get("name", "").split(" ")[0]).lower()
    last = (q.get("last_name") or q.get("name", "").split(" ")[-1]).lower()
    if not (first and last):
        return 0
    if (
        str(person.get("first_name", "")).lower() != first
        or str(person.get("last_name", "")).lower() != last
    ):
        return 0
    company = (q.get("company") or "").lower()
    if company and company in (
        str(person.get("job_company_name") or "").lower(),
        _bare_domain(person.get("job_company_website")),
    ):
        return 7
    country = (q.get("country") or "").lower()
    if country and country == str(person.get("location_country") or "").lower():
        return 4
    return 0


def _values(record: dict[str, Any], field: str) -> list[Any]:
    value = record.get(field)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    return str(value).lower()


def _matches(query: dict[str, Any], record: dict[str, Any]) -> bool:
    """Evaluate PDL's Elasticsearch subset against one record."""
    if not query:
        return True
    (kind, body), *_ = query.items()
    if kind == "match_all":
        return True
    if kind == "bool":
        must = [*_list(body.get("must")), *_list(body.get("filter"))]
        should = _list(body.get("should"))
        must_not = _list(body.get("must_not"))
        if not all(_matches(q, record) for q in must):
            return False
        if any(_matches(q, record) for q in must_not):
            return False
        minimum = body.get("minimum_should_match", 1 if should and not must else 0)
        return sum(_matches(q, record) for q in should) >= int(minimum)
    (field, wanted), *_ = body.items()
    values = _values(record, field)
    if kind == "term":
        return any(_text(v) == _text(wanted) for v in values)
    if kind == "terms":
        return any(_text(v) == _text(w) for v in values for w in wanted)
    if kind == "match":
        words = _text(wanted).split()
        return any(any(w in _text(v).split() for w in words) for v in values)
    if kind == "match_phrase":
        return any(_text(wanted) in _text(v) for v in values)
    if kind == "exists":
        return bool(_values(record, str(body.get("field"))))
    if kind == "range":
        bounds = wanted
        numbers = [v for v in values if isinstance(v, int | float)]
        return any(
            (bounds.get("gte") is None or v >= bounds["gte"])
            and (bounds.get("lte") is None or v <= bounds["lte"])
            and (bounds.get("gt") is None or v > bounds["gt"])
            and (bounds.get("lt") is None or v < bounds["lt"])
            for v in numbers
        )
    raise ValueError(f"the fake PDL does not support {kind!r}")


def _list(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _decode_token(token: Any) -> int:
    if not token:
        return 0
    return int(base64.urlsafe_b64decode(str(token).encode()).decode().split(":", 1)[1])
