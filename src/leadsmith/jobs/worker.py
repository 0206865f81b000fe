"""Entry point for `leadsmith worker`: work every queue until SIGTERM or SIGINT."""

from __future__ import annotations

from leadsmith.jobs._runtime import run_worker

# The name the CLI imports.
run_worker_forever = run_worker

__all__ = ["run_worker", "run_worker_forever"]
