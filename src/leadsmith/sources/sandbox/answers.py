"""Answers for inputs that are not in the sandbox world, derived from a hash of the input.

The sandbox answers every well-formed input: a person or company of the world where one
matches, otherwise a plausible one built from `random.Random` seeded with
sha256(SALT | kind | normalised input). So the documents' own examples (John Doe at
acme.com, amanda@northpeak.io, ...) get an answer with a test key.

A fixed share of inputs is deterministically "not found", so clients can exercise both
paths: exactly the keys for which

    int(sha256((MISS_SALT + key).encode()).hexdigest(), 16) % 10 == 0

(10 %), where `key` is the normalised input built by the `*_key` functions below
(e.g. "person:john|doe|acme.com", "email:amanda@northpeak.io", "phone:+14155550106",
"linkedin:priya-shah-growth", "company:acme.com", "company_name:modern inbound").
The miss rule only applies to derived answers: people and companies of the world are
always found. MISS_SALT is the first of "leadsmith-sandbox-miss-v1", "-v2", ... for which
none of DOCUMENT_EXAMPLE_KEYS (the seed documents' own examples) is a miss.

Verification of an address outside the world is hash-derived too (`derived_verdict`):
5 % of domains are catch-all (every address "risky"); elsewhere an address is valid
75 % (accepted), invalid 13 % (user_unknown), risky 6 % (full), unknown 6 % (timeout).
Malformed addresses and disposable domains are decided before the hash; role accounts
(info@, sales@) are flagged.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Container
from functools import lru_cache
from typing import Literal, NamedTuple, TypedDict
from urllib.parse import unquote

import phonenumbers
from cleanco import basename
from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS

from leadsmith.sources.records import CompanyRecord, PersonRecord
from leadsmith.sources.sandbox.company_names import PREFIXES, SUFFIXES, brand_name
from leadsmith.sources.sandbox.email_patterns import PATTERN_WEIGHTS, local_part
from leadsmith.sources.sandbox.entities import (
    LINKEDIN_COMPANY_PREFIX,
    LINKEDIN_PERSON_PREFIX,
    provenance,
)
from leadsmith.sources.sandbox.generator import (
    CURRENT_YEAR,
    LARGEST_COMPANY,
    TLD,
    describe_company,
    skills_for,
    tables,
)
from leadsmith.sources.sandbox.industries import INDUSTRIES, INDUSTRY_BY_SLUG
from leadsmith.sources.sandbox.names import NAME_GROUPS
from leadsmith.sources.sandbox.normalise import alnum, hyphenated, normalise_domain, words
from leadsmith.sources.sandbox.phones import random_number
from leadsmith.sources.sandbox.places import COUNTRY_BY_CODE, TLD_COUNTRY
from leadsmith.sources.sandbox.search import title_tokens
from leadsmith.sources.sandbox.titles import TITLES, Title
from leadsmith.taxonomy import COMPANY_SIZE_BANDS

# Salts of the hashes; changing either changes every derived answer.
SALT = "leadsmith-sandbox-v1"
MISS_SALT = "leadsmith-sandbox-miss-v10"
MISS_MODULUS = 10  # one input in ten is a miss
CATCH_ALL_MODULUS = 20  # one derived domain in twenty is catch-all

Verdict = Literal["valid", "invalid", "risky", "unknown"]

ROLE_LOCAL_PARTS = frozenset(
    [
        "info",
        "sales",
        "support",
        "hello",
        "contact",
        "admin",
        "team",
        "office",
        "help",
        "billing",
        "accounts",
        "marketing",
        "careers",
        "jobs",
        "hr",
        "press",
        "media",
        "noreply",
        "no-reply",
        "postmaster",
        "webmaster",
        "abuse",
        "security",
        "privacy",
        "legal",
        "finance",
        "enquiries",
        "inquiries",
        "service",
        "customerservice",
    ]
)
FREE_EMAIL_DOMAINS = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.uk",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.ru",
        "yandex.ru",
        "qq.com",
        "163.com",
        "zoho.com",
        "fastmail.com",
    ]
)
_EMAIL = re.compile(
    r"^(?P<local>[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
    r"@(?P<domain>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$"
)
_SLUG_NOISE = re.compile(r"^(?:[0-9a-f]{4,}|\d+)$")


class SandboxVerdict(TypedDict):
    """The sandbox's verification answer for one address."""

    email: str
    verdict: Verdict
    reason: str  # leadsmith.emails.models.Reason values: accepted, catch_all, user_unknown, ...
    catch_all: bool
    deliverable: bool | None
    score: int  # 0-100
    role: bool
    free: bool
    disposable: bool
    known: bool  # the domain belongs to the sandbox world
    source: str


