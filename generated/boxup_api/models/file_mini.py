from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_version_mini import FileVersionMini


T = TypeVar("T", bound="FileMini")


@_attrs_define
class FileMini:
    """
    Attributes:
        id (str):
        type_ (str):
        etag (None | str | Unset):
        file_version (FileVersionMini | Unset):
        name (str | Unset):
        sequence_id (None | str | Unset):
        sha1 (str | Unset):
    """

    id: str
    type_: str
    etag: None | str | Unset = UNSET
    file_version: FileVersionMini | Unset = UNSET
    name: str | Unset = UNSET
    sequence_id: None | str | Unset = UNSET
    sha1: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        etag: None | str | Unset
        if isinstance(self.etag, Unset):
            etag = UNSET
        else:
            etag = self.etag

        file_version: dict[str, Any] | Unset = UNSET
        if not isinstance(self.file_version, Unset):
            file_version = self.file_version.to_dict()

        name = self.name

        sequence_id: None | str | Unset
        if isinstance(self.sequence_id, Unset):
            sequence_id = UNSET
        else:
            sequence_id = self.sequence_id

        sha1 = self.sha1

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
            }
        )
        if etag is not UNSET:
            field_dict["etag"] = etag
        if file_version is not UNSET:
            field_dict["file_version"] = file_version
        if name is not UNSET:
            field_dict["name"] = name
        if sequence_id is not UNSET:
            field_dict["sequence_id"] = sequence_id
        if sha1 is not UNSET:
            field_dict["sha1"] = sha1

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.file_version_mini import FileVersionMini

        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        def _parse_etag(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        etag = _parse_etag(d.pop("etag", UNSET))

        _file_version = d.pop("file_version", UNSET)
        file_version: FileVersionMini | Unset
        if isinstance(_file_version, Unset):
            file_version = UNSET
        else:
            file_version = FileVersionMini.from_dict(_file_version)

        name = d.pop("name", UNSET)

        def _parse_sequence_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sequence_id = _parse_sequence_id(d.pop("sequence_id", UNSET))

        sha1 = d.pop("sha1", UNSET)

        file_mini = cls(
            id=id,
            type_=type_,
            etag=etag,
            file_version=file_version,
            name=name,
            sequence_id=sequence_id,
            sha1=sha1,
        )

        file_mini.additional_properties = d
        return file_mini

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
