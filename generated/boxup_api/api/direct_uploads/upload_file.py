from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.client_error import ClientError
from ...models.conflict_error import ConflictError
from ...models.files import Files
from ...models.upload_file_body import UploadFileBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: UploadFileBody,
    fields: list[str] | Unset = UNSET,
    content_md5: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(content_md5, Unset):
        headers["content-md5"] = content_md5

    params: dict[str, Any] = {}

    json_fields: list[str] | Unset = UNSET
    if not isinstance(fields, Unset):
        json_fields = fields

    params["fields"] = json_fields

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/files/content",
        "params": params,
    }

    _kwargs["files"] = body.to_multipart()

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ClientError | ConflictError | Files:
    if response.status_code == 201:
        response_201 = Files.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ClientError.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = ClientError.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ConflictError.from_dict(response.json())

        return response_409

    response_default = ClientError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ClientError | ConflictError | Files]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: UploadFileBody,
    fields: list[str] | Unset = UNSET,
    content_md5: str | Unset = UNSET,
) -> Response[ClientError | ConflictError | Files]:
    """Upload a small new file in one multipart request (attributes first, then the file).

    Args:
        fields (list[str] | Unset):
        content_md5 (str | Unset):
        body (UploadFileBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientError | ConflictError | Files]
    """

    kwargs = _get_kwargs(
        body=body,
        fields=fields,
        content_md5=content_md5,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: UploadFileBody,
    fields: list[str] | Unset = UNSET,
    content_md5: str | Unset = UNSET,
) -> ClientError | ConflictError | Files | None:
    """Upload a small new file in one multipart request (attributes first, then the file).

    Args:
        fields (list[str] | Unset):
        content_md5 (str | Unset):
        body (UploadFileBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientError | ConflictError | Files
    """

    return sync_detailed(
        client=client,
        body=body,
        fields=fields,
        content_md5=content_md5,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: UploadFileBody,
    fields: list[str] | Unset = UNSET,
    content_md5: str | Unset = UNSET,
) -> Response[ClientError | ConflictError | Files]:
    """Upload a small new file in one multipart request (attributes first, then the file).

    Args:
        fields (list[str] | Unset):
        content_md5 (str | Unset):
        body (UploadFileBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientError | ConflictError | Files]
    """

    kwargs = _get_kwargs(
        body=body,
        fields=fields,
        content_md5=content_md5,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: UploadFileBody,
    fields: list[str] | Unset = UNSET,
    content_md5: str | Unset = UNSET,
) -> ClientError | ConflictError | Files | None:
    """Upload a small new file in one multipart request (attributes first, then the file).

    Args:
        fields (list[str] | Unset):
        content_md5 (str | Unset):
        body (UploadFileBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientError | ConflictError | Files
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            fields=fields,
            content_md5=content_md5,
        )
    ).parsed
