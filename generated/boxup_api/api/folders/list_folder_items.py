from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.client_error import ClientError
from ...models.items import Items
from ...types import UNSET, Response, Unset


def _get_kwargs(
    folder_id: str,
    *,
    fields: list[str] | Unset = UNSET,
    usemarker: bool | Unset = UNSET,
    marker: str | Unset = UNSET,
    offset: int | Unset = 0,
    limit: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_fields: list[str] | Unset = UNSET
    if not isinstance(fields, Unset):
        json_fields = fields

    params["fields"] = json_fields

    params["usemarker"] = usemarker

    params["marker"] = marker

    params["offset"] = offset

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/folders/{folder_id}/items".format(
            folder_id=quote(str(folder_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ClientError | Items:
    if response.status_code == 200:
        response_200 = Items.from_dict(response.json())

        return response_200

    if response.status_code == 403:
        response_403 = ClientError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ClientError.from_dict(response.json())

        return response_404

    if response.status_code == 405:
        response_405 = ClientError.from_dict(response.json())

        return response_405

    response_default = ClientError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ClientError | Items]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    folder_id: str,
    *,
    client: AuthenticatedClient | Client,
    fields: list[str] | Unset = UNSET,
    usemarker: bool | Unset = UNSET,
    marker: str | Unset = UNSET,
    offset: int | Unset = 0,
    limit: int | Unset = UNSET,
) -> Response[ClientError | Items]:
    """Page through a folder's files and subfolders, by offset or by marker.

    Args:
        folder_id (str):
        fields (list[str] | Unset):
        usemarker (bool | Unset):
        marker (str | Unset):
        offset (int | Unset):  Default: 0.
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientError | Items]
    """

    kwargs = _get_kwargs(
        folder_id=folder_id,
        fields=fields,
        usemarker=usemarker,
        marker=marker,
        offset=offset,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    folder_id: str,
    *,
    client: AuthenticatedClient | Client,
    fields: list[str] | Unset = UNSET,
    usemarker: bool | Unset = UNSET,
    marker: str | Unset = UNSET,
    offset: int | Unset = 0,
    limit: int | Unset = UNSET,
) -> ClientError | Items | None:
    """Page through a folder's files and subfolders, by offset or by marker.

    Args:
        folder_id (str):
        fields (list[str] | Unset):
        usemarker (bool | Unset):
        marker (str | Unset):
        offset (int | Unset):  Default: 0.
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientError | Items
    """

    return sync_detailed(
        folder_id=folder_id,
        client=client,
        fields=fields,
        usemarker=usemarker,
        marker=marker,
        offset=offset,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    folder_id: str,
    *,
    client: AuthenticatedClient | Client,
    fields: list[str] | Unset = UNSET,
    usemarker: bool | Unset = UNSET,
    marker: str | Unset = UNSET,
    offset: int | Unset = 0,
    limit: int | Unset = UNSET,
) -> Response[ClientError | Items]:
    """Page through a folder's files and subfolders, by offset or by marker.

    Args:
        folder_id (str):
        fields (list[str] | Unset):
        usemarker (bool | Unset):
        marker (str | Unset):
        offset (int | Unset):  Default: 0.
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientError | Items]
    """

    kwargs = _get_kwargs(
        folder_id=folder_id,
        fields=fields,
        usemarker=usemarker,
        marker=marker,
        offset=offset,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    folder_id: str,
    *,
    client: AuthenticatedClient | Client,
    fields: list[str] | Unset = UNSET,
    usemarker: bool | Unset = UNSET,
    marker: str | Unset = UNSET,
    offset: int | Unset = 0,
    limit: int | Unset = UNSET,
) -> ClientError | Items | None:
    """Page through a folder's files and subfolders, by offset or by marker.

    Args:
        folder_id (str):
        fields (list[str] | Unset):
        usemarker (bool | Unset):
        marker (str | Unset):
        offset (int | Unset):  Default: 0.
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientError | Items
    """

    return (
        await asyncio_detailed(
            folder_id=folder_id,
            client=client,
            fields=fields,
            usemarker=usemarker,
            marker=marker,
            offset=offset,
            limit=limit,
        )
    ).parsed
