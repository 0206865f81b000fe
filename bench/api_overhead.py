"""Throughput of authenticated GET /api/v1/leads/credits against a bare FastAPI endpoint.

Both run under uvicorn (one worker) on loopback and are driven by the same httpx
client with the same concurrency for the same time. The rate limit is raised so the
limiter's full path runs without refusing; everything else is the production path:
key lookup (HMAC), rate limiter, quota read, history recording.

    python3 bench/api_overhead.py [--seconds 8] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

BARE_APP = """
from fastapi import FastAPI
app = FastAPI()
BODY = {"success": True, "plan": "pro", "billing_period": {"start": "2026-11-01T00:00:00Z",
        "end": "2026-11-30T23:59:59Z"}, "searches": {"used": 0, "limit": 25, "remaining": 25},
        "results": {"used": 0, "limit": 500, "remaining": 500, "overage_rate": "$0.05 / result"},
        "overage_enabled": False}
@app.get("/api/v1/leads/credits")
async def credits() -> dict:
    return BODY
"""


def _wait(url: str, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not start")


async def _drive(url: str, headers: dict[str, str], seconds: float, concurrency: int) -> float:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        for _ in range(50):  # warm up
            r = await client.get(url, headers=headers)
            assert r.status_code == 200, r.text
        done = 0
        stop = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < stop:
                r = await client.get(url, headers=headers)
                assert r.status_code == 200, r.text
                done += 1

        start = time.perf_counter()
        await asyncio.gather(*[worker() for _ in range(concurrency)])
        return done / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="leadsmith-bench-"))
    env = {
        **os.environ,
        "LEADSMITH_DATA_DIR": str(tmp),
        "LEADSMITH_SECRET_KEY": "bench-secret-0123456789",
        "LEADSMITH_RATE_LIMIT_PER_MINUTE": "100000000",
        "LEADSMITH_RATE_LIMIT_BURST_PER_MINUTE": "200000000",
    }
    env.pop("LEADSMITH_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "leadsmith.cli.main", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )
    created = subprocess.run(
        [
            sys.executable,
            "-m",
            "leadsmith.cli.main",
            "keys",
            "create",
            "--workspace",
            "bench",
            "--json",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    key = json.loads(created.stdout)["key"]
    (tmp / "bare_app.py").write_text(BARE_APP)
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "leadsmith.api.app:create_app",
                "--port",
                "18741",
                "--log-level",
                "warning",
            ],
            env=env,
        ),
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "bare_app:app",
                "--port",
                "18742",
                "--log-level",
                "warning",
                "--app-dir",
                str(tmp),
            ],
            env=env,
        ),
    ]
    try:
        _wait("http://127.0.0.1:18741/api/health")
        _wait("http://127.0.0.1:18742/docs")
        bare = asyncio.run(
            _drive(
                "http://127.0.0.1:18742/api/v1/leads/credits", {}, args.seconds, args.concurrency
            )
        )
        full = asyncio.run(
            _drive(
                "http://127.0.0.1:18741/api/v1/leads/credits",
                {"Authorization": f"Bearer {key}"},
                args.seconds,
                args.concurrency,
            )
        )
    finally:
        for p in procs:
            p.terminate()
            p.wait(10)
    print(
        f"rounds: {args.rounds} x {args.seconds:.0f} s each, concurrency {args.concurrency},"
        " medians"
    )
    print(f"bare FastAPI endpoint:           {bare:8.0f} req/s")
    print(
        f"Leadsmith /api/v1/leads/credits: {full:8.0f} req/s (auth + rate limit + quota + history)"
    )
    print(f"ratio (Leadsmith / bare):        {full / bare:8.2f}  (goal >= 0.50)")


if __name__ == "__main__":
    main()
