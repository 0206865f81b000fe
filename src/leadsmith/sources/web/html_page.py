"""One fetched HTML page, parsed once: title, meta tags, links and readable text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Elements whose text is never shown to a reader.
_HIDDEN = "script, style, noscript, template, svg, iframe, object, canvas, head"
# Elements that start a new line of text; inline ones (a, b, span...) do not.
_BLOCKS = (
    "address, article, aside, blockquote, dd, div, dl, dt, fieldset, figcaption, figure,"
    " footer, form, h1, h2, h3, h4, h5, h6, header, hr, li, main, nav, ol, p, pre, section,"
    " table, tr, td, th, ul, caption, summary, details, option, label, button"
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


@dataclass(frozen=True, slots=True)
class Link:
    """An `<a href>` resolved against the page, fragment removed, with its visible text."""

    url: str
    text: str
    rel: str = ""


@dataclass(slots=True)
class HtmlPage:
    """A parsed page; `tree` is selectolax's DOM for the extractors."""

    url: str
    tree: LexborHTMLParser
    title: str = ""
    lang: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)

    def meta_value(self, *names: str) -> str | None:
        """The first non-empty `<meta name|property=...>` content among `names`."""
        for name in names:
            value = self.meta.get(name.lower())
            if value:
                return value
        return None


def squash(text: str) -> str:
    """Collapse runs of whitespace into single spaces and trim."""
    return " ".join(text.split())


def node_text(node: LexborNode) -> str:
    """The text of one element on one line."""
    return squash(node.text(separator=" "))


def parse_html(url: str, html: str) -> HtmlPage:
    """Parse `html` fetched from `url`."""
    tree = LexborHTMLParser(html)
    base = url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = urljoin(url, (base_node.attributes.get("href") or "").strip())
    meta: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        key = node.attributes.get("property") or node.attributes.get("name") or ""
        key = key.strip().lower()
        content = squash(node.attributes.get("content") or "")
        if key and content and key not in meta:
            meta[key] = content
    title_node = tree.css_first("title")
    html_node = tree.css_first("html")
    lang = (html_node.attributes.get("lang") or None) if html_node is not None else None
    links: list[Link] = []
    for node in tree.css("a[href], area[href]"):
        href = (node.attributes.get("href") or "").strip()
        if not href or href.startswith("#") or href.lower().startswith("javascript:"):
            continue
        if href.lower().startswith(("mailto:", "tel:", "callto:")):
            target = href
        else:
            try:
                target = urldefrag(urljoin(base, href)).url
            except ValueError:
                continue
        text = node_text(node) or squash(node.attributes.get("title") or "")
        links.append(Link(target, text, (node.attributes.get("rel") or "").lower()))
    return HtmlPage(
        url=url,
        tree=tree,
        title=node_text(title_node) if title_node is not None else "",
        lang=lang,
        meta=meta,
        links=links,
    )


def visible_text(page: HtmlPage) -> str:
    """The page's readable text, one block per line. Changes the tree: call last."""
    tree = page.tree
    for node in tree.css(_HIDDEN):
        node.decompose()
    for node in tree.css("br"):
        node.insert_after("\n")
    for node in tree.css(_BLOCKS):
        node.insert_before("\n")
        node.insert_after("\n")
    root = tree.body or tree.root
    if root is None:
        return ""
    text = root.text(separator="")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()
