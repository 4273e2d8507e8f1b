"""The clients of the tree scenario, each a command run in its own process inside the namespace (Box's host names):

- boxup: ``boxup upload DIR --folder 0 --json --quiet --concurrency N``: one transfer manager for every file;
- rclone: ``rclone copy DIR fb:DIR --transfers N`` (tests/bench/rclone.py);
- boxsdk 10.18 one file after another (``python -m tests.bench.tree_clients DIR``): folders created as they are
  met, ``uploads.upload_file`` below 20 MiB and ``chunked_uploads.upload_big_file`` from 20 MiB, as the SDK's docs
  show; no parallelism across files, which is what a script over the SDK does.

Every command uses the clients' default URLs (``https://api.box.com`` and friends): the namespace makes them the
emulator's.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tests.bench import rclone
from tests.bench.client import DEFAULT_URLS, TOKEN, boxup_script

MiB = 1024 * 1024
SDK_CHUNKED_FROM = 20 * MiB  # Box's smallest chunked upload: below it the SDK's user sends the file in one request


@dataclass(frozen=True)
class TreeClient:
    key: str
    label: str
    kind: Literal["boxup", "rclone", "boxsdk"]
    transfers: int = 1  # boxup's --concurrency, rclone's --transfers; the serial SDK script sends one at a time

    def command(self, card: Path, state: Path) -> tuple[list[str], dict[str, str]]:
        """The argv and the environment additions that upload ``card`` into a folder of its name under the root."""
        if self.kind == "rclone":
            return rclone.tree_command(card, self.transfers, DEFAULT_URLS)
        if self.kind == "boxsdk":
            return [sys.executable, "-m", "tests.bench.tree_clients", str(card)], {}
        argv = [str(boxup_script()), "upload", str(card), "--folder", "0", "--json", "--quiet"]
        env = {"BOX_ACCESS_TOKEN": TOKEN, "BOXUP_STATE_DIR": str(state)}
        return [*argv, "--concurrency", str(self.transfers)], env


def boxup(n: int) -> TreeClient:
    return TreeClient(f"boxup-c{n}", f"boxup upload DIR --concurrency {n}", "boxup", n)


def rclone_copy(n: int) -> TreeClient:
    return TreeClient(f"rclone-t{n}", f"rclone 1.75 copy --transfers {n}", "rclone", n)


BOXSDK = TreeClient("boxsdk", "boxsdk 10.18, one file after another", "boxsdk")
CLIENTS = (boxup(8), rclone_copy(8), boxup(16), rclone_copy(16), BOXSDK)
QUICK = ("boxup-c8", "rclone-t8", "boxsdk")


def by_key(keys: str) -> list[TreeClient]:
    known = {c.key: c for c in CLIENTS}
    unknown = [k for k in keys.split(",") if k not in known]
    if unknown:
        raise SystemExit(f"unknown tree clients {unknown}: choose from {', '.join(known)}")
    return [known[k] for k in keys.split(",")]


def sdk_serial(card: Path) -> int:
    """boxsdk one file at a time, with its default URLs: folders first, in path order, then every file."""
    from box_sdk_gen import BoxClient, BoxDeveloperTokenAuth
    from box_sdk_gen.managers.folders import CreateFolderParent
    from box_sdk_gen.managers.uploads import UploadFileAttributes, UploadFileAttributesParentField

    client = BoxClient(auth=BoxDeveloperTokenAuth(token=TOKEN))
    ids = {card.parent: "0"}
    for directory in sorted(p for p in [card, *card.rglob("*")] if p.is_dir()):
        ids[directory] = client.folders.create_folder(directory.name, CreateFolderParent(id=ids[directory.parent])).id
    for path in sorted(p for p in card.rglob("*") if p.is_file()):
        size = path.stat().st_size
        with path.open("rb") as stream:
            if size < SDK_CHUNKED_FROM:
                attributes = UploadFileAttributes(path.name, UploadFileAttributesParentField(id=ids[path.parent]))
                client.uploads.upload_file(attributes, stream)
            else:
                client.chunked_uploads.upload_big_file(stream, path.name, size, ids[path.parent])
    return 0


if __name__ == "__main__":
    sys.exit(sdk_serial(Path(sys.argv[1])))
