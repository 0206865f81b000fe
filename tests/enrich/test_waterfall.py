"""The waterfall over in-memory sources: order, stop-on-confident, fall-through, provenance."""

from __future__ import annotations

from typing import ClassVar

from leadsmith.enrich.waterfall import Waterfall
from leadsmith.sources.base import Capability, PersonQuery, Source, SourceError
from leadsmith.sources.records import EmailCandidate, PhoneRecord, Provenance

QUERY = PersonQuery(first_name="Jane", last_name="Doe", domain="acme.com")


class Scripted(Source):
    """A source that answers from a script and records that it was asked."""

    capabilities: ClassVar[frozenset[Capability]] = frozenset({Capability.FIND_EMAIL})

    def __init__(
        self,
        name: str,
        answer: list[EmailCandidate] | Exception,
        asked: list[str],
        phones: list[PhoneRecord] | None = None,
    ) -> None:
        self.name = name  # type: ignore[misc]
        self.answer = answer
        self.asked = asked
        self.phones = phones or []

    async def find_email(self, query: PersonQuery) -> list[EmailCandidate]:
        self.asked.append(self.name)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer

    async def find_phone(self, query: PersonQuery) -> list[PhoneRecord]:
        self.asked.append(self.name)
        return self.phones


def cand(email: str, confidence: int, source: str, verified: bool = True) -> EmailCandidate:
    return EmailCandidate(
        email,
        "found",
        confidence,
        [Provenance(source, f"https://{source}.example/p")],
        verified,
        "valid",
    )


async def test_stops_at_first_confident_answer() -> None:
    asked: list[str] = []
    wf = Waterfall(
        [
            Scripted("a", [cand("jane@acme.com", 95, "a")], asked),
            Scripted("b", [cand("jane@acme.com", 99, "b")], asked),
        ]
    )
    answer = await wf.find_email(QUERY)
    assert asked == ["a"]
    assert answer.best is not None and answer.best.email == "jane@acme.com"
    assert answer.sources == ["a"]


async def test_asks_on_until_confident_and_merges_agreement() -> None:
    asked: list[str] = []
    wf = Waterfall(
        [
            Scripted("a", [cand("jane@acme.com", 70, "a", verified=False)], asked),
            Scripted("b", [cand("jane@acme.com", 80, "b")], asked),
            Scripted("c", [cand("other@acme.com", 99, "c")], asked),
        ]
    )
    answer = await wf.find_email(QUERY)
    assert asked == ["a", "b", "c"][: len(asked)]
    assert answer.best is not None
    merged = next(c for c in answer.candidates if c.email == "jane@acme.com")
    assert merged.confidence == 85  # the better of the two plus the agreement bonus
    assert {p.source for p in merged.provenance} == {"a", "b"}
    assert all(p.url for p in merged.provenance)


async def test_source_error_falls_through() -> None:
    asked: list[str] = []
    wf = Waterfall(
        [
            Scripted("down", SourceError("down", "503"), asked),
            Scripted("up", [cand("jane@acme.com", 95, "up")], asked),
        ]
    )
    answer = await wf.find_email(QUERY)
    assert asked == ["down", "up"]
    assert answer.best is not None and answer.sources == ["up"]
    assert [(a.source, a.outcome) for a in answer.attempts] == [("down", "error"), ("up", "found")]


async def test_unsupported_sources_are_skipped_and_local_goes_first() -> None:
    asked: list[str] = []

    class NoEmail(Source):
        name = "noemail"

    local = Scripted("local", [], asked)
    wf = Waterfall([NoEmail(), Scripted("p", [cand("jane@acme.com", 92, "p")], asked)], local=local)
    answer = await wf.find_email(QUERY)
    assert wf.names == ["local", "noemail", "p"]
    assert asked == ["local", "p"]
    assert ("noemail", "unsupported") in [(a.source, a.outcome) for a in answer.attempts]


async def test_phone_first_source_with_a_number_wins() -> None:
    asked: list[str] = []
    phone = PhoneRecord("+14155550192", "direct", "US", [Provenance("a")])
    wf = Waterfall(
        [
            Scripted("a", [], asked, phones=[phone]),
            Scripted("b", [], asked, phones=[PhoneRecord("+14155550100")]),
        ]
    )
    answer = await wf.find_phone(QUERY)
    assert asked == ["a"]
    assert answer.best is not None and answer.best.e164 == "+14155550192"
    assert answer.best.type == "direct" and answer.best.provenance[0].source == "a"
