from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UploadSessionSessionEndpoints")


@_attrs_define
class UploadSessionSessionEndpoints:
    """
    Attributes:
        abort (str | Unset):
        commit (str | Unset):
        list_parts (str | Unset):
        log_event (str | Unset):
        plan (str | Unset):
        status (str | Unset):
        upload_part (str | Unset):
    """

    abort: str | Unset = UNSET
    commit: str | Unset = UNSET
    list_parts: str | Unset = UNSET
    log_event: str | Unset = UNSET
    plan: str | Unset = UNSET
    status: str | Unset = UNSET
    upload_part: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        abort = self.abort

        commit = self.commit

        list_parts = self.list_parts

        log_event = self.log_event

        plan = self.plan

        status = self.status

        upload_part = self.upload_part

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if abort is not UNSET:
            field_dict["abort"] = abort
        if commit is not UNSET:
            field_dict["commit"] = commit
        if list_parts is not UNSET:
            field_dict["list_parts"] = list_parts
        if log_event is not UNSET:
            field_dict["log_event"] = log_event
        if plan is not UNSET:
            field_dict["plan"] = plan
        if status is not UNSET:
            field_dict["status"] = status
        if upload_part is not UNSET:
            field_dict["upload_part"] = upload_part

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        abort = d.pop("abort", UNSET)

        commit = d.pop("commit", UNSET)

        list_parts = d.pop("list_parts", UNSET)

        log_event = d.pop("log_event", UNSET)

        plan = d.pop("plan", UNSET)

        status = d.pop("status", UNSET)

        upload_part = d.pop("upload_part", UNSET)

        upload_session_session_endpoints = cls(
            abort=abort,
            commit=commit,
            list_parts=list_parts,
            log_event=log_event,
            plan=plan,
            status=status,
            upload_part=upload_part,
        )

        upload_session_session_endpoints.additional_properties = d
        return upload_session_session_endpoints

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
