from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.preflight_upload_body_parent import PreflightUploadBodyParent


T = TypeVar("T", bound="PreflightUploadBody")


@_attrs_define
class PreflightUploadBody:
    """
    Attributes:
        name (str | Unset):
        parent (PreflightUploadBodyParent | Unset):
        size (int | Unset):
    """

    name: str | Unset = UNSET
    parent: PreflightUploadBodyParent | Unset = UNSET
    size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        parent: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parent, Unset):
            parent = self.parent.to_dict()

        size = self.size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if parent is not UNSET:
            field_dict["parent"] = parent
        if size is not UNSET:
            field_dict["size"] = size

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.preflight_upload_body_parent import PreflightUploadBodyParent

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        _parent = d.pop("parent", UNSET)
        parent: PreflightUploadBodyParent | Unset
        if isinstance(_parent, Unset):
            parent = UNSET
        else:
            parent = PreflightUploadBodyParent.from_dict(_parent)

        size = d.pop("size", UNSET)

        preflight_upload_body = cls(
            name=name,
            parent=parent,
            size=size,
        )

        preflight_upload_body.additional_properties = d
        return preflight_upload_body

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