class EmailGuess(NamedTuple):
    """A derived address with its verdict and a 0-100 confidence."""

    email: str
    verdict: Verdict
    confidence: int
    primary: bool


# -- hashing and the miss rule -------------------------------------------------------------


def _digest(kind: str, key: str) -> bytes:
    return hashlib.sha256(f"{SALT}|{kind}|{key}".encode()).digest()


def derived_rng(kind: str, key: str) -> random.Random:
    """The `random.Random` every derived answer for this input draws from."""
    return random.Random(int.from_bytes(_digest(kind, key)[:8], "big"))


def is_deterministic_miss(key: str) -> bool:
    """Whether the sandbox answers "not found" for this normalised input (10 % of keys)."""
    digest = hashlib.sha256((MISS_SALT + key).encode()).hexdigest()
    return int(digest, 16) % MISS_MODULUS == 0


def person_key(first_name: str, last_name: str, domain: str) -> str:
    """Normalised key of a name at a domain ("person:john|doe|acme.com")."""
    return f"person:{alnum(first_name)}|{alnum(last_name)}|{normalise_domain(domain)}"


def email_key(email: str) -> str:
    """Normalised key of an email address."""
    return f"email:{email.strip().lower()}"


def phone_key(e164: str) -> str:
    """Normalised key of a phone number in E.164."""
    return f"phone:{e164}"


def linkedin_key(slug: str) -> str:
    """Normalised key of a LinkedIn profile slug."""
    return f"linkedin:{slug.strip().lower()}"


def company_key(domain: str) -> str:
    """Normalised key of a company domain."""
    return f"company:{normalise_domain(domain)}"


def company_name_key(name: str) -> str:
    """Normalised key of a company name (legal suffix and punctuation dropped)."""
    return "company_name:" + " ".join(words(clean_company_name(name)))


# The seed documents' examples; none of them may be a deterministic miss.
DOCUMENT_EXAMPLE_KEYS: tuple[str, ...] = (
    "person:john|doe|acme.com",
    "person:alex|johnson|notion.so",
    "person:alex|johnson|notion.com",
    "person:sarah|chen|figma.com",
    "person:mike|lee|linear.app",
    "person:jane|smith|acme.com",
    "email:amanda@northpeak.io",
    "email:john@acme.com",
    "email:john.doe@acme.com",
    "email:alex.johnson@notion.so",
    "email:sarah@figma.com",
    "email:mike@linear.app",
    "phone:+14155550106",
    "phone:+14155550192",
    "phone:+14155550301",
    "phone:+919999900000",
    "linkedin:priya-shah-growth",
    "linkedin:janesmith",
    "company:acme.com",
    "company:notion.so",
    "company:notion.com",
    "company:figma.com",
    "company:linear.app",
    "company:northpeak.io",
    "company:stripe.com",
    "company_name:modern inbound",
    "company_name:notion",
    "company_name:north peak",
    "company_name:acme",
    "company_name:foo",
    "company_name:bar",
    "company_name:stripe",
    "company_name:figma",
    "company_name:linear",
)


# -- parsing inputs ---------------------------------------------------------------------------


def clean_company_name(name: str) -> str:
    """Company name without legal suffix ("Acme Inc." -> "Acme")."""
    cleaned = basename(name.strip()) or name.strip()
    return cleaned.strip(" ,.")


