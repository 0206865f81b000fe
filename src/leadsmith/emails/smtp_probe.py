"""RCPT probing over SMTP without sending mail (EHLO, STARTTLS, MAIL FROM, RCPT, QUIT).

aiosmtplib does the wire work (reply parsing, STARTTLS upgrade, timeouts); MAIL and
RCPT go through `execute_command` so every reply, refusals included, comes back raw
for classification instead of as an exception.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import deque
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import aiosmtplib

from leadsmith.config import Settings
from leadsmith.emails.dns import MailRoute
from leadsmith.emails.host_gate import HostGate
from leadsmith.emails.replies import (
    Outcome,
    SmtpReply,
    classify_rcpt,
    classify_refusal,
    retry_after_hint,
)

# How long to wait before retrying a host that 421'd us, when nothing says otherwise.
THROTTLED_RETRY_AFTER = 60


@dataclass(frozen=True)
class ProbePolicy:
    """Knobs of the prober; defaults suit real servers, tests shrink the waits."""

    max_rcpts_per_session: int = 20  # polite; a server may lower it with 452 4.5.3
    throttle_retries: int = 4  # new-session attempts after 421 "too many connections"
    throttle_backoff: float = 0.5  # first pause after a 421, doubling each time
    max_reconnects: int = 2  # consecutive drops without an answer before giving up
    dead_host_seconds: float = 30.0  # skip a host that refused a connection for this long
    max_hosts_tried: int = 3  # MX hosts (in preference order) tried per session
    catch_all_probe: bool = True


@dataclass(frozen=True)
class Target:
    """One address of one MX host."""

    host: str
    address: str


@dataclass
class AddressProbe:
    """What the probe learned about one address."""

    outcome: Outcome
    reply: SmtpReply | None = None
    mx_host: str | None = None
    retry_after: int | None = None
    tls: bool = False


@dataclass
class DomainProbe:
    """Probe results for one domain: per RCPT address, plus the catch-all test."""

    results: dict[str, AddressProbe] = field(default_factory=dict)
    catch_all: bool | None = None
    catch_all_probe: AddressProbe | None = None


@dataclass(frozen=True)
class ProbeAddress:
    """An address to RCPT, as it goes on the wire."""

    address: str
    smtputf8: bool = False


class SessionUnavailable(Exception):
    """No MX host gave us a usable session; `probe` says why."""

    def __init__(self, probe: AddressProbe, *, try_next_host: bool = True) -> None:
        super().__init__(probe.outcome.value)
        self.probe = probe
        self.try_next_host = try_next_host


class ProbeSession:
    """An SMTP session past MAIL FROM, ready for RCPTs."""

    def __init__(self, smtp: aiosmtplib.SMTP, target: Target, *, tls: bool, utf8: bool) -> None:
        self.smtp = smtp
        self.target = target
        self.tls = tls
        self.smtputf8 = utf8  # MAIL FROM carried SMTPUTF8, so UTF-8 RCPTs are allowed
        self.rcpts_sent = 0

    async def rcpt(self, address: str, *, utf8: bool) -> SmtpReply:
        """Send RCPT TO and return the raw reply (errors raise aiosmtplib exceptions)."""
        encoded = address.encode("utf-8" if utf8 else "ascii")
        response = await self.smtp.execute_command(b"RCPT", b"TO:<" + encoded + b">")
        self.rcpts_sent += 1
        return SmtpReply(response.code, response.message)

    async def close(self) -> None:
        """QUIT and wait for the reply, so the server has counted us out before we go."""
        try:
            if self.smtp.is_connected:
                await self.smtp.quit()
        except (aiosmtplib.SMTPException, OSError, TimeoutError):
            pass
        finally:
            self.smtp.close()


class SmtpProber:
    """Probes mailboxes politely: per-host and global session caps, 421 backoff."""

    def __init__(
        self,
        settings: Settings,
        *,
        per_mx_limit: int | None = None,
        global_limit: int | None = None,
        policy: ProbePolicy | None = None,
    ) -> None:
        self.settings = settings
        self.policy = policy or ProbePolicy()
        self.per_mx_limit = per_mx_limit or settings.smtp_per_mx_limit
        self._global = asyncio.Semaphore(global_limit or settings.smtp_global_limit)
        self._gates: dict[str, HostGate] = {}
        self._dead_until: dict[str, float] = {}
        self._rcpt_limits: dict[str, int] = {}
        self._no_tls: set[str] = set()

    def gate(self, address: str) -> HostGate:
        """The admission gate of one MX address (created on first use)."""
        gate = self._gates.get(address)
        if gate is None:
            gate = self._gates[address] = HostGate(self.per_mx_limit)
        return gate

    @property
    def peak_sessions(self) -> dict[str, int]:
        """Highest number of concurrent sessions we held, per MX address."""
        return {address: gate.peak for address, gate in self._gates.items()}

    async def probe_domain(
        self,
        route: MailRoute,
        addresses: Sequence[ProbeAddress],
        *,
        catch_all: bool | None = None,
    ) -> DomainProbe:
        """RCPT every address of one domain (sessions reused), testing catch-all once."""
        result = DomainProbe(catch_all=catch_all)
        chunk = self.policy.max_rcpts_per_session
        batches = [list(addresses[i : i + chunk]) for i in range(0, len(addresses), chunk)]
        if catch_all is None and self.policy.catch_all_probe and addresses:
            # The random mailbox goes first, in the first session, before the real ones.
            canary = ProbeAddress(f"{_random_local_part()}@{route.domain}")
            first = batches.pop(0) if batches else []
            probes = await self._run_queue(route, [canary, *first])
            result.catch_all_probe = probes.pop(canary.address)
            result.catch_all = _catch_all_from(result.catch_all_probe)
            result.results.update(probes)
        for probes in await asyncio.gather(*(self._run_queue(route, b) for b in batches)):
            result.results.update(probes)
        return result

    async def _run_queue(
        self, route: MailRoute, addresses: Sequence[ProbeAddress]
    ) -> dict[str, AddressProbe]:
        """Work through addresses, opening a new session whenever the server makes us."""
        out: dict[str, AddressProbe] = {}
        queue: deque[ProbeAddress] = deque(addresses)
        drops = 0
        throttles = 0
        while queue:
            need_utf8 = any(a.smtputf8 for a in queue)
            try:
                async with self._session(route, need_utf8=need_utf8) as session:
                    while queue:
                        item = queue[0]
                        if item.smtputf8 and not session.smtputf8:
                            out[item.address] = AddressProbe(
                                Outcome.SMTPUTF8_UNSUPPORTED,
                                mx_host=session.target.host,
                                tls=session.tls,
                            )
                            queue.popleft()
                            continue
                        if session.rcpts_sent >= self._rcpt_limit(session.target):
                            break  # this server wants fewer RCPTs per session
                        try:
                            reply = await session.rcpt(item.address, utf8=item.smtputf8)
                        except aiosmtplib.SMTPTimeoutError:
                            # A tarpit: every further RCPT would cost another full timeout.
                            for rest in queue:
                                out[rest.address] = AddressProbe(
                                    Outcome.TIMEOUT, mx_host=session.target.host, tls=session.tls
                                )
                            queue.clear()
                            break
                        except (aiosmtplib.SMTPServerDisconnected, ConnectionError):
                            # Dropped after an earlier error: reconnect and ask again, bounded.
                            drops += 1
                            if drops > self.policy.max_reconnects:
                                out[item.address] = AddressProbe(
                                    Outcome.CONNECTION_DROPPED, mx_host=session.target.host
                                )
                                queue.popleft()
                                drops = 0
                            break
                        kind = classify_rcpt(reply)
                        if kind is Outcome.TOO_MANY_RECIPIENTS and session.rcpts_sent > 1:
                            # 452 4.5.3: RSET would not help; a fresh session with fewer RCPTs.
                            self._rcpt_limits[session.target.address] = session.rcpts_sent - 1
                            break
                        if kind is Outcome.THROTTLED:
                            throttles += 1
                            pause = self.gate(session.target.address).throttle(
                                self.policy.throttle_backoff
                            )
                            if throttles > self.policy.throttle_retries:
                                out[item.address] = AddressProbe(
                                    kind,
                                    reply,
                                    session.target.host,
                                    retry_after=max(THROTTLED_RETRY_AFTER, int(pause)),
                                )
                                queue.popleft()
                            break
                        drops = 0
                        if kind is Outcome.TOO_MANY_RECIPIENTS:
                            kind = Outcome.TEMPORARY_FAILURE  # refused even the first RCPT
                        out[item.address] = AddressProbe(
                            kind,
                            reply,
                            session.target.host,
                            retry_after=(
                                retry_after_hint(reply) if kind is Outcome.GREYLISTED else None
                            ),
                            tls=session.tls,
                        )
                        queue.popleft()
            except SessionUnavailable as failure:
                for rest in queue:
                    out[rest.address] = failure.probe
                queue.clear()
        return out

    def _rcpt_limit(self, target: Target) -> int:
        return self._rcpt_limits.get(target.address, self.policy.max_rcpts_per_session)

    def _targets(self, route: MailRoute) -> list[Target]:
        targets: list[Target] = []
        for host in route.hosts[: self.policy.max_hosts_tried]:
            targets.extend(Target(host.name, address) for address in host.addresses[:2])
        return targets

    @asynccontextmanager
    async def _session(self, route: MailRoute, *, need_utf8: bool) -> AsyncIterator[ProbeSession]:
        """A ready session to the most preferred MX that takes one; next MX on refusal."""
        loop = asyncio.get_running_loop()
        failure: AddressProbe | None = None
        for attempt in range(self.policy.throttle_retries + 1):
            throttled = False
            for target in self._targets(route):
                if self._dead_until.get(target.address, 0.0) > loop.time():
                    failure = failure or AddressProbe(
                        Outcome.CONNECTION_REFUSED, mx_host=target.host
                    )
                    continue
                gate = self.gate(target.address)
                async with gate.slot(), self._global:
                    try:
                        session = await self._handshake(target, need_utf8=need_utf8)
                    except SessionUnavailable as refused:
                        outcome = refused.probe.outcome
                        if outcome is Outcome.THROTTLED:
                            throttled = True
                            gate.throttle(self.policy.throttle_backoff)
                        elif outcome is Outcome.CONNECTION_REFUSED:
                            self._dead_until[target.address] = (
                                loop.time() + self.policy.dead_host_seconds
                            )
                        if failure is None or _more_telling(refused.probe, failure):
                            failure = refused.probe
                        if not refused.try_next_host:
                            raise
                        continue
                    gate.succeeded()
                    try:
                        yield session
                    finally:
                        await session.close()
                    return
            if not throttled or attempt == self.policy.throttle_retries:
                break
            # Every host that answered said 421: the gate pauses us before the next round.
        if failure is None:
            failure = AddressProbe(Outcome.CONNECTION_REFUSED)
        if failure.outcome is Outcome.THROTTLED and failure.retry_after is None:
            failure.retry_after = THROTTLED_RETRY_AFTER
        raise SessionUnavailable(failure)

    async def _handshake(self, target: Target, *, need_utf8: bool) -> ProbeSession:
        """Connect, EHLO (HELO fallback), STARTTLS when offered, MAIL FROM."""
        settings = self.settings
        smtp = aiosmtplib.SMTP(
            hostname=target.address,
            port=settings.smtp_port,
            local_hostname=settings.helo_name,
            timeout=settings.smtp_timeout,
            use_tls=False,
            start_tls=False,
            validate_certs=False,
        )
        try:
            return await self._open(smtp, target, need_utf8=need_utf8)
        except BaseException:
            smtp.close()
            raise

    async def _open(
        self, smtp: aiosmtplib.SMTP, target: Target, *, need_utf8: bool
    ) -> ProbeSession:
        host = target.host

        def refused(reply: SmtpReply, *, next_host: bool = True) -> SessionUnavailable:
            outcome = classify_refusal(reply)
            retry = THROTTLED_RETRY_AFTER if outcome is Outcome.THROTTLED else None
            return SessionUnavailable(
                AddressProbe(outcome, reply, host, retry_after=retry), try_next_host=next_host
            )

        try:
            await smtp.connect()
        except aiosmtplib.SMTPConnectResponseError as exc:
            raise refused(SmtpReply(exc.code, exc.message)) from exc
        except aiosmtplib.SMTPTimeoutError as exc:  # connect or greeting timed out
            raise SessionUnavailable(AddressProbe(Outcome.TIMEOUT, mx_host=host)) from exc
        except (aiosmtplib.SMTPConnectError, aiosmtplib.SMTPServerDisconnected, OSError) as exc:
            raise SessionUnavailable(
                AddressProbe(Outcome.CONNECTION_REFUSED, mx_host=host)
            ) from exc

        try:
            await self._greet(smtp, target)
            tls = False
            if smtp.supports_extension("starttls") and target.address not in self._no_tls:
                tls = await self._starttls(smtp, target)
            utf8 = need_utf8 and smtp.supports_extension("smtputf8")
            args = [b"FROM:<" + self.settings.mail_from.encode("ascii") + b">"]
            if utf8:
                args.append(b"SMTPUTF8")
            response = await smtp.execute_command(b"MAIL", *args)
            reply = SmtpReply(response.code, response.message)
            if response.code != 250:
                outcome = classify_refusal(reply)
                if outcome not in (
                    Outcome.THROTTLED,
                    Outcome.BLOCKED,
                    Outcome.REVERSE_DNS,
                    Outcome.TLS_REQUIRED,
                ):
                    outcome = Outcome.MAIL_FROM_REFUSED
                retry = THROTTLED_RETRY_AFTER if outcome is Outcome.THROTTLED else None
                # The other MX hosts of a domain share its policy: do not shop around.
                raise SessionUnavailable(
                    AddressProbe(outcome, reply, host, retry_after=retry, tls=tls),
                    try_next_host=outcome is Outcome.THROTTLED,
                )
        except aiosmtplib.SMTPTimeoutError as exc:
            raise SessionUnavailable(AddressProbe(Outcome.TIMEOUT, mx_host=host)) from exc
        except aiosmtplib.SMTPServerDisconnected as exc:
            raise SessionUnavailable(
                AddressProbe(Outcome.CONNECTION_DROPPED, mx_host=host)
            ) from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise refused(SmtpReply(exc.code, exc.message)) from exc
        return ProbeSession(smtp, target, tls=tls, utf8=utf8)

    async def _greet(self, smtp: aiosmtplib.SMTP, target: Target) -> None:
        try:
            await smtp.ehlo()
            return
        except aiosmtplib.SMTPHeloError as exc:
            if exc.code == 421 or not smtp.is_connected:
                raise
        # Old servers answer 500/502 to EHLO: plain HELO still lets us probe.
        try:
            await smtp.helo()
        except aiosmtplib.SMTPHeloError as exc:
            if exc.code == 421:
                raise
            reply = SmtpReply(exc.code, exc.message)
            raise SessionUnavailable(
                AddressProbe(Outcome.HELO_REFUSED, reply, target.host), try_next_host=True
            ) from exc

    async def _starttls(self, smtp: aiosmtplib.SMTP, target: Target) -> bool:
        """Upgrade to TLS (no certificate checks: we only read replies). False if refused."""
        try:
            response = await smtp.starttls(validate_certs=False)
        except aiosmtplib.SMTPResponseException:
            return False  # 454 TLS not available: carry on in clear text
        except (aiosmtplib.SMTPServerDisconnected, OSError) as exc:
            # The handshake broke the connection: next sessions to this host skip TLS.
            self._no_tls.add(target.address)
            raise SessionUnavailable(
                AddressProbe(Outcome.TLS_FAILED, mx_host=target.host), try_next_host=True
            ) from exc
        if response.code != 220:
            return False
        # RFC 3207: forget what we learned before TLS; EHLO again.
        await smtp.ehlo()
        return True


def _random_local_part() -> str:
    # Long and random enough that no real mailbox can have it.
    return "ls-" + secrets.token_hex(10)


def _catch_all_from(probe: AddressProbe) -> bool | None:
    if probe.outcome is Outcome.ACCEPTED:
        return True
    if probe.outcome in (Outcome.USER_UNKNOWN, Outcome.DISABLED):
        return False
    return None


# When every MX fails, report the reason that tells the user most.
_TELLING = {
    Outcome.BLOCKED: 9,
    Outcome.REVERSE_DNS: 9,
    Outcome.MAIL_FROM_REFUSED: 8,
    Outcome.POLICY: 8,
    Outcome.TLS_REQUIRED: 7,
    Outcome.HELO_REFUSED: 6,
    Outcome.THROTTLED: 5,
    Outcome.TEMPORARY_FAILURE: 4,
    Outcome.TIMEOUT: 3,
    Outcome.TLS_FAILED: 3,
    Outcome.CONNECTION_DROPPED: 2,
    Outcome.CONNECTION_REFUSED: 1,
}


def _more_telling(new: AddressProbe, old: AddressProbe) -> bool:
    return _TELLING.get(new.outcome, 4) > _TELLING.get(old.outcome, 4)
