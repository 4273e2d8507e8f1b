from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.folder_shared_link_permissions import FolderSharedLinkPermissions


T = TypeVar("T", bound="FolderSharedLink")


@_attrs_define
class FolderSharedLink:
    """
    Attributes:
        access (str | Unset):
        download_count (int | Unset):
        download_url (None | str | Unset):
        effective_access (str | Unset):
        effective_permission (str | Unset):
        is_password_enabled (bool | Unset):
        permissions (FolderSharedLinkPermissions | Unset):
        preview_count (int | Unset):
        unshared_at (datetime.datetime | None | Unset):
        url (str | Unset):
        vanity_name (None | str | Unset):
        vanity_url (None | str | Unset):
    """

    access: str | Unset = UNSET
    download_count: int | Unset = UNSET
    download_url: None | str | Unset = UNSET
    effective_access: str | Unset = UNSET
    effective_permission: str | Unset = UNSET
    is_password_enabled: bool | Unset = UNSET
    permissions: FolderSharedLinkPermissions | Unset = UNSET
    preview_count: int | Unset = UNSET
    unshared_at: datetime.datetime | None | Unset = UNSET
    url: str | Unset = UNSET
    vanity_name: None | str | Unset = UNSET
    vanity_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access = self.access

        download_count = self.download_count

        download_url: None | str | Unset
        if isinstance(self.download_url, Unset):
            download_url = UNSET
        else:
            download_url = self.download_url

        effective_access = self.effective_access

        effective_permission = self.effective_permission

        is_password_enabled = self.is_password_enabled

        permissions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.permissions, Unset):
            permissions = self.permissions.to_dict()

        preview_count = self.preview_count

        unshared_at: None | str | Unset
        if isinstance(self.unshared_at, Unset):
            unshared_at = UNSET
        elif isinstance(self.unshared_at, datetime.datetime):
            unshared_at = self.unshared_at.isoformat()
        else:
            unshared_at = self.unshared_at

        url = self.url

        vanity_name: None | str | Unset
        if isinstance(self.vanity_name, Unset):
            vanity_name = UNSET
        else:
            vanity_name = self.vanity_name

        vanity_url: None | str | Unset
        if isinstance(self.vanity_url, Unset):
            vanity_url = UNSET
        else:
            vanity_url = self.vanity_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if access is not UNSET:
            field_dict["access"] = access
        if download_count is not UNSET:
            field_dict["download_count"] = download_count
        if download_url is not UNSET:
            field_dict["download_url"] = download_url
        if effective_access is not UNSET:
            field_dict["effective_access"] = effective_access
        if effective_permission is not UNSET:
            field_dict["effective_permission"] = effective_permission
        if is_password_enabled is not UNSET:
            field_dict["is_password_enabled"] = is_password_enabled
        if permissions is not UNSET:
            field_dict["permissions"] = permissions
        if preview_count is not UNSET:
            field_dict["preview_count"] = preview_count
        if unshared_at is not UNSET:
            field_dict["unshared_at"] = unshared_at
        if url is not UNSET:
            field_dict["url"] = url
        if vanity_name is not UNSET:
            field_dict["vanity_name"] = vanity_name
        if vanity_url is not UNSET:
            field_dict["vanity_url"] = vanity_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.folder_shared_link_permissions import FolderSharedLinkPermissions

        d = dict(src_dict)
        access = d.pop("access", UNSET)

        download_count = d.pop("download_count", UNSET)

        def _parse_download_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        download_url = _parse_download_url(d.pop("download_url", UNSET))

        effective_access = d.pop("effective_access", UNSET)

        effective_permission = d.pop("effective_permission", UNSET)

        is_password_enabled = d.pop("is_password_enabled", UNSET)

        _permissions = d.pop("permissions", UNSET)
        permissions: FolderSharedLinkPermissions | Unset
        if isinstance(_permissions, Unset):
            permissions = UNSET
        else:
            permissions = FolderSharedLinkPermissions.from_dict(_permissions)

        preview_count = d.pop("preview_count", UNSET)

        def _parse_unshared_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                unshared_at_type_0 = datetime.datetime.fromisoformat(data)

                return unshared_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        unshared_at = _parse_unshared_at(d.pop("unshared_at", UNSET))

        url = d.pop("url", UNSET)

        def _parse_vanity_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vanity_name = _parse_vanity_name(d.pop("vanity_name", UNSET))

        def _parse_vanity_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vanity_url = _parse_vanity_url(d.pop("vanity_url", UNSET))

        folder_shared_link = cls(
            access=access,
            download_count=download_count,
            download_url=download_url,
            effective_access=effective_access,
            effective_permission=effective_permission,
            is_password_enabled=is_password_enabled,
            permissions=permissions,
            preview_count=preview_count,
            unshared_at=unshared_at,
            url=url,
            vanity_name=vanity_name,
            vanity_url=vanity_url,
        )

        folder_shared_link.additional_properties = d
        return folder_shared_link

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
