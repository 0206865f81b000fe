"""Links to social and business profiles: which network, whose profile, canonical URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

ProfileKind = Literal["company", "person", "unknown"]

_NETWORKS: dict[str, str] = {
    "linkedin.com": "linkedin",
    "twitter.com": "twitter",
    "x.com": "twitter",
    "github.com": "github",
    "gitlab.com": "gitlab",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "instagram.com": "instagram",
    "youtube.com": "youtube",
    "tiktok.com": "tiktok",
    "crunchbase.com": "crunchbase",
    "angel.co": "wellfound",
    "wellfound.com": "wellfound",
    "medium.com": "medium",
    "xing.com": "xing",
    "threads.net": "threads",
    "bsky.app": "bluesky",
    "mastodon.social": "mastodon",
    "pinterest.com": "pinterest",
    "dribbble.com": "dribbble",
    "behance.net": "behance",
    "producthunt.com": "producthunt",
    "glassdoor.com": "glassdoor",
}
# Paths that share, log in or search rather than point at a profile.
_NOT_PROFILES = re.compile(
    r"^/(?:intent|share|sharer|sharearticle|sharing|dialog|login|signup|search|hashtag|"
    r"home|explore|watch|legal|privacy|terms|help|about|settings|policies|feed|"
    r"embed|plugins|tr|i/flow)(?:[/.?]|$)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class SocialProfile:
    """A profile link: `network` slug, canonical `url`, `handle`, and whose it is."""

    network: str
    url: str
    handle: str
    kind: ProfileKind = "unknown"


def _network_for(host: str) -> tuple[str, str] | None:
    host = host.lower().rstrip(".")
    for domain, network in _NETWORKS.items():
        if host == domain or host.endswith("." + domain):
            return domain, network
    return None


def classify_social(url: str) -> SocialProfile | None:
    """The profile `url` points at, or None for other links and share buttons."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    found = _network_for(parts.hostname)
    if found is None:
        return None
    domain, network = found
    path = re.sub(r"/+", "/", parts.path).rstrip("/")
    if not path or _NOT_PROFILES.match(path):
        return None
    segments = [s for s in path.split("/") if s]
    kind: ProfileKind = "unknown"
    if network == "linkedin":
        if len(segments) < 2:
            return None
        section = segments[0].lower()
        if section == "in" or section == "pub":
            kind = "person"
        elif section in ("company", "school", "showcase"):
            kind = "company"
        else:
            return None
        segments = segments[:2]
        domain = "www.linkedin.com"
    elif network == "crunchbase":
        if len(segments) < 2 or segments[0] not in ("organization", "person"):
            return None
        kind = "company" if segments[0] == "organization" else "person"
        segments = segments[:2]
    elif network == "youtube":
        segments = segments[:2] if segments[0] in ("c", "channel", "user") else segments[:1]
    elif network == "xing":
        if len(segments) < 2 or segments[0] not in ("pages", "companies", "profile"):
            return None
        kind = "person" if segments[0] == "profile" else "company"
        segments = segments[:2]
        domain = "www.xing.com"
    else:
        segments = segments[:1]  # owner of a repo, account of a post
    handle = segments[-1].lstrip("@")
    if not handle:
        return None
    if network == "twitter":
        domain = "x.com"  # twitter.com/acme and x.com/acme are one account
    if network != "youtube":  # channel ids are case-sensitive; handles elsewhere are not
        segments = [s.lower() for s in segments]
        handle = handle.lower()
    canonical = f"https://{domain}/" + "/".join(segments)
    return SocialProfile(network=network, url=canonical, handle=handle, kind=kind)
