"""Company name -> domain: source answers first, then DNS-checked candidates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from leadsmith.accounts.models import Workspace
from leadsmith.config import Settings, get_settings
from leadsmith.db.engine import read_scope
from leadsmith.enrich import domain_finder
from leadsmith.enrich.domain_finder import (
    CONFIDENT,
    PARKED,
    RESOLVES,
    DomainFinder,
    candidate_domains,
)
from leadsmith.enrich.service import open_lookups
from leadsmith.enrich.waterfall import Waterfall
from leadsmith.sources.base import Source
from leadsmith.sources.sandbox import SandboxSource
from tests.enrich.live import balance, configure
from tests.factories import make_caller
from tests.fakes.mailworld.dns_server import FakeDnsServer, Zone
from tests.fakes.sites import FakeSite, FakeWeb


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


# --- The candidate path over the real DNS resolver and SSRF-safe fetcher ----------------
# A scripted DNS server and the fake web stand in for the internet: the finder resolves
# candidates with `leadsmith.net.resolver` / the mail resolver and fetches homepages with
# `SafeFetcher`, exactly as for a live key with no provider and no `web` source.

NAMESAKE = "<html><head><title>Acme Widgets | Springs and sprockets</title></head></html>"
PARKED_PAGE = (
    "<html><head><title>getacmerobotics.com</title></head>"
    "<body><h1>This domain is for sale!</h1></body></html>"
)


def _site(root: Path, html: str, name: str) -> FakeSite:
    folder = root / name
    folder.mkdir()
    (folder / "index.html").write_text(html)
    return FakeSite(name=name, root=folder)


@pytest.fixture
def internet(fake_web: FakeWeb, tmp_path: Path) -> Iterator[tuple[FakeWeb, FakeDnsServer]]:
    """acmerobotics.de is Acme Robotics' site, acme.com a namesake's, getacmerobotics.com
    parked, acmeroboticshq.com takes mail only; every other candidate does not exist."""
    zone = Zone()
    for host in ("acmerobotics.de", "acme.com", "getacmerobotics.com"):
        zone.add(f"{host}. 300 IN A 127.0.0.1")
    zone.add("acmeroboticshq.com. 300 IN MX 10 mx.acmeroboticshq.com.")
    zone.add("mx.acmeroboticshq.com. 300 IN A 127.0.0.1")
    fake_web.add("acmerobotics.de", "acme")
    fake_web.sites["acme.com"] = _site(tmp_path, NAMESAKE, "namesake")
    fake_web.sites["getacmerobotics.com"] = _site(tmp_path, PARKED_PAGE, "parked")
    dns_server = FakeDnsServer(zone)
    dns_server.start()
    try:
        yield fake_web, dns_server
    finally:
        dns_server.stop()


def _settings(dns_server: FakeDnsServer) -> Settings:
    return Settings(
        allow_private_networks=True,
        dns_nameservers=f"{dns_server.address}:{dns_server.port}",
        dns_timeout=1.0,
        http_timeout=3.0,
    )


def test_candidates_cover_hq_get_and_the_country() -> None:
    plain = candidate_domains("Acme")
    assert plain[:5] == ["acme.com", "acme.io", "acmehq.com", "getacme.com", "acme.co"]
    assert "acme.de" not in plain
    assert candidate_domains("Acme", country="DE")[:2] == ["acme.com", "acme.de"]
    assert candidate_domains("Acme Ltd", country="United Kingdom")[1:3] == [
        "acme.co.uk",
        "acme.uk",
    ]
    # German companies write "ü" as "ue" in their domains; the plain fold comes after.
    german = candidate_domains("Müller GmbH", country="DE")
    assert german[:4] == ["mueller.com", "mueller.de", "muller.com", "muller.de"]


async def test_live_candidates_are_checked_by_dns_and_homepage(
    internet: tuple[FakeWeb, FakeDnsServer],
) -> None:
    web, dns_server = internet
    finder = DomainFinder(
        Waterfall([Source()]),
        settings=_settings(dns_server),
        homepage_urls=web.homepage_urls,
    )
    found = await finder.find("Acme Robotics Inc.", country="DE")
    assert found.domain == "acmerobotics.de" and found.source == "dns"
    assert found.confidence >= 90  # resolves and its homepage names the company
    scores = {d: c for d, c, _ in found.candidates}
    assert RESOLVES < scores["acme.com"] < CONFIDENT  # a namesake's homepage: partly
    assert scores["acmeroboticshq.com"] == RESOLVES  # mail only, no homepage
    assert scores["getacmerobotics.com"] == PARKED  # parked: evidence against
    assert "acmerobotics.com" not in scores  # NXDOMAIN
    asked = {name for name, _type in dns_server.queries}
    assert {"acmerobotics.de", "acmeroboticshq.com"} <= asked
    assert web.paths_requested("acmerobotics.de") == ["/"]


async def test_without_the_country_the_namesake_is_only_a_medium_answer(
    internet: tuple[FakeWeb, FakeDnsServer],
) -> None:
    web, dns_server = internet
    finder = DomainFinder(
        Waterfall([Source()]), settings=_settings(dns_server), homepage_urls=web.homepage_urls
    )
    found = await finder.find("Acme Robotics")
    assert found.domain == "acme.com" and 50 <= found.confidence < CONFIDENT


async def test_only_parked_or_missing_names_find_nothing(
    internet: tuple[FakeWeb, FakeDnsServer],
) -> None:
    web, dns_server = internet
    finder = DomainFinder(
        Waterfall([Source()]), settings=_settings(dns_server), homepage_urls=web.homepage_urls
    )
    assert (await finder.find("Nobody Anywhere")).domain is None
    assert (await finder.find("Get Acme Robotics")).domain is None  # parked only


async def test_live_key_without_providers_or_web_finds_the_domain(
    client: httpx.AsyncClient,
    internet: tuple[FakeWeb, FakeDnsServer],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 4: a live key with no provider key and `web` off used to find nothing."""
    web, dns_server = internet
    monkeypatch.setenv("LEADSMITH_DNS_NAMESERVERS", f"{dns_server.address}:{dns_server.port}")
    monkeypatch.setenv("LEADSMITH_DNS_TIMEOUT", "1")
    monkeypatch.setattr(domain_finder, "default_homepage_urls", web.homepage_urls)
    get_settings.cache_clear()
    try:
        caller = await make_caller(credits=10)
        await configure(caller.workspace_id)  # smtp and web off, no provider keys
        r = await client.post(
            "/v1/domain-finder", headers=caller.headers, json={"company_name": "Acme Robotics"}
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["domain"] == "acme.com" and body["confidence"] == "medium"
        assert body["source"] == "dns" and body["credits_charged"] == 1
        # A person's country (a batch row's, say) brings its TLDs: the company's own site.
        async with read_scope() as session:
            workspace = await session.get(Workspace, caller.workspace_id)
        async with open_lookups(workspace, test=False) as lookups:
            looked = await lookups.find_domain("Acme Robotics", country="Germany")
        assert looked.result["domain"] == "acmerobotics.de" and looked.result["confidence"] >= 90
    finally:
        get_settings.cache_clear()
    assert await balance(caller.workspace_id) == 9


async def test_a_name_too_long_for_dns_is_not_asked(
    internet: tuple[FakeWeb, FakeDnsServer],
) -> None:
    web, dns_server = internet
    long_name = "Extraordinarily Overlong Name " * 4
    assert all(len(d.split(".")[0]) <= 63 for d in candidate_domains(long_name))
    finder = DomainFinder(
        Waterfall([Source()]), settings=_settings(dns_server), homepage_urls=web.homepage_urls
    )
    assert (await finder.find(long_name)).domain is None
