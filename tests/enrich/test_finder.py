"""Name permutations, pattern learning and the `smtp` finder source."""

from __future__ import annotations

from collections.abc import Sequence

from leadsmith.emails.models import Verification
from leadsmith.enrich.finder import dominant_patterns, name_forms, pattern_of, permutations
from leadsmith.sources.base import PersonQuery
from leadsmith.sources.smtp_finder import CATCH_ALL_CAP, SmtpFinderSource


def test_name_forms_fold_and_split() -> None:
    assert name_forms("Zoë", "Müller").lasts == ("muller", "mueller")
    assert name_forms("Jean-Pierre", "van der Berg").firsts == ("jeanpierre", "jean")
    assert name_forms("Jean-Pierre", "van der Berg").lasts == ("vanderberg", "berg")
    assert name_forms("John Michael", "Smith").firsts[0] == "john"
    assert "garcia" in name_forms("Ana", "García Márquez").lasts
    full = name_forms("Dr. Jane Q. Doe", "")
    assert full.firsts[0] == "jane" and full.lasts[0] == "doe"


def test_permutations_and_patterns() -> None:
    addresses = permutations("John", "Doe", "acme.com")
    assert addresses[0] == "john.doe@acme.com"
    assert len(addresses) == len(set(addresses))
    assert pattern_of("jdoe@acme.com", "John", "Doe") == "flast"
    assert pattern_of("zoe.mueller@x.de", "Zoë", "Müller") == "first.last"
    assert pattern_of("info@acme.com", "John", "Doe") is None
    assert dominant_patterns(["flast"] * 8 + ["first"] * 2) == [("flast", 0.8), ("first", 0.2)]


class Verifier:
    """Verdicts from a table; records what it was asked."""

    def __init__(self, verdicts: dict[str, tuple[str, str]], default: tuple[str, str]) -> None:
        self.verdicts, self.default = verdicts, default
        self.asked: list[str] = []

    async def verify_many(self, emails: Sequence[str]) -> list[Verification]:
        self.asked.extend(emails)
        out = []
        for e in emails:
            status, reason = self.verdicts.get(e, self.default)
            out.append(Verification(e, e, status, reason, 90 if status == "valid" else 0))  # type: ignore[arg-type]
        return out


async def test_smtp_finder_uses_observed_pattern_first() -> None:
    verifier = Verifier({"jdoe@acme.com": ("valid", "accepted")}, ("invalid", "user_unknown"))

    async def patterns(domain: str) -> list[tuple[str, float]]:
        return [("flast", 1.0)]

    source = SmtpFinderSource(verifier, patterns=patterns)
    found = await source.find_email(
        PersonQuery(first_name="John", last_name="Doe", domain="acme.com")
    )
    assert verifier.asked[0] == "jdoe@acme.com"
    assert [c.email for c in found] == ["jdoe@acme.com"]
    assert found[0].evidence == "pattern" and found[0].verified and found[0].confidence >= 90


async def test_smtp_finder_guesses_without_pattern() -> None:
    verifier = Verifier({"john@acme.com": ("valid", "accepted")}, ("invalid", "user_unknown"))
    source = SmtpFinderSource(verifier)
    found = await source.find_email(
        PersonQuery(first_name="John", last_name="Doe", domain="acme.com")
    )
    assert [c.email for c in found] == ["john@acme.com"]
    assert found[0].evidence == "guessed" and found[0].verified


async def test_smtp_finder_catch_all_caps_confidence_and_never_verifies() -> None:
    verifier = Verifier({}, ("risky", "catch_all"))
    found = await SmtpFinderSource(verifier).find_email(
        PersonQuery(first_name="John", last_name="Doe", domain="acme.com")
    )
    assert len(found) == 1
    assert found[0].email == "john.doe@acme.com"
    assert found[0].confidence <= CATCH_ALL_CAP and not found[0].verified
