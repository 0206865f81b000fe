"""Bulk enrichment: 10,000 rows through POST /v1/batch/enrich with slow fake providers.

Hunter and PDL fakes (their documented JSON, as in tests/fakes/providers) run under
uvicorn in a child process and answer every call after 100 ms. A live key's workspace
uses Hunter then PDL (smtp and web are off, so nothing leaves the machine). The batch
runs on the real job runtime (in-process worker, SQLite). Reported: wall time from POST
to `completed`, rows/s, peak memory (max RSS), and the ratio to a sequential run of the
same rows through the same service code, measured on a sample (fresh workspace, so
nothing is cached) and extrapolated.

    python3 bench/batch_enrich.py [--rows 10000] [--sequential-sample 300] [--delay 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIRST = ["Ada", "Ben", "Chloé", "Dan", "Eva", "Finn", "Gia", "Hugo", "Ines", "Jon", "Kai", "Lena"]
LAST = ["Smith", "Müller", "Garcia", "Chen", "Okafor", "Novak", "Rossi", "Kim", "Silva", "Berg"]

# Hunter and PDL as the benchmark's providers: their documented JSON (the same shapes as
# tests/fakes/providers), every answer after DELAY seconds. Served by uvicorn in a child
# process, so neither the fakes' CPU nor their GIL is counted against Leadsmith.
FAKES = """
import asyncio, json, sys
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

DELAY, PORT = {delay}, {port}
rows = json.loads(sys.stdin.readline())
hunter, pdl = {{}}, {{}}
for i, r in enumerate(rows):
    key = (r["first_name"].lower(), r["last_name"].lower(), r["domain"])
    if i % 3 == 0:  # Hunter knows a third of the people
        hunter[key] = f"{{r['first_name']}}.{{r['last_name']}}@{{r['domain']}}".lower()
    if i % 4 == 0:  # PDL knows a quarter, with a mobile number
        pdl[key] = dict(r, phone="+1415555%04d" % (i % 10000))

async def email_finder(request):
    await asyncio.sleep(DELAY)
    q = request.query_params
    key = (q.get("first_name", "").lower(), q.get("last_name", "").lower(), q.get("domain", ""))
    email = hunter.get(key)
    return JSONResponse({{"data": {{
        "first_name": q.get("first_name"), "last_name": q.get("last_name"),
        "email": email, "score": 96 if email else None, "domain": key[2],
        "accept_all": False, "position": None, "linkedin_url": None, "phone_number": None,
        "company": None, "sources": [],
        "verification": {{"date": "2026-11-01", "status": "valid" if email else None}}}},
        "meta": {{"params": dict(q)}}}})

async def person_enrich(request):
    await asyncio.sleep(DELAY)
    q = request.query_params
    key = (q.get("first_name", "").lower(), q.get("last_name", "").lower(), q.get("company", ""))
    r = pdl.get(key)
    if r is None:
        return JSONResponse({{"status": 404, "error": {{"type": "not_found",
                            "message": "No records were found matching your request"}}}}, 404)
    data = {{"id": "pdl-" + r["first_name"], "full_name": r["first_name"] + " " + r["last_name"],
            "first_name": r["first_name"], "last_name": r["last_name"],
            "job_title": "Head of Sales", "job_title_levels": ["director"],
            "job_company_name": r["domain"].split(".")[0], "job_company_website": r["domain"],
            "work_email": None, "emails": [], "personal_emails": [],
            "mobile_phone": r["phone"], "phone_numbers": [r["phone"]],
            "linkedin_url": None, "location_country": "united states", "skills": []}}
    return JSONResponse({{"status": 200, "likelihood": 8, "data": data}})

app = Starlette(routes=[Route("/v2/email-finder", email_finder),
                        Route("/v5/person/enrich", person_enrich)])
print("ready", flush=True)
uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="warning", access_log=False,
            backlog=4096)
