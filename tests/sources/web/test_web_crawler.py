"""Crawling the fake company sites end to end (all traffic on 127.0.0.1)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from tests.fakes.sites import FakeWeb

from leadsmith.config import Settings
from leadsmith.sources.web import CrawlResult, PageKind, WebCrawler
from leadsmith.sources.web.crawler import country_hint, normalise_domain
from leadsmith.sources.web.robots import MAX_CRAWL_DELAY, RobotsRules


async def crawl(web: FakeWeb, host: str, site: str, **settings: Any) -> CrawlResult:
    web.add(host, site)
    crawler = web.crawler(web.settings(**settings))
    try:
        return await crawler.crawl(host)
    finally:
        await crawler.aclose()


def paths(result: CrawlResult) -> list[str]:
    return ["/" + url.split("/", 3)[3] for url in result.pages]


# --- acme: a US SaaS site with most layouts ------------------------------------------------


async def test_visits_the_useful_pages_in_priority_order(fake_web: FakeWeb) -> None:
    result = await crawl(fake_web, "acme.test", "acme")
    assert result.reachable and result.home_url == f"{fake_web.base_url('acme.test')}/"
    requested = fake_web.paths_requested("acme.test")
    assert requested[:3] == ["/robots.txt", "/", "/team/"]  # team pages first
    assert requested.count("/robots.txt") == 1
    assert set(paths(result)) >= {"/", "/team/", "/about", "/contact", "/careers", "/blog/",
                                   "/blog/series-b"}  # fmt: skip
    assert "/pricing" not in requested and "/files/brochure.pdf" not in requested
    assert {r.host for r in fake_web.requests} == {"acme.test"}  # no other site was touched
    assert all("LeadsmithBot" in r.headers["User-Agent"] for r in fake_web.requests)


async def test_robots_txt_is_obeyed(fake_web: FakeWeb) -> None:
    result = await crawl(fake_web, "acme.test", "acme")
    assert not any(p.startswith("/private") for p in fake_web.paths_requested("acme.test"))
    assert any(url.endswith("/private/team") for url in result.disallowed)
    assert "secret@acme.test" not in {e.email for e in result.emails}


async def test_emails_in_every_spelling(fake_web: FakeWeb) -> None:
    result = await crawl(fake_web, "acme.test", "acme")
    how = {e.email: e.how for e in result.emails}
    assert how == {
        "info@acme.test": "mailto",
        "jane@acme.test": "mailto",
        "john@acme.test": "obfuscated",  # john [at] acme [dot] test
        "carlos.mendes@acme.test": "mailto",  # microdata
        "sales@acme.test": "mailto",  # with ?subject=
        "hello@acme.test": "cloudflare",
        "press@acme.test": "obfuscated",  # press(at)acme.test
        "partners@acme.test": "text",  # partners&#64;acme.test
    }
    by_email = {e.email: e.url for e in result.emails}
    assert by_email["jane@acme.test"].endswith("/team/")


async def test_phones_with_types(fake_web: FakeWeb) -> None:
    result = await crawl(fake_web, "acme.test", "acme")
    assert {(p.e164, p.type) for p in result.phones} == {
        ("+14155550100", "office"),  # JSON-LD and the contact page's tel: link
        ("+14155550123", "direct"),  # on Priya's card
        ("+14155550177", "direct"),  # Carlos's microdata
        ("+14155550188", "office"),  # in text
        ("+18005550199", "toll_free"),
    }


async def test_people_from_cards_structured_data_and_microdata(fake_web: FakeWeb) -> None:
    result = await crawl(fake_web, "acme.test", "acme")
    people = {p.full_name: p for p in result.people}
    assert set(people) == {"Jane Doe", "John Smith", "Priya Raman", "Léa Müller", "Carlos Mendes"}
    jane = people["Jane Doe"]
    assert (jane.first_name, jane.last_name, jane.title) == ("Jane", "Doe", "CEO & Co-Founder")
    assert jane.email == "jane@acme.test"
    assert jane.linkedin_url == "https://www.linkedin.com/in/jane-doe-acme"
    assert [p.source for p in jane.provenance] == ["web", "web"]
    assert any((p.url or "").endswith("/team/") for p in jane.provenance)
    assert people["John Smith"].email == "john@acme.test"
    priya = people["Priya Raman"]
    assert (priya.title, priya.phone, priya.phone_type) == (
        "VP Engineering",
        "+14155550123",
        "direct",
    )
    assert people["Léa Müller"].title == "Head of Customer Success"
    carlos = people["Carlos Mendes"]
    assert (carlos.title, carlos.email) == ("Head of Sales", "carlos.mendes@acme.test")
    assert jane.company is not None and jane.company.name == "Acme Robotics"


async def test_company_facts_and_profiles(fake_web: FakeWeb) -> None:
    result = await crawl(fake_web, "acme.test", "acme")
    org = result.organization
    assert result.company_name == "Acme Robotics"
    assert org.legal_name == "Acme Robotics, Inc."
    assert (org.city, org.region, org.country, org.postal_code) == (
        "San Francisco",
        "CA",
        "US",
        "94105",
    )
    assert (org.employees, org.founded, org.phone) == (140, "2016-04-01", "+14155550100")
    assert org.technologies == ["hubspot"]
    assert org.description == "Acme Robotics builds autonomous mobile robots for warehouses."
    assert [(s.profile.network, s.profile.url) for s in result.socials] == [
        ("linkedin", "https://www.linkedin.com/company/acme-robotics"),
        ("twitter", "https://x.com/acmerobotics"),  # twitter.com and x.com: one account
        ("github", "https://github.com/acme-robotics"),
    ]
    assert result.social_url("linkedin") == "https://www.linkedin.com/company/acme-robotics"


async def test_signals_for_research_jobs_posts_and_page_texts(fake_web: FakeWeb) -> None:
    result = await crawl(fake_web, "acme.test", "acme")
    jobs = {j.title: j for j in result.jobs}
    assert jobs["Senior Robotics Engineer"].posted == "2026-09-01"
    assert jobs["Senior Robotics Engineer"].location == "San Francisco"
    assert jobs["Senior Backend Engineer"].link.endswith("/careers/senior-backend-engineer")  # type: ignore[union-attr]
    assert "Account Executive, EMEA" in jobs and "Our culture" not in jobs
    assert result.job_board_urls == ["https://boards.greenhouse.io/acmerobotics"]
    posts = {p.title: p.published for p in result.posts}
    assert posts["Acme raises $20M Series B to scale warehouse robots"] == "2026-10-01"
    assert posts["We opened a Berlin office"] == "2026-06-15"
    series_b = next(t for t in result.texts if t.url.endswith("/blog/series-b"))
    assert series_b.kind is PageKind.POST and series_b.published == "2026-10-01"
    assert "$20M Series B" in series_b.text and not series_b.truncated
    careers = next(t for t in result.texts if t.kind is PageKind.CAREERS)
    assert "We're hiring!" in careers.text


# --- other layouts and languages ------------------------------------------------------------


async def test_german_site_with_imprint_and_table(fake_web: FakeWeb) -> None:
    result = await crawl(fake_web, "mueller-soehne.test", "mueller")
    assert result.company_name == "Müller & Söhne"
    people = {p.full_name: (p.title, p.email) for p in result.people}
    assert people == {
        "Max Mustermann": ("Geschäftsführer", "max.mustermann@mueller-soehne.test"),
        "Anna Becker": ("Vertriebsleiterin", "a.becker@mueller-soehne.test"),
        "Erika Musterfrau": ("Geschäftsführer", None),
        "Hans Schmidt": ("Prokurist", None),  # label line, name on the next line
    }
    # lang="de-DE" lets local numbers parse.
    assert {(p.e164, p.type) for p in result.phones} == {
        ("+497111234567", "office"),
        ("+4915123456789", "mobile"),
        ("+497111234568", "office"),
    }
    emails = {e.email for e in result.emails}
    assert {"info@mueller-soehne.test", "vertrieb@mueller-soehne.test"} <= emails
    assert {s.profile.network for s in result.socials} == {"xing", "linkedin"}


async def test_redirects_lists_broken_pages_and_huge_pages(fake_web: FakeWeb) -> None:
    result = await crawl(fake_web, "quirks.test", "quirks", crawl_max_bytes=100_000)
    assert result.home_url is not None and result.home_url.endswith("/welcome")
    assert result.redirected_to is None
    assert paths(result).count("/people") == 1  # /team moved to /people
    people = {p.full_name: p.title for p in result.people}
    assert people == {
        "Ana Lima": "Chief Operating Officer",
        "Tom Baker": "Head of Product",
        "Sara Kim": "CFO",
        "Lee Wong": "Design Lead",
        "Maria Garcia": "Chair of the Board",
    }
    huge = next(t for t in result.texts if t.url.endswith("/company"))
    assert huge.truncated
    emails = {e.email for e in result.emails}
    assert "top@quirks.test" in emails and "bottom@quirks.test" not in emails
    assert any("/contact: HTTP 500" in e for e in result.errors)
    assert any("press-kit: not HTML (application/pdf)" in e for e in result.errors)
    # Broken JSON-LD is read as far as it can be.
    assert result.organization.name == "Quirks Labs Ltd" and result.company_name == "Quirks Labs"
    assert result.organization.email == "hello@quirks.test"
    assert result.organization.phone == "+442079460958"
    # A person's LinkedIn on the homepage is not the company's profile.
    assert [s.profile.url for s in result.socials] == [
        "https://www.linkedin.com/company/quirks-labs"
    ]


# --- politeness and limits ------------------------------------------------------------------


async def test_page_budget(fake_web: FakeWeb) -> None:
    result = await crawl(fake_web, "acme.test", "acme", crawl_max_pages=3)
    fetched = [p for p in fake_web.paths_requested("acme.test") if p != "/robots.txt"]
    assert len(fetched) == 3 and len(result.pages) == 3


@pytest.mark.parametrize("limit", [1, 2])
async def test_per_host_concurrency(fake_web: FakeWeb, limit: int) -> None:
    await crawl(fake_web, "slow.test", "slowpoke", crawl_per_host_limit=limit)
    assert fake_web.max_in_flight == limit


async def test_concurrent_crawls_of_one_host_share_its_limit(fake_web: FakeWeb) -> None:
    fake_web.add("slow.test", "slowpoke")
    crawler = fake_web.crawler(fake_web.settings(crawl_per_host_limit=2))
    try:
        await asyncio.gather(crawler.crawl("slow.test"), crawler.crawl("slow.test"))
    finally:
        await crawler.aclose()
    assert fake_web.max_in_flight == 2


async def test_robots_disallowing_everything(fake_web: FakeWeb) -> None:
    result = await crawl(fake_web, "closed.test", "closed")
    assert fake_web.paths_requested("closed.test") == ["/robots.txt"]
    assert not result.reachable and result.disallowed and not result.emails


async def test_robots_server_error_means_crawl_nothing(fake_web: FakeWeb) -> None:
    result = await crawl(fake_web, "flaky.test", "robots-error")
    assert fake_web.paths_requested("flaky.test") == ["/robots.txt"]
    assert not result.reachable


async def test_private_addresses_refused_in_production(fake_web: FakeWeb) -> None:
    fake_web.add("acme.test", "acme")
    settings = fake_web.settings(allow_private_networks=False)
    crawler = WebCrawler(
        fake_web.fetcher(settings), settings=settings, homepage_urls=fake_web.homepage_urls
    )
    result = await crawler.crawl("acme.test")
    await crawler.fetcher.aclose()
    assert fake_web.requests == []
    assert not result.reachable and "refused" in result.errors[0]


async def test_unknown_host(fake_web: FakeWeb) -> None:
    crawler = fake_web.crawler()
    result = await crawler.crawl("nowhere.test")
    await crawler.aclose()
    assert not result.reachable and result.pages == [] and result.errors


async def test_deadline_stops_after_the_homepage(fake_web: FakeWeb) -> None:
    fake_web.add("acme.test", "acme")
    crawler = fake_web.crawler(deadline=0.0)
    result = await crawler.crawl("acme.test")
    await crawler.aclose()
    assert paths(result) == ["/"] and any("crawl stopped" in e for e in result.errors)


# --- small parts ------------------------------------------------------------------------------


def test_crawl_delay_is_capped() -> None:
    from protego import Protego

    slow = RobotsRules(Protego.parse("User-agent: *\nCrawl-delay: 120\n"))
    assert slow.crawl_delay == MAX_CRAWL_DELAY
    rate = RobotsRules(Protego.parse("User-agent: LeadsmithBot\nRequest-rate: 1/2s\n"))
    assert rate.crawl_delay == 2.0
    assert RobotsRules(None, allow_all=True).allows("https://a.test/x")
    assert not RobotsRules(None, disallow_all=True).allows("https://a.test/")


@pytest.mark.parametrize(
    ("given", "host"),
    [("acme.com", "acme.com"), ("https://www.Acme.com/about", "acme.com"),
     ("WWW.ACME.CO.UK.", "acme.co.uk"), ("acme.com:8443", "acme.com:8443")],
)  # fmt: skip
def test_normalise_domain(given: str, host: str) -> None:
    assert normalise_domain(given) == host


def test_country_hint() -> None:
    assert country_hint("firma.de") == "DE"
    assert country_hint("acme.co.uk") == "GB"
    assert country_hint("acme.io") is None  # vanity ccTLD
    assert country_hint("acme.com", b'<html lang="fr-CA">') == "CA"
    assert country_hint("acme.com", b'<html lang="en">') is None


def test_settings_defaults_drive_the_crawler() -> None:
    settings = Settings(crawl_max_pages=7, crawl_per_host_limit=3, http_timeout=2.0)
    crawler = WebCrawler(settings=settings)
    assert (crawler.max_pages, crawler.per_host_limit, crawler.deadline) == (7, 3, 8.0)


async def test_homepage_moved_to_another_domain(fake_web: FakeWeb) -> None:
    fake_web.add("newco.test", "acme")
    result = await crawl(fake_web, "oldco.test", "moved")
    assert result.redirected_to == "newco.test"
    assert result.home_url == f"{fake_web.base_url('newco.test')}/"
    assert all(url.startswith(fake_web.base_url("newco.test")) for url in result.pages)
    assert len(result.pages) > 3 and result.company_name == "Acme Robotics"
