"""Screenshots of every dashboard page, for the README and for reviewing the design.

    python3 scripts/screenshots.py [--out docs/screenshots]

Starts `leadsmith serve` on a fresh temporary data directory (SQLite), creates a user
and some sandbox data through the CLI and the API (a test key, a live key, a search on
a List, a webhook endpoint, a verify batch), then signs in with Debian's Chromium and
saves a PNG of each page at 1280 px wide plus the overview at phone width (390 px).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
EMAIL = "maya@acme.example"
PASSWORD = "screenshots-only-password"
WORKSPACE = "Acme Growth"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(env: dict[str, str], *args: str) -> str:
    """Run `leadsmith ARGS` and return what it printed on stdout."""
    code = "from leadsmith.cli.main import app; app()"
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"leadsmith {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def wait_until_up(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not start:\n{log.read_text()[-3000:]}")


def seed(base: str, key: str) -> dict[str, str]:
    """Sandbox data through the public API; returns ids the pages need."""
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as api:
        started = api.post(
            "/api/leads/search",
            json={
                "prompt": "Founders in India",
                "fetch_count": 25,
                "list_name": "India founders",
            },
        )
        started.raise_for_status()
        run_id, list_id = started.json()["task"]["id"], started.json()["list"]["id"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            polled = api.get("/api/leads/search", params={"taskId": run_id})
            polled.raise_for_status()
            task = polled.json()["task"]
            if task["status"] in ("completed", "failed", "cancelled"):
                break
            time.sleep(0.5)
        api.post(
            "/api/v1/leads/search",
            json={"query": "CTOs in Germany", "limit": 10},
        )
        api.post(
            "/v1/webhooks/endpoints",
            json={"url": "http://127.0.0.1:9/hooks/leadsmith", "events": ["*"]},
        ).raise_for_status()
        emails = [
            f"{n}@{d}" for n in ("anna", "ben", "chloe", "dev") for d in ("acme.com", "globex.io")
        ]
        batch = api.post("/v1/batch/verify", json={"emails": emails, "name": "Conference leads"})
        batch.raise_for_status()
        for _ in range(3):
            api.get("/api/v1/me")
        api.post("/v1/verify/email", json={"email": "john.doe@acme.com"})
        api.post("/api/v1/enrich", json={})  # a 400 in the history, for the filters
    return {"run": run_id, "list": list_id, "batch": batch.json()["batch_id"]}


def settle(page: Page) -> None:
    """Wait for polled fragments (health checks, progress) to finish, briefly."""
    page.wait_for_load_state("networkidle")
    # A page still polling after that is photographed as it is.
    with contextlib.suppress(PlaywrightError):
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-poll]')]"
            ".every(el => el.hasAttribute('data-done'))",
            timeout=8000,
        )


def shoot(page: Page, path: str, out: Path, name: str) -> None:
    page.goto(path)
    settle(page)
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    print(f"saved {out / f'{name}.png'}  ({path})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    data_dir = Path(tempfile.mkdtemp(prefix="leadsmith-screens-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEADSMITH_")}
    env.update(
        LEADSMITH_DATA_DIR=str(data_dir),
        LEADSMITH_SECRET_KEY=secrets.token_urlsafe(32),
        LEADSMITH_ALLOW_PRIVATE_NETWORKS="1",  # the sample webhook points at 127.0.0.1
    )
    cli(env, "db", "upgrade")
    cli(env, "users", "create", EMAIL, "--workspace", WORKSPACE, "--password", PASSWORD)
    cli(env, "workspaces", "set", WORKSPACE, "--plan", "pro")
    test_key: dict[str, Any] = json.loads(
        cli(
            env,
            "keys",
            "create",
            "--workspace",
            WORKSPACE,
            "--test",
            "--name",
            "n8n sandbox",
            "--json",
        )
    )
    cli(
        env,
        "keys",
        "create",
        "--workspace",
        WORKSPACE,
        "--name",
        "CRM sync",
        "--scopes",
        "leads,enrich,verify",
        "--json",
    )

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = data_dir / "server.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from leadsmith.cli.main import app; app()",
                "serve",
                "--port",
                str(port),
            ],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(base, server, log)
        ids = seed(base, test_key["key"])
        pages = [
            ("login", "/login"),
            ("overview", "/"),
            ("search", "/search"),
            ("search-run", f"/search/{ids['run']}"),
            ("lists", "/lists"),
            ("list", f"/lists/{ids['list']}"),
            ("enrich", "/enrich"),
            ("verify", "/verify"),
            ("keys", "/keys"),
            ("webhooks", "/webhooks"),
            ("billing", "/billing"),
            ("providers", "/providers"),
            ("history", "/history"),
        ]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            anonymous = browser.new_context(base_url=base, viewport={"width": 1280, "height": 800})
            shoot(anonymous.new_page(), "/login", out, "login")
            anonymous.close()
            for width, height, suffix in ((1280, 800, ""), (390, 844, "-phone")):
                context = browser.new_context(
                    base_url=base, viewport={"width": width, "height": height}
                )
                page = context.new_page()
                page.goto("/login")
                page.get_by_label("Email").fill(EMAIL)
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url(base + "/")
                for name, path in pages if not suffix else [("overview", "/")]:
                    if name != "login":
                        shoot(page, path, out, name + suffix)
                context.close()
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
