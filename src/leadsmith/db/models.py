"""Imports every table module so the metadata (and Alembic) sees the whole schema."""

from __future__ import annotations

from leadsmith.accounts import models as accounts_models
from leadsmith.ai import models as ai_models
from leadsmith.batches import models as batches_models
from leadsmith.billing import models as billing_models
from leadsmith.db.base import Base
from leadsmith.emails import tables as emails_tables
from leadsmith.enrich import models as enrich_models
from leadsmith.history import models as history_models
from leadsmith.idempotency import models as idempotency_models
from leadsmith.search import models as search_models
from leadsmith.webhooks import models as webhooks_models

metadata = Base.metadata

__all__ = [
    "accounts_models",
    "ai_models",
    "batches_models",
    "billing_models",
    "emails_tables",
    "enrich_models",
    "history_models",
    "idempotency_models",
    "metadata",
    "search_models",
    "webhooks_models",
]
