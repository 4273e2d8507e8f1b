from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_folder_body_folder_upload_email import (
        CreateFolderBodyFolderUploadEmail,
    )
    from ..models.create_folder_body_parent import CreateFolderBodyParent


T = TypeVar("T", bound="CreateFolderBody")


@_attrs_define
class CreateFolderBody:
    """
    Attributes:
        name (str):
        parent (CreateFolderBodyParent):
        folder_upload_email (CreateFolderBodyFolderUploadEmail | Unset):
        sync_state (str | Unset):
    """

    name: str
    parent: CreateFolderBodyParent
    folder_upload_email: CreateFolderBodyFolderUploadEmail | Unset = UNSET
    sync_state: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        parent = self.parent.to_dict()

        folder_upload_email: dict[str, Any] | Unset = UNSET
        if not isinstance(self.folder_upload_email, Unset):
            folder_upload_email = self.folder_upload_email.to_dict()

        sync_state = self.sync_state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "parent": parent,
            }
        )
        if folder_upload_email is not UNSET:
            field_dict["folder_upload_email"] = folder_upload_email
        if sync_state is not UNSET:
            field_dict["sync_state"] = sync_state

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_folder_body_folder_upload_email import (
            CreateFolderBodyFolderUploadEmail,
        )
        from ..models.create_folder_body_parent import CreateFolderBodyParent

        d = dict(src_dict)
        name = d.pop("name")

        parent = CreateFolderBodyParent.from_dict(d.pop("parent"))

        _folder_upload_email = d.pop("folder_upload_email", UNSET)
        folder_upload_email: CreateFolderBodyFolderUploadEmail | Unset
        if isinstance(_folder_upload_email, Unset):
            folder_upload_email = UNSET
        else:
            folder_upload_email = CreateFolderBodyFolderUploadEmail.from_dict(
                _folder_upload_email
            )

        sync_state = d.pop("sync_state", UNSET)

        create_folder_body = cls(
            name=name,
            parent=parent,
            folder_upload_email=folder_upload_email,
            sync_state=sync_state,
        )

        create_folder_body.additional_properties = d
        return create_folder_body

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
