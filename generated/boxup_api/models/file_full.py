from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.box_file_path_collection import BoxFilePathCollection
    from ..models.file_version_mini import FileVersionMini
    from ..models.folder_mini import FolderMini
    from ..models.user_mini import UserMini


T = TypeVar("T", bound="FileFull")


@_attrs_define
class FileFull:
    """
    Attributes:
        id (str):
        type_ (str):
        etag (None | str | Unset):
        file_version (FileVersionMini | Unset):
        name (str | Unset):
        sequence_id (None | str | Unset):
        sha1 (str | Unset):
        content_created_at (datetime.datetime | None | Unset):
        content_modified_at (datetime.datetime | None | Unset):
        created_at (datetime.datetime | Unset):
        created_by (UserMini | Unset):
        description (str | Unset):
        item_status (str | Unset):
        modified_at (datetime.datetime | Unset):
        modified_by (UserMini | Unset):
        owned_by (UserMini | Unset):
        parent (FolderMini | None | Unset):
        path_collection (BoxFilePathCollection | Unset):
        purged_at (datetime.datetime | None | Unset):
        size (int | Unset):
        trashed_at (datetime.datetime | None | Unset):
        comment_count (int | Unset):
        extension (str | Unset):
        is_package (bool | Unset):
        tags (list[str] | Unset):
        uploader_display_name (str | Unset):
        version_number (str | Unset):
    """

    id: str
    type_: str
    etag: None | str | Unset = UNSET
    file_version: FileVersionMini | Unset = UNSET
    name: str | Unset = UNSET
    sequence_id: None | str | Unset = UNSET
    sha1: str | Unset = UNSET
    content_created_at: datetime.datetime | None | Unset = UNSET
    content_modified_at: datetime.datetime | None | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    created_by: UserMini | Unset = UNSET
    description: str | Unset = UNSET
    item_status: str | Unset = UNSET
    modified_at: datetime.datetime | Unset = UNSET
    modified_by: UserMini | Unset = UNSET
    owned_by: UserMini | Unset = UNSET
    parent: FolderMini | None | Unset = UNSET
    path_collection: BoxFilePathCollection | Unset = UNSET
    purged_at: datetime.datetime | None | Unset = UNSET
    size: int | Unset = UNSET
    trashed_at: datetime.datetime | None | Unset = UNSET
    comment_count: int | Unset = UNSET
    extension: str | Unset = UNSET
    is_package: bool | Unset = UNSET
    tags: list[str] | Unset = UNSET
    uploader_display_name: str | Unset = UNSET
    version_number: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.folder_mini import FolderMini

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

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        created_by: dict[str, Any] | Unset = UNSET
        if not isinstance(self.created_by, Unset):
            created_by = self.created_by.to_dict()

        description = self.description

        item_status = self.item_status

        modified_at: str | Unset = UNSET
        if not isinstance(self.modified_at, Unset):
            modified_at = self.modified_at.isoformat()

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

        size = self.size

        trashed_at: None | str | Unset
        if isinstance(self.trashed_at, Unset):
            trashed_at = UNSET
        elif isinstance(self.trashed_at, datetime.datetime):
            trashed_at = self.trashed_at.isoformat()
        else:
            trashed_at = self.trashed_at

        comment_count = self.comment_count

        extension = self.extension

        is_package = self.is_package

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        uploader_display_name = self.uploader_display_name

        version_number = self.version_number

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
        if size is not UNSET:
            field_dict["size"] = size
        if trashed_at is not UNSET:
            field_dict["trashed_at"] = trashed_at
        if comment_count is not UNSET:
            field_dict["comment_count"] = comment_count
        if extension is not UNSET:
            field_dict["extension"] = extension
        if is_package is not UNSET:
            field_dict["is_package"] = is_package
        if tags is not UNSET:
            field_dict["tags"] = tags
        if uploader_display_name is not UNSET:
            field_dict["uploader_display_name"] = uploader_display_name
        if version_number is not UNSET:
            field_dict["version_number"] = version_number

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.box_file_path_collection import BoxFilePathCollection
        from ..models.file_version_mini import FileVersionMini
        from ..models.folder_mini import FolderMini
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

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _created_by = d.pop("created_by", UNSET)
        created_by: UserMini | Unset
        if isinstance(_created_by, Unset):
            created_by = UNSET
        else:
            created_by = UserMini.from_dict(_created_by)

        description = d.pop("description", UNSET)

        item_status = d.pop("item_status", UNSET)

        _modified_at = d.pop("modified_at", UNSET)
        modified_at: datetime.datetime | Unset
        if isinstance(_modified_at, Unset):
            modified_at = UNSET
        else:
            modified_at = datetime.datetime.fromisoformat(_modified_at)

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
        path_collection: BoxFilePathCollection | Unset
        if isinstance(_path_collection, Unset):
            path_collection = UNSET
        else:
            path_collection = BoxFilePathCollection.from_dict(_path_collection)

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

        comment_count = d.pop("comment_count", UNSET)

        extension = d.pop("extension", UNSET)

        is_package = d.pop("is_package", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        uploader_display_name = d.pop("uploader_display_name", UNSET)

        version_number = d.pop("version_number", UNSET)

        file_full = cls(
            id=id,
            type_=type_,
            etag=etag,
            file_version=file_version,
            name=name,
            sequence_id=sequence_id,
            sha1=sha1,
            content_created_at=content_created_at,
            content_modified_at=content_modified_at,
            created_at=created_at,
            created_by=created_by,
            description=description,
            item_status=item_status,
            modified_at=modified_at,
            modified_by=modified_by,
            owned_by=owned_by,
            parent=parent,
            path_collection=path_collection,
            purged_at=purged_at,
            size=size,
            trashed_at=trashed_at,
            comment_count=comment_count,
            extension=extension,
            is_package=is_package,
            tags=tags,
            uploader_display_name=uploader_display_name,
            version_number=version_number,
        )

        file_full.additional_properties = d
        return file_full

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
