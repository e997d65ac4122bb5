"""The README stays true: its CLI reference and its library example."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_cli_reference_is_generated_from_help():
    check = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "cli_reference.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout


def test_the_readme_library_example_runs(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```python\n(.*?)```", readme, re.S).group(1)
    example = example.replace("/tmp/timeline-readme-example.sqlite", str(tmp_path / "x.sqlite"))
    exec(compile(example, "README.md", "exec"), {})
