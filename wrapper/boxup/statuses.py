"""The HTTP statuses boxup treats as success, per Box operation (the operationId in openapi/box-uploads.json).

This is the one table of accepted statuses: the gateway accepts exactly these, and ``openapi/derive.py`` reads it to
check the derived spec against it, so a success code Box adds or removes fails loudly at ``make spec`` instead of
surprising a user at run time. It imports nothing, so the derive script can load it without the package.
"""

from __future__ import annotations

ACCEPTED: dict[str, frozenset[int]] = {
    "upload_file": frozenset({200, 201}),
    "upload_file_version": frozenset({200, 201}),
    "create_upload_session": frozenset({200, 201}),
    "create_version_upload_session": frozenset({200, 201}),
    "get_upload_session": frozenset({200}),
    "upload_part": frozenset({200}),
    "list_upload_parts": frozenset({200}),
    "plan_upload_session": frozenset({200}),
    "commit_upload_session": frozenset({201, 202}),
    "abort_upload_session": frozenset({200, 204}),
    "get_file": frozenset({200}),
    "create_folder": frozenset({201}),
    "get_folder": frozenset({200}),
    "list_folder_items": frozenset({200}),
    "request_access_token": frozenset({200}),
}
