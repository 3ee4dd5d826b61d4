"""tools/learner_copies.py: learner copies give no answer away, say which cells need the learner's code, and
never overwrite a learner's edits; the test marked `learner_copies` runs every copy top to bottom."""

import importlib.util
import shutil
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from bpgan.exercises import core
from notebook_files import ROOT, notebook_paths

spec = importlib.util.spec_from_file_location("learner_copies", ROOT / "tools" / "learner_copies.py")
learner_copies = importlib.util.module_from_spec(spec)
spec.loader.exec_module(learner_copies)
sys.path.insert(0, str(ROOT / "tools"))
import execute_notebooks  # noqa: E402


def printed(text):
    return [new_output("stream", name="stdout", text=text)]


def exercise_notebook():
    """Imports, an exercise, its checker, a prediction, a cell using the learner's function and one after it."""
    cells = [
        new_code_cell("import numpy as np\nfrom bpgan.exercises import part1 as exercises"),
        new_markdown_cell("### Exercise 1 — doubling"),
        new_code_cell('def double(x):\n    """Twice x."""\n    return 2 * x', metadata={"tags": ["solution"]}),
        new_code_cell("# NBVAL_CHECK_OUTPUT\nexercises.check_something(double)", outputs=printed("✓ right\n")),
        new_code_cell("print(np.sqrt(2))", metadata={"tags": ["predict"]}, outputs=printed("1.414\n")),
        new_code_cell("# NBVAL_CHECK_OUTPUT\ntwice = double(np.arange(3))\nprint(twice)", outputs=printed("[0 2 4]\n")),
        new_code_cell("total = twice.sum()\nhalf = [t / 2 for t in range(3)]", outputs=printed("")),
        new_code_cell("twice = np.zeros(3)\nprint(twice)", outputs=printed("[0. 0. 0.]\n")),
        new_code_cell("print(twice + 1)", outputs=printed("[1. 1. 1.]\n")),
    ]
    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index}"
        if cell.cell_type == "code" and cell.outputs:
            cell.execution_count = index
    return new_notebook(cells=cells)


def test_solutions_become_stubs_and_no_verdict_or_predicted_answer_is_shown():
    copy = learner_copies.learner_notebook(exercise_notebook())
    solution, checker, prediction = copy.cells[2], copy.cells[3], copy.cells[4]
    assert solution.source == 'def double(x):\n    """Twice x."""\n    ' + learner_copies.STUB
    assert checker.outputs == [] and prediction.outputs == [] and prediction.execution_count is None
    assert copy.cells[7].outputs, "a cell that does not depend on the exercise keeps its outputs"


def test_cells_that_use_the_learners_function_or_its_results_are_guarded_and_cleared():
    copy = learner_copies.learner_notebook(exercise_notebook())
    guard = "exercises.needs(double)   # this cell uses your code from Exercise 1"
    assert copy.cells[5].source.splitlines()[:2] == ["# NBVAL_CHECK_OUTPUT", guard]
    assert copy.cells[6].source.splitlines()[0] == guard, "`total` is computed from `twice`, which came from double"
    assert copy.cells[5].outputs == [] and copy.cells[6].outputs == []
    assert not copy.cells[7].source.startswith("exercises.needs"), "`twice` is rebound from numpy alone"
    assert not copy.cells[8].source.startswith("exercises.needs")


def test_a_local_name_or_a_loop_variable_is_no_dependency():
    notebook = exercise_notebook()
    notebook.cells[6].source = "def f(twice):\n    return twice\nfor double in range(2):\n    pass"
    notebook.cells[7].source = "print(double)"
    needing = learner_copies.cells_needing_exercises(notebook)
    assert 6 not in needing and 7 not in needing


def test_an_answer_list_keeps_its_keys_with_every_value_left_to_fill_in():
    source = "def answers():\n    return dict(\n        shape=(30, 784),\n        value=-math.log(4),\n    )"
    stubbed = learner_copies.stub_source(source)
    assert stubbed == "def answers():\n    return dict(\n        shape=...,\n        value=...,\n    )"


def test_stub_keeps_signatures_docstrings_imports_and_every_function():
    source = ('import numpy as np\n\n\ndef f(x, y=2):\n    """Doc."""\n    return x + y\n\n\n'
              'def g(z):\n    w = z\n    return w\n')
    stubbed = learner_copies.stub_source(source)
    assert 'def f(x, y=2):\n    """Doc."""\n    raise NotImplementedError' in stubbed
    assert "def g(z):\n    raise NotImplementedError" in stubbed
    assert "return" not in stubbed and stubbed.startswith("import numpy as np")


def test_a_solution_cell_without_a_function_is_an_error():
    with pytest.raises(ValueError, match="defines no function"):
        learner_copies.stub_source("x = 1")


def test_is_stub_tells_a_stub_from_a_written_function(tmp_path):
    module = tmp_path / "learner_module.py"
    module.write_text('def stub(x):\n    """Doc."""\n    raise NotImplementedError("exercise: write this function")\n\n'
                      'def started(x):\n    y = 2 * x\n    raise NotImplementedError("exercise: write this function")\n\n'
                      'def unfilled():\n    return dict(a=1, b=...)\n\n'
                      'def written(x):\n    if x < 0:\n        raise NotImplementedError("negative")\n    return x\n\n'
                      'def answers():\n    return dict(a=1, b=2)\n')
    spec = importlib.util.spec_from_file_location("learner_module", module)
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    assert core.is_stub(loaded.stub) and core.is_stub(loaded.started) and core.is_stub(loaded.unfilled)
    assert not core.is_stub(loaded.written) and not core.is_stub(loaded.answers)
    assert not core.is_stub(len), "a function without Python source counts as written"
    with pytest.raises(core.NotWrittenYet, match=r"your `stub`, which is not written yet"):
        core.needs(loaded.written, loaded.stub)
    core.needs(loaded.written, loaded.answers)


