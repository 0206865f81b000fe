"""Imports every table module so the metadata (and Alembic) sees the whole schema."""

from __future__ import annotations

from leadsmith.accounts import models as accounts_models
from leadsmith.batches import models as batches_models
from leadsmith.billing import models as billing_models
from leadsmith.db.base import Base
from leadsmith.history import models as history_models
from leadsmith.idempotency import models as idempotency_models

metadata = Base.metadata

__all__ = [
    "accounts_models",
    "batches_models",
    "billing_models",
    "history_models",
    "idempotency_models",
    "metadata",
]
