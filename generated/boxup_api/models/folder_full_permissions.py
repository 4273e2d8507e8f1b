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
        can_delete (bool):
        can_download (bool):
        can_invite_collaborator (bool):
        can_rename (bool):
        can_set_share_access (bool):
        can_share (bool):
        can_upload (bool):
        can_apply_watermark (bool | Unset):
    """

    can_delete: bool
    can_download: bool
    can_invite_collaborator: bool
    can_rename: bool
    can_set_share_access: bool
    can_share: bool
    can_upload: bool
    can_apply_watermark: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        can_delete = self.can_delete

        can_download = self.can_download

        can_invite_collaborator = self.can_invite_collaborator

        can_rename = self.can_rename

        can_set_share_access = self.can_set_share_access

        can_share = self.can_share

        can_upload = self.can_upload

        can_apply_watermark = self.can_apply_watermark

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "can_delete": can_delete,
                "can_download": can_download,
                "can_invite_collaborator": can_invite_collaborator,
                "can_rename": can_rename,
                "can_set_share_access": can_set_share_access,
                "can_share": can_share,
                "can_upload": can_upload,
            }
        )
        if can_apply_watermark is not UNSET:
            field_dict["can_apply_watermark"] = can_apply_watermark

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        can_delete = d.pop("can_delete")

        can_download = d.pop("can_download")

        can_invite_collaborator = d.pop("can_invite_collaborator")

        can_rename = d.pop("can_rename")

        can_set_share_access = d.pop("can_set_share_access")

        can_share = d.pop("can_share")

        can_upload = d.pop("can_upload")

        can_apply_watermark = d.pop("can_apply_watermark", UNSET)

        folder_full_permissions = cls(
            can_delete=can_delete,
            can_download=can_download,
            can_invite_collaborator=can_invite_collaborator,
            can_rename=can_rename,
            can_set_share_access=can_set_share_access,
            can_share=can_share,
            can_upload=can_upload,
            can_apply_watermark=can_apply_watermark,
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