def parse_email(email: str) -> tuple[str, str] | None:
    """(local part, domain) of a well-formed address, lower-cased; None if malformed."""
    match = _EMAIL.match(email.strip().lower())
    if not match or len(match["local"]) > 64:
        return None
    return match["local"], match["domain"]


def parse_phone(phone: str, default_region: str = "US") -> str | None:
    """E.164 form of a possible phone number ("+1 415 555 0106" -> "+14155550106")."""
    try:
        number = phonenumbers.parse(phone, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def linkedin_slug(value: str) -> str | None:
    """Profile slug of a LinkedIn URL ("https://www.linkedin.com/in/jane-doe/") or a bare slug."""
    text = value.strip()
    if "/in/" in text:
        text = text.split("/in/", 1)[1]
    elif "/" in text or "." in text:
        return None
    slug = text.split("?", 1)[0].split("#", 1)[0].strip("/").split("/", 1)[0]
    slug = unquote(slug).strip().lower()
    return slug or None


def _display(name: str) -> str:
    name = name.strip()
    if name.islower() or name.isupper():
        return "-".join(part[:1].upper() + part[1:] for part in name.lower().split("-"))
    return name


@lru_cache(maxsize=1)
def _name_sets() -> tuple[dict[str, str], dict[str, str]]:
    firsts: dict[str, str] = {}
    lasts: dict[str, str] = {}
    for group in NAME_GROUPS.values():
        for name in (*group.male, *group.female):
            firsts.setdefault(alnum(name), name)
        for name in group.last:
            lasts.setdefault(alnum(name), name)
    return firsts, lasts


def _name_with_initial(rng: random.Random, initial: str, first: bool) -> str:
    names = _name_sets()[0 if first else 1]
    matching = sorted(v for k, v in names.items() if k.startswith(initial))
    pool = matching or sorted(names.values())
    return pool[int(rng.random() * len(pool))]


def _split_joined(rng: random.Random, token: str) -> tuple[str, str]:
    """Guess (first, last) from one token such as "amanda", "jsmith" or "janesmith"."""
    firsts, lasts = _name_sets()
    if token in firsts:
        return firsts[token], _random_last(rng)
    for cut in range(len(token) - 2, 1, -1):
        head, tail = token[:cut], token[cut:]
        if head in firsts and tail in lasts:
            return firsts[head], lasts[tail]
    if len(token) > 3 and token[1:] in lasts:
        return _name_with_initial(rng, token[0], True), lasts[token[1:]]
    return _display(token), _random_last(rng)


def _random_last(rng: random.Random) -> str:
    names = sorted(_name_sets()[1].values())
    return names[int(rng.random() * len(names))]


def name_from_local_part(local: str, rng: random.Random) -> tuple[str, str] | None:
    """A plausible (first, last) for an address's local part; None for role accounts."""
    bare = local.split("+", 1)[0]
    if bare in ROLE_LOCAL_PARTS:
        return None
    parts = [p for p in re.split(r"[._-]+", bare) if p and not p.isdigit()]
    parts = [re.sub(r"\d+$", "", p) for p in parts]
    parts = [p for p in parts if p]
    if not parts:
        return None
    if len(parts) == 1:
        return _split_joined(rng, parts[0])
    first, last = parts[0], parts[-1]
    firsts, lasts = _name_sets()
    first_name = (
        _name_with_initial(rng, first, True)
        if len(first) == 1
        else firsts.get(first, _display(first))
    )
    last_name = (
        _name_with_initial(rng, last, False) if len(last) == 1 else lasts.get(last, _display(last))
    )
    if len(parts) == 2 and parts[0] in lasts and parts[1] in firsts and parts[0] not in firsts:
        first_name, last_name = firsts[parts[1]], lasts[parts[0]]  # last.first
    return first_name, last_name


def name_from_slug(slug: str, rng: random.Random) -> tuple[str, str, list[str]] | None:
    """(first, last, leftover words) from a LinkedIn slug ("priya-shah-growth")."""
    parts = [p for p in slug.split("-") if p]
    while parts and _SLUG_NOISE.match(parts[-1]) and len(parts) > 1:
        parts.pop()
    parts = [p for p in parts if p.isalpha()]
    if not parts:
        return None
    if len(parts) == 1:
        first, last = _split_joined(rng, parts[0])
        return first, last, []
    firsts, lasts = _name_sets()
    return (
        firsts.get(parts[0], _display(parts[0])),
        lasts.get(parts[1], _display(parts[1])),
        parts[2:],
    )


# -- companies ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    extra = [
        "modern",
        "inbound",
        "acme",
        "global",
        "digital",
        "data",
        "cloud",
        "smart",
        "tech",
        "labs",
        "systems",
        "works",
        "health",
        "care",
        "media",
        "group",
        "capital",
        "partners",
        "north",
        "south",
        "east",
        "west",
        "blue",
        "green",
        "red",
        "one",
        "first",
        "next",
        "new",
        "big",
        "little",
        "bright",
        "clear",
        "true",
        "open",
        "good",
        "well",
        "peak",
        "lead",
        "leads",
        "pro",
        "hub",
        "spot",
    ]
    vocab = {w.lower() for w in (*PREFIXES, *SUFFIXES, *extra)}
    for industry in INDUSTRIES:
        for noun in industry.nouns:
            vocab.update(words(noun))
    return frozenset(w for w in vocab if len(w) > 1)


