"""Which links of a company site are worth a visit, and in what order.

A link's kind comes from its path and its text, in the languages company sites use
most. Kinds are visited by priority (team first) within the crawl's page budget;
well-known paths are tried only for kinds no link led to.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import tldextract


class PageKind(StrEnum):
    HOME = "home"
    TEAM = "team"
    ABOUT = "about"
    CONTACT = "contact"
    LEGAL = "legal"
    CAREERS = "careers"
    NEWS = "news"
    POST = "post"
    PROFILE = "profile"
    OTHER = "other"


# Lower is sooner.
PRIORITY: dict[PageKind, int] = {
    PageKind.HOME: 0,
    PageKind.TEAM: 1,
    PageKind.ABOUT: 2,
    PageKind.CONTACT: 2,
    PageKind.LEGAL: 3,
    PageKind.CAREERS: 4,
    PageKind.NEWS: 4,
    PageKind.PROFILE: 5,
    PageKind.POST: 6,
    PageKind.OTHER: 9,
}

_PATH_WORDS: dict[PageKind, tuple[str, ...]] = {
    PageKind.TEAM: (
        "team", "our-team", "the-team", "meet-the-team", "people", "our-people",
        "leadership", "leadership-team", "management", "management-team", "founders",
        "staff", "executives", "executive-team", "board", "who-we-are", "unser-team",
        "das-team", "mitarbeiter", "ansprechpartner", "equipe", "l-equipe", "notre-equipe",
        "equipo", "nuestro-equipo", "il-team", "ons-team", "medewerkers", "teamet",
    ),
    PageKind.ABOUT: (
        "about", "about-us", "aboutus", "company", "our-company", "our-story", "ueber-uns",
        "uber-uns", "über-uns", "unternehmen", "a-propos", "qui-sommes-nous", "quienes-somos",
        "sobre-nosotros", "sobre", "chi-siamo", "over-ons", "om-oss", "om-os", "firma",
    ),
    PageKind.CONTACT: (
        "contact", "contact-us", "contactus", "kontakt", "contacto", "contatti", "contato",
        "nous-contacter", "get-in-touch", "reach-us",
    ),
    PageKind.LEGAL: (
        "impressum", "imprint", "legal-notice", "legal", "mentions-legales", "aviso-legal",
        "colofon", "note-legali", "disclaimer",
    ),
    PageKind.CAREERS: (
        "careers", "career", "jobs", "join-us", "join", "work-with-us", "hiring",
        "open-positions", "vacancies", "karriere", "stellenangebote", "jobs-karriere",
        "emploi", "carrieres", "recrutement", "vacatures", "werken-bij", "empleo",
        "trabaja-con-nosotros", "lavora-con-noi",
    ),
    PageKind.NEWS: (
        "blog", "news", "press", "newsroom", "media", "press-releases", "announcements",
        "updates", "insights", "stories", "aktuelles", "neuigkeiten", "presse",
        "actualites", "noticias", "nieuws", "notizie", "changelog",
    ),
}  # fmt: skip
_TEXT_WORDS: dict[PageKind, re.Pattern[str]] = {
    PageKind.TEAM: re.compile(
        r"\b(?:team|our people|leadership|management|founders|who we are|board|"
        r"unser team|équipe|equipo|mitarbeiter)\b",
        re.I,
    ),
    PageKind.ABOUT: re.compile(
        r"\b(?:about|company|über uns|uber uns|à propos|a propos|qui sommes|sobre|chi siamo|"
        r"over ons|om oss)\b",
        re.I,
    ),
    PageKind.CONTACT: re.compile(r"\b(?:contact|kontakt|contacto|contatti|get in touch)\b", re.I),
    PageKind.LEGAL: re.compile(r"\b(?:impressum|imprint|legal notice|mentions légales)\b", re.I),
    PageKind.CAREERS: re.compile(
        r"\b(?:careers?|jobs|join us|we'?re hiring|karriere|emploi|vacatures)\b", re.I
    ),
    PageKind.NEWS: re.compile(r"\b(?:blog|news|press|newsroom|aktuelles|presse)\b", re.I),
}
# Tried when no link of that kind was found, in this order.
COMMON_PATHS: dict[PageKind, tuple[str, ...]] = {
    PageKind.TEAM: ("/team", "/about/team", "/leadership", "/about-us/team", "/people"),
    PageKind.ABOUT: ("/about", "/about-us", "/company", "/ueber-uns"),
    PageKind.CONTACT: ("/contact", "/contact-us", "/kontakt"),
    PageKind.LEGAL: ("/impressum", "/imprint", "/legal-notice"),
    PageKind.CAREERS: ("/careers", "/jobs"),
    PageKind.NEWS: ("/blog", "/news", "/press"),
}
# Applicant-tracking hosts: a link there means open roles, even if we do not crawl it.
JOB_BOARD_HOSTS = (
    "greenhouse.io", "lever.co", "workable.com", "ashbyhq.com", "recruitee.com",
    "personio.de", "personio.com", "smartrecruiters.com", "bamboohr.com", "jobvite.com",
    "teamtailor.com", "join.com", "breezy.hr", "myworkdayjobs.com", "workday.com",
    "icims.com", "jazzhr.com", "applytojob.com", "welcometothejungle.com", "factorialhr.com",
)  # fmt: skip
_SKIP_EXTENSIONS = re.compile(
    r"\.(?:pdf|jpe?g|png|gif|svg|webp|zip|gz|mp4|mp3|mov|avi|docx?|xlsx?|pptx?|ics|xml|"
    r"json|css|js|woff2?|ttf|exe|dmg)$",
    re.I,
)


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # The bundled snapshot only: no download at run time (machines may be offline).
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registrable_domain(host: str) -> str:
    """The registrable domain of a host (www.acme.co.uk -> acme.co.uk); IPs as given."""
    host = host.lower().rstrip(".")
    parts = _extractor()(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    labels = host.split(".")
    if parts.ipv4 or ":" in host or len(labels) < 2:
        return host
    return ".".join(labels[-2:])  # unlisted suffixes (.test, .internal): last two labels


def same_site(url: str, site: str) -> bool:
    """True when `url`'s host belongs to the registrable domain `site`."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    return bool(host) and registrable_domain(host) == site