# ---------------------------------------------------------------- the learner's folder

def course(tmp_path, text="1.414\n"):
    folder = tmp_path / "course"
    folder.mkdir(exist_ok=True)
    notebook = exercise_notebook()
    notebook.cells[1].source = f"## 1. Doubling\n\n### Exercise 1 — doubling\n\nPrinted: {text}"
    nbformat.write(notebook, folder / "01_demo.ipynb")
    return [folder / "01_demo.ipynb"]


def test_a_new_folder_gets_learner_copies_and_read_only_solutions(tmp_path):
    folder = tmp_path / "mine"
    report = learner_copies.update_learner_folder(folder, course(tmp_path))
    assert report == ["new       01_demo.ipynb"]
    assert learner_copies.STUB in nbformat.read(folder / "01_demo.ipynb", as_version=4).cells[2].source
    solution = folder / learner_copies.SOLUTIONS / "01_demo.ipynb"
    assert "return 2 * x" in solution.read_text() and not solution.stat().st_mode & 0o222


def test_an_untouched_copy_is_brought_up_to_date(tmp_path):
    folder = tmp_path / "mine"
    learner_copies.update_learner_folder(folder, course(tmp_path))
    report = learner_copies.update_learner_folder(folder, course(tmp_path, text="changed"))
    assert report == ["updated   01_demo.ipynb (you had not changed it)"]
    assert "changed" in (folder / "01_demo.ipynb").read_text()
    assert learner_copies.update_learner_folder(folder, course(tmp_path, text="changed")) == []


def test_a_learners_edits_are_never_overwritten_and_the_new_version_waits_beside_them(tmp_path):
    folder = tmp_path / "mine"
    learner_copies.update_learner_folder(folder, course(tmp_path))
    mine = folder / "01_demo.ipynb"
    notebook = nbformat.read(mine, as_version=4)
    notebook.cells[2].source = notebook.cells[2].source.replace(learner_copies.STUB, "return x + x")
    nbformat.write(notebook, mine)
    edited = mine.read_text()
    assert learner_copies.update_learner_folder(folder, course(tmp_path)) == [], "the course has not changed"
    report = learner_copies.update_learner_folder(folder, course(tmp_path, text="changed"))
    assert mine.read_text() == edited
    assert report == ["kept      01_demo.ipynb (yours); the course changed it — the new version is "
                      "updates/01_demo.ipynb; changed sections: 1. Doubling"]
    assert "changed" in (folder / learner_copies.UPDATES / "01_demo.ipynb").read_text()
    assert learner_copies.update_learner_folder(folder, course(tmp_path, text="changed")) == [], "said once"


def test_an_edited_update_is_not_overwritten_either(tmp_path):
    folder = tmp_path / "mine"
    learner_copies.update_learner_folder(folder, course(tmp_path))
    (folder / "01_demo.ipynb").write_text((folder / "01_demo.ipynb").read_text().replace("Printed", "Mine"))
    learner_copies.update_learner_folder(folder, course(tmp_path, text="v2"))
    update = folder / learner_copies.UPDATES / "01_demo.ipynb"
    update.write_text(update.read_text().replace("Printed", "Also mine"))
    report = learner_copies.update_learner_folder(folder, course(tmp_path, text="v3"))
    assert "Also mine" in update.read_text() and "both hold your edits" in report[0]


# ---------------------------------------------------------------- every learner copy, run top to bottom

def error_outputs(notebook):
    return [(index, output) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"
            for output in cell.get("outputs", []) if output.output_type == "error"]


@pytest.mark.learner_copies
@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_a_learner_copy_runs_from_its_own_folder_and_only_stops_where_it_needs_the_learners_code(path, tmp_path):
    """Executed with every stub in place, in a folder outside the repository: the only errors are the
    one-sentence "not written yet" of the cells that need the learner's functions, and every checker
    says the exercise is not written yet."""
    copy = tmp_path / "anywhere" / path.name
    copy.parent.mkdir()
    copy.write_bytes(learner_copies.learner_bytes(path))
    notebook = nbformat.read(copy, as_version=4)
    execute_notebooks.run(notebook, copy.parent, timeout=1200, allow_errors=True)
    needing = learner_copies.cells_needing_exercises(nbformat.read(path, as_version=4))
    for index, error in error_outputs(notebook):
        assert error.ename == "NotWrittenYet" and index in needing, \
            f"cell {index} failed with {error.ename}: {error.evalue}\n{notebook.cells[index].source}"
        assert error.traceback == [f"⏸ {error.evalue}"], "the sentence alone, without a traceback"
    assert {index for index, _ in error_outputs(notebook)} == set(needing)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    checkers = [after for cell, after in zip(code, code[1:]) if learner_copies.SOLUTION_TAG in cell.metadata.get("tags", [])]
    for checker in checkers:
        verdict = "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in checker.outputs)
        assert verdict.startswith("✗") and "not written yet" in verdict, f"{checker.source}\n{verdict}"
    shutil.rmtree(copy.parent)
