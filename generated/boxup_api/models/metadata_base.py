from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MetadataBase")


@_attrs_define
class MetadataBase:
    """
    Attributes:
        parent (str | Unset):
        scope (str | Unset):
        template (str | Unset):
        version (int | Unset):
    """

    parent: str | Unset = UNSET
    scope: str | Unset = UNSET
    template: str | Unset = UNSET
    version: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        parent = self.parent

        scope = self.scope

        template = self.template

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if parent is not UNSET:
            field_dict["$parent"] = parent
        if scope is not UNSET:
            field_dict["$scope"] = scope
        if template is not UNSET:
            field_dict["$template"] = template
        if version is not UNSET:
            field_dict["$version"] = version

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        parent = d.pop("$parent", UNSET)

        scope = d.pop("$scope", UNSET)

        template = d.pop("$template", UNSET)

        version = d.pop("$version", UNSET)

        metadata_base = cls(
            parent=parent,
            scope=scope,
            template=template,
            version=version,
        )

        metadata_base.additional_properties = d
        return metadata_base

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
