"""Local fakes of the external providers and search engines, speaking their JSON.

Each fake is a real HTTP server on 127.0.0.1 (start/stop or `with`), simulates the
provider over a small world you fill in, and can be scripted per route with
`queue()`/`always()`; `calls_to()`/`count()` tell what clients sent. Fixtures for
pytest live in `tests.fakes.providers.fixtures`.
"""

from tests.fakes.providers.hunter import FakeHunter, HunterPerson
from tests.fakes.providers.pdl import FakePDL, person_record
from tests.fakes.providers.search import FakeBrave, FakeSearxng, Page, SearchIndex
from tests.fakes.providers.server import Call, FakeProviderServer, Reply, malformed, reply
from tests.fakes.providers.sleep import RecordedSleep

__all__ = [
    "Call",
    "FakeBrave",
    "FakeHunter",
    "FakePDL",
    "FakeProviderServer",
    "FakeSearxng",
    "HunterPerson",
    "Page",
    "RecordedSleep",
    "Reply",
    "SearchIndex",
    "malformed",
    "person_record",
    "reply",
]
