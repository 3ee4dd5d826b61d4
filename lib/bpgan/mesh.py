"""A depth map as a 3-D mesh, written as a Wavefront OBJ file that any 3-D viewer opens (notebook 12).

Each pixel (i, j) of an h × w depth map becomes a vertex at x = j, y = −i (up on screen), z = depth ·
``relief``, scaled so the image spans [−1, 1]. Each square of four neighbouring pixels becomes two
triangles, wound counter-clockwise seen from the front, so their normals point out of the face. OBJ is
plain text: one ``v x y z`` line per vertex, one ``f a b c`` line per triangle, vertices counted from 1.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bpgan.data.faces import DEPTH_SCALE
from bpgan.files import atomic_write
from bpgan.validate import as_float_array

RELIEF = DEPTH_SCALE     # how far depth 1 stands out of the picture (half-width 1): the rendered faces' own proportions


def grid_triangles(h: int, w: int) -> np.ndarray:
    """The triangles (2(h−1)(w−1), 3) over an h × w grid of vertices numbered i·w + j, counter-clockwise."""
    if min(h, w) < 2:
        raise ValueError(f"a mesh needs a grid of at least 2 × 2 vertices; got {h} × {w}")
    index = np.arange(h * w).reshape(h, w)
    top_left, top_right, bottom_left, bottom_right = index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]
    return np.concatenate([np.stack([top_left, bottom_left, top_right], -1).reshape(-1, 3),
                           np.stack([top_right, bottom_left, bottom_right], -1).reshape(-1, 3)])


def depth_to_mesh(depth, relief: float = RELIEF) -> tuple[np.ndarray, np.ndarray]:
    """Vertices (h·w, 3) and triangles (2(h−1)(w−1), 3) of a depth map (h, w) with values in [0, 1]."""
    depth = as_float_array(depth, "depth", ndim=2)
    h, w = depth.shape
    i, j = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
    x = (j + 0.5) / w * 2 - 1
    y = -((i + 0.5) / h * 2 - 1)
    vertices = np.stack([x, y, depth * relief], axis=-1).reshape(-1, 3)
    return vertices, grid_triangles(h, w)


def write_obj(path: str | Path, vertices: np.ndarray, triangles: np.ndarray) -> None:
    """Write an OBJ file atomically: ``v`` lines, then ``f`` lines with 1-based vertex numbers."""
    vertices, triangles = np.asarray(vertices, dtype=float), np.asarray(triangles, dtype=np.int64)
    if vertices.ndim != 2 or vertices.shape[1] != 3 or triangles.ndim != 2 or triangles.shape[1] != 3:
        raise ValueError(f"vertices must be (n, 3) and triangles (t, 3); got {vertices.shape} and {triangles.shape}")
    if len(triangles) and (triangles.min() < 0 or triangles.max() >= len(vertices)):
        raise ValueError("every triangle must name vertices 0 … n − 1")
    lines = [f"v {x:.5f} {y:.5f} {z:.5f}" for x, y, z in vertices] + [f"f {a + 1} {b + 1} {c + 1}" for a, b, c in triangles]
    atomic_write(path, lambda handle: handle.write(("\n".join(lines) + "\n").encode()))


def read_obj(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """Vertices (n, 3) and 0-based triangles (t, 3) of an OBJ file with ``v`` and triangular ``f`` lines."""
    vertices, triangles = [], []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if parts[0] == "v" and len(parts) == 4:
            vertices.append([float(p) for p in parts[1:]])
        elif parts[0] == "f" and len(parts) == 4:
            triangles.append([int(p.split("/")[0]) - 1 for p in parts[1:]])
        else:
            raise ValueError(f"{path}:{number}: not a vertex or a triangle: {line[:60]!r}")
    return np.array(vertices, dtype=float).reshape(-1, 3), np.array(triangles, dtype=np.int64).reshape(-1, 3)
