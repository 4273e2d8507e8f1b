from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_mini import FileMini
    from ..models.folder_mini import FolderMini


T = TypeVar("T", bound="ResourceScope")


@_attrs_define
class ResourceScope:
    """
    Attributes:
        object_ (FileMini | FolderMini | Unset):
        scope (str | Unset):
    """

    object_: FileMini | FolderMini | Unset = UNSET
    scope: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.folder_mini import FolderMini

        object_: dict[str, Any] | Unset
        if isinstance(self.object_, Unset):
            object_ = UNSET
        elif isinstance(self.object_, FolderMini):
            object_ = self.object_.to_dict()
        else:
            object_ = self.object_.to_dict()

        scope = self.scope

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if object_ is not UNSET:
            field_dict["object"] = object_
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.file_mini import FileMini
        from ..models.folder_mini import FolderMini

        d = dict(src_dict)

        def _parse_object_(data: object) -> FileMini | FolderMini | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_resource_type_0 = FolderMini.from_dict(data)

                return componentsschemas_resource_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_resource_type_1 = FileMini.from_dict(data)

            return componentsschemas_resource_type_1

        object_ = _parse_object_(d.pop("object", UNSET))

        scope = d.pop("scope", UNSET)

        resource_scope = cls(
            object_=object_,
            scope=scope,
        )

        resource_scope.additional_properties = d
        return resource_scope

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
