"""Imports every module that registers job tasks, so servers and workers know them all."""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

TASK_MODULES = (
    "leadsmith.idempotency.tasks",
    "leadsmith.batches.verify_task",
    "leadsmith.webhooks.tasks",
    "leadsmith.enrich.tasks",
    "leadsmith.search.tasks",
)


def load_task_modules() -> None:
    """Import the task modules (a module not present in this build is skipped)."""
    for name in TASK_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            log.debug("no task module %s", name)
