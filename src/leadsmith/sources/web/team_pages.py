"""People on team, about and imprint pages, from the layouts sites commonly use.

- cards: a name element (heading, strong, `.name`) with a title next to it or in a
  `.title`/`.role` element of the same card; email, phone and LinkedIn from the card;
- tables: a row with a name cell and a title cell;
- lines: "Jane Doe — CEO", "Jane Doe, CEO", "Jane Doe (CEO)", "CEO: Jane Doe",
  "Geschäftsführer: Max Mustermann, Erika Musterfrau", and a "Label:" line followed by
  a name line (imprints).
A name is kept only with a title, or with a personal email or LinkedIn profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from selectolax.lexbor import LexborHTMLParser, LexborNode

from leadsmith.sources.web.contact_details import emails_in_mailto, emails_in_text
from leadsmith.sources.web.html_page import node_text, squash
from leadsmith.sources.web.person_words import (
    looks_like_job_title,
    looks_like_person_name,
    strip_name_decorations,
)
from leadsmith.sources.web.socials import classify_social

_NAME_ELEMENTS = (
    "h1, h2, h3, h4, h5, h6, strong, b, dt, [class*=name], [class*=Name], [itemprop=name]"
)
_BLOCK_CHILDREN = "h1, h2, h3, h4, h5, h6, p, li, div, section, article, ul, table"
_TITLE_CLASS = re.compile(r"title|role|position|job|designation|function|poste|funktion", re.I)
_SEPARATORS = (" — ", " – ", " - ", " | ", " · ", " • ", ", ", ": ", " / ")
_LIST_SPLIT = re.compile(r"\s*(?:,|;|\bund\b|\band\b|\bet\b|\by\b|&)\s*")
# Imprint labels that name the people who represent the company.
_REPRESENTATIVE_LABELS = re.compile(
    r"^(?:vertreten durch|vertretungsberechtigt\w*|represented by|legal representative)s?$",
    re.I,
)
_TITLE_TRIM = " ,;:–—-|·•()"
_MAX_CANDIDATES = 400
_MAX_CARD_DEPTH = 4


@dataclass(slots=True)
class PersonSighting:
    """A person seen on a page; `how` says which layout showed them."""

    name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None  # as written (a tel: link's target or text)
    linkedin_url: str | None = None
    how: str = "card"


def _elements_after(node: LexborNode, limit: int = 3) -> list[LexborNode]:
    out: list[LexborNode] = []
    sibling = node.next
    while sibling is not None and len(out) < limit:
        if sibling.is_element_node or (sibling.is_text_node and squash(sibling.text())):
            out.append(sibling)
        sibling = sibling.next
    return out


def _element_before(node: LexborNode) -> LexborNode | None:
    sibling = node.prev
    while sibling is not None:
        if sibling.is_element_node:
            return sibling
        if sibling.is_text_node and squash(sibling.text()):
            return sibling
        sibling = sibling.prev
    return None


def _text(node: LexborNode) -> str:
    """The first line of text in a node: a card body's first child, not all of it."""
    if node.is_text_node:
        return _clean_title(node.text())
    for child in node.iter(include_text=True):
        text = _clean_title(child.text() if child.is_text_node else node_text(child))
        if text:
            return text
    return ""


def _clean_title(text: str) -> str:
    return squash(text).strip(_TITLE_TRIM)


def _title_next_to(node: LexborNode, is_name: set[int]) -> str | None:
    """A title in the elements right after the name element (or a wrapper's)."""
    current: LexborNode | None = node
    for level in range(2):  # the name may be wrapped: <div><h3>Name</h3></div><p>Title</p>
        if current is None:
            break
        for sibling in _elements_after(current):
            if sibling.mem_id in is_name:
                break
            if level == 0 and sibling.is_element_node and sibling.tag == current.tag:
                break  # <dt>Name</dt><dd>..</dd><dt>Next</dt>: the next person's entry
            text = _text(sibling)
            if len(text) > 90:
                break
            if text and looks_like_job_title(text):
                return text
        before = _element_before(current)
        # A title above the name only counts when it says it is one (class="role").
        if (
            before is not None
            and before.is_element_node
            and before.mem_id not in is_name
            and _TITLE_CLASS.search(before.attributes.get("class") or "")
        ):
            text = _text(before)
            if text and len(text) <= 90 and looks_like_job_title(text):
                return text
        parent = current.parent
        if parent is None or len(_name_ids_in(parent, is_name)) > 1:
            break
        current = parent
    return None


def _name_ids_in(node: LexborNode, is_name: set[int]) -> list[int]:
    return [n.mem_id for n in node.css(_NAME_ELEMENTS) if n.mem_id in is_name]


def _card_of(node: LexborNode, is_name: set[int]) -> LexborNode:
    """The largest ancestor (a few levels up) that holds this one name only."""
    card = node
    current = node.parent
    for _ in range(_MAX_CARD_DEPTH):
        if current is None or current.tag in ("body", "html", "main"):
            break
        if len(_name_ids_in(current, is_name)) > 1:
            break
        card = current
        current = current.parent
    return card


