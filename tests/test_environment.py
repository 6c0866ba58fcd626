"""pyproject.toml, environment.yml and the two lock files agree: every dependency is pinned, the
runtime ones (what `make report` needs) are split from the test tools, and the locks pin every
transitive package at the versions pyproject.toml asks for."""

from __future__ import annotations

import re
import tomllib

from conftest import REPO_DIR

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][^\s,;]*)$")
CONDA_PIN = re.compile(r"^\s*-\s+([A-Za-z0-9][A-Za-z0-9._-]*)\s*=\s*([0-9][^\s=]*)\s*$")
LOCK_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", re.M)
TEST_TOOLS = {"pytest", "pytest-xdist", "nbval", "hypothesis", "playwright", "frictionless", "ruff"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def project() -> dict:
    with (REPO_DIR / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]


def pins(requirements: list[str]) -> dict[str, str]:
    out = {}
    for requirement in requirements:
        match = PIN.match(requirement.replace(" ", ""))
        assert match, f"not pinned exactly: {requirement}"
        out[normalise(match[1])] = match[2]
    return out


def lock_pins(name: str) -> dict[str, str]:
    text = (REPO_DIR / name).read_text(encoding="utf-8")
    return {normalise(m[1]): m[2] for m in LOCK_PIN.finditer(text)}


def environment_pins() -> dict[str, str]:
    """``name=version`` entries of environment.yml's dependencies (python, pip and the pip list excluded)."""
    found = {}
    in_dependencies = False
    for line in (REPO_DIR / "environment.yml").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "-")):
            in_dependencies = line.startswith("dependencies:")
            continue
        match = CONDA_PIN.match(line)
        if in_dependencies and match and normalise(match[1]) != "python":
            found[normalise(match[1])] = match[2]
    return found


def test_every_dependency_is_pinned_exactly_and_test_tools_are_not_runtime():
    runtime = pins(project()["dependencies"])
    test = pins(project()["optional-dependencies"]["test"])
    assert "pandas" in runtime and "pandera" in runtime
    assert TEST_TOOLS <= set(test)
    assert set(runtime) & TEST_TOOLS == set()


def test_environment_yml_pins_the_runtime_dependencies_as_pyproject_does():
    assert environment_pins() == pins(project()["dependencies"])


def test_environment_yml_installs_python_311_and_the_package():
    text = (REPO_DIR / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*-\s+python=3\.11\s*$", text, re.M)
    assert re.search(r"^\s*-\s+-e \.\s*$", text, re.M)
    assert re.search(r"^\s*-\s+conda-forge\s*$", text, re.M)


def test_the_locks_pin_what_pyproject_asks_for_and_agree_with_each_other():
    runtime, test = lock_pins("requirements.lock"), lock_pins("requirements-test.lock")
    direct = pins(project()["dependencies"])
    assert {name: runtime.get(name) for name in direct} == direct
    tools = pins(project()["optional-dependencies"]["test"])
    assert {name: test.get(name) for name in tools} == tools
    assert {name: test.get(name) for name in runtime} == runtime  # one version of each package
    assert set(runtime) & TEST_TOOLS == set()
    assert {"pillow", "fonttools", "kiwisolver", "pyparsing"} <= set(runtime)  # what the PNG bytes depend on


def test_make_install_goes_through_the_locks():
    makefile = (REPO_DIR / "Makefile").read_text(encoding="utf-8")
    assert "pip install -q -r requirements.lock" in makefile
    assert "pip install -q --no-deps -e ." in makefile
    assert "pip install -q -r requirements-test.lock" in makefile