def name_from_domain_label(label: str) -> str:
    """A display name for a domain label: "northpeak" -> "North Peak", "acme" -> "Acme"."""
    vocab = _vocabulary()
    pieces: list[str] = []
    for chunk in re.split(r"[-_]+", label.lower()):
        if not chunk:
            continue
        # Fewest dictionary words covering the chunk; the chunk itself when impossible.
        best: list[list[str] | None] = [None] * (len(chunk) + 1)
        best[0] = []
        for end in range(1, len(chunk) + 1):
            for start in range(max(0, end - 12), end):
                prev = best[start]
                word = chunk[start:end]
                if prev is not None and word in vocab:
                    candidate = [*prev, word]
                    current = best[end]
                    if current is None or len(candidate) < len(current):
                        best[end] = candidate
        words_found = best[len(chunk)]
        pieces.extend(words_found if words_found and len(words_found) <= 3 else [chunk])
    return " ".join(p[:1].upper() + p[1:] for p in pieces) or label


def domain_label_of(domain: str) -> str:
    """Registrable label of a domain ("acme.co.uk" -> "acme", "www.notion.so" -> "notion")."""
    labels = normalise_domain(domain).split(".")
    if len(labels) >= 3 and labels[-2] in {"co", "com", "org", "net", "ac", "gov"}:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def _country_of_domain(domain: str) -> str:
    return TLD_COUNTRY.get(normalise_domain(domain).rsplit(".", 1)[-1], "US")


def derived_catch_all(domain: str) -> bool:
    """Whether a domain outside the world is catch-all (one in twenty)."""
    digest = _digest("catch_all", normalise_domain(domain))
    return int.from_bytes(digest[:8], "big") % CATCH_ALL_MODULUS == 0


