from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.upload_part import UploadPart
    from ..models.upload_parts_order_item import UploadPartsOrderItem


T = TypeVar("T", bound="UploadParts")


@_attrs_define
class UploadParts:
    """
    Attributes:
        entries (list[UploadPart] | Unset):
        limit (int | Unset):
        offset (int | Unset):
        order (list[UploadPartsOrderItem] | Unset):
        total_count (int | Unset):
    """

    entries: list[UploadPart] | Unset = UNSET
    limit: int | Unset = UNSET
    offset: int | Unset = UNSET
    order: list[UploadPartsOrderItem] | Unset = UNSET
    total_count: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        entries: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.entries, Unset):
            entries = []
            for entries_item_data in self.entries:
                entries_item = entries_item_data.to_dict()
                entries.append(entries_item)

        limit = self.limit

        offset = self.offset

        order: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.order, Unset):
            order = []
            for order_item_data in self.order:
                order_item = order_item_data.to_dict()
                order.append(order_item)

        total_count = self.total_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if entries is not UNSET:
            field_dict["entries"] = entries
        if limit is not UNSET:
            field_dict["limit"] = limit
        if offset is not UNSET:
            field_dict["offset"] = offset
        if order is not UNSET:
            field_dict["order"] = order
        if total_count is not UNSET:
            field_dict["total_count"] = total_count

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.upload_part import UploadPart
        from ..models.upload_parts_order_item import UploadPartsOrderItem

        d = dict(src_dict)
        _entries = d.pop("entries", UNSET)
        entries: list[UploadPart] | Unset = UNSET
        if _entries is not UNSET:
            entries = []
            for entries_item_data in _entries:
                entries_item = UploadPart.from_dict(entries_item_data)

                entries.append(entries_item)

        limit = d.pop("limit", UNSET)

        offset = d.pop("offset", UNSET)

        _order = d.pop("order", UNSET)
        order: list[UploadPartsOrderItem] | Unset = UNSET
        if _order is not UNSET:
            order = []
            for order_item_data in _order:
                order_item = UploadPartsOrderItem.from_dict(order_item_data)

                order.append(order_item)

        total_count = d.pop("total_count", UNSET)

        upload_parts = cls(
            entries=entries,
            limit=limit,
            offset=offset,
            order=order,
            total_count=total_count,
        )

        upload_parts.additional_properties = d
        return upload_parts

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
