"""The layers, read from the source: imports only point down (boxup_cli -> boxup -> boxup_api), and inside
``boxup`` the gateway is the one importer of the generated client."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRAPPER = ROOT / "wrapper" / "boxup"
# Modules that still call the generated client themselves. Issue 16 moves the folder calls into the gateway; when
# a module stops importing boxup_api, the test below asks for its line here to go.
NOT_YET_THROUGH_THE_GATEWAY = {"folders.py", "treeupload.py"}


def imported_packages(path: Path) -> Iterator[tuple[str, int]]:
    """The top-level package of every absolute import in a file, with its line."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.partition(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.partition(".")[0], node.lineno


def importers(tree: Path, package: str) -> dict[str, int]:
    return {
        str(path.relative_to(tree)): line
        for path in sorted(tree.rglob("*.py"))
        for name, line in imported_packages(path)
        if name == package
    }


def test_only_the_gateway_imports_the_generated_client_in_boxup() -> None:
    found = importers(WRAPPER, "boxup_api")
    outside = {f"{name}:{line}" for name, line in found.items() if not name.startswith("gateway/")}
    assert outside == {f"{name}:{found[name]}" for name in NOT_YET_THROUGH_THE_GATEWAY if name in found}
    assert "gateway/__init__.py" in found
    assert "gateway/tokens.py" in found  # the token request (auth.py, jwt_auth.py) goes through it


def test_the_list_of_modules_not_yet_through_the_gateway_holds_no_stale_names() -> None:
    found = importers(WRAPPER, "boxup_api")
    assert found.keys() >= NOT_YET_THROUGH_THE_GATEWAY, "remove the names that no longer import boxup_api"


def test_imports_only_point_down() -> None:
    for package in ("boxup_cli", "typer", "rich", "click"):
        assert importers(WRAPPER, package) == {}, f"boxup imports {package}"
    generated = ROOT / "generated" / "boxup_api"
    for package in ("boxup", "boxup_cli"):
        assert importers(generated, package) == {}, f"the generated client imports {package}"


def test_the_import_reader_sees_plain_from_and_dotted_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import boxup_api.models\nfrom boxup_api import Client\nfrom . import gateway\nimport os\n")
    assert list(imported_packages(sample)) == [("boxup_api", 1), ("boxup_api", 2), ("os", 4)]
