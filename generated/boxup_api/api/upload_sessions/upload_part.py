from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.client_error import ClientError
from ...models.part_conflict_error import PartConflictError
from ...models.uploaded_part import UploadedPart
from ...types import File, Response


def _get_kwargs(
    upload_session_id: str,
    *,
    body: File,
    digest: str,
    content_range: str,
    content_length: int,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["digest"] = digest

    headers["content-range"] = content_range

    headers["content-length"] = str(content_length)

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/files/upload_sessions/{upload_session_id}".format(
            upload_session_id=quote(str(upload_session_id), safe=""),
        ),
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ClientError | PartConflictError | UploadedPart:
    if response.status_code == 200:
        response_200 = UploadedPart.from_dict(response.json())

        return response_200

    if response.status_code == 409:
        response_409 = ClientError.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = ClientError.from_dict(response.json())

        return response_412

    if response.status_code == 416:
        response_416 = PartConflictError.from_dict(response.json())

        return response_416

    response_default = ClientError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ClientError | PartConflictError | UploadedPart]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    upload_session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    digest: str,
    content_range: str,
    content_length: int,
) -> Response[ClientError | PartConflictError | UploadedPart]:
    """Send one part: its byte range, its SHA-1 digest and exactly its bytes.

    Args:
        upload_session_id (str):
        digest (str):
        content_range (str):
        content_length (int):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientError | PartConflictError | UploadedPart]
    """

    kwargs = _get_kwargs(
        upload_session_id=upload_session_id,
        body=body,
        digest=digest,
        content_range=content_range,
        content_length=content_length,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    upload_session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    digest: str,
    content_range: str,
    content_length: int,
) -> ClientError | PartConflictError | UploadedPart | None:
    """Send one part: its byte range, its SHA-1 digest and exactly its bytes.

    Args:
        upload_session_id (str):
        digest (str):
        content_range (str):
        content_length (int):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientError | PartConflictError | UploadedPart
    """

    return sync_detailed(
        upload_session_id=upload_session_id,
        client=client,
        body=body,
        digest=digest,
        content_range=content_range,
        content_length=content_length,
    ).parsed


async def asyncio_detailed(
    upload_session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    digest: str,
    content_range: str,
    content_length: int,
) -> Response[ClientError | PartConflictError | UploadedPart]:
    """Send one part: its byte range, its SHA-1 digest and exactly its bytes.

    Args:
        upload_session_id (str):
        digest (str):
        content_range (str):
        content_length (int):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientError | PartConflictError | UploadedPart]
    """

    kwargs = _get_kwargs(
        upload_session_id=upload_session_id,
        body=body,
        digest=digest,
        content_range=content_range,
        content_length=content_length,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    upload_session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    digest: str,
    content_range: str,
    content_length: int,
) -> ClientError | PartConflictError | UploadedPart | None:
    """Send one part: its byte range, its SHA-1 digest and exactly its bytes.

    Args:
        upload_session_id (str):
        digest (str):
        content_range (str):
        content_length (int):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientError | PartConflictError | UploadedPart
    """

    return (
        await asyncio_detailed(
            upload_session_id=upload_session_id,
            client=client,
            body=body,
            digest=digest,
            content_range=content_range,
            content_length=content_length,
        )
    ).parsed
