"""A simulated mail world (DNS + SMTP on loopback) for tests and benchmarks.

Build one with `MailWorld` (add_host / add_domain) or take `build_standard_world()`;
start it with `with world:` and point Leadsmith at it with
`Settings(**world.settings_overrides())` or the environment from `world.env()`.
"""

from .dns_server import FakeDnsServer, Zone
from .smtp_server import FakeSmtpServer, HostedDomain, SmtpBehaviour, SmtpEvent
from .standard import GREYLIST_SECONDS, build_standard_world
from .world import MailWorld, WorldDomain, WorldHost, to_ascii

__all__ = [
    "GREYLIST_SECONDS",
    "FakeDnsServer",
    "FakeSmtpServer",
    "HostedDomain",
    "MailWorld",
    "SmtpBehaviour",
    "SmtpEvent",
    "WorldDomain",
    "WorldHost",
    "Zone",
    "build_standard_world",
    "to_ascii",
]
