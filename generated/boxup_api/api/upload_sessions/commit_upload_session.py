from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.client_error import ClientError
from ...models.commit_upload_session_body import CommitUploadSessionBody
from ...models.conflict_error import ConflictError
from ...models.files import Files
from ...types import UNSET, Response, Unset


def _get_kwargs(
    upload_session_id: str,
    *,
    body: CommitUploadSessionBody,
    digest: str,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["digest"] = digest

    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    if not isinstance(if_none_match, Unset):
        headers["if-none-match"] = if_none_match

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/files/upload_sessions/{upload_session_id}/commit".format(
            upload_session_id=quote(str(upload_session_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ClientError | ConflictError | Files:
    if response.status_code == 201:
        response_201 = Files.from_dict(response.json())

        return response_201

    if response.status_code == 202:
        response_202 = cast(Any, None)
        return response_202

    if response.status_code == 409:
        response_409 = ConflictError.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = ClientError.from_dict(response.json())

        return response_412

    response_default = ClientError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ClientError | ConflictError | Files]:
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
    body: CommitUploadSessionBody,
    digest: str,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | ClientError | ConflictError | Files]:
    """Assemble the parts into the file; 202 means try again after Retry-After.

    Args:
        upload_session_id (str):
        digest (str):
        if_match (str | Unset):
        if_none_match (str | Unset):
        body (CommitUploadSessionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ClientError | ConflictError | Files]
    """

    kwargs = _get_kwargs(
        upload_session_id=upload_session_id,
        body=body,
        digest=digest,
        if_match=if_match,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    upload_session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CommitUploadSessionBody,
    digest: str,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | ClientError | ConflictError | Files | None:
    """Assemble the parts into the file; 202 means try again after Retry-After.

    Args:
        upload_session_id (str):
        digest (str):
        if_match (str | Unset):
        if_none_match (str | Unset):
        body (CommitUploadSessionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ClientError | ConflictError | Files
    """

    return sync_detailed(
        upload_session_id=upload_session_id,
        client=client,
        body=body,
        digest=digest,
        if_match=if_match,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    upload_session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CommitUploadSessionBody,
    digest: str,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | ClientError | ConflictError | Files]:
    """Assemble the parts into the file; 202 means try again after Retry-After.

    Args:
        upload_session_id (str):
        digest (str):
        if_match (str | Unset):
        if_none_match (str | Unset):
        body (CommitUploadSessionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ClientError | ConflictError | Files]
    """

    kwargs = _get_kwargs(
        upload_session_id=upload_session_id,
        body=body,
        digest=digest,
        if_match=if_match,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    upload_session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CommitUploadSessionBody,
    digest: str,
    if_match: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | ClientError | ConflictError | Files | None:
    """Assemble the parts into the file; 202 means try again after Retry-After.

    Args:
        upload_session_id (str):
        digest (str):
        if_match (str | Unset):
        if_none_match (str | Unset):
        body (CommitUploadSessionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ClientError | ConflictError | Files
    """

    return (
        await asyncio_detailed(
            upload_session_id=upload_session_id,
            client=client,
            body=body,
            digest=digest,
            if_match=if_match,
            if_none_match=if_none_match,
        )
    ).parsed
