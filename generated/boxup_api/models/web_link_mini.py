from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebLinkMini")


@_attrs_define
class WebLinkMini:
    """
    Attributes:
        id (str):
        type_ (str):
        etag (str | Unset):
        name (str | Unset):
        sequence_id (None | str | Unset):
        url (str | Unset):
    """

    id: str
    type_: str
    etag: str | Unset = UNSET
    name: str | Unset = UNSET
    sequence_id: None | str | Unset = UNSET
    url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        etag = self.etag

        name = self.name

        sequence_id: None | str | Unset
        if isinstance(self.sequence_id, Unset):
            sequence_id = UNSET
        else:
            sequence_id = self.sequence_id

        url = self.url

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
        if name is not UNSET:
            field_dict["name"] = name
        if sequence_id is not UNSET:
            field_dict["sequence_id"] = sequence_id
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        etag = d.pop("etag", UNSET)

        name = d.pop("name", UNSET)

        def _parse_sequence_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sequence_id = _parse_sequence_id(d.pop("sequence_id", UNSET))

        url = d.pop("url", UNSET)

        web_link_mini = cls(
            id=id,
            type_=type_,
            etag=etag,
            name=name,
            sequence_id=sequence_id,
            url=url,
        )

        web_link_mini.additional_properties = d
        return web_link_mini

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
