from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resource_scope import ResourceScope


T = TypeVar("T", bound="AccessToken")


@_attrs_define
class AccessToken:
    """
    Attributes:
        access_token (str | Unset):
        expires_in (int | Unset):
        issued_token_type (str | Unset):
        refresh_token (str | Unset):
        restricted_to (list[ResourceScope] | Unset):
        token_type (str | Unset):
    """

    access_token: str | Unset = UNSET
    expires_in: int | Unset = UNSET
    issued_token_type: str | Unset = UNSET
    refresh_token: str | Unset = UNSET
    restricted_to: list[ResourceScope] | Unset = UNSET
    token_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        expires_in = self.expires_in

        issued_token_type = self.issued_token_type

        refresh_token = self.refresh_token

        restricted_to: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.restricted_to, Unset):
            restricted_to = []
            for restricted_to_item_data in self.restricted_to:
                restricted_to_item = restricted_to_item_data.to_dict()
                restricted_to.append(restricted_to_item)

        token_type = self.token_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if access_token is not UNSET:
            field_dict["access_token"] = access_token
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in
        if issued_token_type is not UNSET:
            field_dict["issued_token_type"] = issued_token_type
        if refresh_token is not UNSET:
            field_dict["refresh_token"] = refresh_token
        if restricted_to is not UNSET:
            field_dict["restricted_to"] = restricted_to
        if token_type is not UNSET:
            field_dict["token_type"] = token_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.resource_scope import ResourceScope

        d = dict(src_dict)
        access_token = d.pop("access_token", UNSET)

        expires_in = d.pop("expires_in", UNSET)

        issued_token_type = d.pop("issued_token_type", UNSET)

        refresh_token = d.pop("refresh_token", UNSET)

        _restricted_to = d.pop("restricted_to", UNSET)
        restricted_to: list[ResourceScope] | Unset = UNSET
        if _restricted_to is not UNSET:
            restricted_to = []
            for restricted_to_item_data in _restricted_to:
                restricted_to_item = ResourceScope.from_dict(restricted_to_item_data)

                restricted_to.append(restricted_to_item)

        token_type = d.pop("token_type", UNSET)

        access_token = cls(
            access_token=access_token,
            expires_in=expires_in,
            issued_token_type=issued_token_type,
            refresh_token=refresh_token,
            restricted_to=restricted_to,
            token_type=token_type,
        )

        access_token.additional_properties = d
        return access_token

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
