from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebLinkSharedLinkPermissions")


@_attrs_define
class WebLinkSharedLinkPermissions:
    """
    Attributes:
        can_download (bool | Unset):
        can_edit (bool | Unset):
        can_preview (bool | Unset):
    """

    can_download: bool | Unset = UNSET
    can_edit: bool | Unset = UNSET
    can_preview: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        can_download = self.can_download

        can_edit = self.can_edit

        can_preview = self.can_preview

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if can_download is not UNSET:
            field_dict["can_download"] = can_download
        if can_edit is not UNSET:
            field_dict["can_edit"] = can_edit
        if can_preview is not UNSET:
            field_dict["can_preview"] = can_preview

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        can_download = d.pop("can_download", UNSET)

        can_edit = d.pop("can_edit", UNSET)

        can_preview = d.pop("can_preview", UNSET)

        web_link_shared_link_permissions = cls(
            can_download=can_download,
            can_edit=can_edit,
            can_preview=can_preview,
        )

        web_link_shared_link_permissions.additional_properties = d
        return web_link_shared_link_permissions

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
