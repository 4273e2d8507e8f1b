"""The HTTP statuses boxup treats as success, per Box operation (the operationId in openapi/box-uploads.json).

This is the one table of accepted statuses: the gateway accepts exactly these, and ``openapi/derive.py`` reads it to
check the derived spec against it, so a success code Box adds or removes fails loudly at ``make spec`` instead of
surprising a user at run time. It imports nothing, so the derive script can load it without the package.

Each set equals the 2xx codes the spec declares for the operation: the generated client parses an undeclared 2xx
through the operation's ``default`` (error) branch, so accepting a code the spec lacks would only turn it into a
confusing "not a Files" failure. To accept another code, declare it in the spec first (a correction in
``openapi/corrections.py`` with the evidence that Box sends it).
"""

from __future__ import annotations

ACCEPTED: dict[str, frozenset[int]] = {
    "upload_file": frozenset({201}),
    "upload_file_version": frozenset({200}),
    "create_upload_session": frozenset({201}),
    "create_version_upload_session": frozenset({201}),
    "get_upload_session": frozenset({200}),
    "upload_part": frozenset({200}),
    "list_upload_parts": frozenset({200}),
    "plan_upload_session": frozenset({200}),
    "commit_upload_session": frozenset({201, 202}),
    "abort_upload_session": frozenset({204}),
    "get_file": frozenset({200}),
    "create_folder": frozenset({201}),
    "get_folder": frozenset({200}),
    "list_folder_items": frozenset({200}),
    "request_access_token": frozenset({200}),
}
