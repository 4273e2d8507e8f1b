"""Contains all the data models used in inputs/outputs.

Each model's module is imported on first use (PEP 562), so importing one model, or one endpoint, does not import
every model; the TYPE_CHECKING imports give type checkers every name. (boxup's own template: openapi/templates.)
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .access_token import AccessToken
    from .box_file import BoxFile
    from .box_file_path_collection import BoxFilePathCollection
    from .client_error import ClientError
    from .client_error_context_info_type_0 import ClientErrorContextInfoType0
    from .commit_upload_session_body import CommitUploadSessionBody
    from .conflict_error import ConflictError
    from .conflict_error_context_info import ConflictErrorContextInfo
    from .create_folder_body import CreateFolderBody
    from .create_folder_body_folder_upload_email import (
        CreateFolderBodyFolderUploadEmail,
    )
    from .create_folder_body_parent import CreateFolderBodyParent
    from .create_upload_session_body import CreateUploadSessionBody
    from .create_version_upload_session_body import CreateVersionUploadSessionBody
    from .file_base import FileBase
    from .file_conflict import FileConflict
    from .file_full import FileFull
    from .file_mini import FileMini
    from .file_version_base import FileVersionBase
    from .file_version_mini import FileVersionMini
    from .files import Files
    from .folder import Folder
    from .folder_base import FolderBase
    from .folder_folder_upload_email_type_0 import FolderFolderUploadEmailType0
    from .folder_full import FolderFull
    from .folder_full_classification import FolderFullClassification
    from .folder_full_metadata import FolderFullMetadata
    from .folder_full_metadata_additional_property import (
        FolderFullMetadataAdditionalProperty,
    )
    from .folder_full_permissions import FolderFullPermissions
    from .folder_full_watermark_info import FolderFullWatermarkInfo
    from .folder_mini import FolderMini
    from .folder_path_collection import FolderPathCollection
    from .folder_shared_link import FolderSharedLink
    from .folder_shared_link_permissions import FolderSharedLinkPermissions
    from .items import Items
    from .items_order_item import ItemsOrderItem
    from .metadata_base import MetadataBase
    from .metadata_full import MetadataFull
    from .o_auth_2_error import OAuth2Error
    from .part_conflict_error import PartConflictError
    from .part_conflict_error_context_info import PartConflictErrorContextInfo
    from .plan_upload_session_body import PlanUploadSessionBody
    from .post_o_auth_2_token import PostOAuth2Token
    from .preflight_upload_body import PreflightUploadBody
    from .preflight_upload_body_parent import PreflightUploadBodyParent
    from .resource_scope import ResourceScope
    from .upload_attributes import UploadAttributes
    from .upload_file_body import UploadFileBody
    from .upload_file_body_attributes import UploadFileBodyAttributes
    from .upload_file_body_attributes_parent import UploadFileBodyAttributesParent
    from .upload_file_version_body import UploadFileVersionBody
    from .upload_file_version_body_attributes import UploadFileVersionBodyAttributes
    from .upload_part import UploadPart
    from .upload_part_mini import UploadPartMini
    from .upload_parts import UploadParts
    from .upload_parts_order_item import UploadPartsOrderItem
    from .upload_plan import UploadPlan
    from .upload_plan_hit import UploadPlanHit
    from .upload_plan_part import UploadPlanPart
    from .upload_session import UploadSession
    from .upload_session_session_endpoints import UploadSessionSessionEndpoints
    from .upload_url import UploadUrl
    from .uploaded_part import UploadedPart
    from .user_base import UserBase
    from .user_mini import UserMini
    from .web_link import WebLink
    from .web_link_base import WebLinkBase
    from .web_link_mini import WebLinkMini
    from .web_link_path_collection import WebLinkPathCollection
    from .web_link_shared_link import WebLinkSharedLink
    from .web_link_shared_link_permissions import WebLinkSharedLinkPermissions

_MODULES = {
    "AccessToken": ".access_token",
    "BoxFile": ".box_file",
    "BoxFilePathCollection": ".box_file_path_collection",
    "ClientError": ".client_error",
    "ClientErrorContextInfoType0": ".client_error_context_info_type_0",
    "CommitUploadSessionBody": ".commit_upload_session_body",
    "ConflictError": ".conflict_error",
    "ConflictErrorContextInfo": ".conflict_error_context_info",
    "CreateFolderBody": ".create_folder_body",
    "CreateFolderBodyFolderUploadEmail": ".create_folder_body_folder_upload_email",
    "CreateFolderBodyParent": ".create_folder_body_parent",
    "CreateUploadSessionBody": ".create_upload_session_body",
    "CreateVersionUploadSessionBody": ".create_version_upload_session_body",
    "FileBase": ".file_base",
    "FileConflict": ".file_conflict",
    "FileFull": ".file_full",
    "FileMini": ".file_mini",
    "FileVersionBase": ".file_version_base",
    "FileVersionMini": ".file_version_mini",
    "Files": ".files",
    "Folder": ".folder",
    "FolderBase": ".folder_base",
    "FolderFolderUploadEmailType0": ".folder_folder_upload_email_type_0",
    "FolderFull": ".folder_full",
    "FolderFullClassification": ".folder_full_classification",
    "FolderFullMetadata": ".folder_full_metadata",
    "FolderFullMetadataAdditionalProperty": ".folder_full_metadata_additional_property",
    "FolderFullPermissions": ".folder_full_permissions",
    "FolderFullWatermarkInfo": ".folder_full_watermark_info",
    "FolderMini": ".folder_mini",
    "FolderPathCollection": ".folder_path_collection",
    "FolderSharedLink": ".folder_shared_link",
    "FolderSharedLinkPermissions": ".folder_shared_link_permissions",
    "Items": ".items",
    "ItemsOrderItem": ".items_order_item",
    "MetadataBase": ".metadata_base",
    "MetadataFull": ".metadata_full",
    "OAuth2Error": ".o_auth_2_error",
    "PartConflictError": ".part_conflict_error",
    "PartConflictErrorContextInfo": ".part_conflict_error_context_info",
    "PlanUploadSessionBody": ".plan_upload_session_body",
    "PostOAuth2Token": ".post_o_auth_2_token",
    "PreflightUploadBody": ".preflight_upload_body",
    "PreflightUploadBodyParent": ".preflight_upload_body_parent",
    "ResourceScope": ".resource_scope",
    "UploadAttributes": ".upload_attributes",
    "UploadFileBody": ".upload_file_body",
    "UploadFileBodyAttributes": ".upload_file_body_attributes",
    "UploadFileBodyAttributesParent": ".upload_file_body_attributes_parent",
    "UploadFileVersionBody": ".upload_file_version_body",
    "UploadFileVersionBodyAttributes": ".upload_file_version_body_attributes",
    "UploadPart": ".upload_part",
    "UploadPartMini": ".upload_part_mini",
    "UploadParts": ".upload_parts",
    "UploadPartsOrderItem": ".upload_parts_order_item",
    "UploadPlan": ".upload_plan",
    "UploadPlanHit": ".upload_plan_hit",
    "UploadPlanPart": ".upload_plan_part",
    "UploadSession": ".upload_session",
    "UploadSessionSessionEndpoints": ".upload_session_session_endpoints",
    "UploadUrl": ".upload_url",
    "UploadedPart": ".uploaded_part",
    "UserBase": ".user_base",
    "UserMini": ".user_mini",
    "WebLink": ".web_link",
    "WebLinkBase": ".web_link_base",
    "WebLinkMini": ".web_link_mini",
    "WebLinkPathCollection": ".web_link_path_collection",
    "WebLinkSharedLink": ".web_link_shared_link",
    "WebLinkSharedLinkPermissions": ".web_link_shared_link_permissions",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_MODULES[name], __name__), name)
    globals()[name] = value  # found once: later lookups do not come back here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = (
    "AccessToken",
    "BoxFile",
    "BoxFilePathCollection",
    "ClientError",
    "ClientErrorContextInfoType0",
    "CommitUploadSessionBody",
    "ConflictError",
    "ConflictErrorContextInfo",
    "CreateFolderBody",
    "CreateFolderBodyFolderUploadEmail",
    "CreateFolderBodyParent",
    "CreateUploadSessionBody",
    "CreateVersionUploadSessionBody",
    "FileBase",
    "FileConflict",
    "FileFull",
    "FileMini",
    "FileVersionBase",
    "FileVersionMini",
    "Files",
    "Folder",
    "FolderBase",
    "FolderFolderUploadEmailType0",
    "FolderFull",
    "FolderFullClassification",
    "FolderFullMetadata",
    "FolderFullMetadataAdditionalProperty",
    "FolderFullPermissions",
    "FolderFullWatermarkInfo",
    "FolderMini",
    "FolderPathCollection",
    "FolderSharedLink",
    "FolderSharedLinkPermissions",
    "Items",
    "ItemsOrderItem",
    "MetadataBase",
    "MetadataFull",
    "OAuth2Error",
    "PartConflictError",
    "PartConflictErrorContextInfo",
    "PlanUploadSessionBody",
    "PostOAuth2Token",
    "PreflightUploadBody",
    "PreflightUploadBodyParent",
    "ResourceScope",
    "UploadAttributes",
    "UploadFileBody",
    "UploadFileBodyAttributes",
    "UploadFileBodyAttributesParent",
    "UploadFileVersionBody",
    "UploadFileVersionBodyAttributes",
    "UploadPart",
    "UploadPartMini",
    "UploadParts",
    "UploadPartsOrderItem",
    "UploadPlan",
    "UploadPlanHit",
    "UploadPlanPart",
    "UploadSession",
    "UploadSessionSessionEndpoints",
    "UploadUrl",
    "UploadedPart",
    "UserBase",
    "UserMini",
    "WebLink",
    "WebLinkBase",
    "WebLinkMini",
    "WebLinkPathCollection",
    "WebLinkSharedLink",
    "WebLinkSharedLinkPermissions",
)