def derived_company(domain: str, name: str | None = None) -> CompanyRecord:
    """A plausible company for a domain that is not in the world."""
    domain = normalise_domain(domain)
    t = tables()
    rng = derived_rng("company", domain)
    country = _country_of_domain(domain)
    city = t.cities[country].pick(rng)
    industry = t.industries.pick(rng)
    band = t.bands.pick(rng)
    low, high = COMPANY_SIZE_BANDS[band]
    high = high or LARGEST_COMPANY
    employees = min(high, max(low, round(low * (high / low) ** rng.random())))
    display = name or name_from_domain_label(domain_label_of(domain))
    picker = t.technologies[industry]
    technologies = sorted({picker.pick(rng) for _ in range(3 + band // 2)})
    founded = CURRENT_YEAR - 1 - int(rng.random() ** 1.5 * (6 + band * 12))
    return CompanyRecord(
        name=display,
        domain=domain,
        industry=industry,
        employees=employees,
        country=country,
        region=city.region,
        city=city.name,
        technologies=technologies,
        description=describe_company(rng, display, industry, city, country, founded),
        linkedin_url=LINKEDIN_COMPANY_PREFIX + hyphenated(domain_label_of(domain)),
        website=f"https://www.{domain}",
        phone=random_number(rng, country, "fixed", city.area_code),
        status="verified",
        catch_all=derived_catch_all(domain),
        provenance=provenance(),
    )


def derived_domain(name: str) -> tuple[str, int]:
    """A plausible domain and 0-100 confidence for a company name not in the world."""
    cleaned = clean_company_name(name)
    label = alnum(cleaned) or alnum(name) or "company"
    rng = derived_rng("domain", company_name_key(name))
    return f"{label}.com", 60 + int(rng.random() * 31)


def fictional_domain(rng: random.Random, taken: Container[str]) -> tuple[str, str]:
    """(name, domain) of a made-up company under `.example` that is not in the world."""
    short = brand_name(rng, "compound", noun="", surname="", surname2="", city="")
    domain = f"{alnum(short)}.{TLD}"
    if domain in taken:
        domain = f"{alnum(short)}hq.{TLD}"
    return short, domain


# -- emails and verdicts ------------------------------------------------------------------------


def _pattern_order(domain: str) -> list[str]:
    preferred = tables().patterns.pick(derived_rng("pattern", normalise_domain(domain)))
    return [preferred] + [p for p, _ in PATTERN_WEIGHTS if p != preferred]


def derived_verdict(email: str) -> SandboxVerdict:
    """The hash-derived verdict for an address outside the world (shares in the module doc)."""
    text = email.strip().lower()
    parsed = parse_email(text)
    if parsed is None:
        return make_verdict(text, "invalid", "syntax", score=0)
    local, domain = parsed
    role = local.split("+", 1)[0] in ROLE_LOCAL_PARTS
    free = domain in FREE_EMAIL_DOMAINS
    if domain in DISPOSABLE_DOMAINS:
        return make_verdict(text, "risky", "disposable", score=20, role=role, disposable=True)
    if derived_catch_all(domain):
        return make_verdict(
            text, "risky", "catch_all", score=55, catch_all=True, role=role, free=free
        )
    bucket = int.from_bytes(_digest("verify", text)[:8], "big") % 100
    if bucket < 75:
        return make_verdict(text, "valid", "accepted", score=90 + bucket % 10, role=role, free=free)
    if bucket < 88:
        return make_verdict(text, "invalid", "user_unknown", score=3, role=role, free=free)
    if bucket < 94:
        return make_verdict(text, "risky", "full", score=40, role=role, free=free)
    return make_verdict(text, "unknown", "timeout", score=30, role=role, free=free)


def make_verdict(
    email: str,
    verdict: Verdict,
    reason: str,
    *,
    score: int,
    catch_all: bool = False,
    role: bool = False,
    free: bool = False,
    disposable: bool = False,
    known: bool = False,
) -> SandboxVerdict:
    deliverable = {"valid": True, "invalid": False}.get(verdict)
    return SandboxVerdict(
        email=email,
        verdict=verdict,
        reason=reason,
        catch_all=catch_all,
        deliverable=deliverable,
        score=score,
        role=role,
        free=free,
        disposable=disposable,
        known=known,
        source="sandbox",
    )


def derived_emails(first_name: str, last_name: str, domain: str) -> list[EmailGuess]:
    """Addresses for a name at a domain outside the world: the best one first.

    The best is the domain's preferred pattern, or the next pattern whose derived verdict
    is valid, so that finding and then verifying an address agree.
    """
    domain = normalise_domain(domain)
    rng = derived_rng("emails", person_key(first_name, last_name, domain))
    addresses = list(
        dict.fromkeys(
            f"{local_part(p, first_name, last_name)}@{domain}" for p in _pattern_order(domain)
        )
    )
    verdicts = {a: derived_verdict(a)["verdict"] for a in addresses}
    if derived_catch_all(domain):
        best = addresses[0]
        confidence = 45 + int(rng.random() * 20)
    else:
        valid = [a for a in addresses if verdicts[a] == "valid"]
        best = valid[0] if valid else addresses[0]
        confidence = 80 + int(rng.random() * 18) if valid else 25
    others = [a for a in addresses if a != best][:2]
    out = [EmailGuess(best, verdicts[best], confidence, True)]
    out.extend(EmailGuess(a, verdicts[a], 10 + int(rng.random() * 25), False) for a in others)
    return out


# -- people ------------------------------------------------------------------------------------


def title_for(rng: random.Random, industry: str, hint: str | None, *, keep_hint: bool) -> Title:
    """The catalogue title closest to `hint` (kept verbatim when `keep_hint`), else a draw."""
    if hint:
        wanted = title_tokens(hint)
        best: Title | None = None
        best_score = 0.0
        for title in TITLES:
            tokens = title_tokens(title.title)
            overlap = len(wanted & tokens)
            score = overlap / (len(wanted | tokens) or 1)
            if overlap and score > best_score:
                best, best_score = title, score
        if best is not None:
            return best._replace(title=hint.strip()) if keep_hint else best
        if keep_hint:
            return Title(hint.strip(), "senior", "operations", 1.0)
    return tables().titles[industry].pick(rng)


def derived_person(
    *,
    first_name: str,
    last_name: str,
    domain: str,
    rng: random.Random,
    company: CompanyRecord | None = None,
    email: str | None = None,
    phone: str | None = None,
    slug: str | None = None,
    title: str | None = None,
    title_hint: str | None = None,
    country: str | None = None,
) -> PersonRecord:
    """A plausible person at a domain outside the world; given facts are kept as they are.

    `title` is the caller's job title (kept verbatim); `title_hint` only steers the draw.
    """
    domain = normalise_domain(domain)
    company = company or derived_company(domain)
    industry = company.industry if company.industry in INDUSTRY_BY_SLUG else "software"
    first_name, last_name = _display(first_name), _display(last_name)
    if title:
        picked = title_for(rng, industry, title, keep_hint=True)
    else:
        picked = title_for(rng, industry, title_hint, keep_hint=False)
    home = country if country in COUNTRY_BY_CODE else (company.country or "US")
    cities = tables().cities[home]
    city = next(
        (c for c in COUNTRY_BY_CODE[home].cities if c.name == company.city), None
    ) or cities.pick(rng)
    phone_type = "mobile" if rng.random() < 0.45 else "direct"
    if phone is None:
        phone = random_number(
            rng, home, "mobile" if phone_type == "mobile" else "fixed", city.area_code
        )
    if email is None:
        email = derived_emails(first_name, last_name, domain)[0].email
    if slug is None:
        code = _digest("slug", person_key(first_name, last_name, domain)).hex()[:8]
        slug = f"{hyphenated(first_name)}-{hyphenated(last_name)}-{code}"
    return PersonRecord(
        first_name=first_name,
        last_name=last_name,
        full_name=f"{first_name} {last_name}",
        title=picked.title,
        seniority=picked.seniority,
        department=picked.department,
        email=email,
        phone=phone,
        phone_type=phone_type,
        linkedin_url=LINKEDIN_PERSON_PREFIX + slug,
        country=home,
        region=city.region,
        city=city.name,
        skills=list(skills_for(rng, picked.department, tuple(company.technologies))),
        company=company,
        provenance=provenance(),
    )


def random_name(rng: random.Random, country: str) -> tuple[str, str]:
    """A (first, last) name usual in a country."""
    group = tables().name_groups.get(country, tables().name_groups["US"]).pick(rng)
    names = NAME_GROUPS[group]
    pool = names.female if rng.random() < 0.5 else names.male
    return pool[int(rng.random() * len(pool))], names.last[int(rng.random() * len(names.last))]
