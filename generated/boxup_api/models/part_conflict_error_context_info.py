from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.upload_part import UploadPart


T = TypeVar("T", bound="PartConflictErrorContextInfo")


@_attrs_define
class PartConflictErrorContextInfo:
    """
    Attributes:
        conflicting_part (UploadPart | Unset):
    """

    conflicting_part: UploadPart | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conflicting_part: dict[str, Any] | Unset = UNSET
        if not isinstance(self.conflicting_part, Unset):
            conflicting_part = self.conflicting_part.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if conflicting_part is not UNSET:
            field_dict["conflicting_part"] = conflicting_part

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.upload_part import UploadPart

        d = dict(src_dict)
        _conflicting_part = d.pop("conflicting_part", UNSET)
        conflicting_part: UploadPart | Unset
        if isinstance(_conflicting_part, Unset):
            conflicting_part = UNSET
        else:
            conflicting_part = UploadPart.from_dict(_conflicting_part)

        part_conflict_error_context_info = cls(
            conflicting_part=conflicting_part,
        )

        part_conflict_error_context_info.additional_properties = d
        return part_conflict_error_context_info

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
