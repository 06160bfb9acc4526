"""The import contract that `make lint` runs (pyproject.toml, [tool.importlinter]): each
app imports only the apps below it, and opportunities and training never import each
other. Shown here to pass on the tree and to fail on an upward
import, in a copy of the apps: the real tree is never changed."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]

pytestmark = pytest.mark.skipif(
    not LINT_IMPORTS.exists(), reason="import-linter is a dev dependency: make install"
)


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache", str(cwd / "pyproject.toml")],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(cwd)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def copy_of_the_apps(tmp_path) -> Path:
    """The apps' Python files and pyproject.toml, in a temporary directory."""
    for package in CONFIG["root_packages"]:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=lambda folder, names: [
                name
                for name in names
                if not name.endswith(".py") and not (Path(folder) / name).is_dir()
            ],
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_the_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(copy_of_the_apps):
    (copy_of_the_apps / "home" / "upward.py").write_text("from reciprocity import models\n")
    result = lint_imports(copy_of_the_apps)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "home is not allowed to import reciprocity" in result.stdout
    assert "home.upward -> reciprocity.models" in result.stdout


def test_training_and_opportunities_may_not_import_each_other(copy_of_the_apps):
    assert lint_imports(copy_of_the_apps).returncode == 0  # the copy, as it is, fits
    (copy_of_the_apps / "training" / "courses.py").write_text("import opportunities.models\n")
    (copy_of_the_apps / "opportunities" / "badges.py").write_text("import training.courses\n")
    result = lint_imports(copy_of_the_apps)
    assert result.returncode == 1
    assert "training is not allowed to import opportunities" in result.stdout
    assert "opportunities is not allowed to import training" in result.stdout


def test_involvement_sits_below_opportunities_and_above_members(copy_of_the_apps):
    (copy_of_the_apps / "involvement" / "records.py").write_text("import members.models\n")
    (copy_of_the_apps / "opportunities" / "records.py").write_text("import involvement.records\n")
    assert lint_imports(copy_of_the_apps).returncode == 0
    (copy_of_the_apps / "involvement" / "upward.py").write_text("import opportunities.models\n")
    result = lint_imports(copy_of_the_apps)
    assert result.returncode == 1
    assert "involvement is not allowed to import opportunities" in result.stdout


def test_every_app_is_in_the_contract():
    """A new app (a folder with apps.py) must be a root package and a layer, or the
    contract would not look at it."""
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps | {"config"} == set(CONFIG["root_packages"])
    (contract,) = CONFIG["contracts"]
    layered = {
        name.strip(" ()")
        for layer in contract["layers"]
        for name in layer.replace(":", "|").split("|")
    }
    assert set(CONFIG["root_packages"]) <= layered


def test_every_app_is_installed_with_the_project():
    """And it must be a package the project installs (setuptools' find), or an install
    that is not editable leaves it out."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    included = project["tool"]["setuptools"]["packages"]["find"]["include"]
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"config"}
    assert {f"{app}*" for app in apps} <= set(included)
