"""``boxup_api.models`` as our template (openapi/templates/models_init.py.jinja) generates it: every model is a
name of the package, but its module is imported on first use, so an endpoint module (which imports its models
from their own modules, through the package) no longer loads all of them. What is loaded is read from
``sys.modules`` of a fresh interpreter: this process has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from boxup_api import models

MODELS_DIR = Path(models.__file__).parent


def _models_loaded_by(code: str) -> set[str]:
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    prefix = "boxup_api.models."
    return {name.removeprefix(prefix) for name in json.loads(done.stdout) if name.startswith(prefix)}


def test_importing_the_models_package_loads_no_model_module() -> None:
    assert _models_loaded_by("import boxup_api.models") == set()


def test_one_model_from_the_package_loads_its_own_module_only() -> None:
    # UploadPlanHit refers to no other model; UploadPlan's from_dict imports UploadPlanHit only when it parses.
    assert _models_loaded_by("from boxup_api.models import UploadPlanHit") == {"upload_plan_hit"}
    assert _models_loaded_by("from boxup_api.models import UploadPlan") == {"upload_plan"}


def test_an_endpoint_module_loads_the_models_it_names_not_all_of_them() -> None:
    loaded = _models_loaded_by("import boxup_api.api.upload_sessions.upload_part")
    assert "uploaded_part" in loaded
    assert "client_error" in loaded
    assert len(loaded) < len(models.__all__) // 4, sorted(loaded)
    assert "folder_full" not in loaded


def test_every_exported_name_is_the_class_its_own_module_defines() -> None:
    for name in models.__all__:
        found = getattr(models, name)
        assert found.__name__ == name
        assert found.__module__.startswith("boxup_api.models.")
        assert getattr(sys.modules[found.__module__], name) is found


def test_every_generated_model_module_is_exported() -> None:
    modules = {p.stem for p in MODELS_DIR.glob("*.py")} - {"__init__"}
    exported = {getattr(models, name).__module__.rpartition(".")[2] for name in models.__all__}
    assert exported == modules


def test_dir_lists_every_model_before_any_is_loaded() -> None:
    script = "import boxup_api.models as m; print(set(m.__all__) <= set(dir(m)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "True"


def test_an_unknown_model_name_is_an_attribute_error_and_a_from_import_of_it_an_import_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchModel"):
        models.NoSuchModel  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(ImportError, match="NoSuchModel"):
        exec("from boxup_api.models import NoSuchModel")
