"""Local index search latency on 1,000,000 sandbox people, SQLite (FTS5) and PostgreSQL
(tsvector + GIN).

Builds the index from the sandbox's streaming generator, then runs 50 filtered prompts
through the parser and `leadsmith.search.index.search_people` (the path `LocalSource`
takes) and prints p50/p95 latency, build time and index size per backend. Goal: p95 under
100 ms.

    python3 bench/search_latency.py [--people 1000000] [--backend sqlite|postgresql|both]
        [--pg-url postgresql://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROLES = [
    "founders",
    "CTOs",
    "VP of Sales",
    "marketing directors",
    "engineering managers",
    "heads of product",
    "CFOs",
    "sales managers",
    "data scientists",
    "recruiters",
]
PLACES = ["in India", "in Germany", "in the United States", "in London", "in France"]
EXTRAS = ["", "at SaaS companies", "in fintech", "at startups with 11-50 employees", "using AWS"]
COLUMNS = [
    "workspace_id",
    "first_name",
    "last_name",
    "full_name",
    "title",
    "seniority",
    "department",
    "email",
    "phone",
    "linkedin_url",
    "country",
    "region",
    "city",
    "skills",
    "company_name",
    "company_domain",
    "industry",
    "employees",
    "technologies",
    "search_text",
]
WORKSPACE_ID = "00000000-0000-0000-0000-00000000bench"[:36]


def prompts() -> list[str]:
    """50 filtered prompts: every role in every place, with a company filter on most."""
    out = []
    for i, role in enumerate(ROLES):
        for j, place in enumerate(PLACES):
            extra = EXTRAS[(i + j) % len(EXTRAS)]
            out.append(f"{role} {extra} {place}".replace("  ", " "))
    return out


def rows(n: int, seed: int) -> Iterator[tuple[Any, ...]]:
    """Index rows for the first `n` people of the sandbox world of that size."""
    from leadsmith.search.index import filter_tokens, search_text
    from leadsmith.sources.sandbox import iter_people

    for p in iter_people(n, seed):
        c = p.company
        skills, techs = ", ".join(p.skills), ", ".join(c.technologies)
        text = search_text(
            p.full_name,
            p.title,
            c.name,
            c.domain,
            skills,
            p.city,
            p.region,
            c.industry,
            techs,
            p.department,
            filter_tokens(
                country=p.country,
                city=p.city,
                seniority=p.seniority,
                department=p.department,
                industry=c.industry,
                employees=c.employees,
            ),
        )
        yield (
            WORKSPACE_ID,
            p.first_name,
            p.last_name,
            p.full_name,
            p.title,
            p.seniority,
            p.department,
            p.email,
            p.phone,
            p.linkedin_url,
            p.country,
            p.region,
            p.city,
            skills,
            c.name,
            c.domain,
            c.industry,
            c.employees,
            techs,
            text,
        )


def _workspace_sql() -> str:
    return (
        "INSERT INTO workspaces (id, name, plan, subscription_status, overage_enabled,"
        " created_at) VALUES (%s, 'bench', 'pro', 'active', false, now())"
    )


def build_sqlite(path: Path, n: int, seed: int) -> float:
    from leadsmith.db.migrate import upgrade

    upgrade(f"sqlite+aiosqlite:///{path}")
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute(
        "INSERT INTO workspaces (id, name, plan, subscription_status, overage_enabled,"
        " created_at) VALUES (?, 'bench', 'pro', 'active', 0, datetime('now'))",
        (WORKSPACE_ID,),
    )
    sql = (
        f"INSERT INTO index_people ({', '.join(COLUMNS)})"
        f" VALUES ({', '.join('?' for _ in COLUMNS)})"
    )
    batch: list[tuple[Any, ...]] = []
    for row in rows(n, seed):
        batch.append(row)
        if len(batch) == 20000:
            conn.executemany(sql, batch)
            batch.clear()
    if batch:
        conn.executemany(sql, batch)
    conn.execute("INSERT INTO index_people_fts(index_people_fts) VALUES ('optimize')")
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - start


def build_postgres(admin_url: str, n: int, seed: int) -> tuple[str, float]:
    import psycopg

    from leadsmith.db.migrate import upgrade

    name = "leadsmith_bench_search"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0]
    upgrade(f"{base.replace('postgresql://', 'postgresql+asyncpg://')}/{name}")
    start = time.perf_counter()
    with psycopg.connect(f"{base}/{name}") as conn:
        conn.execute(_workspace_sql(), (WORKSPACE_ID,))
        # The GIN index is built once after loading: far faster than row by row.
        conn.execute("DROP INDEX ix_index_people_search_vector")
        with conn.cursor().copy(f"COPY index_people ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows(n, seed):
                copy.write_row(row)
        conn.execute(
            "CREATE INDEX ix_index_people_search_vector ON index_people USING GIN (search_vector)"
        )
        conn.commit()
    with psycopg.connect(f"{base}/{name}", autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE index_people")
    return f"{base.replace('postgresql://', 'postgresql+asyncpg://')}/{name}", (
        time.perf_counter() - start
    )


def size_sqlite(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def size_postgres(url: str) -> int:
    import psycopg

    with psycopg.connect(url.replace("postgresql+asyncpg://", "postgresql://")) as conn:
        row = conn.execute("SELECT pg_total_relation_size('index_people')").fetchone()
    return int(row[0]) if row else 0


async def measure(url: str) -> list[tuple[str, float, int]]:
    """(prompt, seconds, rows) for every prompt, after one warm-up pass."""
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from leadsmith.db.engine import build_engine
    from leadsmith.search import index
    from leadsmith.search.parser import parse_prompt

    engine = build_engine(url)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    parsed = [(p, parse_prompt(p)) for p in prompts()]
    out = []
    async with sessions() as session:
        for _, filters in parsed[:5]:
            await index.search_people(session, WORKSPACE_ID, filters, offset=0, limit=25)
        for prompt, filters in parsed:
            start = time.perf_counter()
            found, _more = await index.search_people(
                session, WORKSPACE_ID, filters, offset=0, limit=25
            )
            out.append((prompt, time.perf_counter() - start, len(found)))
    await engine.dispose()
    return out


def report(backend: str, build: float, size: int, timings: list[tuple[str, float, int]]) -> None:
    ms = sorted(t * 1000 for _, t, _ in timings)
    p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
    empty = sum(1 for _, _, n in timings if n == 0)
    print(f"\n== {backend}")
    print(f"build: {build:.1f} s, size: {size / 1e6:.0f} MB")
    print(
        f"queries: {len(ms)}, p50 {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms,"
        f" max {ms[-1]:.1f} ms, with no match: {empty}"
    )
    slow = sorted(timings, key=lambda t: -t[1])[:3]
    for prompt, t, n in slow:
        print(f"  slowest: {t * 1000:.1f} ms, {n} rows: {prompt}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260413)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "LEADSMITH_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args()
    os.environ.setdefault("LEADSMITH_SECRET_KEY", "bench-secret-0123456789")
    print(f"{args.people:,} people, {len(prompts())} prompts")
    if args.backend in ("sqlite", "both"):
        path = Path(tempfile.mkdtemp(prefix="leadsmith-bench-")) / "index.db"
        build = build_sqlite(path, args.people, args.seed)
        timings = asyncio.run(measure(f"sqlite+aiosqlite:///{path}"))
        report("SQLite FTS5", build, size_sqlite(path), timings)
    if args.backend in ("postgresql", "both"):
        url, build = build_postgres(args.pg_url, args.people, args.seed)
        timings = asyncio.run(measure(url))
        report("PostgreSQL tsvector + GIN", build, size_postgres(url), timings)


if __name__ == "__main__":
    main()
