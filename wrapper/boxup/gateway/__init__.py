"""The gateway: one typed async function per Box operation, and the only code in ``boxup`` that imports
``boxup_api`` (the generated client).

Each function sends one request through ``Api.call`` (transport and error-body mapping in one place), accepts
exactly the statuses ``statuses.ACCEPTED`` lists for its operationId, and returns a boxup value, never a
``Response``. Retrying is the caller's job: the gateway makes exactly one attempt.

Each function imports its generated endpoint and models when it is first called, not with this module: a small
file's upload then never loads the session endpoints, nor a new file's upload the version ones (start-up is paid
on every ``boxup`` command; tests/test_startup.py holds it to that).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, BinaryIO, cast

import attrs
from boxup_api.client import Client as HostClient
from boxup_api.types import UNSET, File, Unset

from ..errors import ResponseError
from ..models import PartRecord, SessionInfo, UploadedFile
from ..parts import Part, content_range, sha1_digest_header
from ..state import Destination
from ..statuses import ACCEPTED
from . import convert
from .hosts import SESSION_SUFFIX, Api

__all__ = ["SESSION_SUFFIX", "Api", "Commit", "HostClient", "PlanHit"]

LIST_PAGE = 1000  # Box's largest page for list parts


@attrs.frozen
class Commit:
    """A commit answer: the file (201), or Box still processing the parts (202, with its Retry-After)."""

    file: UploadedFile | None
    retry_after: str | None = None


@attrs.frozen
class PlanHit:
    part_id: str
    offset: int
    size: int
    sha512: str


async def create_session(api: Api, destination: Destination, size: int) -> SessionInfo:
    from boxup_api.models import UploadSession  # the generated modules load on first use, each branch its own

    if destination.file_id is not None:
        from boxup_api.api.upload_sessions import create_version_upload_session
        from boxup_api.models import CreateVersionUploadSessionBody

        version = CreateVersionUploadSessionBody(file_size=size, file_name=destination.name or UNSET)
        response = await api.call(
            "create upload session",
            lambda: create_version_upload_session.asyncio_detailed(
                cast(str, destination.file_id), client=api.upload, body=version
            ),
            expect=UploadSession,
            ok=ACCEPTED["create_version_upload_session"],
        )
    else:
        from boxup_api.api.upload_sessions import create_upload_session
        from boxup_api.models import CreateUploadSessionBody

        new = CreateUploadSessionBody(
            folder_id=cast(str, destination.folder_id), file_size=size, file_name=cast(str, destination.name)
        )
        response = await api.call(
            "create upload session",
            lambda: create_upload_session.asyncio_detailed(client=api.upload, body=new),
            expect=UploadSession,
            ok=ACCEPTED["create_upload_session"],
        )
    return convert.session_info(cast(UploadSession, response.parsed), size)


async def get_session(api: Api, host: HostClient, session_id: str, file_size: int | None) -> SessionInfo:
    # the generated modules load on first use (module docstring)
    from boxup_api.api.upload_sessions import get_upload_session
    from boxup_api.models import UploadSession

    response = await api.call(
        "get upload session",
        lambda: get_upload_session.asyncio_detailed(session_id, client=host),
        expect=UploadSession,
        ok=ACCEPTED["get_upload_session"],
    )
    return convert.session_info(cast(UploadSession, response.parsed), file_size)


async def put_part(
    api: Api, host: HostClient, session_id: str, part: Part, *, file_size: int, payload: Any, sha1: bytes
) -> PartRecord:
    """Send one part's bytes (``payload``: bytes or an async byte stream of exactly ``part.size`` bytes)."""
    # the generated modules load on first use (module docstring)
    from boxup_api.api.upload_sessions import upload_part
    from boxup_api.models import UploadedPart

    response = await api.call(
        "upload part",
        lambda: upload_part.asyncio_detailed(
            session_id,
            client=host,
            body=File(payload=cast(BinaryIO, payload)),  # httpx sends bytes or an async stream as is
            digest=sha1_digest_header(sha1),
            content_range=content_range(part, file_size),
            content_length=part.size,
        ),
        expect=UploadedPart,
        ok=ACCEPTED["upload_part"],
    )
    uploaded = cast(UploadedPart, response.parsed).part
    if isinstance(uploaded, Unset):
        raise ResponseError("upload part: the answer has no part record")
    return convert.part_record(uploaded)


async def list_parts_page(api: Api, host: HostClient, session_id: str, offset: int) -> list[PartRecord]:
    # the generated modules load on first use (module docstring)
    from boxup_api.api.upload_sessions import list_upload_parts
    from boxup_api.models import UploadParts

    response = await api.call(
        "list upload parts",
        lambda: list_upload_parts.asyncio_detailed(session_id, client=host, offset=offset, limit=LIST_PAGE),
        expect=UploadParts,
        ok=ACCEPTED["list_upload_parts"],
    )
    entries = cast(UploadParts, response.parsed).entries
    return [convert.part_record(e) for e in entries] if isinstance(entries, list) else []


