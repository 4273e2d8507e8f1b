from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UploadPart")


@_attrs_define
class UploadPart:
    """
    Attributes:
        offset (int | Unset):
        part_id (str | Unset):
        size (int | Unset):
        sha1 (str | Unset):
    """

    offset: int | Unset = UNSET
    part_id: str | Unset = UNSET
    size: int | Unset = UNSET
    sha1: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        offset = self.offset

        part_id = self.part_id

        size = self.size

        sha1 = self.sha1

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if offset is not UNSET:
            field_dict["offset"] = offset
        if part_id is not UNSET:
            field_dict["part_id"] = part_id
        if size is not UNSET:
            field_dict["size"] = size
        if sha1 is not UNSET:
            field_dict["sha1"] = sha1

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        offset = d.pop("offset", UNSET)

        part_id = d.pop("part_id", UNSET)

        size = d.pop("size", UNSET)

        sha1 = d.pop("sha1", UNSET)

        upload_part = cls(
            offset=offset,
            part_id=part_id,
            size=size,
            sha1=sha1,
        )

        upload_part.additional_properties = d
        return upload_part

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