def is_job_board(url: str) -> bool:
    """True for links to a hosted applicant-tracking system."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return any(host == h or host.endswith("." + h) for h in JOB_BOARD_HOSTS)


def _segments(url: str) -> list[str]:
    path = unquote(urlsplit(url).path).lower()
    path = re.sub(r"\.(?:html?|php|aspx?)$", "", path)
    return [s for s in path.split("/") if s]


def is_crawlable(url: str) -> bool:
    """An http(s) URL that is not a file download."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and not _SKIP_EXTENSIONS.search(parts.path)


def page_kind(url: str, text: str = "") -> PageKind:
    """The kind of page a link leads to, from its path first, then its text."""
    segments = _segments(url)
    if not segments:
        return PageKind.HOME
    # Skip language prefixes such as /en/ or /de-de/.
    if re.fullmatch(r"[a-z]{2}(?:[-_][a-z]{2})?", segments[0]) and len(segments) > 1:
        segments = segments[1:]
    # The deepest known word decides: /about/team is a team page, /company/careers
    # a careers page; under /team/ and /blog/ a deeper page is a profile or a post.
    last = len(segments) - 1
    for depth in range(last, max(-1, last - 3), -1):
        for kind, words in _PATH_WORDS.items():
            if segments[depth] in words:
                if depth == last or kind not in (PageKind.TEAM, PageKind.NEWS):
                    return kind
                return PageKind.PROFILE if kind is PageKind.TEAM else PageKind.POST
    for kind, pattern in _TEXT_WORDS.items():
        if text and len(text) < 40 and pattern.search(text):
            return kind
    return PageKind.OTHER
