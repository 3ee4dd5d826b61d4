"""A depth map as a 3-D mesh, written as a Wavefront OBJ file that any 3-D viewer opens (notebook 12).

Each pixel (i, j) of an h × w depth map becomes a vertex at x = j, y = −i (up on screen), z = depth ·
``relief``, scaled so the image spans [−1, 1]. Each square of four neighbouring pixels becomes two
triangles, wound counter-clockwise seen from the front, so their normals point out of the face. OBJ is
plain text: one ``v x y z`` line per vertex, one ``f a b c`` line per triangle, vertices counted from 1.
"""

from __future__ import annotations

import math
import numbers
from pathlib import Path

import numpy as np

from bpgan.data.faces import DEPTH_SCALE
from bpgan.files import atomic_write
from bpgan.validate import as_float_array, check_memory

RELIEF = DEPTH_SCALE     # how far depth 1 stands out of the picture (half-width 1): the rendered faces' own proportions


def grid_triangles(h: int, w: int) -> np.ndarray:
    """The triangles (2(h−1)(w−1), 3) over an h × w grid of vertices numbered i·w + j, counter-clockwise."""
    if any(isinstance(n, bool) or not isinstance(n, (int, np.integer)) for n in (h, w)):
        raise TypeError(f"h and w (rows and columns of vertices) must be whole numbers; got {h!r} and {w!r}")
    if min(h, w) < 2:
        raise ValueError(f"a mesh needs a grid of at least 2 × 2 vertices; got {h} × {w}")
    # 2(h − 1)(w − 1) triangles of 3 int64 corners, and the index arrays np.stack builds them from (about 3×)
    check_memory(f"the triangles of a {h} × {w} grid", 3 * 8.0 * 3 * 2 * (h - 1) * (w - 1))
    index = np.arange(h * w).reshape(h, w)
    top_left, top_right, bottom_left, bottom_right = index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]
    return np.concatenate([np.stack([top_left, bottom_left, top_right], -1).reshape(-1, 3),
                           np.stack([top_right, bottom_left, bottom_right], -1).reshape(-1, 3)])


def depth_to_mesh(depth, relief: float = RELIEF) -> tuple[np.ndarray, np.ndarray]:
    """Vertices (h·w, 3) and triangles (2(h−1)(w−1), 3) of a depth map (h, w) with values in [0, 1]."""
    depth = as_float_array(depth, "depth", ndim=2)
    if isinstance(relief, bool) or not isinstance(relief, numbers.Real) or not math.isfinite(relief) or relief <= 0:
        raise ValueError(f"relief (how far the depth 1 stands out) must be a positive number; got {relief!r}")
    h, w = depth.shape
    i, j = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
    x = (j + 0.5) / w * 2 - 1
    y = -((i + 0.5) / h * 2 - 1)
    vertices = np.stack([x, y, depth * relief], axis=-1).reshape(-1, 3)
    return vertices, grid_triangles(h, w)


def write_obj(path: str | Path, vertices, triangles) -> None:
    """Write an OBJ file atomically: ``v`` lines, then ``f`` lines with 1-based vertex numbers.

    Vertices must be finite (n, 3) numbers and triangles (t, 3) whole numbers naming vertices 0 … n − 1: a NaN
    would make the file unreadable to viewers, and a fractional index would be cut silently.
    """
    vertices = as_float_array(vertices, "vertices", ndim=2)
    triangles = np.asarray(triangles)
    if vertices.shape[1] != 3 or triangles.ndim != 2 or triangles.shape[1] != 3:
        raise ValueError(f"vertices must be (n, 3) and triangles (t, 3); got {vertices.shape} and {triangles.shape}")
    if triangles.dtype.kind == "f" and not np.array_equal(triangles, np.round(triangles)):
        raise ValueError("triangles must hold whole vertex numbers; got fractions such as "
                         f"{triangles[triangles != np.round(triangles)][0]:g}")
    if triangles.dtype.kind not in "iuf" or triangles.dtype == bool:
        raise TypeError(f"triangles must hold whole vertex numbers; got dtype {triangles.dtype}")
    triangles = triangles.astype(np.int64)
    if len(triangles) and (triangles.min() < 0 or triangles.max() >= len(vertices)):
        raise ValueError(f"every triangle must name vertices 0 … {len(vertices) - 1} (there are {len(vertices)}); "
                         f"got numbers from {triangles.min()} to {triangles.max()}")
    lines = [f"v {x:.5f} {y:.5f} {z:.5f}" for x, y, z in vertices] + [f"f {a + 1} {b + 1} {c + 1}" for a, b, c in triangles]
    atomic_write(path, lambda handle: handle.write(("\n".join(lines) + "\n").encode()))


def _vertex(parts: list[str], where: str) -> list[float]:
    try:
        xyz = [float(p) for p in parts[1:]]
    except ValueError:
        raise ValueError(f"{where}: a vertex needs three numbers; got {' '.join(parts[1:])!r}") from None
    if not all(np.isfinite(xyz)):
        raise ValueError(f"{where}: a vertex must be finite; got {' '.join(parts[1:])}")
    return xyz


def _triangle(parts: list[str], where: str) -> list[int]:
    """The three 1-based vertex numbers of an ``f`` line (``a``, ``a/t`` or ``a/t/n``), made 0-based."""
    try:
        numbers = [int(p.split("/")[0]) for p in parts[1:]]
    except ValueError:
        raise ValueError(f"{where}: a triangle needs three whole vertex numbers; got {' '.join(parts[1:])!r}") from None
    if min(numbers) < 1:
        raise ValueError(f"{where}: vertex numbers count from 1 in OBJ (negative, relative numbers are not read "
                         f"here); got {' '.join(parts[1:])}")
    return [n - 1 for n in numbers]


def read_obj(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """Vertices (n, 3) and 0-based triangles (t, 3) of an OBJ file with ``v`` and triangular ``f`` lines.

    Every error names the file and line: a line that is neither, a vertex that is not three finite numbers, a
    vertex number below 1 or past the vertices (a truncated file, say)."""
    vertices, triangles, lines_of = [], [], []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"{path} is not a text OBJ file: byte {error.start} is not UTF-8 text") from None
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        where = f"{path}:{number}"
        if not parts or parts[0].startswith("#"):
            continue
        if parts[0] == "v" and len(parts) == 4:
            vertices.append(_vertex(parts, where))
        elif parts[0] == "f" and len(parts) == 4:
            triangles.append(_triangle(parts, where))
            lines_of.append(number)
        else:
            raise ValueError(f"{where}: not a vertex or a triangle: {line[:60]!r}")
    for triangle, number in zip(triangles, lines_of):
        if max(triangle) >= len(vertices):
            raise ValueError(f"{path}:{number}: the triangle names vertex {max(triangle) + 1}, but the file has "
                             f"{len(vertices)} vertices (is it truncated?)")
    return np.array(vertices, dtype=float).reshape(-1, 3), np.array(triangles, dtype=np.int64).reshape(-1, 3)
