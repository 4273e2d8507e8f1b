"""What the stages of one chunked upload share: the ``Runtime`` every upload of an engine uses, and the ``Job``.

The stages, each in its own module: ``lifecycle`` (a fresh session, or the recorded one reopened), ``pipeline``
(hashing, routing, sending parts under the request slots), ``dedup`` (plan calls for new versions), ``commit``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from typing import Any

import attrs

from .autoconcurrency import Tuner
from .config import TransferSettings
from .gateway import Api
from .models import PartRecord, SessionInfo
from .policy import FailurePolicy
from .progress import ProgressTracker
from .remote import RemoteSession
from .slots import Slots
from .source import Source
from .state import Destination, StateStore


@attrs.frozen
class Runtime:
    """The hosts, settings, resume records and request slots an engine's uploads run with."""

    api: Api
    settings: TransferSettings
    store: StateStore
    slots: Slots
    tuned: bool = False  # concurrency="auto" on slots this engine owns: each chunked upload tunes them


@attrs.define
class Job:
    """Everything one chunked upload shares between its tasks."""

    source: Source
    destination: Destination
    remote: RemoteSession
    progress: ProgressTracker
    content_modified_at: dt.datetime | None
    policy: FailurePolicy  # created with the session: alone decides abort vs keep, owns the resume record
    slots: Slots  # request slots, perhaps shared with other uploads
    tuner: Tuner | None = None  # concurrency="auto": resizes ``slots`` from the rate the parts achieve
    whole: Any = attrs.field(factory=hashlib.sha1)  # hashlib's type is private; fed in offset order only
    done: dict[int, PartRecord] = attrs.field(factory=dict)  # by offset
    want_sha512: bool = False  # dedup is on: part digests include SHA-512 for the plan endpoint
    # Set once the planner knows whether SHA-512s are still worth computing (the probe's first hit, or its end).
    sha512_decided: asyncio.Event = attrs.field(factory=asyncio.Event)

    @property
    def session(self) -> SessionInfo:
        return self.remote.info

    @property
    def settings(self) -> TransferSettings:
        return self.remote.settings