def _details_from_card(card: LexborNode, sighting: PersonSighting) -> None:
    for link in card.css("a[href]"):
        href = (link.attributes.get("href") or "").strip()
        lowered = href.lower()
        if lowered.startswith("mailto:") and sighting.email is None:
            found = emails_in_mailto(href)
            sighting.email = found[0] if found else None
        elif lowered.startswith(("tel:", "callto:")) and sighting.phone is None:
            sighting.phone = href.split(":", 1)[1]
        else:
            profile = classify_social(href)
            if profile and profile.network == "linkedin" and profile.kind == "person":
                sighting.linkedin_url = sighting.linkedin_url or profile.url
    if sighting.email is None:
        found = emails_in_text(node_text(card))
        sighting.email = found[0] if len(found) == 1 else None
    if sighting.title is None:
        for element in card.css("[class]"):
            if _TITLE_CLASS.search(element.attributes.get("class") or ""):
                text = node_text(element)
                if text and looks_like_job_title(text):
                    sighting.title = text
                    break


def people_from_cards(tree: LexborHTMLParser) -> list[PersonSighting]:
    """People laid out as cards: a name element with a title beside it."""
    candidates: list[tuple[LexborNode, str, str | None]] = []
    for node in tree.css(_NAME_ELEMENTS)[:_MAX_CANDIDATES]:
        if any(n.mem_id != node.mem_id for n in node.css(_BLOCK_CHILDREN)):
            continue  # a container, not the name itself
        text = node_text(node)
        if looks_like_person_name(text):
            candidates.append((node, text, None))
            continue
        split = split_name_and_title(text)
        if split is not None:
            candidates.append((node, split[0], split[1]))
    is_name = {node.mem_id for node, _, _ in candidates}
    out: list[PersonSighting] = []
    for node, name, title in candidates:
        sighting = PersonSighting(name=strip_name_decorations(name), title=title)
        if sighting.title is None:
            sighting.title = _title_next_to(node, is_name)
        _details_from_card(_card_of(node, is_name), sighting)
        if sighting.title or sighting.linkedin_url or sighting.email:
            out.append(sighting)
    return out


def people_from_tables(tree: LexborHTMLParser) -> list[PersonSighting]:
    """People in table rows: one cell a name, another a title."""
    out: list[PersonSighting] = []
    for row in tree.css("tr"):
        cells = [node_text(cell) for cell in row.css("td, th")]
        name = next((c for c in cells if looks_like_person_name(c)), None)
        title = next((c for c in cells if c != name and looks_like_job_title(c)), None)
        if name and title:
            sighting = PersonSighting(name=strip_name_decorations(name), title=title, how="table")
            _details_from_card(row, sighting)
            out.append(sighting)
    return out


def split_name_and_title(line: str) -> tuple[str, str] | None:
    """("Jane Doe", "CEO") from "Jane Doe — CEO", "Jane Doe, CEO" or "Jane Doe (CEO)"."""
    line = squash(line)
    if len(line) > 120:
        return None
    bracket = re.fullmatch(r"(.+?)\s*\((.+)\)", line)
    if (
        bracket
        and looks_like_person_name(bracket.group(1))
        and looks_like_job_title(bracket.group(2))
    ):
        return bracket.group(1), bracket.group(2)
    for separator in _SEPARATORS:
        if separator not in line:
            continue
        name, _, title = line.partition(separator)
        name, title = name.strip(), title.strip()
        if looks_like_person_name(name) and looks_like_job_title(title):
            return name, title
    return None


def _names_in(text: str) -> list[str]:
    parts = [p.strip() for p in _LIST_SPLIT.split(text) if p.strip()]
    return parts if parts and all(looks_like_person_name(p) for p in parts) else []


def _label(text: str) -> str | None:
    """A title or representative label, as it should be stored, else None."""
    label = text.strip().rstrip(":").strip()
    if _REPRESENTATIVE_LABELS.match(label):
        return "Authorised representative"
    if looks_like_job_title(label):
        return label
    return None


def people_from_lines(text: str) -> list[PersonSighting]:
    """People written as lines of text ("Name — Title", "Title: Name", imprint labels)."""
    out: list[PersonSighting] = []
    lines = [squash(line) for line in text.split("\n")]
    for index, line in enumerate(lines):
        if not line or len(line) > 160:
            continue
        split = split_name_and_title(line)
        if split is not None:
            out.append(PersonSighting(strip_name_decorations(split[0]), split[1], how="text"))
            continue
        label, colon, rest = line.partition(":")
        if not colon:
            continue
        title = _label(label)
        if title is None:
            continue
        names = _names_in(rest)
        if not names and not rest.strip() and index + 1 < len(lines):
            names = _names_in(lines[index + 1])  # "Geschäftsführer:" then the name below
        for name in names:
            out.append(PersonSighting(strip_name_decorations(name), title, how="text"))
    return out


def person_key(name: str) -> str:
    """A key under which spellings of one name meet ("Dr. Jane  Doe" = "jane doe")."""
    return " ".join(strip_name_decorations(name).casefold().split())


def merge_sightings(sightings: list[PersonSighting]) -> list[PersonSighting]:
    """One sighting per name: the first one's fields, gaps filled from the others."""
    merged: dict[str, PersonSighting] = {}
    for sighting in sightings:
        key = person_key(sighting.name)
        kept = merged.get(key)
        if kept is None:
            merged[key] = replace(sighting)
            continue
        kept.title = kept.title or sighting.title
        kept.email = kept.email or sighting.email
        kept.phone = kept.phone or sighting.phone
        kept.linkedin_url = kept.linkedin_url or sighting.linkedin_url
    return list(merged.values())
