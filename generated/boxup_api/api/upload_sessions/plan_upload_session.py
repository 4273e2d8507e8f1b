from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.client_error import ClientError
from ...models.plan_upload_session_body import PlanUploadSessionBody
from ...models.upload_plan import UploadPlan
from ...types import Response


def _get_kwargs(
    upload_session_id: str,
    *,
    body: PlanUploadSessionBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/files/upload_sessions/{upload_session_id}/plan".format(
            upload_session_id=quote(str(upload_session_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ClientError | UploadPlan:
    if response.status_code == 200:
        response_200 = UploadPlan.from_dict(response.json())

        return response_200

    response_default = ClientError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ClientError | UploadPlan]:
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
    body: PlanUploadSessionBody,
) -> Response[ClientError | UploadPlan]:
    """
    Args:
        upload_session_id (str):
        body (PlanUploadSessionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientError | UploadPlan]
    """

    kwargs = _get_kwargs(
        upload_session_id=upload_session_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    upload_session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PlanUploadSessionBody,
) -> ClientError | UploadPlan | None:
    """
    Args:
        upload_session_id (str):
        body (PlanUploadSessionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientError | UploadPlan
    """

    return sync_detailed(
        upload_session_id=upload_session_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    upload_session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PlanUploadSessionBody,
) -> Response[ClientError | UploadPlan]:
    """
    Args:
        upload_session_id (str):
        body (PlanUploadSessionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientError | UploadPlan]
    """

    kwargs = _get_kwargs(
        upload_session_id=upload_session_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    upload_session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PlanUploadSessionBody,
) -> ClientError | UploadPlan | None:
    """
    Args:
        upload_session_id (str):
        body (PlanUploadSessionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientError | UploadPlan
    """

    return (
        await asyncio_detailed(
            upload_session_id=upload_session_id,
            client=client,
            body=body,
        )
    ).parsed
