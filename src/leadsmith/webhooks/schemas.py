"""Request and response bodies of the webhook API (also printed by the CLI)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from leadsmith.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat().replace("+00:00", "Z")


class EndpointCreate(BaseModel):
    """`POST /v1/webhooks/endpoints`."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(description="https URL that receives the events.")
    events: list[str] | None = Field(
        default=None, description='Events to receive; omitted or ["*"] means all.'
    )


class EndpointUpdate(BaseModel):
    """`PATCH /v1/webhooks/endpoints/{id}`: only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = None
    events: list[str] | None = None
    enabled: bool | None = Field(
        default=None, description="false pauses deliveries; true re-enables (e.g. after a 410)."
    )


class ReplayRequest(BaseModel):
    """`POST /v1/webhooks/deliveries/replay`: replay every dead delivery (optionally of one
    endpoint)."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["dead"] = "dead"
    endpoint_id: str | None = None


class EndpointOut(BaseModel):
    id: str
    url: str
    events: list[str]
    enabled: bool
    status: Literal["active", "disabled"]
    disabled_reason: str | None
    created_at: str | None
    updated_at: str | None
    secret_rotated_at: str | None

    @classmethod
    def of(cls, endpoint: WebhookEndpoint) -> EndpointOut:
        return cls(
            id=endpoint.id,
            url=endpoint.url,
            events=list(endpoint.events),
            enabled=endpoint.enabled,
            status="active" if endpoint.enabled else "disabled",
            disabled_reason=endpoint.disabled_reason,
            created_at=_iso(endpoint.created_at),
            updated_at=_iso(endpoint.updated_at),
            secret_rotated_at=_iso(endpoint.secret_rotated_at),
        )


class EndpointWithSecret(EndpointOut):
    """An endpoint as created or rotated: the only time its secret is shown."""

    secret: str = Field(description="whsec_... signing secret; shown once, store it now.")

    @classmethod
    def with_secret(cls, endpoint: WebhookEndpoint, secret: str) -> EndpointWithSecret:
        return cls(**EndpointOut.of(endpoint).model_dump(), secret=secret)


class EndpointList(BaseModel):
    data: list[EndpointOut]


class DeletedOut(BaseModel):
    id: str
    deleted: bool = True


class AttemptOut(BaseModel):
    sequence: int = Field(description="0 for the first run, +1 for each replay.")
    number: int = Field(description="1-based attempt number within its sequence.")
    succeeded: bool
    response_status: int | None
    response_body: str | None = Field(description="At most 2 KB of the receiver's answer.")
    duration_ms: int
    error: str | None
    attempted_at: str | None

    @classmethod
    def of(cls, attempt: WebhookAttempt) -> AttemptOut:
        return cls(
            sequence=attempt.sequence,
            number=attempt.number,
            succeeded=attempt.succeeded,
            response_status=attempt.response_status,
            response_body=attempt.response_body,
            duration_ms=attempt.duration_ms,
            error=attempt.error,
            attempted_at=_iso(attempt.created_at),
        )


class DeliveryOut(BaseModel):
    id: str
    endpoint_id: str
    event: str
    status: Literal["pending", "delivered", "failed", "dead"] = Field(
        description="failed: an attempt failed and a retry is scheduled; dead: in the DLQ."
    )
    attempt_count: int
    replays: int
    next_attempt_at: str | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: str | None
    created_at: str | None
    updated_at: str | None

    @classmethod
    def of(cls, delivery: WebhookDelivery) -> DeliveryOut:
        return cls(**_delivery_fields(delivery))


class DeliveryDetail(DeliveryOut):
    payload: dict[str, Any]
    attempts: list[AttemptOut]

    @classmethod
    def with_attempts(
        cls, delivery: WebhookDelivery, attempts: list[WebhookAttempt]
    ) -> DeliveryDetail:
        return cls(
            **_delivery_fields(delivery),
            payload=json.loads(delivery.body),
            attempts=[AttemptOut.of(a) for a in attempts],
        )


def _delivery_fields(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "endpoint_id": delivery.endpoint_id,
        "event": delivery.event,
        "status": delivery.status,
        "attempt_count": delivery.attempt_count,
        "replays": delivery.sequence,
        "next_attempt_at": _iso(delivery.next_attempt_at),
        "last_status_code": delivery.last_status_code,
        "last_error": delivery.last_error,
        "delivered_at": _iso(delivery.delivered_at),
        "created_at": _iso(delivery.created_at),
        "updated_at": _iso(delivery.updated_at),
    }


class DeliveryPage(BaseModel):
    data: list[DeliveryOut]
    has_more: bool
    next_cursor: str | None = Field(description="Pass as `cursor` to get the next page.")


class ReplayResult(BaseModel):
    replayed: int
    delivery_ids: list[str]
    skipped_disabled: int = Field(
        description="Dead deliveries left alone because their endpoint is disabled."
    )
