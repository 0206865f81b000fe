"""Is this text a person's name, is that one a job title? Rules for team pages.

Both tests are deliberately narrow: a team-page person is only kept when a name and
a title (or a personal email/profile) stand together, so a heading such as "Meet Our
Team" must fail the name test and "Product" alone must fail the title test.
"""

from __future__ import annotations

import re

from nameparser import HumanName

from leadsmith.sources.web.html_page import squash

_HONORIFICS = frozenset(
    {"dr", "prof", "mr", "mrs", "ms", "mx", "miss", "sir", "dame", "herr", "frau", "mme",
     "mlle", "sr", "sra", "srta", "dott", "ing", "mag", "dipl.-ing", "dipl.-kfm", "rev",
     "hon", "m"}
)  # fmt: skip
_CREDENTIALS = frozenset(
    {"phd", "ph.d", "mba", "md", "m.d", "jr", "sr", "ii", "iii", "iv", "cpa", "cfa", "esq",
     "msc", "m.sc", "bsc", "b.sc", "llm", "ll.m", "ma", "m.a", "pe", "rn", "dds", "mph",
     "frcs", "facs", "mbbs"}
)  # fmt: skip
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "da", "di", "del", "della", "dos", "das", "du", "la",
     "le", "ten", "ter", "bin", "binti", "al", "el", "y", "zu", "af", "av", "of"}
)  # fmt: skip
# Words that appear title-cased in headings and buttons but are not names.
_NON_NAME_TEXT = """
    team teams our the meet about contact us read more learn get started sign log in up
    privacy policy terms service services product products news blog careers career jobs
    job join home company board advisors advisory investors founders leadership management
    people who we are what do why how menu search solutions solution platform customers
    partners partner resources pricing features feature support help faq login free trial
    demo request book call email phone address office offices location locations
    headquarters hq new latest press media events event webinar case studies study success
    stories story customer client clients open positions roles apply now view all see show
    less back top next previous page copyright rights reserved cookie cookies settings
    accept decline follow share tweet like subscribe newsletter download app store google
    play apple linkedin twitter facebook instagram youtube github inc ltd gmbh llc corp
    group holdings international global digital technologies technology software systems
    labs studio agency consulting capital ventures foundation institute university school
    college center centre street road avenue suite floor city county state united kingdom
    states america europe asia san francisco york london berlin paris munich hello welcome
    thank thanks you your my mission vision values culture history engineering design
    marketing sales operations finance legal hr human data security cloud ai api docs
    documentation developers developer community forum status changelog roadmap
    integrations enterprise business small startups plans compare overview introduction
    guide guides tutorial webinars podcast ebook whitepaper report reports award awards
    impressum imprint kontakt über uns datenschutz and or for with to at on by from an is
    it this that most touch work works working together award-winning trusted world
    leading best mehr erfahren unser unsere équipe nous notre nuestro equipo chi siamo ons
    over wie wir sind haben unternehmen lösungen produkte karriere presse aktuelles
    opening hours monday friday saturday sunday today cart checkout account profile
    dashboard
"""
NON_NAME_WORDS = frozenset(_NON_NAME_TEXT.split())
# Whole words that make a text a job title.
_TITLE_TEXT = """
    ceo cto cfo coo cmo cio ciso cpo cro cso cdo cco chro vp svp evp avp gm md chief
    founder co-founder cofounder founding president vice-president director directors head
    manager managers lead leader engineer engineering developer designer officer partner
    principal owner chair chairman chairwoman chairperson board advisor adviser consultant
    architect scientist analyst specialist coordinator administrator executive associate
    assistant intern editor writer researcher professor lecturer strategist recruiter
    counsel attorney lawyer solicitor accountant controller treasurer secretary
    representative rep evangelist advocate ambassador producer marketer salesperson
    account sdr bdr ae cpa investor trustee member fellow physician nurse doctor dentist
    therapist pharmacist technician operator planner buyer curator coach trainer teacher
    geschäftsführer geschäftsführerin geschaftsfuhrer inhaber inhaberin gründer gründerin
    vorstand vorständin vorsitzender vorsitzende prokurist prokuristin gesellschafter
    gesellschafterin mitgründer mitgründerin referent referentin berater beraterin
    entwickler entwicklerin directeur directrice fondateur fondatrice cofondateur
    cofondatrice gérant gérante président présidente responsable chargé chargée ingénieur
    ingénieure associé associée directora fundador fundadora cofundador cofundadora
    gerente socio socia jefe jefa presidente consejero consejera oprichter eigenaar
    directie bestuurder medeoprichter amministratore fondatore fondatrice direttore
    direttrice titolare dirigente ansvarig grundare vd toimitusjohtaja perustaja daglig
    leder
"""
_TITLE_WORDS = _TITLE_TEXT.split()
# Word parts for languages that compound them (Vertriebsleiter, Marketingleiterin).
_TITLE_STEMS = ("leiter", "leiterin", "führer", "führerin", "direktor", "direktorin", "chef")
_TITLE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in _TITLE_WORDS) + r")(?![\w-])"
    r"|\w(?:" + "|".join(_TITLE_STEMS) + r")\b"
    r"|\bhead of\b|\bvice president\b|\bmanaging director\b",
    re.I,
)
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*")
_INITIAL = re.compile(r"[^\W\d_]\.?")


