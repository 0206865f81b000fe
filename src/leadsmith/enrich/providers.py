"""Which sources a workspace uses, in what order, with which keys; and their health.

Provider keys come from the workspace's settings JSON
(`{"providers": {"hunter": {"api_key": "sealed:v1:..."}, "order": [...]}}`, sealed under the
server secret by `set_workspace_key`; a key written in clear still works) and fall back to the
server's settings (`LEADSMITH_HUNTER_API_KEY`, `LEADSMITH_PDL_API_KEY`). A provider can be
switched off per workspace with `{"providers": {"web": {"enabled": false}}}`.
Test keys use the sandbox only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from cryptography.exceptions import InvalidTag

from leadsmith.accounts.models import Workspace
from leadsmith.accounts.secrets import seal_text, unseal_text
from leadsmith.config import Settings, get_settings
from leadsmith.enrich.pdl_once import PDLOnce
from leadsmith.sources.base import Source, SourceHealth
from leadsmith.sources.http_provider import pooled_client
from leadsmith.sources.hunter import HunterSource
from leadsmith.sources.pdl import PDLSource
from leadsmith.sources.sandbox import SandboxSource
from leadsmith.sources.smtp_finder import AddressVerifier, PatternLookup, SmtpFinderSource
from leadsmith.sources.web import WebSource

log = logging.getLogger(__name__)

# Cheapest and most trusted first: the workspace's own index, Leadsmith's own finder and
# crawler (free), then paid providers by price per answer.
DEFAULT_ORDER: tuple[str, ...] = ("local", "smtp", "web", "hunter", "pdl")
KEYED = frozenset({"hunter", "pdl"})
HEALTH_TIMEOUT = 5.0

LocalFactory = Callable[[Workspace], Source | None]
_local_factory: LocalFactory | None = None


def register_local_source(factory: LocalFactory | None) -> None:
    """Let the workspace index (`leadsmith.search`) plug in as the `local` source."""
    global _local_factory
    _local_factory = factory


def _local_source(workspace: Workspace | None) -> Source | None:
    """The workspace's own index as a source (a registered factory wins)."""
    if workspace is None:
        return None
    if _local_factory is not None:
        return _local_factory(workspace)
    from leadsmith.sources.local import LocalSource  # the index package is optional here

    return LocalSource(workspace.id)


def _provider_settings(workspace: Workspace | None) -> dict[str, Any]:
    raw = (workspace.settings or {}).get("providers") if workspace is not None else None
    return raw if isinstance(raw, dict) else {}


def provider_option(workspace: Workspace | None, name: str, option: str) -> Any:
    """One option of one provider from the workspace's settings (None when unset)."""
    entry = _provider_settings(workspace).get(name)
    return entry.get(option) if isinstance(entry, dict) else None


def _key_label(workspace: Workspace, name: str) -> str:
    return f"provider-key\0{workspace.id}\0{name}"


def workspace_key(workspace: Workspace | None, name: str) -> str | None:
    """The workspace's own key for a provider (kept sealed; see `set_workspace_key`)."""
    own = provider_option(workspace, name, "api_key")
    if workspace is None or not isinstance(own, str) or not own:
        return None
    try:
        return unseal_text(_key_label(workspace, name), own)
    except (InvalidTag, ValueError):
        # Sealed under another server secret (or copied from elsewhere): unusable.
        log.warning("workspace %s: its %s key cannot be opened; set it again", workspace.id, name)
        return None


def _save_providers(workspace: Workspace, change: Callable[[dict[str, Any]], None]) -> None:
    """Apply `change` to a fresh copy of the provider settings (a JSON column needs a new
    value to be saved) and store it on the workspace."""
    providers = {
        name: dict(value) if isinstance(value, dict) else value
        for name, value in _provider_settings(workspace).items()
    }
    change(providers)
    workspace.settings = {**(workspace.settings or {}), "providers": providers}


def _entry(providers: dict[str, Any], name: str) -> dict[str, Any]:
    found = providers.get(name)
    entry: dict[str, Any] = found if isinstance(found, dict) else {}
    providers[name] = entry
    return entry


def set_workspace_key(workspace: Workspace, name: str, key: str | None) -> None:
    """Store (sealed under the server secret, never in clear) or clear a provider key."""

    def change(providers: dict[str, Any]) -> None:
        entry = _entry(providers, name)
        if key:
            entry["api_key"] = seal_text(_key_label(workspace, name), key)
        else:
            entry.pop("api_key", None)

    _save_providers(workspace, change)


def set_provider_order(workspace: Workspace, order: list[str], enabled: dict[str, bool]) -> None:
    """Store the waterfall order and which sources are switched on."""

    def change(providers: dict[str, Any]) -> None:
        providers["order"] = list(order)
        for name, on in enabled.items():
            _entry(providers, name)["enabled"] = on

    _save_providers(workspace, change)


def api_key(workspace: Workspace | None, name: str, settings: Settings) -> str | None:
    """The provider's key: the workspace's own, else the server's."""
    own = workspace_key(workspace, name)
    if own:
        return own
    return {"hunter": settings.hunter_api_key, "pdl": settings.pdl_api_key}.get(name)


def is_enabled(workspace: Workspace | None, name: str) -> bool:
    return provider_option(workspace, name, "enabled") is not False


