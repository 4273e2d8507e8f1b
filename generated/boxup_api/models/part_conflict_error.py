from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.part_conflict_error_context_info import PartConflictErrorContextInfo


T = TypeVar("T", bound="PartConflictError")


@_attrs_define
class PartConflictError:
    """
    Attributes:
        code (str | Unset):
        context_info (PartConflictErrorContextInfo | Unset):
        help_url (str | Unset):
        message (str | Unset):
        request_id (str | Unset):
        status (int | Unset):
        type_ (str | Unset):
    """

    code: str | Unset = UNSET
    context_info: PartConflictErrorContextInfo | Unset = UNSET
    help_url: str | Unset = UNSET
    message: str | Unset = UNSET
    request_id: str | Unset = UNSET
    status: int | Unset = UNSET
    type_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        context_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.context_info, Unset):
            context_info = self.context_info.to_dict()

        help_url = self.help_url

        message = self.message

        request_id = self.request_id

        status = self.status

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if context_info is not UNSET:
            field_dict["context_info"] = context_info
        if help_url is not UNSET:
            field_dict["help_url"] = help_url
        if message is not UNSET:
            field_dict["message"] = message
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if status is not UNSET:
            field_dict["status"] = status
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.part_conflict_error_context_info import (
            PartConflictErrorContextInfo,
        )

        d = dict(src_dict)
        code = d.pop("code", UNSET)

        _context_info = d.pop("context_info", UNSET)
        context_info: PartConflictErrorContextInfo | Unset
        if isinstance(_context_info, Unset):
            context_info = UNSET
        else:
            context_info = PartConflictErrorContextInfo.from_dict(_context_info)

        help_url = d.pop("help_url", UNSET)

        message = d.pop("message", UNSET)

        request_id = d.pop("request_id", UNSET)

        status = d.pop("status", UNSET)

        type_ = d.pop("type", UNSET)

        part_conflict_error = cls(
            code=code,
            context_info=context_info,
            help_url=help_url,
            message=message,
            request_id=request_id,
            status=status,
            type_=type_,
        )

        part_conflict_error.additional_properties = d
        return part_conflict_error

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
