from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.upload_session_session_endpoints import UploadSessionSessionEndpoints


T = TypeVar("T", bound="UploadSession")


@_attrs_define
class UploadSession:
    """
    Attributes:
        id (str | Unset):
        num_parts_processed (int | Unset):
        part_size (int | Unset):
        session_endpoints (UploadSessionSessionEndpoints | Unset):
        session_expires_at (datetime.datetime | Unset):
        total_parts (int | Unset):
        type_ (str | Unset):
    """

    id: str | Unset = UNSET
    num_parts_processed: int | Unset = UNSET
    part_size: int | Unset = UNSET
    session_endpoints: UploadSessionSessionEndpoints | Unset = UNSET
    session_expires_at: datetime.datetime | Unset = UNSET
    total_parts: int | Unset = UNSET
    type_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        num_parts_processed = self.num_parts_processed

        part_size = self.part_size

        session_endpoints: dict[str, Any] | Unset = UNSET
        if not isinstance(self.session_endpoints, Unset):
            session_endpoints = self.session_endpoints.to_dict()

        session_expires_at: str | Unset = UNSET
        if not isinstance(self.session_expires_at, Unset):
            session_expires_at = self.session_expires_at.isoformat()

        total_parts = self.total_parts

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if num_parts_processed is not UNSET:
            field_dict["num_parts_processed"] = num_parts_processed
        if part_size is not UNSET:
            field_dict["part_size"] = part_size
        if session_endpoints is not UNSET:
            field_dict["session_endpoints"] = session_endpoints
        if session_expires_at is not UNSET:
            field_dict["session_expires_at"] = session_expires_at
        if total_parts is not UNSET:
            field_dict["total_parts"] = total_parts
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.upload_session_session_endpoints import (
            UploadSessionSessionEndpoints,
        )

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        num_parts_processed = d.pop("num_parts_processed", UNSET)

        part_size = d.pop("part_size", UNSET)

        _session_endpoints = d.pop("session_endpoints", UNSET)
        session_endpoints: UploadSessionSessionEndpoints | Unset
        if isinstance(_session_endpoints, Unset):
            session_endpoints = UNSET
        else:
            session_endpoints = UploadSessionSessionEndpoints.from_dict(
                _session_endpoints
            )

        _session_expires_at = d.pop("session_expires_at", UNSET)
        session_expires_at: datetime.datetime | Unset
        if isinstance(_session_expires_at, Unset):
            session_expires_at = UNSET
        else:
            session_expires_at = datetime.datetime.fromisoformat(_session_expires_at)

        total_parts = d.pop("total_parts", UNSET)

        type_ = d.pop("type", UNSET)

        upload_session = cls(
            id=id,
            num_parts_processed=num_parts_processed,
            part_size=part_size,
            session_endpoints=session_endpoints,
            session_expires_at=session_expires_at,
            total_parts=total_parts,
            type_=type_,
        )

        upload_session.additional_properties = d
        return upload_session

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
