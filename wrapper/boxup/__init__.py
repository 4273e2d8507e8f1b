"""boxup: fast, resumable chunked uploads to Box.

import boxup
with boxup.Client.from_env() as client:
    file = client.upload("big.mov", folder_id="0")
"""

from importlib.metadata import PackageNotFoundError, version

from .auth import AuthError, BearerToken, ClientCredentials, RefreshToken
from .client import Client
from .config import Endpoints, TransferSettings
from .errors import (
    ApiError,
    BoxError,
    InputError,
    IntegrityError,
    ResponseError,
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

try:
    __version__ = version("boxup")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

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
    "UploadInterrupted",
    "UploadLock",
    "UploadRecord",
    "UploadSession",
    "UploadedFile",
    "__version__",
]
