from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.client_error import ClientError
from ...models.conflict_error import ConflictError
from ...models.preflight_upload_body import PreflightUploadBody
from ...models.upload_url import UploadUrl
from ...types import Response


def _get_kwargs(
    *,
    body: PreflightUploadBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "options",
        "url": "/files/content",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ClientError | ConflictError | UploadUrl:
    if response.status_code == 200:
        response_200 = UploadUrl.from_dict(response.json())

        return response_200

    if response.status_code == 409:
        response_409 = ConflictError.from_dict(response.json())

        return response_409

    response_default = ClientError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ClientError | ConflictError | UploadUrl]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PreflightUploadBody,
) -> Response[ClientError | ConflictError | UploadUrl]:
    """Ask whether an upload of this name and size into a folder would be accepted.

    Args:
        body (PreflightUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientError | ConflictError | UploadUrl]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: PreflightUploadBody,
) -> ClientError | ConflictError | UploadUrl | None:
    """Ask whether an upload of this name and size into a folder would be accepted.

    Args:
        body (PreflightUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientError | ConflictError | UploadUrl
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PreflightUploadBody,
) -> Response[ClientError | ConflictError | UploadUrl]:
    """Ask whether an upload of this name and size into a folder would be accepted.

    Args:
        body (PreflightUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientError | ConflictError | UploadUrl]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PreflightUploadBody,
) -> ClientError | ConflictError | UploadUrl | None:
    """Ask whether an upload of this name and size into a folder would be accepted.

    Args:
        body (PreflightUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientError | ConflictError | UploadUrl
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