async def plan(api: Api, host: HostClient, session_id: str, parts: list[tuple[Part, str]]) -> list[PlanHit]:
    """Ask which of these parts (with their SHA-512 hex) Box already holds."""
    # the generated modules load on first use (module docstring)
    from boxup_api.api.upload_sessions import plan_upload_session
    from boxup_api.models import PlanUploadSessionBody, UploadPlan, UploadPlanPart

    body = PlanUploadSessionBody(parts=[UploadPlanPart(offset=p.offset, size=p.size, sha512=h) for p, h in parts])
    response = await api.call(
        "plan upload session",
        lambda: plan_upload_session.asyncio_detailed(session_id, client=host, body=body),
        expect=UploadPlan,
        ok=ACCEPTED["plan_upload_session"],
    )
    return [PlanHit(h.part_id, h.offset, h.size, h.sha512.lower()) for h in cast(UploadPlan, response.parsed).hits]


async def commit(
    api: Api,
    host: HostClient,
    session_id: str,
    parts: list[PartRecord],
    *,
    sha1: bytes,
    content_modified_at: dt.datetime | None,
) -> Commit:
    # the generated modules load on first use (module docstring)
    from boxup_api.api.upload_sessions import commit_upload_session
    from boxup_api.models import CommitUploadSessionBody, Files, UploadAttributes

    attributes = UploadAttributes()
    if content_modified_at is not None:
        attributes = UploadAttributes(content_modified_at=content_modified_at)
    body = CommitUploadSessionBody(parts=[convert.part_model(r) for r in parts], attributes=attributes)
    response = await api.call(
        "commit upload session",
        lambda: commit_upload_session.asyncio_detailed(
            session_id, client=host, body=body, digest=sha1_digest_header(sha1)
        ),
        expect=None,
        ok=ACCEPTED["commit_upload_session"],
    )
    if int(response.status_code) == 202:
        return Commit(None, response.headers.get("retry-after"))
    if not isinstance(response.parsed, Files):
        raise ResponseError("commit: the 201 answer is not a file listing")
    return Commit(convert.first_file(response.content, response.parsed.entries))


async def abort(api: Api, host: HostClient, session_id: str) -> None:
    # the generated modules load on first use (module docstring)
    from boxup_api.api.upload_sessions import abort_upload_session

    await api.call(
        "abort upload session",
        lambda: abort_upload_session.asyncio_detailed(session_id, client=host),
        expect=None,
        ok=ACCEPTED["abort_upload_session"],
    )


async def get_file(api: Api, file_id: str) -> UploadedFile:
    # the generated modules load on first use (module docstring)
    from boxup_api.api.files import get_file as get_file_op
    from boxup_api.models import FileFull

    response = await api.call(
        "get file",
        lambda: get_file_op.asyncio_detailed(file_id, client=api.files),
        expect=FileFull,
        ok=ACCEPTED["get_file"],
    )
    return convert.single_file(response.content, cast(FileFull, response.parsed))


async def upload_direct(
    api: Api, handle: BinaryIO, destination: Destination, modified: dt.datetime, sha1: str
) -> UploadedFile:
    """A whole small file in one request (a new file or a new version)."""
    from boxup_api.models import Files  # the generated modules load on first use, each branch its own (module doc)

    payload = File(payload=handle, file_name=destination.name or "file", mime_type="application/octet-stream")
    if destination.file_id is not None:
        from boxup_api.api.direct_uploads import upload_file_version
        from boxup_api.models import UploadFileVersionBody, UploadFileVersionBodyAttributes

        version = UploadFileVersionBody(
            attributes=UploadFileVersionBodyAttributes(name=destination.name or UNSET, content_modified_at=modified),
            file=payload,
        )
        response = await api.call(
            "upload file",
            lambda: upload_file_version.asyncio_detailed(
                cast(str, destination.file_id), client=api.upload, body=version, content_md5=sha1
            ),
            expect=Files,
            ok=ACCEPTED["upload_file_version"],
        )
    else:
        from boxup_api.api.direct_uploads import upload_file
        from boxup_api.models import UploadFileBody, UploadFileBodyAttributes, UploadFileBodyAttributesParent

        attributes = UploadFileBodyAttributes(
            name=cast(str, destination.name),
            parent=UploadFileBodyAttributesParent(id=cast(str, destination.folder_id)),
            content_modified_at=modified,
        )
        response = await api.call(
            "upload file",
            lambda: upload_file.asyncio_detailed(
                client=api.upload, body=UploadFileBody(attributes=attributes, file=payload), content_md5=sha1
            ),
            expect=Files,
            ok=ACCEPTED["upload_file"],
        )
    return convert.first_file(response.content, cast(Files, response.parsed).entries)
