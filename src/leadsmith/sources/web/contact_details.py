"""Email addresses and phone numbers as sites write them, obfuscated ones included.

Covers `mailto:`/`tel:` links, plain text, HTML entities (decoded by the parser),
"name [at] example [dot] com" and "name(at)example.com" spellings, full-width @, and
Cloudflare's email protection (`data-cfemail`). "jane at example.com" with a plain dot
is not read: "meet us at example.com" reads the same.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser

from leadsmith.phones.normalise import extract_phones, normalise_phone
from leadsmith.sources.records import PhoneRecord

EMAIL = re.compile(
    r"(?<![\w.+%-])([a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9_%+-])?"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?![\w-])",
    re.I,
)
_AT = r"\s*(?:\[\s*(?:at|@)\s*\]|\(\s*(?:at|@)\s*\)|\{\s*(?:at|@)\s*\}|<\s*at\s*>|＠)\s*"
_DOT = r"\s*(?:\[\s*(?:dot|\.)\s*\]|\(\s*(?:dot|\.)\s*\)|\{\s*(?:dot|\.)\s*\})\s*"
_BRACKET_AT = re.compile(_AT, re.I)
_BRACKET_DOT = re.compile(_DOT, re.I)
# "jane AT example DOT com": both words must be spelled out to count.
_WORDY = re.compile(
    r"\b([a-z0-9][a-z0-9._%+-]*)\s+(?:at|AT|At)\s+"
    r"([a-z0-9-]+(?:\s+(?:dot|DOT|Dot)\s+[a-z0-9-]+)+)\b"
)
_WORDY_DOT = re.compile(r"\s+(?:dot|DOT|Dot)\s+")
_FILE_SUFFIXES = ("png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "css", "js", "ico", "bmp")
_PLACEHOLDER_DOMAINS = frozenset(
    {"example.com", "example.org", "example.net", "domain.com", "yourdomain.com",
     "yourcompany.com", "company.com", "email.com", "mail.com", "sentry.io",
     "wixpress.com", "sentry-next.wixpress.com", "test.com", "acme.example"}
)  # fmt: skip
_PLACEHOLDER_LOCALS = frozenset(
    {"name", "your.name", "yourname", "firstname.lastname", "first.last", "vorname.nachname",
     "prenom.nom", "you", "user", "username", "email", "someone"}
)  # fmt: skip
_HASHLIKE = re.compile(r"^[0-9a-f]{16,}$")


def deobfuscate(text: str) -> str:
    """Rewrite obfuscated spellings of email addresses into plain ones."""
    text = text.replace("＠", "@").replace("﹫", "@")
    text = _BRACKET_AT.sub("@", text)
    text = _BRACKET_DOT.sub(".", text)
    return _WORDY.sub(lambda m: f"{m.group(1)}@{_WORDY_DOT.sub('.', m.group(2))}", text)


def clean_email(candidate: str) -> str | None:
    """A plausible address in lower case, or None for file names, hashes and samples."""
    email = candidate.strip().strip(".,;:<>()[]\"'").lower()
    if email.count("@") != 1:
        return None
    local, domain = email.split("@")
    if not local or not domain or ".." in email:
        return None
    if domain.rsplit(".", 1)[-1] in _FILE_SUFFIXES or domain in _PLACEHOLDER_DOMAINS:
        return None
    if local in _PLACEHOLDER_LOCALS or _HASHLIKE.match(local):
        return None
    return email


def emails_in_text(text: str) -> list[str]:
    """Addresses written in text (obfuscated or not), first occurrence of each."""
    found: list[str] = []
    for match in EMAIL.finditer(deobfuscate(text)):
        email = clean_email(match.group(1))
        if email and email not in found:
            found.append(email)
    return found


def emails_in_mailto(href: str) -> list[str]:
    """Addresses in a `mailto:` link (several, percent-encoded, with ?subject=...)."""
    body = unquote(href.split(":", 1)[1] if ":" in href else href)
    addresses = body.split("?", 1)[0]
    found: list[str] = []
    for part in re.split(r"[,;]", addresses):
        email = clean_email(part)
        if email and EMAIL.fullmatch(email) and email not in found:
            found.append(email)
    return found


def decode_cloudflare_email(encoded: str) -> str | None:
    """The address behind Cloudflare's `data-cfemail` hex (XOR with its first byte)."""
    try:
        data = bytes.fromhex(encoded.strip())
    except ValueError:
        return None
    if len(data) < 2:
        return None
    key = data[0]
    try:
        decoded = bytes(b ^ key for b in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return clean_email(decoded) if EMAIL.fullmatch(decoded) else None


def cloudflare_emails(tree: LexborHTMLParser) -> list[str]:
    """Addresses hidden by Cloudflare's email protection on this page."""
    found: list[str] = []
    for node in tree.css("[data-cfemail]"):
        email = decode_cloudflare_email(node.attributes.get("data-cfemail") or "")
        if email and email not in found:
            found.append(email)
    for node in tree.css('a[href*="email-protection#"]'):
        href = node.attributes.get("href") or ""
        email = decode_cloudflare_email(href.rsplit("#", 1)[-1])
        if email and email not in found:
            found.append(email)
    return found


def phone_from_tel(href: str, country: str | None, *, personal: bool = False) -> PhoneRecord | None:
    """The number in a `tel:` link; local numbers need the site's country."""
    raw = unquote(href.split(":", 1)[1] if ":" in href else href)
    return normalise_phone(raw, country, personal=personal)


def phones_in_text(text: str, country: str | None) -> list[PhoneRecord]:
    """Valid numbers written in text (international ones only without a country)."""
    return [match.record for match in extract_phones(text, country)]
