"""boxup: fast, resumable chunked uploads to Box.

import boxup
with boxup.Client.from_env() as client:
    file = client.upload("big.mov", folder_id="0")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

# The public names and the module each lives in. They load on first use (PEP 562), so ``import boxup`` is cheap
# and a program that needs one name (the CLI's --version, an error class) pays only for that one's module.
_EXPORTS = {
    "ApiError": "errors",
    "AuthError": "errors",
    "BearerToken": "auth",
    "BoxError": "errors",
    "Client": "client",
    "ClientCredentials": "auth",
    "CommitPending": "remote",
    "Destination": "state",
    "Endpoints": "config",
    "Event": "progress",
    "InputError": "errors",
    "Interrupted": "errors",
    "IntegrityError": "errors",
    "JWTAuth": "jwt_auth",
    "Part": "parts",
    "PartRecord": "models",
    "Progress": "progress",
    "RefreshToken": "auth",
    "ResponseError": "errors",
    "RetryPolicy": "retry",
    "SessionEndpoints": "sessions",
    "SessionStatus": "sessions",
    "Sessions": "sessions",
    "Slots": "slots",
    "StateStore": "state",
    "TokenRejected": "errors",
    "TransferSettings": "config",
    "TransportError": "errors",
    "UnsafeEndpointError": "errors",
    "UploadInProgress": "lock",
    "UploadInterrupted": "errors",
    "UploadLock": "lock",
    "UploadRecord": "state",
    "UploadSession": "sessions",
    "UploadedFile": "models",
}

if TYPE_CHECKING:
    from .auth import BearerToken, ClientCredentials, RefreshToken
    from .client import Client
    from .config import Endpoints, TransferSettings
    from .errors import (
        ApiError,
        AuthError,
        BoxError,
        InputError,
        IntegrityError,
        Interrupted,
        ResponseError,
        TokenRejected,
        TransportError,
        UnsafeEndpointError,
        UploadInterrupted,
    )
    from .jwt_auth import JWTAuth
    from .lock import UploadInProgress, UploadLock
    from .models import PartRecord, UploadedFile
    from .parts import Part
    from .progress import Event, Progress
    from .remote import CommitPending
    from .retry import RetryPolicy
    from .sessions import SessionEndpoints, Sessions, SessionStatus, UploadSession
    from .slots import Slots
    from .state import Destination, StateStore, UploadRecord


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'boxup' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value  # found once: later lookups do not come back here
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "ApiError",
    "AuthError",
    "BearerToken",
    "BoxError",
    "Client",
    "ClientCredentials",
    "CommitPending",
    "Destination",
    "Endpoints",
    "Event",
    "InputError",
    "Interrupted",
    "JWTAuth",
    "IntegrityError",
    "Part",
    "PartRecord",
    "Progress",
    "RefreshToken",
    "ResponseError",
    "RetryPolicy",
    "SessionEndpoints",
    "SessionStatus",
    "Sessions",
    "Slots",
    "StateStore",
    "TransferSettings",
    "TransportError",
    "UnsafeEndpointError",
    "UploadInProgress",
    "TokenRejected",
    "UploadInterrupted",
    "UploadLock",
    "UploadRecord",
    "UploadSession",
    "UploadedFile",
    "__version__",
]
