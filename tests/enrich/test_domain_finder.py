"""Company name -> domain: source answers first, then DNS-checked candidates."""

from __future__ import annotations

from leadsmith.enrich.domain_finder import DomainFinder, candidate_domains
from leadsmith.enrich.waterfall import Waterfall
from leadsmith.sources.base import Source
from leadsmith.sources.sandbox import SandboxSource


def test_candidates_put_dot_com_first() -> None:
    found = candidate_domains("Acme Robotics GmbH")
    assert found[:3] == ["acmerobotics.com", "acme-robotics.com", "acme.com"]
    assert candidate_domains("Zoë & Co") and all("ë" not in d for d in candidate_domains("Zoë"))


async def test_dns_and_homepage_decide_when_no_source_knows() -> None:
    live = {"acmerobotics.com": "Acme Robotics | Industrial arms", "acme.com": "Acme Widgets"}
    asked: list[str] = []

    async def resolve(domain: str) -> bool:
        asked.append(domain)
        return domain in live

    async def title(domain: str) -> str | None:
        return live.get(domain)

    finder = DomainFinder(Waterfall([Source()]), resolve=resolve, fetch_title=title)
    found = await finder.find("Acme Robotics Inc.")
    assert found.domain == "acmerobotics.com" and found.source == "dns"
    assert found.confidence >= 80
    assert [d for d, _, _ in found.candidates] == ["acmerobotics.com", "acme.com"]
    assert len(asked) <= finder.max_candidates


async def test_confident_source_answer_skips_the_network() -> None:
    async def resolve(domain: str) -> bool:
        raise AssertionError("no DNS when a source is confident")

    sandbox = SandboxSource()
    world = await sandbox.world()
    company = next(iter(world.companies))
    finder = DomainFinder(Waterfall([sandbox]), resolve=resolve)
    found = await finder.find(company.name)
    assert found.domain == company.domain and found.source == "sandbox"