def provider_order(workspace: Workspace | None) -> list[str]:
    """The workspace's configured order (unknown names dropped), else the default."""
    wanted = _provider_settings(workspace).get("order")
    if isinstance(wanted, list) and wanted:
        order = [n for n in wanted if isinstance(n, str) and n in DEFAULT_ORDER]
        return order + [n for n in DEFAULT_ORDER if n not in order]
    return list(DEFAULT_ORDER)


@dataclass(slots=True)
class SourceSet:
    """Sources built for one workspace; close them when done."""

    sources: list[Source]
    local: Source | None
    owned: list[Source]
    client: httpx.AsyncClient | None = None

    async def aclose(self) -> None:
        for source in self.owned:
            await source.aclose()
        if self.client is not None:
            await self.client.aclose()


def provider_client(
    settings: Settings, *, pools: int = 1, connections_per_pool: int = 32
) -> httpx.AsyncClient:
    """One client for a lookup set's paid providers (a request), or a whole bulk job's.

    A bulk job passes `pools`: its requests in flight are spread over that many small
    connection pools, which costs far less CPU than one big pool (see `SpreadTransport`).
    """
    return pooled_client(
        timeout=settings.http_timeout, pools=pools, connections_per_pool=connections_per_pool
    )


def build_sources(
    workspace: Workspace | None,
    *,
    test: bool,
    verifier: AddressVerifier | None = None,
    patterns: PatternLookup | None = None,
    web: Source | None = None,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
) -> SourceSet:
    """The sources a workspace's lookups use, in order; test keys get the sandbox only.

    Paid providers share `client` when given (the caller closes it), else one made here.
    """
    if test:
        return SourceSet([SandboxSource()], None, [])
    settings = settings or get_settings()
    local = _local_source(workspace)
    sources: list[Source] = []
    owned: list[Source] = []
    shared = client
    own_client: httpx.AsyncClient | None = None
    for name in provider_order(workspace):
        if not is_enabled(workspace, name):
            continue
        if name == "smtp" and verifier is not None:
            sources.append(SmtpFinderSource(verifier, patterns=patterns))
        elif name == "web":
            if web is None:
                web = WebSource(settings=settings)
                owned.append(web)
            sources.append(web)
        elif name in KEYED:
            key = api_key(workspace, name, settings)
            if not key:
                continue  # not configured: skip rather than ask a provider that will refuse
            if shared is None:
                shared = own_client = provider_client(settings)
            source: Source = (
                HunterSource(key, settings=settings, client=shared)
                if name == "hunter"
                else PDLOnce(key, settings=settings, client=shared)
            )
            sources.append(source)
            owned.append(source)
    if local is not None and not is_enabled(workspace, "local"):
        local = None
    return SourceSet(sources, local, owned, own_client)


async def provider_statuses(
    workspace: Workspace | None, *, test: bool, settings: Settings | None = None
) -> list[dict[str, Any]]:
    """Every source with enabled / configured / healthy, in waterfall order."""
    settings = settings or get_settings()
    if test:
        sandbox = SandboxSource()
        health = await sandbox.health()
        return [_status("sandbox", 1, health, cost=0.0, network=False)]
    out: list[dict[str, Any]] = []
    checks: list[tuple[int, asyncio.Task[SourceHealth]]] = []
    owned: list[Source] = []
    for position, name in enumerate(provider_order(workspace), start=1):
        enabled = is_enabled(workspace, name)
        if name == "local":
            configured = _local_source(workspace) is not None
            health = SourceHealth(
                enabled,
                configured,
                configured,
                None if configured else "workspace index not available",
            )
            out.append(_status(name, position, health, cost=0.0, network=False))
            continue
        if name in KEYED:
            key = api_key(workspace, name, settings)
            source: Source = (
                HunterSource(key or "", settings=settings)
                if name == "hunter"
                else PDLSource(key or "", settings=settings)
            )
            if not key or not enabled:
                await source.aclose()
                health = SourceHealth(
                    enabled, bool(key), False, "no API key" if not key else "disabled"
                )
                out.append(_status(name, position, health, cost=source.cost, network=True))
                continue
            owned.append(source)
            out.append(_status(name, position, None, cost=source.cost, network=True))
            checks.append((len(out) - 1, asyncio.create_task(_health(source))))
            continue
        # smtp and web need no key: configured by the server's own network settings.
        health = SourceHealth(enabled, True, enabled, None if enabled else "disabled")
        out.append(_status(name, position, health, cost=0.0, network=True))
    for index, task in checks:
        health = await task
        out[index].update(
            enabled=health.enabled,
            configured=health.configured,
            healthy=health.healthy,
            detail=health.detail,
        )
    for source in owned:
        await source.aclose()
    return out


async def _health(source: Source) -> SourceHealth:
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT):
            return await source.health()
    except TimeoutError:
        return SourceHealth(True, True, False, f"no answer within {HEALTH_TIMEOUT:g}s")
    except Exception as exc:  # a health probe must never break the listing
        return SourceHealth(True, True, False, f"{type(exc).__name__}: {exc}")


def _status(
    name: str, position: int, health: SourceHealth | None, *, cost: float, network: bool
) -> dict[str, Any]:
    return {
        "name": name,
        "order": position,
        "enabled": health.enabled if health else True,
        "configured": health.configured if health else True,
        "healthy": health.healthy if health else None,
        "detail": health.detail if health else None,
        "cost_per_lookup_usd": cost,
        "uses_network": network,
    }
