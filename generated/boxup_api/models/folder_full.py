from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.folder_folder_upload_email_type_0 import FolderFolderUploadEmailType0
    from ..models.folder_full_classification import FolderFullClassification
    from ..models.folder_full_metadata import FolderFullMetadata
    from ..models.folder_full_permissions import FolderFullPermissions
    from ..models.folder_full_watermark_info import FolderFullWatermarkInfo
    from ..models.folder_mini import FolderMini
    from ..models.folder_path_collection import FolderPathCollection
    from ..models.folder_shared_link import FolderSharedLink
    from ..models.items import Items
    from ..models.user_mini import UserMini


T = TypeVar("T", bound="FolderFull")


@_attrs_define
class FolderFull:
    """
    Attributes:
        id (str):
        type_ (str):
        etag (None | str | Unset):
        name (str | Unset):
        sequence_id (None | str | Unset):
        content_created_at (datetime.datetime | None | Unset):
        content_modified_at (datetime.datetime | None | Unset):
        created_at (datetime.datetime | None | Unset):
        created_by (UserMini | Unset):
        description (str | Unset):
        folder_upload_email (FolderFolderUploadEmailType0 | None | Unset):
        item_collection (Items | Unset):
        item_status (str | Unset):
        modified_at (datetime.datetime | None | Unset):
        modified_by (UserMini | Unset):
        owned_by (UserMini | Unset):
        parent (FolderMini | None | Unset):
        path_collection (FolderPathCollection | Unset):
        purged_at (datetime.datetime | None | Unset):
        shared_link (FolderSharedLink | Unset):
        size (int | Unset):
        trashed_at (datetime.datetime | None | Unset):
        allowed_invitee_roles (list[str] | Unset):
        allowed_shared_link_access_levels (list[str] | Unset):
        can_non_owners_invite (bool | Unset):
        can_non_owners_view_collaborators (bool | Unset):
        classification (FolderFullClassification | Unset):
        has_collaborations (bool | Unset):
        is_accessible_via_shared_link (bool | Unset):
        is_associated_with_app_item (bool | Unset):
        is_collaboration_restricted_to_enterprise (bool | Unset):
        is_externally_owned (bool | Unset):
        metadata (FolderFullMetadata | Unset):
        permissions (FolderFullPermissions | Unset):
        sync_state (str | Unset):
        tags (list[str] | Unset):
        watermark_info (FolderFullWatermarkInfo | Unset):
    """

    id: str
    type_: str
    etag: None | str | Unset = UNSET
    name: str | Unset = UNSET
    sequence_id: None | str | Unset = UNSET
    content_created_at: datetime.datetime | None | Unset = UNSET
    content_modified_at: datetime.datetime | None | Unset = UNSET
    created_at: datetime.datetime | None | Unset = UNSET
    created_by: UserMini | Unset = UNSET
    description: str | Unset = UNSET
    folder_upload_email: FolderFolderUploadEmailType0 | None | Unset = UNSET
    item_collection: Items | Unset = UNSET
    item_status: str | Unset = UNSET
    modified_at: datetime.datetime | None | Unset = UNSET
    modified_by: UserMini | Unset = UNSET
    owned_by: UserMini | Unset = UNSET
    parent: FolderMini | None | Unset = UNSET
    path_collection: FolderPathCollection | Unset = UNSET
    purged_at: datetime.datetime | None | Unset = UNSET
    shared_link: FolderSharedLink | Unset = UNSET
    size: int | Unset = UNSET
    trashed_at: datetime.datetime | None | Unset = UNSET
    allowed_invitee_roles: list[str] | Unset = UNSET
    allowed_shared_link_access_levels: list[str] | Unset = UNSET
    can_non_owners_invite: bool | Unset = UNSET
    can_non_owners_view_collaborators: bool | Unset = UNSET
    classification: FolderFullClassification | Unset = UNSET
    has_collaborations: bool | Unset = UNSET
    is_accessible_via_shared_link: bool | Unset = UNSET
    is_associated_with_app_item: bool | Unset = UNSET
    is_collaboration_restricted_to_enterprise: bool | Unset = UNSET
    is_externally_owned: bool | Unset = UNSET
    metadata: FolderFullMetadata | Unset = UNSET
    permissions: FolderFullPermissions | Unset = UNSET
    sync_state: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    watermark_info: FolderFullWatermarkInfo | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.folder_folder_upload_email_type_0 import (
            FolderFolderUploadEmailType0,
        )
        from ..models.folder_mini import FolderMini

        id = self.id

        type_ = self.type_

        etag: None | str | Unset
        if isinstance(self.etag, Unset):
            etag = UNSET
        else:
            etag = self.etag

        name = self.name

        sequence_id: None | str | Unset
        if isinstance(self.sequence_id, Unset):
            sequence_id = UNSET
        else:
            sequence_id = self.sequence_id

        content_created_at: None | str | Unset
        if isinstance(self.content_created_at, Unset):
            content_created_at = UNSET
        elif isinstance(self.content_created_at, datetime.datetime):
            content_created_at = self.content_created_at.isoformat()
        else:
            content_created_at = self.content_created_at

        content_modified_at: None | str | Unset
        if isinstance(self.content_modified_at, Unset):
            content_modified_at = UNSET
        elif isinstance(self.content_modified_at, datetime.datetime):
            content_modified_at = self.content_modified_at.isoformat()
        else:
            content_modified_at = self.content_modified_at

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        elif isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        created_by: dict[str, Any] | Unset = UNSET
        if not isinstance(self.created_by, Unset):
            created_by = self.created_by.to_dict()

        description = self.description

        folder_upload_email: dict[str, Any] | None | Unset
        if isinstance(self.folder_upload_email, Unset):
            folder_upload_email = UNSET
        elif isinstance(self.folder_upload_email, FolderFolderUploadEmailType0):
            folder_upload_email = self.folder_upload_email.to_dict()
        else:
            folder_upload_email = self.folder_upload_email

        item_collection: dict[str, Any] | Unset = UNSET
        if not isinstance(self.item_collection, Unset):
            item_collection = self.item_collection.to_dict()

        item_status = self.item_status

        modified_at: None | str | Unset
        if isinstance(self.modified_at, Unset):
            modified_at = UNSET
        elif isinstance(self.modified_at, datetime.datetime):
            modified_at = self.modified_at.isoformat()
        else:
            modified_at = self.modified_at

        modified_by: dict[str, Any] | Unset = UNSET
        if not isinstance(self.modified_by, Unset):
            modified_by = self.modified_by.to_dict()

        owned_by: dict[str, Any] | Unset = UNSET
        if not isinstance(self.owned_by, Unset):
            owned_by = self.owned_by.to_dict()

        parent: dict[str, Any] | None | Unset
        if isinstance(self.parent, Unset):
            parent = UNSET
        elif isinstance(self.parent, FolderMini):
            parent = self.parent.to_dict()
        else:
            parent = self.parent

        path_collection: dict[str, Any] | Unset = UNSET
        if not isinstance(self.path_collection, Unset):
            path_collection = self.path_collection.to_dict()

        purged_at: None | str | Unset
        if isinstance(self.purged_at, Unset):
            purged_at = UNSET
        elif isinstance(self.purged_at, datetime.datetime):
            purged_at = self.purged_at.isoformat()
        else:
            purged_at = self.purged_at

        shared_link: dict[str, Any] | Unset = UNSET
        if not isinstance(self.shared_link, Unset):
            shared_link = self.shared_link.to_dict()

        size = self.size

        trashed_at: None | str | Unset
        if isinstance(self.trashed_at, Unset):
            trashed_at = UNSET
        elif isinstance(self.trashed_at, datetime.datetime):
            trashed_at = self.trashed_at.isoformat()
        else:
            trashed_at = self.trashed_at

        allowed_invitee_roles: list[str] | Unset = UNSET
        if not isinstance(self.allowed_invitee_roles, Unset):
            allowed_invitee_roles = self.allowed_invitee_roles

        allowed_shared_link_access_levels: list[str] | Unset = UNSET
        if not isinstance(self.allowed_shared_link_access_levels, Unset):
            allowed_shared_link_access_levels = self.allowed_shared_link_access_levels

        can_non_owners_invite = self.can_non_owners_invite

        can_non_owners_view_collaborators = self.can_non_owners_view_collaborators

        classification: dict[str, Any] | Unset = UNSET
        if not isinstance(self.classification, Unset):
            classification = self.classification.to_dict()

        has_collaborations = self.has_collaborations

        is_accessible_via_shared_link = self.is_accessible_via_shared_link

        is_associated_with_app_item = self.is_associated_with_app_item

        is_collaboration_restricted_to_enterprise = (
            self.is_collaboration_restricted_to_enterprise
        )

        is_externally_owned = self.is_externally_owned

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        permissions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.permissions, Unset):
            permissions = self.permissions.to_dict()

        sync_state = self.sync_state

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        watermark_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.watermark_info, Unset):
            watermark_info = self.watermark_info.to_dict()

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
        if content_created_at is not UNSET:
            field_dict["content_created_at"] = content_created_at
        if content_modified_at is not UNSET:
            field_dict["content_modified_at"] = content_modified_at
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if description is not UNSET:
            field_dict["description"] = description
        if folder_upload_email is not UNSET:
            field_dict["folder_upload_email"] = folder_upload_email
        if item_collection is not UNSET:
            field_dict["item_collection"] = item_collection
        if item_status is not UNSET:
            field_dict["item_status"] = item_status
        if modified_at is not UNSET:
            field_dict["modified_at"] = modified_at
        if modified_by is not UNSET:
            field_dict["modified_by"] = modified_by
        if owned_by is not UNSET:
            field_dict["owned_by"] = owned_by
        if parent is not UNSET:
            field_dict["parent"] = parent
        if path_collection is not UNSET:
            field_dict["path_collection"] = path_collection
        if purged_at is not UNSET:
            field_dict["purged_at"] = purged_at
        if shared_link is not UNSET:
            field_dict["shared_link"] = shared_link
        if size is not UNSET:
            field_dict["size"] = size
        if trashed_at is not UNSET:
            field_dict["trashed_at"] = trashed_at
        if allowed_invitee_roles is not UNSET:
            field_dict["allowed_invitee_roles"] = allowed_invitee_roles
        if allowed_shared_link_access_levels is not UNSET:
            field_dict["allowed_shared_link_access_levels"] = (
                allowed_shared_link_access_levels
            )
        if can_non_owners_invite is not UNSET:
            field_dict["can_non_owners_invite"] = can_non_owners_invite
        if can_non_owners_view_collaborators is not UNSET:
            field_dict["can_non_owners_view_collaborators"] = (
                can_non_owners_view_collaborators
            )
        if classification is not UNSET:
            field_dict["classification"] = classification
        if has_collaborations is not UNSET:
            field_dict["has_collaborations"] = has_collaborations
        if is_accessible_via_shared_link is not UNSET:
            field_dict["is_accessible_via_shared_link"] = is_accessible_via_shared_link
        if is_associated_with_app_item is not UNSET:
            field_dict["is_associated_with_app_item"] = is_associated_with_app_item
        if is_collaboration_restricted_to_enterprise is not UNSET:
            field_dict["is_collaboration_restricted_to_enterprise"] = (
                is_collaboration_restricted_to_enterprise
            )
        if is_externally_owned is not UNSET:
            field_dict["is_externally_owned"] = is_externally_owned
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if permissions is not UNSET:
            field_dict["permissions"] = permissions
        if sync_state is not UNSET:
            field_dict["sync_state"] = sync_state
        if tags is not UNSET:
            field_dict["tags"] = tags
        if watermark_info is not UNSET:
            field_dict["watermark_info"] = watermark_info

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.folder_folder_upload_email_type_0 import (
            FolderFolderUploadEmailType0,
        )
        from ..models.folder_full_classification import FolderFullClassification
        from ..models.folder_full_metadata import FolderFullMetadata
        from ..models.folder_full_permissions import FolderFullPermissions
        from ..models.folder_full_watermark_info import FolderFullWatermarkInfo
        from ..models.folder_mini import FolderMini
        from ..models.folder_path_collection import FolderPathCollection
        from ..models.folder_shared_link import FolderSharedLink
        from ..models.items import Items
        from ..models.user_mini import UserMini

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

        name = d.pop("name", UNSET)

        def _parse_sequence_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sequence_id = _parse_sequence_id(d.pop("sequence_id", UNSET))

        def _parse_content_created_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                content_created_at_type_0 = datetime.datetime.fromisoformat(data)

                return content_created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        content_created_at = _parse_content_created_at(
            d.pop("content_created_at", UNSET)
        )

        def _parse_content_modified_at(
            data: object,
        ) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                content_modified_at_type_0 = datetime.datetime.fromisoformat(data)

                return content_modified_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        content_modified_at = _parse_content_modified_at(
            d.pop("content_modified_at", UNSET)
        )

        def _parse_created_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_at_type_0 = datetime.datetime.fromisoformat(data)

                return created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        created_at = _parse_created_at(d.pop("created_at", UNSET))

        _created_by = d.pop("created_by", UNSET)
        created_by: UserMini | Unset
        if isinstance(_created_by, Unset):
            created_by = UNSET
        else:
            created_by = UserMini.from_dict(_created_by)

        description = d.pop("description", UNSET)

        def _parse_folder_upload_email(
            data: object,
        ) -> FolderFolderUploadEmailType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                folder_upload_email_type_0 = FolderFolderUploadEmailType0.from_dict(
                    data
                )

                return folder_upload_email_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FolderFolderUploadEmailType0 | None | Unset, data)

        folder_upload_email = _parse_folder_upload_email(
            d.pop("folder_upload_email", UNSET)
        )

        _item_collection = d.pop("item_collection", UNSET)
        item_collection: Items | Unset
        if isinstance(_item_collection, Unset):
            item_collection = UNSET
        else:
            item_collection = Items.from_dict(_item_collection)

        item_status = d.pop("item_status", UNSET)

        def _parse_modified_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                modified_at_type_0 = datetime.datetime.fromisoformat(data)

                return modified_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        modified_at = _parse_modified_at(d.pop("modified_at", UNSET))

        _modified_by = d.pop("modified_by", UNSET)
        modified_by: UserMini | Unset
        if isinstance(_modified_by, Unset):
            modified_by = UNSET
        else:
            modified_by = UserMini.from_dict(_modified_by)

        _owned_by = d.pop("owned_by", UNSET)
        owned_by: UserMini | Unset
        if isinstance(_owned_by, Unset):
            owned_by = UNSET
        else:
            owned_by = UserMini.from_dict(_owned_by)

        def _parse_parent(data: object) -> FolderMini | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                parent_type_0 = FolderMini.from_dict(data)

                return parent_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FolderMini | None | Unset, data)

        parent = _parse_parent(d.pop("parent", UNSET))

        _path_collection = d.pop("path_collection", UNSET)
        path_collection: FolderPathCollection | Unset
        if isinstance(_path_collection, Unset):
            path_collection = UNSET
        else:
            path_collection = FolderPathCollection.from_dict(_path_collection)

        def _parse_purged_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                purged_at_type_0 = datetime.datetime.fromisoformat(data)

                return purged_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        purged_at = _parse_purged_at(d.pop("purged_at", UNSET))

        _shared_link = d.pop("shared_link", UNSET)
        shared_link: FolderSharedLink | Unset
        if isinstance(_shared_link, Unset):
            shared_link = UNSET
        else:
            shared_link = FolderSharedLink.from_dict(_shared_link)

        size = d.pop("size", UNSET)

        def _parse_trashed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trashed_at_type_0 = datetime.datetime.fromisoformat(data)

                return trashed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        trashed_at = _parse_trashed_at(d.pop("trashed_at", UNSET))

        allowed_invitee_roles = cast(list[str], d.pop("allowed_invitee_roles", UNSET))

        allowed_shared_link_access_levels = cast(
            list[str], d.pop("allowed_shared_link_access_levels", UNSET)
        )

        can_non_owners_invite = d.pop("can_non_owners_invite", UNSET)

        can_non_owners_view_collaborators = d.pop(
            "can_non_owners_view_collaborators", UNSET
        )

        _classification = d.pop("classification", UNSET)
        classification: FolderFullClassification | Unset
        if isinstance(_classification, Unset):
            classification = UNSET
        else:
            classification = FolderFullClassification.from_dict(_classification)

        has_collaborations = d.pop("has_collaborations", UNSET)

        is_accessible_via_shared_link = d.pop("is_accessible_via_shared_link", UNSET)

        is_associated_with_app_item = d.pop("is_associated_with_app_item", UNSET)

        is_collaboration_restricted_to_enterprise = d.pop(
            "is_collaboration_restricted_to_enterprise", UNSET
        )

        is_externally_owned = d.pop("is_externally_owned", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: FolderFullMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = FolderFullMetadata.from_dict(_metadata)

        _permissions = d.pop("permissions", UNSET)
        permissions: FolderFullPermissions | Unset
        if isinstance(_permissions, Unset):
            permissions = UNSET
        else:
            permissions = FolderFullPermissions.from_dict(_permissions)

        sync_state = d.pop("sync_state", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        _watermark_info = d.pop("watermark_info", UNSET)
        watermark_info: FolderFullWatermarkInfo | Unset
        if isinstance(_watermark_info, Unset):
            watermark_info = UNSET
        else:
            watermark_info = FolderFullWatermarkInfo.from_dict(_watermark_info)

        folder_full = cls(
            id=id,
            type_=type_,
            etag=etag,
            name=name,
            sequence_id=sequence_id,
            content_created_at=content_created_at,
            content_modified_at=content_modified_at,
            created_at=created_at,
            created_by=created_by,
            description=description,
            folder_upload_email=folder_upload_email,
            item_collection=item_collection,
            item_status=item_status,
            modified_at=modified_at,
            modified_by=modified_by,
            owned_by=owned_by,
            parent=parent,
            path_collection=path_collection,
            purged_at=purged_at,
            shared_link=shared_link,
            size=size,
            trashed_at=trashed_at,
            allowed_invitee_roles=allowed_invitee_roles,
            allowed_shared_link_access_levels=allowed_shared_link_access_levels,
            can_non_owners_invite=can_non_owners_invite,
            can_non_owners_view_collaborators=can_non_owners_view_collaborators,
            classification=classification,
            has_collaborations=has_collaborations,
            is_accessible_via_shared_link=is_accessible_via_shared_link,
            is_associated_with_app_item=is_associated_with_app_item,
            is_collaboration_restricted_to_enterprise=is_collaboration_restricted_to_enterprise,
            is_externally_owned=is_externally_owned,
            metadata=metadata,
            permissions=permissions,
            sync_state=sync_state,
            tags=tags,
            watermark_info=watermark_info,
        )

        folder_full.additional_properties = d
        return folder_full

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
