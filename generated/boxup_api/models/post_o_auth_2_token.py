from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PostOAuth2Token")


@_attrs_define
class PostOAuth2Token:
    """
    Attributes:
        grant_type (str):
        actor_token (str | Unset):
        actor_token_type (str | Unset):
        assertion (str | Unset):
        box_shared_link (str | Unset):
        box_subject_id (str | Unset):
        box_subject_type (str | Unset):
        client_id (str | Unset):
        client_secret (str | Unset):
        code (str | Unset):
        refresh_token (str | Unset):
        resource (str | Unset):
        scope (str | Unset):
        subject_token (str | Unset):
        subject_token_type (str | Unset):
    """

    grant_type: str
    actor_token: str | Unset = UNSET
    actor_token_type: str | Unset = UNSET
    assertion: str | Unset = UNSET
    box_shared_link: str | Unset = UNSET
    box_subject_id: str | Unset = UNSET
    box_subject_type: str | Unset = UNSET
    client_id: str | Unset = UNSET
    client_secret: str | Unset = UNSET
    code: str | Unset = UNSET
    refresh_token: str | Unset = UNSET
    resource: str | Unset = UNSET
    scope: str | Unset = UNSET
    subject_token: str | Unset = UNSET
    subject_token_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_type = self.grant_type

        actor_token = self.actor_token

        actor_token_type = self.actor_token_type

        assertion = self.assertion

        box_shared_link = self.box_shared_link

        box_subject_id = self.box_subject_id

        box_subject_type = self.box_subject_type

        client_id = self.client_id

        client_secret = self.client_secret

        code = self.code

        refresh_token = self.refresh_token

        resource = self.resource

        scope = self.scope

        subject_token = self.subject_token

        subject_token_type = self.subject_token_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_type": grant_type,
            }
        )
        if actor_token is not UNSET:
            field_dict["actor_token"] = actor_token
        if actor_token_type is not UNSET:
            field_dict["actor_token_type"] = actor_token_type
        if assertion is not UNSET:
            field_dict["assertion"] = assertion
        if box_shared_link is not UNSET:
            field_dict["box_shared_link"] = box_shared_link
        if box_subject_id is not UNSET:
            field_dict["box_subject_id"] = box_subject_id
        if box_subject_type is not UNSET:
            field_dict["box_subject_type"] = box_subject_type
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret
        if code is not UNSET:
            field_dict["code"] = code
        if refresh_token is not UNSET:
            field_dict["refresh_token"] = refresh_token
        if resource is not UNSET:
            field_dict["resource"] = resource
        if scope is not UNSET:
            field_dict["scope"] = scope
        if subject_token is not UNSET:
            field_dict["subject_token"] = subject_token
        if subject_token_type is not UNSET:
            field_dict["subject_token_type"] = subject_token_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        grant_type = d.pop("grant_type")

        actor_token = d.pop("actor_token", UNSET)

        actor_token_type = d.pop("actor_token_type", UNSET)

        assertion = d.pop("assertion", UNSET)

        box_shared_link = d.pop("box_shared_link", UNSET)

        box_subject_id = d.pop("box_subject_id", UNSET)

        box_subject_type = d.pop("box_subject_type", UNSET)

        client_id = d.pop("client_id", UNSET)

        client_secret = d.pop("client_secret", UNSET)

        code = d.pop("code", UNSET)

        refresh_token = d.pop("refresh_token", UNSET)

        resource = d.pop("resource", UNSET)

        scope = d.pop("scope", UNSET)

        subject_token = d.pop("subject_token", UNSET)

        subject_token_type = d.pop("subject_token_type", UNSET)

        post_o_auth_2_token = cls(
            grant_type=grant_type,
            actor_token=actor_token,
            actor_token_type=actor_token_type,
            assertion=assertion,
            box_shared_link=box_shared_link,
            box_subject_id=box_subject_id,
            box_subject_type=box_subject_type,
            client_id=client_id,
            client_secret=client_secret,
            code=code,
            refresh_token=refresh_token,
            resource=resource,
            scope=scope,
            subject_token=subject_token,
            subject_token_type=subject_token_type,
        )

        post_o_auth_2_token.additional_properties = d
        return post_o_auth_2_token

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
