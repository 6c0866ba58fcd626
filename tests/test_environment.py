"""pyproject.toml and environment.yml pin the same packages at the same versions."""

from __future__ import annotations

import re
import tomllib

from conftest import REPO_DIR

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][^\s,;]*)$")
CONDA_PIN = re.compile(r"^\s*-\s+([A-Za-z0-9][A-Za-z0-9._-]*)\s*=\s*([0-9][^\s=]*)\s*$")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_dependencies() -> list[str]:
    with (REPO_DIR / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["dependencies"]


def pyproject_pins() -> dict[str, str]:
    pins = {}
    for requirement in pyproject_dependencies():
        match = PIN.match(requirement.replace(" ", ""))
        assert match, requirement
        pins[normalise(match[1])] = match[2]
    return pins


def environment_pins() -> dict[str, str]:
    """``name=version`` entries of environment.yml's dependencies (python, pip and the pip list excluded)."""
    pins = {}
    in_dependencies = False
    for line in (REPO_DIR / "environment.yml").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "-")):
            in_dependencies = line.startswith("dependencies:")
            continue
        match = CONDA_PIN.match(line)
        if in_dependencies and match and normalise(match[1]) != "python":
            pins[normalise(match[1])] = match[2]
    return pins


def test_every_pyproject_dependency_is_pinned_exactly():
    dependencies = pyproject_dependencies()
    assert dependencies
    unpinned = [d for d in dependencies if not PIN.match(d.replace(" ", ""))]
    assert unpinned == []


def test_environment_yml_pins_the_same_versions_as_pyproject():
    assert environment_pins() == pyproject_pins()


def test_environment_yml_installs_python_311_and_the_package():
    text = (REPO_DIR / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*-\s+python=3\.11\s*$", text, re.M)
    assert re.search(r"^\s*-\s+-e \.\s*$", text, re.M)
    assert re.search(r"^\s*-\s+conda-forge\s*$", text, re.M)
