"""The command line: ``python -m amm58 validate [DATA_DIR]``."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys

import pytest

from amm58.__main__ import main


def run(*args: str) -> subprocess.CompletedProcess:
    """`python -m amm58 ARGS`, run in this process (a new Python per call costs about a second):
    its exit status, standard output and standard error. An uncaught exception propagates, so a
    traceback fails the test. `test_the_module_runs_as_a_program` runs one in a real process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exit_:  # argparse's --help and usage errors
            status = exit_.code
    return subprocess.CompletedProcess(["amm58", *args], status, out.getvalue(), err.getvalue())


def run_process(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "amm58", *args], capture_output=True, text=True, timeout=120)


def test_the_module_runs_as_a_program(data_dir):
    """The entry point itself: `python -m amm58` in a new process gives what `run` gives."""
    result = run_process("validate", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert result.stdout == run("validate", str(data_dir)).stdout
    failed = run_process()
    assert failed.returncode == 2 and "Traceback" not in failed.stderr


def test_validate_prints_every_resource_and_a_total(data_dir):
    result = run("validate", str(data_dir))
    assert result.returncode == 0, result.stderr
    first, *lines = result.stdout.splitlines()
    assert first == f"data package {data_dir}: valid"
    assert lines[0].split() == ["resource", "rows"]
    names = [r["name"] for r in json.loads((data_dir / "datapackage.json").read_text())["resources"]]
    assert [line.split()[0] for line in lines[1:-1]] == names
    assert lines[-1].split()[0] == "total"
    assert int(lines[-1].split()[1]) == sum(int(line.split()[1]) for line in lines[1:-1])
    assert len({len(line) for line in lines}) == 1  # aligned


def test_validate_defaults_to_the_repository_data(data_dir):
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout == run("validate", str(data_dir)).stdout


def test_validate_on_a_broken_copy_lists_problems_without_traceback(make_copy):
    copy = make_copy()
    copy.set_cell("passages.csv", 2, "kind", "anwser")
    copy.set_cell("themes.csv", 0, "core", "yes")
    result = run("validate", str(copy.path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"Dataset invalid: 2 problem(s) in {copy.path}"
    assert lines[1].startswith("passages.csv, line 4, column kind: value 'anwser'")
    assert lines[2].startswith("themes.csv, line 2, column core: value 'yes'")
    assert result.stdout == ""


def test_validate_on_a_folder_without_descriptor_exits_1(tmp_path):
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert "datapackage.json" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_mentions_validate():
    result = run("--help")
    assert result.returncode == 0
    assert "validate" in result.stdout


def test_validate_help_explains_the_data_dir():
    result = run("validate", "--help")
    assert result.returncode == 0
    assert "DATA_DIR" in result.stdout
    assert "datapackage.json" in result.stdout


def test_no_command_is_a_usage_error():
    result = run()
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------------------
# A package from elsewhere: refused paths print nothing of the file
# ---------------------------------------------------------------------------

SECRET = "SECRET-MARKER-9b2e"


def point_people_at(package, path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = path
    (package / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def climbing(package, secret):
    point_people_at(package, f"../{secret.parent.name}/{secret.name}")


def absolute(package, secret):
    point_people_at(package, str(secret))


def symlink(package, secret):
    (package / "people.csv").unlink()
    (package / "people.csv").symlink_to(secret)


def remote_http(package, secret):
    point_people_at(package, "http://127.0.0.1:9/people.csv")


def remote_file_url(package, secret):
    point_people_at(package, secret.as_uri())


@pytest.mark.parametrize(
    ("refuse", "rule"),
    [
        (climbing, "unsafe-path"),
        (absolute, "unsafe-path"),
        (symlink, "unsafe-path"),
        (remote_http, "remote-path"),
        (remote_file_url, "remote-path"),
    ],
)
def test_validate_refuses_a_path_outside_the_package_and_prints_nothing_of_the_file(tiny_dir, tmp_path, refuse, rule):
    # The secret file is a CSV the loader would otherwise read: its header and cells would be quoted.
    secret = tmp_path / "outside" / "people.csv"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET},person_id\n{SECRET},ann\n", encoding="utf-8")
    refuse(tiny_dir, secret)
    result = run("validate", str(tiny_dir))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"Dataset invalid: 1 problem(s) in {tiny_dir}"
    assert lines[1].startswith("datapackage.json: resource people: path ")
    assert lines[1].endswith(f"(rule: {rule})")


def test_validate_quotes_a_huge_value_cut(tiny_dir):
    rows = (tiny_dir / "people.csv").read_text(encoding="utf-8").splitlines()
    rows[1] = rows[1].replace("Ann", "\x1b[2J" + "A" * 100_000)
    (tiny_dir / "people.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("validate", str(tiny_dir))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"Dataset invalid: 1 problem(s) in {tiny_dir}",
        "people.csv, line 2, column name: value '\\x1b[2J" + "A" * 52 + "…' is longer than 10 characters "
        "(rule: max-length)",
    ]
