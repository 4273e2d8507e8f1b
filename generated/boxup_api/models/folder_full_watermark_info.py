from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FolderFullWatermarkInfo")


@_attrs_define
class FolderFullWatermarkInfo:
    """
    Attributes:
        is_watermark_inherited (bool | Unset):
        is_watermarked (bool | Unset):
        is_watermarked_by_access_policy (bool | Unset):
    """

    is_watermark_inherited: bool | Unset = UNSET
    is_watermarked: bool | Unset = UNSET
    is_watermarked_by_access_policy: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_watermark_inherited = self.is_watermark_inherited

        is_watermarked = self.is_watermarked

        is_watermarked_by_access_policy = self.is_watermarked_by_access_policy

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if is_watermark_inherited is not UNSET:
            field_dict["is_watermark_inherited"] = is_watermark_inherited
        if is_watermarked is not UNSET:
            field_dict["is_watermarked"] = is_watermarked
        if is_watermarked_by_access_policy is not UNSET:
            field_dict["is_watermarked_by_access_policy"] = (
                is_watermarked_by_access_policy
            )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        is_watermark_inherited = d.pop("is_watermark_inherited", UNSET)

        is_watermarked = d.pop("is_watermarked", UNSET)

        is_watermarked_by_access_policy = d.pop(
            "is_watermarked_by_access_policy", UNSET
        )

        folder_full_watermark_info = cls(
            is_watermark_inherited=is_watermark_inherited,
            is_watermarked=is_watermarked,
            is_watermarked_by_access_policy=is_watermarked_by_access_policy,
        )

        folder_full_watermark_info.additional_properties = d
        return folder_full_watermark_info

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
