"""A scripted SMTP server (raw asyncio) that records every command it receives.

Raw asyncio rather than aiosmtpd: the behaviours under test (421 beyond N
sessions, tarpits, dropping the connection after a refusal, refusing EHLO,
greylisting) sit below aiosmtpd's hooks, and one small state machine is easier to
read than a subclass overriding half of aiosmtpd.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import random
import ssl
import time
from dataclasses import dataclass, field
from typing import Literal

Mailbox = Literal["ok", "full", "disabled"]
Reply = tuple[int, str]

USER_UNKNOWN: Reply = (
    550,
    "5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table",
)


@dataclass
class HostedDomain:
    """Mailboxes of one domain on a server: local part (lowercase) -> state."""

    name: str  # ASCII
    users: dict[str, Mailbox] = field(default_factory=dict)
    catch_all: bool = False


@dataclass
class SmtpBehaviour:
    """How one fake server behaves; the defaults are a plain, well-behaved ESMTP server."""

    reply_delay: tuple[float, float] = (0.0, 0.0)  # uniform delay before every reply
    greeting: Reply | None = None  # e.g. (554, "5.7.1 ... blocked"); default 220
    greeting_delay: float = 0.0
    rcpt_delay: float = 0.0  # a tarpit: hold RCPT replies this long
    max_sessions: int | None = None  # sessions beyond this get "421 too many connections"
    ehlo: bool = True  # False: EHLO gets 502, HELO works
    offer_starttls: bool = False
    require_starttls: bool = False
    smtputf8: bool = True
    mail_from_reply: Reply | None = None  # refuse MAIL FROM with this
    rcpt_reply: Reply | None = None  # answer every RCPT with this (blocks, rDNS, policy, 421)
    greylist_seconds: float | None = None  # first RCPT of a triplet gets 450 for this long
    drop_after_reject: bool = False  # hang up right after a 5xx RCPT reply
    max_rcpts: int | None = None  # RCPTs beyond this in one session get 452 4.5.3
    unknown_user_reply: Reply = USER_UNKNOWN
    plus_addressing: bool = True  # john+tag@ is delivered to john@ (recipient_delimiter)


@dataclass
class SmtpEvent:
    """One command received by a fake server."""

    host: str
    session: int
    command: str
    tls: bool
    at: float


class FakeSmtpServer:
    """One MX host bound to its own loopback address; the world's port is shared."""

    def __init__(
        self,
        hostname: str,
        address: str,
        behaviour: SmtpBehaviour,
        *,
        tls_context: ssl.SSLContext | None,
        greylist: dict[tuple[str, str, str], float],
        seed: int = 0,
    ) -> None:
        self.hostname = hostname
        self.address = address
        self.behaviour = behaviour
        self.domains: dict[str, HostedDomain] = {}
        self.events: list[SmtpEvent] = []
        self.active = 0
        self.peak = 0
        self.sessions = 0  # sessions admitted (greeted with 220)
        self.refused_sessions = 0  # sessions turned away with 421 for exceeding max_sessions
        self._tls = tls_context
        self._greylist = greylist
        self._rng = random.Random(seed)
        self._ids = itertools.count(1)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def reset(self) -> None:
        """Forget recorded events and counters (not mailboxes)."""
        self.events.clear()
        self.peak = self.active
        self.sessions = 0
        self.refused_sessions = 0

    async def start(self, port: int) -> None:
        """Listen on address:port."""
        self._server = await asyncio.start_server(self._accept, self.address, port)

    async def stop(self) -> None:
        """Stop listening and cut every open session (tarpits included)."""
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await self._session(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
            pass
        except asyncio.CancelledError:
            # The world is stopping. Ending normally keeps asyncio's stream callback from
            # logging the cancellation as an error.
            pass
        finally:
            self._tasks.discard(task)
            writer.close()

    async def _reply(self, writer: asyncio.StreamWriter, code: int, *lines: str) -> None:
        low, high = self.behaviour.reply_delay
        if high > 0:
            await asyncio.sleep(self._rng.uniform(low, high))
        out = [f"{code}-{line}" for line in lines[:-1]] + [f"{code} {lines[-1]}"]
        writer.write(("\r\n".join(out) + "\r\n").encode("utf-8"))
        await writer.drain()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        b = self.behaviour
        sid = next(self._ids)
        if b.max_sessions is not None and self.active >= b.max_sessions:
            self.refused_sessions += 1
            await self._reply(writer, 421, f"4.7.0 {self.hostname} Too many connections, try later")
            return
        self.active += 1
        self.peak = max(self.peak, self.active)
        counted = True
        peer = writer.get_extra_info("peername")[0]
        tls = False
        helo = False
        mail_from: str | None = None
        utf8 = False
        rcpts = 0
        try:
            if b.greeting_delay:
                await asyncio.sleep(b.greeting_delay)
            code, text = b.greeting or (220, f"{self.hostname} ESMTP fake")
            await self._reply(writer, code, text)
            if code != 220:
                return
            self.sessions += 1
            while True:
                raw = await reader.readline()
                if not raw:
                    return
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                self.events.append(SmtpEvent(self.hostname, sid, line, tls, time.monotonic()))
                verb, _, arg = line.partition(" ")
                verb = verb.upper()
                if verb == "QUIT":
                    # Count the session out before answering, so a client that waits for
                    # 221 can never be seen overlapping its next session.
                    self.active -= 1
                    counted = False
                    await self._reply(writer, 221, "2.0.0 Bye")
                    return
                if verb == "EHLO":
                    if not b.ehlo:
                        await self._reply(writer, 502, "5.5.2 Error: command not recognized")
                        continue
                    helo = True
                    features = [self.hostname, "PIPELINING", "SIZE 10240000", "8BITMIME"]
                    if b.offer_starttls and not tls and self._tls is not None:
                        features.append("STARTTLS")
                    features.append("ENHANCEDSTATUSCODES")
                    if b.smtputf8:
                        features.append("SMTPUTF8")
                    await self._reply(writer, 250, *features)
                elif verb == "HELO":
                    helo = True
                    await self._reply(writer, 250, self.hostname)
                elif verb == "STARTTLS":
                    if not b.offer_starttls or tls or self._tls is None:
                        await self._reply(writer, 502, "5.5.1 STARTTLS not available")
                        continue
                    await self._reply(writer, 220, "2.0.0 Ready to start TLS")
                    await writer.start_tls(self._tls)
                    tls, helo, mail_from = True, False, None
                elif verb == "MAIL":
                    if not helo:
                        await self._reply(writer, 503, "5.5.1 Error: send HELO/EHLO first")
                    elif b.require_starttls and not tls:
                        await self._reply(writer, 530, "5.7.0 Must issue a STARTTLS command first")
                    elif b.mail_from_reply is not None:
                        await self._reply(writer, *b.mail_from_reply)
                    else:
                        mail_from = _address_in(arg)
                        utf8 = "SMTPUTF8" in arg.upper().split()
                        rcpts = 0
                        await self._reply(writer, 250, "2.1.0 Ok")
                elif verb == "RCPT":
                    if mail_from is None:
                        await self._reply(writer, 503, "5.5.1 Error: need MAIL command")
                        continue
                    rcpts += 1
                    code, text = await self._rcpt(_address_in(arg), mail_from, peer, utf8, rcpts)
                    await self._reply(writer, code, *text.split("\n"))
                    if code == 421 or (code >= 500 and b.drop_after_reject):
                        return
                elif verb == "RSET":
                    mail_from, rcpts = None, 0
                    await self._reply(writer, 250, "2.0.0 Ok")
                elif verb == "NOOP":
                    await self._reply(writer, 250, "2.0.0 Ok")
                elif verb == "VRFY":
                    await self._reply(writer, 252, "2.0.0 Cannot VRFY user")
                elif verb == "DATA":
                    await self._reply(writer, 554, "5.5.1 Error: no valid recipients")
                else:
                    await self._reply(writer, 502, "5.5.2 Error: command not recognized")
        finally:
            if counted:
                self.active -= 1

    async def _rcpt(self, address: str, mail_from: str, peer: str, utf8: bool, count: int) -> Reply:
        b = self.behaviour
        if b.max_rcpts is not None and count > b.max_rcpts:
            return 452, "4.5.3 Error: too many recipients"
        if b.rcpt_delay:
            await asyncio.sleep(b.rcpt_delay)
        if b.rcpt_reply is not None:
            return b.rcpt_reply[0], b.rcpt_reply[1].format(rcpt=address)
        if not address.isascii() and not utf8:
            return 553, "5.6.7 Non-ASCII address needs SMTPUTF8"
        if b.greylist_seconds is not None:
            triplet = (peer, mail_from.lower(), address.lower())
            first = self._greylist.setdefault(triplet, time.monotonic())
            left = first + b.greylist_seconds - time.monotonic()
            if left > 0:
                return 450, (
                    f"4.2.0 <{address}>: Recipient address rejected: Greylisted,"
                    f" please try again in {math.ceil(left)} seconds"
                )
        local, _, domain_name = address.rpartition("@")
        domain = self.domains.get(domain_name.lower())
        if domain is None:
            return 554, f"5.7.1 <{address}>: Relay access denied"
        key = _mailbox_key(local)
        state = domain.users.get(key)
        if state is None and b.plus_addressing and "+" in key and not local.startswith('"'):
            state = domain.users.get(key.split("+", 1)[0])
        if state == "ok" or (state is None and domain.catch_all):
            return 250, "2.1.5 Ok"
        if state == "full":
            return 552, f"5.2.2 <{address}>: Mailbox full, over quota"
        if state == "disabled":
            return 550, "5.2.1 The email account that you tried to reach is disabled."
        code, text = b.unknown_user_reply
        return code, text.format(rcpt=address)


def _address_in(arg: str) -> str:
    """The address between <> of a MAIL/RCPT argument (quoted local parts kept)."""
    start, end = arg.find("<"), arg.rfind(">")
    return arg[start + 1 : end] if start != -1 and end > start else arg.split(":", 1)[-1]


def _mailbox_key(local: str) -> str:
    if len(local) >= 2 and local.startswith('"') and local.endswith('"'):
        inner = local[1:-1]
        out, escaped = [], False
        for ch in inner:
            if escaped or ch != "\\":
                out.append(ch)
                escaped = False
            else:
                escaped = True
        local = "".join(out)
    return local.lower()
