"""The email verification engine: syntax, DNS, SMTP probe, flags, verdict, cache."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from leadsmith.config import Settings, get_settings
from leadsmith.emails.cache import InMemoryVerificationCache, TtlStore, VerificationCache
from leadsmith.emails.dns import MailRoute, MailRouteResolver
from leadsmith.emails.flags import is_disposable, is_free_provider, is_role
from leadsmith.emails.models import Reason, Status, Verification
from leadsmith.emails.smtp_probe import AddressProbe, ProbeAddress, ProbePolicy, SmtpProber
from leadsmith.emails.syntax import EmailSyntaxError, ParsedEmail, parse_email
from leadsmith.emails.verdicts import Verdict, dns_verdict, smtp_verdict, syntax_verdict

__all__ = ["EmailVerifier", "ProbePolicy", "Verification"]

ProgressCallback = Callable[[int, int], None]

# Only definite verdicts are worth keeping; "unknown" should be asked again next time.
_CACHEABLE: frozenset[Status] = frozenset({"valid", "invalid", "risky"})


class EmailVerifier:
    """Verifies addresses; one instance shares caches and politeness limits across calls."""

    def __init__(
        self,
        settings: Settings | None = None,
        cache: VerificationCache | None = None,
        per_mx_limit: int | None = None,
        global_limit: int | None = None,
        *,
        policy: ProbePolicy | None = None,
        cache_ttl_seconds: float | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.cache: VerificationCache = cache if cache is not None else InMemoryVerificationCache()
        self.cache_ttl = (
            cache_ttl_seconds
            if cache_ttl_seconds is not None
            else float(self.settings.verify_cache_ttl_seconds)
        )
        self.resolver = MailRouteResolver(self.settings)
        self.prober = SmtpProber(
            self.settings, per_mx_limit=per_mx_limit, global_limit=global_limit, policy=policy
        )
        self._catch_all: TtlStore[bool] = TtlStore()

    async def verify(self, email: str) -> Verification:
        """Verify one address."""
        return (await self.verify_many([email]))[0]

    async def verify_many(
        self, emails: Sequence[str], on_progress: ProgressCallback | None = None
    ) -> list[Verification]:
        """Verify many addresses, grouped by domain to reuse sessions; keeps input order."""
        total = len(emails)
        results: list[Verification | None] = [None] * total
        done = 0

        def finished(count: int) -> None:
            nonlocal done
            done += count
            if on_progress is not None:
                on_progress(done, total)

        positions: dict[str, list[int]] = {}
        parsed_by_key: dict[str, ParsedEmail] = {}
        for i, email in enumerate(emails):
            try:
                parsed = parse_email(email)
            except EmailSyntaxError as exc:
                results[i] = _syntax_result(email, str(exc))
                finished(1)
                continue
            key = parsed.normalized
            positions.setdefault(key, []).append(i)
            parsed_by_key.setdefault(key, parsed)

        by_domain: dict[str, list[str]] = {}
        for key, parsed in parsed_by_key.items():
            hit = await self.cache.get(key)
            if hit is not None:
                for i in positions[key]:
                    results[i] = dataclasses.replace(hit, email=emails[i], cached=True)
                finished(len(positions[key]))
                continue
            by_domain.setdefault(parsed.ascii_domain, []).append(key)

        async def run_domain(domain: str, keys: list[str]) -> None:
            verdicts = await self._verify_domain(domain, [parsed_by_key[k] for k in keys])
            for key, result in zip(keys, verdicts, strict=True):
                if result.status in _CACHEABLE:
                    await self.cache.put(key, result, self.cache_ttl)
                for i in positions[key]:
                    results[i] = dataclasses.replace(result, email=emails[i])
                finished(len(positions[key]))

        await asyncio.gather(*(run_domain(d, keys) for d, keys in by_domain.items()))
        return [r for r in results if r is not None]

    async def aclose(self) -> None:
        """Release resources (sessions are closed after each domain; nothing stays open)."""
        self._catch_all = TtlStore()

    async def __aenter__(self) -> EmailVerifier:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _verify_domain(self, domain: str, addresses: list[ParsedEmail]) -> list[Verification]:
        route = await self.resolver.mail_route(domain)
        decided = dns_verdict(route.kind)
        if decided is not None:
            return [_result(p, decided, route) for p in addresses]
        known_catch_all = self._catch_all.get(domain)
        probe = await self.prober.probe_domain(
            route,
            [ProbeAddress(p.smtp_address, p.smtputf8) for p in addresses],
            catch_all=known_catch_all,
        )
        if known_catch_all is None and probe.catch_all is not None:
            self._catch_all.put(domain, probe.catch_all, self.cache_ttl)
        out: list[Verification] = []
        for parsed in addresses:
            smtp = probe.results[parsed.smtp_address]
            verdict = smtp_verdict(
                smtp.outcome,
                catch_all=probe.catch_all,
                disposable=is_disposable(parsed.ascii_domain),
                role=is_role(parsed.local_part),
            )
            out.append(_result(parsed, verdict, route, smtp, probe.catch_all))
        return out


def _result(
    parsed: ParsedEmail,
    verdict: Verdict,
    route: MailRoute,
    smtp: AddressProbe | None = None,
    catch_all: bool | None = None,
) -> Verification:
    checks: dict[str, Any] = {
        "syntax": True,
        "domain": parsed.domain,
        "ascii_domain": parsed.ascii_domain,
        "plus_tag": parsed.plus_tag,
        "base_address": parsed.base_address,
        "quoted_local_part": parsed.quoted,
        "smtputf8_required": parsed.smtputf8,
        "mx": {
            "found": route.deliverable,
            "kind": route.kind,
            "hosts": [h.name for h in route.hosts],
            "error": route.error,
        },
        "smtp": None if smtp is None else {"outcome": smtp.outcome.value, "tls": smtp.tls},
        "catch_all": catch_all,
        "disposable": is_disposable(parsed.ascii_domain),
        "role": is_role(parsed.local_part),
        "free": is_free_provider(parsed.ascii_domain),
    }
    reply = smtp.reply if smtp is not None else None
    return Verification(
        email=parsed.original,
        normalized=parsed.normalized,
        status=verdict.status,
        reason=verdict.reason.value,
        score=verdict.score,
        checks=checks,
        smtp_code=reply.code if reply is not None else None,
        smtp_message=reply.message if reply is not None else None,
        mx_host=smtp.mx_host if smtp is not None else None,
        retry_after=smtp.retry_after if smtp is not None else None,
    )


def _syntax_result(email: str, error: str) -> Verification:
    verdict = syntax_verdict()
    return Verification(
        email=email,
        normalized=None,
        status=verdict.status,
        reason=Reason.SYNTAX.value,
        score=verdict.score,
        checks={"syntax": False, "syntax_error": error},
    )
