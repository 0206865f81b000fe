"""Outbound networking under Leadsmith's SSRF policy."""

from leadsmith.net.addresses import blocked_reason, is_public_address
from leadsmith.net.resolver import Resolver, resolve_host
from leadsmith.net.safe_http import (
    BlockedAddress,
    FetchError,
    FetchResult,
    HostNotFound,
    SafeFetcher,
    TooManyRedirects,
    check_url_allowed,
    check_url_shape,
    resolve_and_check,
)

__all__ = [
    "BlockedAddress",
    "FetchError",
    "FetchResult",
    "HostNotFound",
    "Resolver",
    "SafeFetcher",
    "TooManyRedirects",
    "blocked_reason",
    "check_url_allowed",
    "check_url_shape",
    "is_public_address",
    "resolve_and_check",
    "resolve_host",
]
