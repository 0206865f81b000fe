"""The sandbox source: a deterministic synthetic world for test keys, demos and tests.

`get_world()` builds the world once per process from `settings.sandbox_seed`;
`SandboxSource` serves it behind the common source interface; `iter_people` streams a
larger world for benchmarks; `answers` derives plausible answers for everything else.
"""

from leadsmith.sources.sandbox.answers import (
    MISS_SALT,
    SALT,
    SandboxVerdict,
    is_deterministic_miss,
)
from leadsmith.sources.sandbox.entities import (
    SandboxCompany,
    SandboxPerson,
    company_record,
    person_record,
)
from leadsmith.sources.sandbox.generator import iter_people
from leadsmith.sources.sandbox.source import InvalidCursor, SandboxSource
from leadsmith.sources.sandbox.verification import sandbox_verification
from leadsmith.sources.sandbox.world import WORLD_VERSION, SandboxWorld, get_world

__all__ = [
    "MISS_SALT",
    "SALT",
    "WORLD_VERSION",
    "InvalidCursor",
    "SandboxCompany",
    "SandboxPerson",
    "SandboxSource",
    "SandboxVerdict",
    "SandboxWorld",
    "company_record",
    "get_world",
    "is_deterministic_miss",
    "iter_people",
    "person_record",
    "sandbox_verification",
]
