"""``make demo``: start the emulator, upload a 64 MiB new version of file 12345 through the generated client, read
it back and compare SHA-1s, then stop the emulator (also when something fails).

A stand-in until the boxup CLI exists: create the session, send the parts, commit (polling 202), verify.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import sys
import tempfile
import time
from pathlib import Path

from boxup_api import AuthenticatedClient
from boxup_api.api.files import download_file
from boxup_api.api.upload_sessions import commit_upload_session, create_version_upload_session, upload_part
from boxup_api.models import (
    CommitUploadSessionBody,
    CreateVersionUploadSessionBody,
    Files,
    UploadedPart,
    UploadPart,
    UploadSession,
)
from boxup_api.types import File

from .process import running

SIZE = 64 * 1024 * 1024
FILE_ID = "12345"


def make_file(directory: Path) -> tuple[Path, str]:
    path = directory / "demo.bin"
    sha1 = hashlib.sha1()
    with path.open("wb") as out:
        for _ in range(SIZE // (1 << 20)):
            block = os.urandom(1 << 20)
            sha1.update(block)
            out.write(block)
    return path, sha1.hexdigest()


def upload(client: AuthenticatedClient, path: Path, sha1_hex: str) -> Files:
    created = create_version_upload_session.sync_detailed(
        FILE_ID, client=client, body=CreateVersionUploadSessionBody(file_size=SIZE)
    )
    session = created.parsed
    if not isinstance(session, UploadSession) or not isinstance(session.id, str):
        raise SystemExit(f"create session failed: {created.status_code} {created.content!r}")
    part_size = int(session.part_size)  # type: ignore[arg-type]
    print(f"session {session.id}: {session.total_parts} parts of {part_size // (1 << 20)} MiB")
    parts: list[UploadPart] = []
    with path.open("rb") as src:
        for offset in range(0, SIZE, part_size):
            data = src.read(part_size)
            digest = base64.b64encode(hashlib.sha1(data).digest()).decode()
            sent = upload_part.sync_detailed(
                session.id,
                client=client,
                body=File(payload=io.BytesIO(data)),
                digest=f"sha={digest}",
                content_range=f"bytes {offset}-{offset + len(data) - 1}/{SIZE}",
                content_length=len(data),
            )
            if not isinstance(sent.parsed, UploadedPart) or not isinstance(sent.parsed.part, UploadPart):
                raise SystemExit(f"part at {offset} failed: {sent.status_code} {sent.content!r}")
            parts.append(sent.parsed.part)
    whole = base64.b64encode(bytes.fromhex(sha1_hex)).decode()
    for attempt in range(1, 31):
        committed = commit_upload_session.sync_detailed(
            session.id, client=client, body=CommitUploadSessionBody(parts=parts), digest=f"sha={whole}"
        )
        if committed.status_code == 202:
            wait = int(committed.headers.get("retry-after", "1"))
            print(f"commit attempt {attempt}: 202 processing, retry after {wait}s")
            time.sleep(wait)
            continue
        if isinstance(committed.parsed, Files):
            print(f"commit attempt {attempt}: {int(committed.status_code)}")
            return committed.parsed
        raise SystemExit(f"commit failed: {committed.status_code} {committed.content!r}")
    raise SystemExit("commit still processing after 30 attempts")


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="boxup-demo-") as tmp, running() as (_proc, box):
        print(f"emulator at {box.base_url}")
        path, sha1_hex = make_file(Path(tmp))
        print(f"made {path.name}: {SIZE // (1 << 20)} MiB, sha1 {sha1_hex}")
        token = box.token
        with (
            AuthenticatedClient(base_url=box.upload_url, token=token) as uploads,
            AuthenticatedClient(base_url=box.api_url, token=token) as api,
        ):
            files = upload(uploads, path, sha1_hex)
            entry = files.entries[0]  # type: ignore[index]
            print(f"file {entry.id} '{entry.name}' is now {entry.size} bytes, version {entry.file_version.id}")  # type: ignore[union-attr]
            downloaded = download_file.sync_detailed(FILE_ID, client=api)
            got = hashlib.sha1(downloaded.content).hexdigest()
        if got != sha1_hex:
            print(f"MISMATCH: downloaded sha1 {got}, expected {sha1_hex}", file=sys.stderr)
            return 1
        print(f"downloaded {len(downloaded.content)} bytes, sha1 matches")
        violations = box.violations
        if violations:
            print("spec violations:\n" + "\n".join(v["text"] for v in violations), file=sys.stderr)
            return 1
    print(f"demo ok in {time.monotonic() - started:.1f}s; emulator stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