"""


def make_rows(n: int) -> list[dict[str, str]]:
    """Distinct people over 400 domains."""
    return [
        {
            "first_name": f"{FIRST[i % len(FIRST)]}{i // 120}",
            "last_name": LAST[(i // len(FIRST)) % len(LAST)],
            "domain": f"company{i % 400}.example",
        }
        for i in range(n)
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("the provider fakes did not start")


def start_fakes(rows: list[dict[str, str]], delay: float) -> tuple[subprocess.Popen[str], int]:
    """The provider fakes in a child process, listening once this returns."""
    port = _free_port()
    fakes = subprocess.Popen(
        [sys.executable, "-c", FAKES.format(delay=delay, port=port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert fakes.stdin and fakes.stdout
    fakes.stdin.write(json.dumps(rows) + "\n")
    fakes.stdin.flush()
    fakes.stdout.readline()
    _wait_for(port)
    return fakes, port


async def main(args: argparse.Namespace, rows: list[dict[str, str]], port: int) -> dict[str, Any]:
    urls = {
        "hunter": f"http://127.0.0.1:{port}/v2",
        "hunter_key": "bench-hunter",
        "pdl": f"http://127.0.0.1:{port}/v5",
        "pdl_key": "bench-pdl",
    }
    tmp = Path(tempfile.mkdtemp(prefix="leadsmith-bench-"))
    os.environ.update(
        {
            "LEADSMITH_DATA_DIR": str(tmp),
            "LEADSMITH_DATABASE_URL": f"sqlite+aiosqlite:///{tmp / 'bench.db'}",
            "LEADSMITH_ENV": "test",
            "LEADSMITH_SECRET_KEY": "bench-secret-key-0123456789abcdef",
            "LEADSMITH_ALLOW_PRIVATE_NETWORKS": "1",
            "LEADSMITH_HUNTER_BASE_URL": urls["hunter"],
            "LEADSMITH_PDL_BASE_URL": urls["pdl"],
            "LEADSMITH_RATE_LIMIT_PER_MINUTE": "100000",
        }
    )
    sys.path.insert(0, str(ROOT))
    import httpx

    from leadsmith.accounts.keys import create_key
    from leadsmith.accounts.models import Workspace
    from leadsmith.accounts.service import get_or_create_workspace, update_workspace
    from leadsmith.api.app import create_app
    from leadsmith.api.routers import data_enrich, finder, lookup
    from leadsmith.billing import ledger
    from leadsmith.billing.prices import Operation
    from leadsmith.db.engine import session_scope
    from leadsmith.db.migrate import upgrade
    from leadsmith.enrich.service import open_lookups
    from leadsmith.enrich.tasks import enrich_row
    from leadsmith.jobs import JobRuntime

    await asyncio.to_thread(upgrade)
    providers = {
        "hunter": {"api_key": urls["hunter_key"]},
        "pdl": {"api_key": urls["pdl_key"]},
        "smtp": {"enabled": False},
        "web": {"enabled": False},
    }

    async def workspace(name: str) -> tuple[str, str]:
        async with session_scope() as session:
            ws = await get_or_create_workspace(session, name)
            update_workspace(ws, plan="enterprise", status="active")
            ws.settings = {"providers": providers}
            await ledger.ensure_period_grant(session, ws)
            created = await create_key(session, ws, name="bench", test=False, scopes=None)
            return ws.id, created.key

    _ws_id, key = await workspace("bench")
    app = create_app(run_jobs=False)
    for module in (finder, data_enrich, lookup):
        app.include_router(module.router)
    runtime = JobRuntime(poll_interval=0.1)
    await runtime.start(work_queues=True)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    headers = {"Authorization": f"Bearer {key}"}
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", timeout=60
        ) as client:
            started = time.perf_counter()
            r = await client.post(
                "/v1/batch/enrich",
                headers=headers,
                json={"rows": rows, "find_phones": True, "name": "bench"},
            )
            r.raise_for_status()
            batch_id = r.json()["batch_id"]
            while True:
                status = (await client.get(f"/v1/batch/{batch_id}", headers=headers)).json()
                if status["status"] in ("completed", "failed"):
                    break
                await asyncio.sleep(0.2)
            wall = time.perf_counter() - started
    finally:
        await runtime.stop()

    # The same rows, one after another, through the same service code (fresh workspace).
    seq_id, _ = await workspace("bench-sequential")
    sample = rows[: args.sequential_sample]
    async with session_scope() as session:
        seq_ws = await session.get(Workspace, seq_id)
    seq_started = time.perf_counter()
    async with open_lookups(seq_ws, test=False) as lookups:
        for row in sample:
            _result, found = await enrich_row(lookups, row, find_email=True, find_phone=True)
            await lookups.settle(
                [
                    (
                        lk,
                        Operation.BATCH_ENRICH_EMAIL
                        if kind == "email"
                        else Operation.BATCH_ENRICH_PHONE,
                    )
                    for lk, kind in found
                ]
            )
    seq_rate = len(sample) / (time.perf_counter() - seq_started)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = args.rows / wall
    return {
        "rows": args.rows,
        "status": status["status"],
        "found": status["found_count"],
        "not_found": status["not_found_count"],
        "wall_seconds": round(wall, 1),
        "rows_per_second": round(rate, 1),
        "peak_memory_mb": round(peak_mb, 1),
        "sequential_rows_per_second": round(seq_rate, 2),
        "sequential_sample_rows": len(sample),
        "sequential_seconds_extrapolated": round(args.rows / seq_rate, 1),
        "speedup_vs_sequential": round(rate / seq_rate, 1),
        "provider_delay_seconds": args.delay,
        "goal": "under 60 s and under 500 MB",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--sequential-sample", type=int, default=300)
    parser.add_argument("--delay", type=float, default=0.1)
    arguments = parser.parse_args()
    bench_rows = make_rows(arguments.rows)
    fakes, fake_port = start_fakes(bench_rows, arguments.delay)
    try:
        print(json.dumps(asyncio.run(main(arguments, bench_rows, fake_port)), indent=2))
    finally:
        fakes.terminate()
        fakes.wait(timeout=10)
