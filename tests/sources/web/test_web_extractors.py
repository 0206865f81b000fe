"""The page readers on small HTML snippets: schema.org, contacts, socials, people."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from leadsmith.sources.web.contact_details import (
    cloudflare_emails,
    decode_cloudflare_email,
    deobfuscate,
    emails_in_mailto,
    emails_in_text,
)
from leadsmith.sources.web.html_page import parse_html, visible_text
from leadsmith.sources.web.page_extract import extract_page
from leadsmith.sources.web.person_words import (
    looks_like_job_title,
    looks_like_person_name,
    split_name,
)
from leadsmith.sources.web.site_links import PageKind, page_kind, registrable_domain
from leadsmith.sources.web.socials import classify_social
from leadsmith.sources.web.structured_data import (
    jsonld_items,
    microdata_items,
    organizations,
    persons,
)
from leadsmith.sources.web.team_pages import (
    people_from_cards,
    people_from_lines,
    people_from_tables,
    split_name_and_title,
)


def tree(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def cloudflare(email: str, key: int = 0x5A) -> str:
    return f"{key:02x}" + "".join(f"{ord(c) ^ key:02x}" for c in email)


# --- schema.org ------------------------------------------------------------------------


def test_jsonld_graph_nested_and_typed_items() -> None:
    html = """<script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "Corporation", "name": "Acme", "legalName": "Acme, Inc.",
       "address": {"@type": "PostalAddress", "addressLocality": "Austin",
                   "addressCountry": {"@type": "Country", "name": "US"}},
       "founder": {"@type": "schema:Person", "name": "Ada Lovelace", "jobTitle": "Founder"},
       "employee": [{"@type": "Person", "givenName": "Alan", "familyName": "Turing",
                     "jobTitle": "CTO", "email": "mailto:alan@acme.test"}],
       "contactPoint": {"@type": "ContactPoint", "telephone": "+1 512 555 0100",
                        "email": "sales@acme.test"},
       "numberOfEmployees": {"@type": "QuantitativeValue", "minValue": 11, "maxValue": 50}}
    ]}</script>"""
    items = jsonld_items(tree(html))
    people = {p.name: p for p in persons(items)}
    assert people["Ada Lovelace"].job_title == "Founder"
    assert people["Alan Turing"].email == "alan@acme.test"
    (org,) = organizations(items)
    assert (org.name, org.legal_name, org.city, org.country) == (
        "Acme",
        "Acme, Inc.",
        "Austin",
        "US",
    )
    assert org.telephones == ["+1 512 555 0100"] and org.email == "sales@acme.test"
    assert org.employees == "11-50"


def test_jsonld_tolerates_comments_cdata_trailing_commas_and_garbage() -> None:
    html = """
    <script type="application/ld+json"><!-- {"@type": "Organization", "name": "A",} --></script>
    <script type="application/ld+json">
      //<![CDATA[
      [{"@type": "Organization", "name": "B"}];
      //]]>
    </script>
    <script type="application/ld+json">{ not json at all </script>"""
    assert [o.name for o in organizations(jsonld_items(tree(html)))] == ["A", "B"]


def test_microdata_people_and_nested_organisation() -> None:
    html = """
    <div itemscope itemtype="https://schema.org/Organization">
      <span itemprop="name">Globex</span>
      <div itemprop="employee" itemscope itemtype="https://schema.org/Person">
        <span itemprop="name">Hank Scorpio</span>
        <span itemprop="jobTitle">President</span>
        <a itemprop="email" href="mailto:hank@globex.test">write</a>
        <link itemprop="sameAs" href="https://www.linkedin.com/in/hank-scorpio">
      </div>
      <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
        <meta itemprop="addressCountry" content="US">
        <span itemprop="addressLocality">Cypress Creek</span>
      </div>
    </div>"""
    items = microdata_items(tree(html))
    (person,) = persons(items)
    assert (person.name, person.job_title, person.email) == (
        "Hank Scorpio",
        "President",
        "hank@globex.test",
    )
    assert "https://www.linkedin.com/in/hank-scorpio" in person.same_as
    (org,) = organizations(items)
    assert (org.name, org.city, org.country) == ("Globex", "Cypress Creek", "US")


# --- emails and phones -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "email"),
    [
        ("jane [at] acme [dot] com", "jane@acme.com"),
        ("jane(at)acme.com", "jane@acme.com"),
        ("jane (at) acme (dot) co (dot) uk", "jane@acme.co.uk"),
        ("jane{at}acme{dot}io", "jane@acme.io"),
        ("jane AT acme DOT com", "jane@acme.com"),
        ("jane at acme dot com", "jane@acme.com"),
        ("jane＠acme.com", "jane@acme.com"),
        ("Jane.Doe@Acme.COM", "jane.doe@acme.com"),
        ("<jane+sales@acme.com>", "jane+sales@acme.com"),
    ],
)
def test_obfuscated_addresses(written: str, email: str) -> None:
    assert emails_in_text(f"Write to {written}.") == [email]


@pytest.mark.parametrize(
    "text",
    ["meet us at acme.com", "logo@2x.png", "sprite@3x.webp", "name@example.com",
     "your.name@company.com", "0123456789abcdef0123@sentry.io", "a@b", "user@localhost"],
)  # fmt: skip
def test_not_addresses(text: str) -> None:
    assert emails_in_text(text) == []


def test_entities_are_decoded_by_the_parser() -> None:
    page = parse_html("https://x.test/", "<p>jane&#64;acme&#46;com and bob&#x40;acme.com</p>")
    assert emails_in_text(visible_text(page)) == ["jane@acme.com", "bob@acme.com"]


def test_mailto_links() -> None:
    assert emails_in_mailto("mailto:Jane%40acme.com,bob@acme.com?subject=Hi&cc=x@acme.com") == [
        "jane@acme.com",
        "bob@acme.com",
    ]
    assert emails_in_mailto("mailto:") == []


def test_cloudflare_protection() -> None:
    encoded = cloudflare("hello@acme.com")
    assert decode_cloudflare_email(encoded) == "hello@acme.com"
    assert decode_cloudflare_email("zz") is None
    html = (
        f'<a class="__cf_email__" data-cfemail="{encoded}">[email protected]</a>'
        f'<a href="/cdn-cgi/l/email-protection#{cloudflare("sales@acme.com", 0x21)}">mail</a>'
    )
    assert cloudflare_emails(tree(html)) == ["hello@acme.com", "sales@acme.com"]


def test_deobfuscate_leaves_plain_text_alone() -> None:
    text = "We are at the office at 9. Contact: info@acme.com"
    assert deobfuscate(text) == text


def test_page_contacts_with_local_numbers() -> None:
    html = """<html lang="de-DE"><body>
      <a href="tel:0711%201234567">Zentrale</a>
      <p>Mobil: 0151 23456789 · Fax +49 711 1234568</p>
      <a href="mailto:info@firma.test">info@firma.test</a>
      <p>vertrieb [at] firma [dot] test</p></body></html>"""
    found = extract_page("https://firma.test/kontakt", html, country="DE")
    assert [(p.e164, p.type) for p in found.phones] == [
        ("+497111234567", "office"),
        ("+4915123456789", "mobile"),
        ("+497111234568", "office"),
    ]
    assert [(e.email, e.how) for e in found.emails] == [
        ("info@firma.test", "mailto"),
        ("vertrieb@firma.test", "obfuscated"),
    ]
    assert found.kind is PageKind.CONTACT


# --- socials ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "network", "canonical", "kind"),
    [
        ("https://www.linkedin.com/company/acme-inc/about/", "linkedin",
         "https://www.linkedin.com/company/acme-inc", "company"),
        ("https://de.linkedin.com/in/Jane-Doe?trk=x", "linkedin",
         "https://www.linkedin.com/in/jane-doe", "person"),
        ("https://twitter.com/AcmeHQ", "twitter", "https://x.com/acmehq", "unknown"),
        ("https://x.com/acmehq/status/123", "twitter", "https://x.com/acmehq", "unknown"),
        ("https://github.com/acme/sdk", "github", "https://github.com/acme", "unknown"),
        ("https://www.youtube.com/channel/UCabcDEF", "youtube",
         "https://youtube.com/channel/UCabcDEF", "unknown"),
        ("https://www.crunchbase.com/organization/acme", "crunchbase",
         "https://crunchbase.com/organization/acme", "company"),
        ("https://www.xing.com/pages/acme-gmbh", "xing", "https://www.xing.com/pages/acme-gmbh",
         "company"),
    ],
)  # fmt: skip
def test_social_profiles(url: str, network: str, canonical: str, kind: str) -> None:
    profile = classify_social(url)
    assert profile is not None
    assert (profile.network, profile.url, profile.kind) == (network, canonical, kind)


@pytest.mark.parametrize(
    "url",
    ["https://twitter.com/intent/tweet?url=x", "https://www.facebook.com/sharer/sharer.php?u=x",
     "https://www.linkedin.com/shareArticle?url=x", "https://www.linkedin.com/feed/",
     "https://twitter.com/", "https://acme.com/linkedin", "mailto:a@b.com",
     "https://x.com/home", "https://www.linkedin.com/in/"],
)  # fmt: skip
def test_share_buttons_and_other_links_are_not_profiles(url: str) -> None:
    assert classify_social(url) is None


# --- names and titles ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Jane Doe", "Dr. Jane van der Berg, PhD", "JANE DOE", "Jean-Luc Picard", "Zoë O'Neil",
     "José María García López", "Max Mustermann"],
)  # fmt: skip
def test_person_names(text: str) -> None:
    assert looks_like_person_name(text)


@pytest.mark.parametrize(
    "text",
    ["Meet Our Team", "Read More", "San Francisco", "Chief Executive Officer", "Our Leadership",
     "Board Of Directors", "Product Design", "Jane", "Jane Doe 2", "jane doe", "Contact Us",
     "Opening Hours", "Anna K.", "A Very Long Heading With Many Words In It"],
)  # fmt: skip
def test_not_person_names(text: str) -> None:
    assert not looks_like_person_name(text)


@pytest.mark.parametrize(
    "text",
    ["CEO", "Co-Founder & CTO", "VP, Sales EMEA", "Head of Growth", "Software Engineer",
     "Geschäftsführerin", "Vertriebsleiter", "Directeur commercial", "Managing Director",
     "Fundadora y CEO"],
)  # fmt: skip
def test_job_titles(text: str) -> None:
    assert looks_like_job_title(text)


@pytest.mark.parametrize(
    "text",
    ["Product", "We build great products. Join us today", "jane@acme.com", "Learn more?", ""],
)
def test_not_job_titles(text: str) -> None:
    assert not looks_like_job_title(text)


def test_split_name() -> None:
    assert split_name("Dr. Jane van der Berg, PhD") == ("Jane", "van der Berg", "Jane van der Berg")
    assert split_name("JANE DOE") == ("Jane", "Doe", "Jane Doe")
    assert split_name("Mary Ann Smith")[0:2] == ("Mary", "Smith")


# --- team layouts ----------------------------------------------------------------------


def test_cards_with_heading_and_role() -> None:
    html = """
    <h2>Meet Our Team</h2>
    <div class="grid">
      <div class="card"><h3>Jane Doe</h3><p>CEO</p>
        <a href="mailto:jane@acme.test">mail</a>
        <a href="https://linkedin.com/in/janedoe">in</a></div>
      <div class="card"><div><h3>John Smith</h3></div><div><span>CTO</span>
        <a href="tel:+14155550123">call</a></div></div>
      <div class="card"><span class="title">Head of People</span><h3>Ann Lee</h3></div>
      <div class="card"><h3>Bob Stone</h3><p>Loves hiking and dogs</p></div>
    </div>"""
    people = {p.name: p for p in people_from_cards(tree(html))}
    assert set(people) == {"Jane Doe", "John Smith", "Ann Lee"}
    assert people["Jane Doe"].email == "jane@acme.test"
    assert people["Jane Doe"].linkedin_url == "https://www.linkedin.com/in/janedoe"
    assert (people["John Smith"].title, people["John Smith"].phone) == ("CTO", "+14155550123")
    assert people["Ann Lee"].title == "Head of People"


def test_cards_with_name_class_and_strong() -> None:
    html = """
    <ul>
      <li><div class="member-name">Carla Diaz</div><div class="member-role">COO</div></li>
      <li><strong>Tom Baker</strong>, Head of Product</li>
      <li><b>Sara Kim</b> — Chief Financial Officer</li>
    </ul>"""
    found = {(p.name, p.title) for p in people_from_cards(tree(html))}
    assert found == {
        ("Carla Diaz", "COO"),
        ("Tom Baker", "Head of Product"),
        ("Sara Kim", "Chief Financial Officer"),
    }


def test_table_rows() -> None:
    html = """<table>
      <tr><th>Name</th><th>Role</th></tr>
      <tr><td>Max Mustermann</td><td>Geschäftsführer</td><td>max@firma.test</td></tr>
      <tr><td>Werk 2</td><td>Produktion</td></tr>
    </table>"""
    (person,) = people_from_tables(tree(html))
    assert (person.name, person.title, person.email) == (
        "Max Mustermann",
        "Geschäftsführer",
        "max@firma.test",
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Ana Lima — Chief Operating Officer", ("Ana Lima", "Chief Operating Officer")),
        ("Ana Lima - COO", ("Ana Lima", "COO")),
        ("Ana Lima, VP Marketing", ("Ana Lima", "VP Marketing")),
        ("Ana Lima | Head of Design", ("Ana Lima", "Head of Design")),
        ("Ana Lima (CFO)", ("Ana Lima", "CFO")),
        ("Our Partners — Industry leaders", None),
        ("Product Design — Lead times", None),
    ],
)
def test_name_and_title_lines(line: str, expected: tuple[str, str] | None) -> None:
    assert split_name_and_title(line) == expected


def test_imprint_lines() -> None:
    text = (
        "Impressum\nGeschäftsführer: Max Mustermann, Erika Musterfrau\nProkurist:\n"
        "Hans Schmidt\nVertreten durch: Paula Roth und Jan Kowalski\n"
        "Registergericht: Amtsgericht Stuttgart\nCEO: Jane Doe"
    )
    found = [(p.name, p.title) for p in people_from_lines(text)]
    assert found == [
        ("Max Mustermann", "Geschäftsführer"),
        ("Erika Musterfrau", "Geschäftsführer"),
        ("Hans Schmidt", "Prokurist"),
        ("Paula Roth", "Authorised representative"),
        ("Jan Kowalski", "Authorised representative"),
        ("Jane Doe", "CEO"),
    ]


# --- links -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "text", "kind"),
    [
        ("https://a.test/", "", PageKind.HOME),
        ("https://a.test/about/team", "", PageKind.TEAM),
        ("https://a.test/en/team/jane-doe", "", PageKind.PROFILE),
        ("https://a.test/company/careers", "", PageKind.CAREERS),
        ("https://a.test/blog/2024/launch", "", PageKind.POST),
        ("https://a.test/impressum.html", "", PageKind.LEGAL),
        ("https://a.test/ueber-uns", "", PageKind.ABOUT),
        ("https://a.test/x", "Meet the team", PageKind.TEAM),
        ("https://a.test/pricing", "Pricing", PageKind.OTHER),
    ],
)
def test_page_kinds(url: str, text: str, kind: PageKind) -> None:
    assert page_kind(url, text) is kind


def test_registrable_domain_uses_the_bundled_suffix_list() -> None:
    assert registrable_domain("www.acme.co.uk") == "acme.co.uk"
    assert registrable_domain("blog.acme.com") == "acme.com"
    assert registrable_domain("www.acme.test") == "acme.test"
    assert registrable_domain("127.0.0.1") == "127.0.0.1"


def test_page_text_keeps_blocks_on_lines_and_drops_scripts() -> None:
    page = parse_html(
        "https://a.test/",
        "<head><title>T</title><style>p{}</style></head><body><h1>Hello <b>world</b></h1>"
        "<script>var secret = 1</script><p>One<br>Two</p><ul><li>A</li><li>B</li></ul></body>",
    )
    assert visible_text(page) == "Hello world\nOne\nTwo\nA\nB"
