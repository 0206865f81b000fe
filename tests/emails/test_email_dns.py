"""Mail routes from the fake DNS server: MX order, fallbacks, failures, caching."""

from __future__ import annotations

import time

from leadsmith.config import Settings
from leadsmith.emails.dns import MailRouteResolver
from tests.fakes.mailworld import MailWorld


async def test_mx_hosts_in_preference_order(
    world_settings: Settings, mail_world: MailWorld
) -> None:
    route = await MailRouteResolver(world_settings).mail_route("failover.com")
    assert route.kind == "mx"
    assert [(h.name, h.preference) for h in route.hosts] == [
        ("dead.failover.com", 10),
        ("backup.failover.com", 20),
    ]
    assert route.hosts[1].addresses == (mail_world.hosts["backup.failover.com"].address,)


async def test_a_record_fallback_without_mx(
    world_settings: Settings, mail_world: MailWorld
) -> None:
    route = await MailRouteResolver(world_settings).mail_route("aonly.com")
    assert route.kind == "a_fallback"
    assert route.hosts[0].name == "aonly.com"
    assert route.hosts[0].addresses == (mail_world.hosts["aonly.com"].address,)


async def test_null_mx(world_settings: Settings) -> None:
    assert (await MailRouteResolver(world_settings).mail_route("nullmx.com")).kind == "null_mx"


async def test_nxdomain(world_settings: Settings) -> None:
    assert (await MailRouteResolver(world_settings).mail_route("nxdomain.com")).kind == "nxdomain"


async def test_no_mx_and_no_address(world_settings: Settings) -> None:
    assert (await MailRouteResolver(world_settings).mail_route("nomail.com")).kind == "no_mx"


async def test_servfail_is_an_error(world_settings: Settings) -> None:
    route = await MailRouteResolver(world_settings).mail_route("servfail.com")
    assert (route.kind, route.error) == ("error", "servfail")


async def test_timeout_is_an_error(world_settings: Settings) -> None:
    started = time.monotonic()
    route = await MailRouteResolver(world_settings).mail_route("dnstimeout.com")
    assert (route.kind, route.error) == ("error", "timeout")
    assert time.monotonic() - started < 3


async def test_idn_domain_is_looked_up_as_punycode(world_settings: Settings) -> None:
    route = await MailRouteResolver(world_settings).mail_route("xn--bcher-kva.com")
    assert route.kind == "mx"
    assert route.hosts[0].name == "mx.xn--bcher-kva.com"


async def test_answers_are_cached(world_settings: Settings, mail_world: MailWorld) -> None:
    resolver = MailRouteResolver(world_settings)
    await resolver.mail_route("acme.com")
    await resolver.mail_route("nxdomain.com")
    asked = list(mail_world.dns_queries)
    await resolver.mail_route("acme.com")
    await resolver.mail_route("nxdomain.com")  # negative answers are cached too (SOA minimum)
    assert mail_world.dns_queries == asked
    assert ("acme.com", "MX") in asked


async def test_nameserver_port_comes_from_settings(mail_world: MailWorld) -> None:
    settings = Settings(dns_nameservers=mail_world.dns_nameservers, dns_timeout=0.5)
    assert settings.dns_servers() == [("127.0.0.1", mail_world.dns.port)]  # type: ignore[union-attr]
    assert (await MailRouteResolver(settings).mail_route("acme.com")).kind == "mx"
