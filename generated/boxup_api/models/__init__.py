"""Contains all the data models used in inputs/outputs"""

from .access_token import AccessToken
from .box_file import BoxFile
from .box_file_path_collection import BoxFilePathCollection
from .client_error import ClientError
from .client_error_context_info_type_0 import ClientErrorContextInfoType0
from .commit_upload_session_body import CommitUploadSessionBody
from .conflict_error import ConflictError
from .conflict_error_context_info import ConflictErrorContextInfo
from .create_folder_body import CreateFolderBody
from .create_folder_body_folder_upload_email import CreateFolderBodyFolderUploadEmail
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
