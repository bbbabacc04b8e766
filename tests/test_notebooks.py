"""The teaching notebooks: every one in notebooks/ runs top to bottom at its test settings (a
failing cell, or a failing assert on a claim it makes, fails the test), shows a figure, is
committed clean, and is listed in the README."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def test_every_notebook_is_run_here_and_listed_in_the_readme():
    """The tests below run whatever notebooks/ holds; the README names each for readers."""
    assert {"01_backprop_by_hand.ipynb", "02_tensor_graphs.ipynb"} <= {p.name for p in NOTEBOOKS}
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert [p.stem for p in NOTEBOOKS if f"`{p.stem}`" not in readme] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_at_test_settings_and_shows_a_figure(path, tmp_path, monkeypatch):
    monkeypatch.setenv("GLASSGRAD_NOTEBOOK_SIZE", "test")  # the kernel inherits it
    nb = nbformat.read(path, as_version=4)
    # cwd in a temp folder: whatever the notebook writes stays out of the repository
    client = NotebookClient(
        nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    shown = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in shown if o.output_type == "error"]
    figures = ("image/svg+xml", "image/png")
    assert any(kind in o.get("data", {}) for o in shown for kind in figures)
    assert list(tmp_path.iterdir()) == []  # it wrote nothing into the folder it runs in
