from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_conflict import FileConflict


T = TypeVar("T", bound="ConflictErrorContextInfo")


@_attrs_define
class ConflictErrorContextInfo:
    """
    Attributes:
        conflicts (FileConflict | Unset):
    """

    conflicts: FileConflict | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conflicts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.conflicts, Unset):
            conflicts = self.conflicts.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if conflicts is not UNSET:
            field_dict["conflicts"] = conflicts

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.file_conflict import FileConflict

        d = dict(src_dict)
        _conflicts = d.pop("conflicts", UNSET)
        conflicts: FileConflict | Unset
        if isinstance(_conflicts, Unset):
            conflicts = UNSET
        else:
            conflicts = FileConflict.from_dict(_conflicts)

        conflict_error_context_info = cls(
            conflicts=conflicts,
        )

        conflict_error_context_info.additional_properties = d
        return conflict_error_context_info

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
