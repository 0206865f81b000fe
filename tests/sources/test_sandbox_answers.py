"""Hash-derived sandbox answers: the miss rule, derived verdicts, derived people and companies."""

from __future__ import annotations

import hashlib
import random
import string
from collections import Counter

import phonenumbers

from leadsmith.sources.sandbox import MISS_SALT, is_deterministic_miss
from leadsmith.sources.sandbox.answers import (
    DOCUMENT_EXAMPLE_KEYS,
    company_key,
    company_name_key,
    derived_catch_all,
    derived_company,
    derived_domain,
    derived_emails,
    derived_person,
    derived_rng,
    derived_verdict,
    email_key,
    linkedin_key,
    linkedin_slug,
    name_from_domain_label,
    name_from_local_part,
    name_from_slug,
    parse_phone,
    person_key,
    phone_key,
)


def _random_inputs(n: int) -> list[str]:
    rng = random.Random(1234)
    out = []
    for i in range(n):
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9)))
        kind = i % 4
        if kind == 0:
            out.append(person_key(word, word[::-1], f"{word}.com"))
        elif kind == 1:
            out.append(email_key(f"{word}@{word[::-1]}.io"))
        elif kind == 2:
            out.append(phone_key(f"+1415{rng.randrange(10**7):07d}"))
        else:
            out.append(linkedin_key(f"{word}-{word[::-1]}"))
    return out


def test_miss_rule_is_exactly_the_documented_hash() -> None:
    inputs = _random_inputs(1000)
    misses = [k for k in inputs if is_deterministic_miss(k)]
    for key in inputs:
        rule = int(hashlib.sha256((MISS_SALT + key).encode()).hexdigest(), 16) % 10 == 0
        assert is_deterministic_miss(key) is rule
    assert 0.07 <= len(misses) / len(inputs) <= 0.13
    assert [is_deterministic_miss(k) for k in inputs] == [is_deterministic_miss(k) for k in inputs]


def test_document_examples_are_never_misses() -> None:
    assert not [k for k in DOCUMENT_EXAMPLE_KEYS if is_deterministic_miss(k)]
    assert person_key(" John", "DOE ", "https://www.Acme.com/") == "person:john|doe|acme.com"
    assert email_key(" Amanda@NorthPeak.io ") == "email:amanda@northpeak.io"
    assert phone_key(parse_phone("+1 415 555 0106") or "") == "phone:+14155550106"
    assert linkedin_key(linkedin_slug("https://www.linkedin.com/in/Priya-Shah-Growth/") or "") == (
        "linkedin:priya-shah-growth"
    )
    assert company_key("www.acme.com") == "company:acme.com"
    assert company_name_key("Acme Inc.") == "company_name:acme"
    assert company_name_key("Foo Pvt Ltd") == "company_name:foo"
    for key in (
        person_key("Alex", "Johnson", "notion.so"),
        person_key("Sarah", "Chen", "figma.com"),
        email_key("amanda@northpeak.io"),
        phone_key("+14155550106"),
        linkedin_key("priya-shah-growth"),
    ):
        assert key in DOCUMENT_EXAMPLE_KEYS


def test_derived_verdict_shares() -> None:
    rng = random.Random(99)
    verdicts: Counter[str] = Counter()
    catch_all_domains = 0
    for i in range(4000):
        domain = "".join(rng.choice(string.ascii_lowercase) for _ in range(8)) + ".com"
        catch_all_domains += derived_catch_all(domain)
        verdicts[derived_verdict(f"user{i}@{domain}")["verdict"]] += 1
    assert 0.03 < catch_all_domains / 4000 < 0.07
    assert 0.64 < verdicts["valid"] / 4000 < 0.78
    assert 0.09 < verdicts["invalid"] / 4000 < 0.16
    assert 0.07 < verdicts["risky"] / 4000 < 0.15
    assert 0.03 < verdicts["unknown"] / 4000 < 0.09
    assert derived_verdict("not an email")["verdict"] == "invalid"
    assert derived_verdict("x@mailinator.com")["reason"] == "disposable"
    assert derived_verdict("info@acme.com")["role"] is True
    assert derived_verdict("John@Acme.com") == derived_verdict("john@acme.com")


def test_found_addresses_verify_as_found() -> None:
    rng = random.Random(5)
    for _ in range(300):
        domain = "".join(rng.choice(string.ascii_lowercase) for _ in range(7)) + ".com"
        best = derived_emails("Maria", "Garcia", domain)[0]
        verdict = derived_verdict(best.email)
        assert best.verdict == verdict["verdict"]
        expected = "risky" if derived_catch_all(domain) else "valid"
        assert verdict["verdict"] == expected or best.confidence < 50
    john = derived_emails("John", "Doe", "acme.com")
    assert john[0].email.endswith("@acme.com") and john[0].primary
    assert john == derived_emails("john", "doe", "ACME.com")


def test_derived_people_and_companies_are_plausible_and_stable() -> None:
    company = derived_company("northpeak.io")
    assert company.name == "North Peak" and company.domain == "northpeak.io"
    assert company == derived_company("https://www.northpeak.io/")
    assert derived_company("beispiel.de").country == "DE"
    assert derived_company("example.co.uk").country == "GB"
    person = derived_person(
        first_name="john",
        last_name="doe",
        domain="acme.com",
        rng=derived_rng("person", person_key("john", "doe", "acme.com")),
    )
    assert (person.first_name, person.last_name) == ("John", "Doe")
    assert person.email and person.email.endswith("@acme.com")
    assert person.phone and phonenumbers.is_valid_number(phonenumbers.parse(person.phone))
    assert person.linkedin_url and person.linkedin_url.startswith(
        "https://www.linkedin.com/in/john-doe-"
    )
    assert person.seniority and person.department and person.title
    assert derived_domain("Modern Inbound GmbH")[0] == "moderninbound.com"


def test_names_from_inputs() -> None:
    rng = random.Random(0)
    assert name_from_domain_label("northpeak") == "North Peak"
    assert name_from_domain_label("acme") == "Acme"
    assert name_from_local_part("sarah.chen", rng) == ("Sarah", "Chen")
    first, _ = name_from_local_part("amanda", rng) or ("", "")
    assert first == "Amanda"
    assert name_from_local_part("info", rng) is None
    assert name_from_local_part("janesmith", rng) == ("Jane", "Smith")
    assert name_from_slug("priya-shah-growth", rng) == ("Priya", "Shah", ["growth"])
    assert name_from_slug("jane-smith-0a1b2c3d", rng) == ("Jane", "Smith", [])
