from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UploadAttributes")


@_attrs_define
class UploadAttributes:
    """
    Attributes:
        content_created_at (datetime.datetime | Unset):
        content_modified_at (datetime.datetime | Unset):
        name (str | Unset):
    """

    content_created_at: datetime.datetime | Unset = UNSET
    content_modified_at: datetime.datetime | Unset = UNSET
    name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content_created_at: str | Unset = UNSET
        if not isinstance(self.content_created_at, Unset):
            content_created_at = self.content_created_at.isoformat()

        content_modified_at: str | Unset = UNSET
        if not isinstance(self.content_modified_at, Unset):
            content_modified_at = self.content_modified_at.isoformat()

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if content_created_at is not UNSET:
            field_dict["content_created_at"] = content_created_at
        if content_modified_at is not UNSET:
            field_dict["content_modified_at"] = content_modified_at
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _content_created_at = d.pop("content_created_at", UNSET)
        content_created_at: datetime.datetime | Unset
        if isinstance(_content_created_at, Unset):
            content_created_at = UNSET
        else:
            content_created_at = datetime.datetime.fromisoformat(_content_created_at)

        _content_modified_at = d.pop("content_modified_at", UNSET)
        content_modified_at: datetime.datetime | Unset
        if isinstance(_content_modified_at, Unset):
            content_modified_at = UNSET
        else:
            content_modified_at = datetime.datetime.fromisoformat(_content_modified_at)

        name = d.pop("name", UNSET)

        upload_attributes = cls(
            content_created_at=content_created_at,
            content_modified_at=content_modified_at,
            name=name,
        )

        upload_attributes.additional_properties = d
        return upload_attributes

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
