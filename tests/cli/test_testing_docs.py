"""docs/testing.md runs as written, in a project of its own that only installs the package:
its facts, its tests through the pytest plugin, its expectations through timeline check."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent


@pytest.fixture
def project(tmp_path):
    """A folder holding the files docs/testing.md names, and nothing of this repository."""
    for name, body in re.findall(r"<!-- file: (\S+) -->\n```\w+\n(.*?)```", DOC, re.S):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return tmp_path


def run(project, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TIMELINE_"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env['PATH']}"  # the package as installed in this venv
    env["XDG_DATA_HOME"] = str(project / "data")
    return subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=300)


def pytest_in(project, *args):
    return run(project, sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args)


def test_the_documented_tests_pass_through_the_installed_plugin(project):
    result = pytest_in(project, "tests")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 passed" in result.stdout


def test_a_failing_assertion_names_entity_field_values_and_the_events_behind(project):
    tests = project / "tests" / "test_acme.py"
    tests.write_text(
        tests.read_text().replace(
            '"EUR 2500000", at="2024-01-31")', '"EUR 3000000", at="2024-01-31")'
        ),
        encoding="utf-8",
    )
    result = pytest_in(project, "tests", "-k", "seed_and_series_a")
    assert result.returncode == 1
    shown = re.search(r"AssertionError: acme total_raised.*?\n\n", result.stdout, re.S).group(0)
    documented = re.search(r"```text\n(AssertionError:.*?)```", DOC, re.S).group(1)
    for line in documented.splitlines():  # pytest prefixes each line with "E   "
        assert line.strip() in shown, line


def test_the_documented_commands_check_the_expectations(project):
    (commands,) = re.findall(r"<!-- run -->\n```sh\n(.*?)```", DOC, re.S)
    for command in commands.strip().splitlines():
        result = run(project, "bash", "-c", command)
        assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "3 expectations checked: all hold.\n"
