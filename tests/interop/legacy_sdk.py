"""One scenario of Box's legacy Python SDK (boxsdk 3.14), unmodified, against whatever answers at api.box.com.

Run by tests/interop/test_legacy_sdk.py with the legacy venv's Python (.venv-legacy, made by ``make legacy-venv``)
inside the namespace of tests/fakebox/netns.py; it imports nothing of ours. It prints one JSON line: what the SDK
returned. ``python legacy_sdk.py SCENARIO ARGS...``:

- ``seed PATH``: ``client.file('12345').create_upload_session(size)`` (the call on Box's reference page), then
  every part with ``upload_part_bytes`` and ``commit`` with the whole-file SHA-1;
- ``new PATH NAME`` / ``version FILE_ID PATH``: ``get_chunked_uploader(PATH).start()`` on folder 0 / on a file;
- ``resume PATH NAME``: ``start()``, which the test makes fail on a part, then ``resume()``;
- ``direct PATH NAME``: ``client.folder('0').upload_stream(...)``.

A commit Box answers 202 makes ``start()``/``resume()`` return None; the SDK's documented answer is to call
``resume()`` again, which the scenarios do (a bounded number of times).
"""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any

from boxsdk import Client, OAuth2
from boxsdk.exception import BoxAPIException

TOKEN = "fakebox-token"
COMMIT_ROUNDS = 10


def client() -> Client:
    return Client(OAuth2(client_id="", client_secret="", access_token=TOKEN))


def file_json(item: Any) -> dict[str, Any]:
    return {"id": item.id, "name": item.name, "size": item.size, "sha1": item.sha1}


def finish(uploader: Any, first: Any) -> Any:
    result = first
    for _ in range(COMMIT_ROUNDS):
        if result is not None:
            return result
        result = uploader.resume()
    raise RuntimeError("the commit was still not processed")


def seed(path: str) -> dict[str, Any]:
    with open(path, "rb") as f:
        data = f.read()
    session = client().file("12345").create_upload_session(len(data))
    shown = {"part_size": session.part_size, "total_parts": session.total_parts, "endpoints": session.session_endpoints}
    parts = []
    for offset in range(0, len(data), session.part_size):
        chunk = data[offset : offset + session.part_size]
        parts.append(session.upload_part_bytes(chunk, offset, len(data)))
    committed = None
    for _ in range(COMMIT_ROUNDS):
        committed = session.commit(hashlib.sha1(data).digest(), parts=parts)
        if committed is not None:
            break
    if committed is None:
        raise RuntimeError("the commit was still not processed")
    return {"session": shown, "file": file_json(committed)}


def new(path: str, name: str) -> dict[str, Any]:
    uploader = client().folder("0").get_chunked_uploader(path, file_name=name)
    return {"file": file_json(finish(uploader, uploader.start()))}


def version(file_id: str, path: str) -> dict[str, Any]:
    uploader = client().file(file_id).get_chunked_uploader(path)
    return {"file": file_json(finish(uploader, uploader.start()))}


def resume(path: str, name: str) -> dict[str, Any]:
    uploader = client().folder("0").get_chunked_uploader(path, file_name=name)
    try:
        uploader.start()
    except BoxAPIException as exc:
        interrupted = {"status": exc.status, "code": exc.code}
    else:
        raise RuntimeError("start() was meant to be interrupted")
    return {"interrupted": interrupted, "file": file_json(finish(uploader, uploader.resume()))}


def direct(path: str, name: str) -> dict[str, Any]:
    with open(path, "rb") as stream:
        uploaded = client().folder("0").upload_stream(stream, name)
    return {"file": file_json(uploaded)}


SCENARIOS = {"seed": seed, "new": new, "version": version, "resume": resume, "direct": direct}

if __name__ == "__main__":
    print(json.dumps(SCENARIOS[sys.argv[1]](*sys.argv[2:])))
