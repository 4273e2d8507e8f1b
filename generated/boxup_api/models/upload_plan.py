from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.upload_plan_hit import UploadPlanHit
    from ..models.upload_plan_part import UploadPlanPart


T = TypeVar("T", bound="UploadPlan")


@_attrs_define
class UploadPlan:
    """
    Attributes:
        hits (list[UploadPlanHit]):
        misses (list[UploadPlanPart]):
        upload_session_id (str | Unset):
    """

    hits: list[UploadPlanHit]
    misses: list[UploadPlanPart]
    upload_session_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        hits = []
        for hits_item_data in self.hits:
            hits_item = hits_item_data.to_dict()
            hits.append(hits_item)

        misses = []
        for misses_item_data in self.misses:
            misses_item = misses_item_data.to_dict()
            misses.append(misses_item)

        upload_session_id = self.upload_session_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "hits": hits,
                "misses": misses,
            }
        )
        if upload_session_id is not UNSET:
            field_dict["upload_session_id"] = upload_session_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.upload_plan_hit import UploadPlanHit
        from ..models.upload_plan_part import UploadPlanPart

        d = dict(src_dict)
        hits = []
        _hits = d.pop("hits")
        for hits_item_data in _hits:
            hits_item = UploadPlanHit.from_dict(hits_item_data)

            hits.append(hits_item)

        misses = []
        _misses = d.pop("misses")
        for misses_item_data in _misses:
            misses_item = UploadPlanPart.from_dict(misses_item_data)

            misses.append(misses_item)

        upload_session_id = d.pop("upload_session_id", UNSET)

        upload_plan = cls(
            hits=hits,
            misses=misses,
            upload_session_id=upload_session_id,
        )

        upload_plan.additional_properties = d
        return upload_plan

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
