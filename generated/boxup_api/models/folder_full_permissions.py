from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FolderFullPermissions")


@_attrs_define
class FolderFullPermissions:
    """
    Attributes:
        can_apply_watermark (bool | Unset):
        can_delete (bool | Unset):
        can_download (bool | Unset):
        can_invite_collaborator (bool | Unset):
        can_rename (bool | Unset):
        can_set_share_access (bool | Unset):
        can_share (bool | Unset):
        can_upload (bool | Unset):
    """

    can_apply_watermark: bool | Unset = UNSET
    can_delete: bool | Unset = UNSET
    can_download: bool | Unset = UNSET
    can_invite_collaborator: bool | Unset = UNSET
    can_rename: bool | Unset = UNSET
    can_set_share_access: bool | Unset = UNSET
    can_share: bool | Unset = UNSET
    can_upload: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        can_apply_watermark = self.can_apply_watermark

        can_delete = self.can_delete

        can_download = self.can_download

        can_invite_collaborator = self.can_invite_collaborator

        can_rename = self.can_rename

        can_set_share_access = self.can_set_share_access

        can_share = self.can_share

        can_upload = self.can_upload

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if can_apply_watermark is not UNSET:
            field_dict["can_apply_watermark"] = can_apply_watermark
        if can_delete is not UNSET:
            field_dict["can_delete"] = can_delete
        if can_download is not UNSET:
            field_dict["can_download"] = can_download
        if can_invite_collaborator is not UNSET:
            field_dict["can_invite_collaborator"] = can_invite_collaborator
        if can_rename is not UNSET:
            field_dict["can_rename"] = can_rename
        if can_set_share_access is not UNSET:
            field_dict["can_set_share_access"] = can_set_share_access
        if can_share is not UNSET:
            field_dict["can_share"] = can_share
        if can_upload is not UNSET:
            field_dict["can_upload"] = can_upload

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        can_apply_watermark = d.pop("can_apply_watermark", UNSET)

        can_delete = d.pop("can_delete", UNSET)

        can_download = d.pop("can_download", UNSET)

        can_invite_collaborator = d.pop("can_invite_collaborator", UNSET)

        can_rename = d.pop("can_rename", UNSET)

        can_set_share_access = d.pop("can_set_share_access", UNSET)

        can_share = d.pop("can_share", UNSET)

        can_upload = d.pop("can_upload", UNSET)

        folder_full_permissions = cls(
            can_apply_watermark=can_apply_watermark,
            can_delete=can_delete,
            can_download=can_download,
            can_invite_collaborator=can_invite_collaborator,
            can_rename=can_rename,
            can_set_share_access=can_set_share_access,
            can_share=can_share,
            can_upload=can_upload,
        )

        folder_full_permissions.additional_properties = d
        return folder_full_permissions

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
