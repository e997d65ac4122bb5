"""The command is the same however it is started, and completion is there for each shell."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The command installed beside this Python, whether or not its venv is activated.
TIMELINE = str(Path(sys.executable).parent / "timeline")


def run(*args, env=None):
    return subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout


@pytest.mark.parametrize("module", ["timeline", "company_timeline", "company_timeline.cli"])
def test_python_m_runs_the_timeline_command(module):
    assert run(sys.executable, "-m", module, "--version") == run(TIMELINE, "--version")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_documented_completion_line_gives_a_script(shell):
    env = {**os.environ, "_TIMELINE_COMPLETE": f"{shell}_source"}
    assert "_TIMELINE_COMPLETE" in run(TIMELINE, env=env)
