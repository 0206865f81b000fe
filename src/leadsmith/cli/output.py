"""Printing results: a rich table for people, JSON for programs; messages to stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from rich.console import Console
from rich.table import Table

stdout = Console()
stderr = Console(stderr=True)


def print_json(data: Any) -> None:
    """JSON on stdout, nothing else."""
    sys.stdout.write(json.dumps(data, default=str, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def print_table(
    rows: Iterable[Mapping[str, Any]], columns: list[str], title: str | None = None
) -> None:
    table = Table(title=title)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*["" if row.get(c) is None else str(row.get(c)) for c in columns])
    stdout.print(table)


def print_record(record: Mapping[str, Any], title: str | None = None) -> None:
    table = Table(title=title, show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    for k, v in record.items():
        table.add_row(
            k, "" if v is None else (", ".join(map(str, v)) if isinstance(v, list) else str(v))
        )
    stdout.print(table)


def fail(message: str, code: int = 2) -> None:
    """Print an error to stderr and exit."""
    stderr.print(f"[red]error:[/red] {message}")
    raise SystemExit(code)
