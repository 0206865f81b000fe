"""`smtp`: Leadsmith's own email finder, permutations of a name checked by the verifier.

Addresses built from the domain's observed pattern are tried first (evidence
`pattern`), then the usual permutations (evidence `guessed`); each is verified with
the SMTP probe. On a catch-all domain every address is accepted, so the best guess is
offered with a capped confidence and never as verified.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import ClassVar, Protocol

from leadsmith.emails.models import Verification
from leadsmith.enrich.finder import addresses_for_patterns, permutations
from leadsmith.sources.base import Capability, PersonQuery, Source, SourceHealth
from leadsmith.sources.records import EmailCandidate, Evidence, Provenance

SOURCE_NAME = "smtp"
CATCH_ALL_CAP = 50  # an accept-all server vouches for nothing
# Confidence by (evidence, verdict).
_CONFIDENCE: dict[tuple[str, str], int] = {
    ("pattern", "valid"): 95,
    ("guessed", "valid"): 88,
    ("pattern", "risky"): 50,
    ("guessed", "risky"): 30,
    ("pattern", "unknown"): 40,
    ("guessed", "unknown"): 15,
}

PatternLookup = Callable[[str], Awaitable[list[tuple[str, float]]]]


class AddressVerifier(Protocol):
    async def verify_many(self, emails: Sequence[str]) -> list[Verification]: ...


async def _no_patterns(domain: str) -> list[tuple[str, float]]:
    return []


class SmtpFinderSource(Source):
    """Finds work emails by verifying permutations of the name at the domain."""

    name: ClassVar[str] = SOURCE_NAME
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.FIND_EMAIL, Capability.VERIFY_EMAIL}
    )
    cost: ClassVar[float] = 0.0
    uses_network: ClassVar[bool] = True

    def __init__(
        self,
        verifier: AddressVerifier,
        *,
        patterns: PatternLookup | None = None,
        max_guesses: int = 6,
    ) -> None:
        self._verifier = verifier
        self._patterns = patterns or _no_patterns
        # Every guess is one RCPT TO: keep the count low to stay polite to mail servers.
        self.max_guesses = max_guesses

    async def find_email(self, query: PersonQuery) -> list[EmailCandidate]:
        """Verified addresses for a name at a domain, the most likely first."""
        domain = (query.domain or "").strip().lower().removeprefix("www.")
        if not (query.first_name and query.last_name and domain and "." in domain):
            return []
        learned = await self._patterns(domain)
        from_pattern = addresses_for_patterns(
            query.first_name, query.last_name, domain, [p for p, _ in learned]
        )
        guesses = [
            a
            for a in permutations(query.first_name, query.last_name, domain)
            if a not in from_pattern
        ]
        ordered = (from_pattern + guesses)[: max(self.max_guesses, len(from_pattern))]
        if not ordered:
            return []
        results = await self._verifier.verify_many(ordered)
        catch_all = any(r.reason == "catch_all" for r in results)
        out: list[EmailCandidate] = []
        for address, result in zip(ordered, results, strict=True):
            if result.status == "invalid":
                continue
            evidence: Evidence = "pattern" if address in from_pattern else "guessed"
            confidence = _CONFIDENCE.get((evidence, result.status), 10)
            if evidence == "pattern" and learned:
                share = dict(learned).get(_pattern_for(address, learned, query) or "", 1.0)
                confidence = round(confidence * (0.8 + 0.2 * share))
            if catch_all:
                confidence = min(confidence, CATCH_ALL_CAP)
            out.append(
                EmailCandidate(
                    email=address,
                    evidence=evidence,
                    confidence=confidence,
                    provenance=[Provenance(SOURCE_NAME)],
                    verified=result.status == "valid" and not catch_all,
                    verdict=result.status,
                )
            )
        if catch_all:
            # All addresses "exist" on a catch-all: only the most likely one is worth offering.
            out = out[:1]
        out.sort(key=lambda c: -c.confidence)
        return out

    async def health(self) -> SourceHealth:
        return SourceHealth(True, True, True, "verifies permutations over SMTP")


def _pattern_for(address: str, learned: list[tuple[str, float]], query: PersonQuery) -> str | None:
    for pattern, _share in learned:
        built = addresses_for_patterns(
            query.first_name or "", query.last_name or "", address.rsplit("@", 1)[1], [pattern]
        )
        if built and built[0] == address:
            return pattern
    return None
