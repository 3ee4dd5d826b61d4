"""A notebook that prints library code with inspect.getsource shows the library as it is today.

The stored output of such a cell is what a reader of the stored notebook (or of the web site) sees; when the
library changes and the notebook is not re-executed, it would show code that no longer exists. Each such cell is
run again here on the notebook's own imports, and its output must equal the stored one.
"""

import ast
import contextlib
import io

import pytest

from notebook_files import code_cells, notebook_paths

PRINTING = [(path, index) for path in notebook_paths()
            for index, cell in enumerate(code_cells(path)) if "inspect.getsource" in cell.source]


def imports_of(cell_source: str) -> str:
    tree = ast.parse(cell_source)
    return "\n".join(ast.unparse(node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom)))


def test_the_notebooks_that_print_library_code_are_found():
    assert {path.name[:2] for path, _ in PRINTING} >= {"01", "04", "08"}


@pytest.mark.parametrize("path, index", PRINTING, ids=lambda value: getattr(value, "name", str(value)))
def test_printed_library_code_is_todays(path, index):
    cells = code_cells(path)
    namespace: dict = {}
    exec(imports_of(cells[0].source), namespace)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(cells[index].source, namespace)
    stored = "".join(output.text for output in cells[index].outputs if output.output_type == "stream")
    assert printed.getvalue() == stored, f"re-execute {path.name}: cell {index} prints library code that has changed"
