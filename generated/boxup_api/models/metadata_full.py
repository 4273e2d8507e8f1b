from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MetadataFull")


@_attrs_define
class MetadataFull:
    """
    Attributes:
        parent (str | Unset):
        scope (str | Unset):
        template (str | Unset):
        version (int | Unset):
        can_edit (bool | Unset):
        id (UUID | Unset):
        type_ (str | Unset):
        type_version (int | Unset):
    """

    parent: str | Unset = UNSET
    scope: str | Unset = UNSET
    template: str | Unset = UNSET
    version: int | Unset = UNSET
    can_edit: bool | Unset = UNSET
    id: UUID | Unset = UNSET
    type_: str | Unset = UNSET
    type_version: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        parent = self.parent

        scope = self.scope

        template = self.template

        version = self.version

        can_edit = self.can_edit

        id: str | Unset = UNSET
        if not isinstance(self.id, Unset):
            id = str(self.id)

        type_ = self.type_

        type_version = self.type_version

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
        if can_edit is not UNSET:
            field_dict["$canEdit"] = can_edit
        if id is not UNSET:
            field_dict["$id"] = id
        if type_ is not UNSET:
            field_dict["$type"] = type_
        if type_version is not UNSET:
            field_dict["$typeVersion"] = type_version

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        parent = d.pop("$parent", UNSET)

        scope = d.pop("$scope", UNSET)

        template = d.pop("$template", UNSET)

        version = d.pop("$version", UNSET)

        can_edit = d.pop("$canEdit", UNSET)

        _id = d.pop("$id", UNSET)
        id: UUID | Unset
        if isinstance(_id, Unset):
            id = UNSET
        else:
            id = UUID(_id)

        type_ = d.pop("$type", UNSET)

        type_version = d.pop("$typeVersion", UNSET)

        metadata_full = cls(
            parent=parent,
            scope=scope,
            template=template,
            version=version,
            can_edit=can_edit,
            id=id,
            type_=type_,
            type_version=type_version,
        )

        metadata_full.additional_properties = d
        return metadata_full

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