def _bare(token: str) -> str:
    return token.strip(",.;:()").lower().rstrip(".")


def strip_name_decorations(text: str) -> str:
    """The name without honorifics ("Dr.") and credentials (", PhD")."""
    tokens = squash(text).replace(",", " , ").split()
    while tokens and _bare(tokens[0]) in _HONORIFICS:
        tokens.pop(0)
    while tokens and (tokens[-1] == "," or _bare(tokens[-1]) in _CREDENTIALS):
        tokens.pop()
    return " ".join(t for t in tokens if t != ",")


def looks_like_job_title(text: str) -> bool:
    """True for a short text that names a role ("VP Sales", "Geschäftsführerin")."""
    text = squash(text)
    if not text or len(text) > 90 or "@" in text or "://" in text or text.endswith("?"):
        return False
    if len(text.split()) > 12 or re.search(r"[.!?]\s+\w", text):
        return False  # a sentence, not a title
    return _TITLE.search(text) is not None


def looks_like_person_name(text: str) -> bool:
    """True for 2-4 capitalised words that are not website vocabulary or a title."""
    raw = squash(text).strip(" ,;:–—-|•·")
    if not raw or len(raw) > 60 or any(ch.isdigit() for ch in raw):
        return False
    if any(ch in raw for ch in '@/|:()[]{}<>!?&+=#*"“”'):
        return False
    name = strip_name_decorations(raw)
    tokens = name.split()
    if not 2 <= len(tokens) <= 4:
        return False
    for index, token in enumerate(tokens):
        low = token.lower().strip(".")
        if low in NON_NAME_WORDS:
            return False
        if low in _PARTICLES and 0 < index < len(tokens) - 1:
            continue
        if _INITIAL.fullmatch(token) and index < len(tokens) - 1:
            continue
        if not _NAME_TOKEN.fullmatch(token) or not token[0].isupper():
            return False
        if len(token.strip(".")) < 2:
            return False
    return not looks_like_job_title(name)


def split_name(name: str) -> tuple[str, str, str]:
    """(first, last, display name) for a name as a team page shows it.

    Middle names stay in the display name only; the family name keeps its particles
    ("van der Berg"), as email patterns use them.
    """
    display = strip_name_decorations(name)
    parsed = HumanName(display)
    if display.isupper():  # "JANE DOE" on a card is styling, not the name
        parsed.capitalize(force=True)
        display = " ".join(p for p in (parsed.first, parsed.middle, parsed.last) if p)
    tokens = display.split()
    first = parsed.first or tokens[0]
    last = parsed.last or (tokens[-1] if len(tokens) > 1 else "")
    return first, last, display
