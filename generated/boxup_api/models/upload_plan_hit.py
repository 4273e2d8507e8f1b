from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="UploadPlanHit")


@_attrs_define
class UploadPlanHit:
    """
    Attributes:
        offset (int):
        part_id (str):
        sha512 (str):
        size (int):
    """

    offset: int
    part_id: str
    sha512: str
    size: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        offset = self.offset

        part_id = self.part_id

        sha512 = self.sha512

        size = self.size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "offset": offset,
                "part_id": part_id,
                "sha512": sha512,
                "size": size,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        offset = d.pop("offset")

        part_id = d.pop("part_id")

        sha512 = d.pop("sha512")

        size = d.pop("size")

        upload_plan_hit = cls(
            offset=offset,
            part_id=part_id,
            sha512=sha512,
            size=size,
        )

        upload_plan_hit.additional_properties = d
        return upload_plan_hit

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
