from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_full import FileFull
    from ..models.folder_mini import FolderMini
    from ..models.items_order_item import ItemsOrderItem
    from ..models.web_link import WebLink


T = TypeVar("T", bound="Items")


@_attrs_define
class Items:
    """
    Attributes:
        entries (list[FileFull | FolderMini | WebLink] | Unset):
        limit (int | Unset):
        next_marker (None | str | Unset):
        offset (int | Unset):
        order (list[ItemsOrderItem] | Unset):
        prev_marker (None | str | Unset):
        total_count (int | Unset):
    """

    entries: list[FileFull | FolderMini | WebLink] | Unset = UNSET
    limit: int | Unset = UNSET
    next_marker: None | str | Unset = UNSET
    offset: int | Unset = UNSET
    order: list[ItemsOrderItem] | Unset = UNSET
    prev_marker: None | str | Unset = UNSET
    total_count: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.file_full import FileFull
        from ..models.folder_mini import FolderMini

        entries: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.entries, Unset):
            entries = []
            for entries_item_data in self.entries:
                entries_item: dict[str, Any]
                if isinstance(entries_item_data, FileFull) or isinstance(
                    entries_item_data, FolderMini
                ):
                    entries_item = entries_item_data.to_dict()
                else:
                    entries_item = entries_item_data.to_dict()

                entries.append(entries_item)

        limit = self.limit

        next_marker: None | str | Unset
        if isinstance(self.next_marker, Unset):
            next_marker = UNSET
        else:
            next_marker = self.next_marker

        offset = self.offset

        order: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.order, Unset):
            order = []
            for order_item_data in self.order:
                order_item = order_item_data.to_dict()
                order.append(order_item)

        prev_marker: None | str | Unset
        if isinstance(self.prev_marker, Unset):
            prev_marker = UNSET
        else:
            prev_marker = self.prev_marker

        total_count = self.total_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if entries is not UNSET:
            field_dict["entries"] = entries
        if limit is not UNSET:
            field_dict["limit"] = limit
        if next_marker is not UNSET:
            field_dict["next_marker"] = next_marker
        if offset is not UNSET:
            field_dict["offset"] = offset
        if order is not UNSET:
            field_dict["order"] = order
        if prev_marker is not UNSET:
            field_dict["prev_marker"] = prev_marker
        if total_count is not UNSET:
            field_dict["total_count"] = total_count

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.file_full import FileFull
        from ..models.folder_mini import FolderMini
        from ..models.items_order_item import ItemsOrderItem
        from ..models.web_link import WebLink

        d = dict(src_dict)
        _entries = d.pop("entries", UNSET)
        entries: list[FileFull | FolderMini | WebLink] | Unset = UNSET
        if _entries is not UNSET:
            entries = []
            for entries_item_data in _entries:

                def _parse_entries_item(
                    data: object,
                ) -> FileFull | FolderMini | WebLink:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_item_type_0 = FileFull.from_dict(data)

                        return componentsschemas_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_item_type_1 = FolderMini.from_dict(data)

                        return componentsschemas_item_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_item_type_2 = WebLink.from_dict(data)

                    return componentsschemas_item_type_2

                entries_item = _parse_entries_item(entries_item_data)

                entries.append(entries_item)

        limit = d.pop("limit", UNSET)

        def _parse_next_marker(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_marker = _parse_next_marker(d.pop("next_marker", UNSET))

        offset = d.pop("offset", UNSET)

        _order = d.pop("order", UNSET)
        order: list[ItemsOrderItem] | Unset = UNSET
        if _order is not UNSET:
            order = []
            for order_item_data in _order:
                order_item = ItemsOrderItem.from_dict(order_item_data)

                order.append(order_item)

        def _parse_prev_marker(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prev_marker = _parse_prev_marker(d.pop("prev_marker", UNSET))

        total_count = d.pop("total_count", UNSET)

        items = cls(
            entries=entries,
            limit=limit,
            next_marker=next_marker,
            offset=offset,
            order=order,
            prev_marker=prev_marker,
            total_count=total_count,
        )

        items.additional_properties = d
        return items

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
