"""A procedural face: one parameter vector drawn three ways — a shaded "photo" avatar, a flat emoji, a depth map.

Real face photographs cannot be downloaded at run time (and should not be, for a course), so notebooks
11 and 12 draw their own faces. Each face is a handful of numbers (:data:`PARAMETERS`): the shape of the
head, skin tone, eye size and spacing, brow angle, how much the mouth smiles (−1 a frown, +1 a smile) and
opens, the hairline, the light's direction, a slight turn of the head, the background. From them:

- the **depth map**: a height field — a dome for the head, a bump for the nose, hollows for the eyes —
  0 on the background, at most 1;
- the **avatar**: that height field lit by a lamp (Lambertian shading: brightness = max(0, n · l) for the
  surface normal n and the light direction l), in the skin's colour, with eyes, brows, mouth and hair painted
  on, a background, and a little texture noise: a stand-in for a photograph;
- the **emoji**: the same expression on a flat yellow disc with bold black features — no shading, skin,
  hair, light or turn. Turning an avatar into its emoji means keeping the expression and dropping the rest.

Everything is vectorised over the batch: images are float32 arrays (n, 3, size, size) in [0, 1] (depth
(n, 1, size, size)), rows are faces as torch keeps them. The same seed gives the same faces everywhere.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from bpgan.validate import as_float_array, as_seed, check_memory

# name: (low, high) — the range each parameter is drawn from, and must lie in.
PARAMETERS = {
    "face_width": (0.55, 0.72),      # half-width of the head, in units of half the image
    "face_height": (0.70, 0.84),     # half-height of the head
    "skin": (0.0, 1.0),              # 0 light … 1 dark skin
    "eye_size": (0.06, 0.11),        # radius of an eye
    "eye_spacing": (0.22, 0.34),     # distance of each eye from the middle
    "brow_angle": (-0.5, 0.5),       # radians; > 0 raises the inner ends (worried), < 0 lowers them (cross)
    "smile": (-1.0, 1.0),            # mouth curvature: −1 a frown, +1 a smile
    "mouth_open": (0.0, 1.0),        # 0 closed … 1 wide open
    "hair": (0.0, 1.0),              # 0 bald … 1 a low hairline
    "light": (-1.0, 1.0),            # the lamp's side: −1 from the left, +1 from the right
    "turn": (-0.12, 0.12),           # the features shift sideways as the head turns
    "background": (0.0, 1.0),        # the background's tone
}
EXPRESSION = ("eye_size", "eye_spacing", "brow_angle", "smile", "mouth_open")   # what an emoji keeps
HEIGHT = 0.62                        # the dome's height before normalising the depth map to [0, 1]
NOSE, SOCKET = 0.16, 0.07            # the nose's bump and the eye sockets' hollow
LIGHT_ELEVATION = 0.75               # the lamp's height above the image plane (z of the unnormalised direction)
DEPTH_SCALE = HEIGHT + NOSE          # the height (in units of the image square [−1, 1]²) that depth 1 stands for


class FaceParams(NamedTuple):
    """One array (n,) per parameter, in the order of :data:`PARAMETERS`."""
    face_width: np.ndarray
    face_height: np.ndarray
    skin: np.ndarray
    eye_size: np.ndarray
    eye_spacing: np.ndarray
    brow_angle: np.ndarray
    smile: np.ndarray
    mouth_open: np.ndarray
    hair: np.ndarray
    light: np.ndarray
    turn: np.ndarray
    background: np.ndarray


class Faces(NamedTuple):
    """The three renderings of n faces."""
    avatar: np.ndarray      # (n, 3, size, size) the shaded "photo"
    emoji: np.ndarray       # (n, 3, size, size) the flat emoji
    depth: np.ndarray       # (n, 1, size, size) height above the background, in [0, 1]


def random_params(n: int, seed: int = 0) -> FaceParams:
    """n faces with every parameter drawn uniformly from its range; the same seed gives the same faces."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n (the number of faces) must be a positive whole number; got {n!r}")
    check_memory(f"random_params({n})", 8.0 * n * len(PARAMETERS), "ask for fewer faces, in several calls if need be")
    rng = np.random.default_rng(as_seed(seed))
    return FaceParams(*(rng.uniform(low, high, int(n)) for low, high in PARAMETERS.values()))


def check_params(params) -> FaceParams:
    """``params`` as :class:`FaceParams` of float arrays of one length, each inside its range, or a clear error."""
    if isinstance(params, dict):
        missing = set(PARAMETERS) - set(params)
        unknown = set(params) - set(PARAMETERS)
        if missing or unknown:
            raise ValueError(f"face parameters must be exactly {', '.join(PARAMETERS)}; missing {sorted(missing)}, "
                             f"unknown {sorted(unknown)}")
        params = FaceParams(**params)
    if not isinstance(params, FaceParams):
        raise TypeError(f"params must be FaceParams or a dict of the parameters; got {type(params).__name__}")
    arrays = {name: np.atleast_1d(as_float_array(value, name)).astype(np.float64)
              for name, value in params._asdict().items()}
    lengths = {len(a) for a in arrays.values()}
    if len(lengths) != 1 or any(a.ndim != 1 for a in arrays.values()):
        raise ValueError(f"every parameter must hold one number per face, all of the same length; got lengths "
                         f"{ {name: a.shape for name, a in arrays.items()} }")
    for name, (low, high) in PARAMETERS.items():
        if arrays[name].min() < low or arrays[name].max() > high:
            raise ValueError(f"{name} must lie in [{low}, {high}]; got values from {arrays[name].min():.3g} to "
                             f"{arrays[name].max():.3g}")
    return FaceParams(**arrays)


def _grid(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel centres x (left −1 … right 1) and y (top −1 … bottom 1), each (1, size, size), float32."""
    axis = ((np.arange(size) + 0.5) / size * 2 - 1).astype(np.float32)
    y, x = np.meshgrid(axis, axis, indexing="ij")
    return x[None], y[None]


def _col(values: np.ndarray) -> np.ndarray:
    """(n,) → (n, 1, 1) float32, to broadcast a parameter over an image."""
    return np.asarray(values, dtype=np.float32)[:, None, None]


def _height(p: FaceParams, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The unnormalised height field (n, size, size): head dome, nose bump, eye hollows; 0 off the head."""
    a, b, turn = _col(p.face_width), _col(p.face_height), _col(p.turn)
    r2 = (x / a) ** 2 + ((y - 0.02) / b) ** 2
    dome = HEIGHT * np.sqrt(np.clip(1 - r2, 0, None))
    nose = NOSE * np.exp(-((x - 1.6 * turn) ** 2 / 0.006 + (y - 0.12) ** 2 / 0.02))
    eye_y, spacing, size = -0.08, _col(p.eye_spacing), _col(p.eye_size)
    sockets = sum(np.exp(-((x - side * spacing - turn) ** 2 + (y - eye_y) ** 2) / (2 * (1.6 * size) ** 2))
                  for side in (-1, 1))
    return np.where(r2 < 1, dome + nose - SOCKET * sockets, 0.0)


def light_direction(light) -> np.ndarray:
    """Unit vectors (n, 3) towards the lamp for light parameters (n,): (light, −0.5, LIGHT_ELEVATION), normalised.

    x points right, y down the image, z out of the picture towards the viewer: ``light`` < 0 lights the face
    from the left, > 0 from the right, always a little from above.
    """
    light = np.asarray(light, dtype=np.float32)
    lamp = np.stack([light, np.full(len(light), -0.5, np.float32), np.full(len(light), LIGHT_ELEVATION, np.float32)],
                    axis=1)
    return lamp / np.linalg.norm(lamp, axis=1, keepdims=True)


def shading(depth: np.ndarray, light: np.ndarray) -> np.ndarray:
    """Lambertian brightness max(0, n · l) (n, size, size) of a depth map (n, size, size) normalised to [0, 1].

    The surface is z = DEPTH_SCALE · depth over the image square [−1, 1]²; its normal is (−∂z/∂x, −∂z/∂y, 1)
    normalised, and l = :func:`light_direction` (light). The avatar is shaded by exactly this function of its
    depth map (the tests check it).
    """
    z = as_float_array(depth, "depth").astype(np.float32)
    if z.ndim == 4 and z.shape[1] == 1:
        z = z[:, 0]                                     # render's depth maps (n, 1, s, s)
    if z.ndim != 3 or min(z.shape[1:]) < 2:
        raise ValueError(f"depth must be depth maps (n, size, size) or (n, 1, size, size); got shape {z.shape}")
    light = np.atleast_1d(as_float_array(light, "light"))
    if light.shape != (len(z),):
        raise ValueError(f"light must hold one number per depth map, shape ({len(z)},); got shape {light.shape}")
    z = z * np.float32(DEPTH_SCALE)
    size = z.shape[-1]
    dz_dy, dz_dx = np.gradient(z, np.float32(2 / size), axis=(-2, -1))
    lx, ly, lz = (_col(row) for row in light_direction(light).T)
    # n · l with n = (−∂z/∂x, −∂z/∂y, 1) / ‖(−∂z/∂x, −∂z/∂y, 1)‖
    return np.clip((lz - dz_dx * lx - dz_dy * ly) / np.sqrt(dz_dx ** 2 + dz_dy ** 2 + 1), 0, 1)


def _disc(x, y, cx, cy, rx, ry) -> np.ndarray:
    return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1


def _features(p: FaceParams, x: np.ndarray, y: np.ndarray, *, turn: np.ndarray, scale: float, bold: float):
    """Masks (n, size, size) of the eyes, pupils, brows, mouth line and open mouth.

    ``scale`` enlarges the features (an emoji's are cartoonishly large), ``bold`` thickens the lines.
    """
    eye_y, spacing, size = -0.08, _col(p.eye_spacing), _col(p.eye_size) * scale
    eyes = np.zeros(x.shape[:0] + (len(p.smile),) + x.shape[1:], dtype=bool)
    pupils = eyes.copy()
    brows = eyes.copy()
    angle = _col(p.brow_angle)
    for side in (-1, 1):
        cx = side * spacing + turn
        eyes |= _disc(x, y, cx, eye_y, size, size * 1.15)
        pupils |= _disc(x, y, cx, eye_y + 0.2 * size, 0.55 * size, 0.6 * size)
        # A brow: a short bar above the eye, its inner end (towards the middle) raised by the angle.
        along = (x - cx) * -side                                      # > 0 towards the middle
        brow_y = eye_y - 2.1 * size - 0.04 - np.tan(angle) * along
        brows |= (np.abs(along) <= 1.4 * size + 0.03) & (np.abs(y - brow_y) <= 0.025 * bold)
    smile, opening = _col(p.smile), _col(p.mouth_open)
    width = 0.26 * (0.8 + 0.2 * scale)
    u = (x - turn) / width                                            # −1 … 1 across the mouth
    centre_y = 0.42 + 0.16 * smile * (1 - u ** 2) - 0.08 * smile      # smile: the middle drops below the corners
    across = np.abs(u) <= 1
    gap = opening * 0.16 * (1 - u ** 2)                               # an open mouth: a second, lower lip
    lips = across & ((np.abs(y - centre_y) <= 0.03 * bold) | ((np.abs(y - centre_y - gap) <= 0.03 * bold) & (opening > 0.05)))
    open_mouth = across & (y >= centre_y) & (y <= centre_y + gap)
    return eyes, pupils, brows, lips, open_mouth


SKIN_LIGHT, SKIN_DARK = np.array([0.96, 0.80, 0.68]), np.array([0.42, 0.27, 0.18])
HAIR = np.array([0.18, 0.12, 0.08])
EMOJI_YELLOW, INK = np.array([1.0, 0.82, 0.18]), np.array([0.08, 0.06, 0.05])


def _paint(image: np.ndarray, mask: np.ndarray, colour) -> None:
    """Set ``image`` (n, 3, h, w) to ``colour`` (3,) or (n, 3) where ``mask`` (n, h, w)."""
    colour = np.asarray(colour, dtype=np.float32)
    colour = colour[None] if colour.ndim == 1 else colour
    for c in range(3):
        np.copyto(image[:, c], colour[:, c, None, None], where=mask)


def render(params, size: int = 32, *, texture: float = 0.03, seed: int = 0) -> Faces:
    """The avatar, emoji and depth map of every face in ``params`` (:class:`FaceParams` or a dict).

    ``size`` is the side in pixels (32 to train on, 64 for pictures); ``texture`` the standard deviation
    of the avatar's pixel noise (0 for none), drawn with ``seed``.
    """
    p = check_params(params)
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or not 8 <= size <= 256:
        raise ValueError(f"size must be a whole number of pixels from 8 to 256; got {size!r}")
    if not 0 <= texture <= 0.2:
        raise ValueError(f"texture (the avatar's noise level) must lie in [0, 0.2]; got {texture!r}")
    n = len(p.smile)
    # avatar and emoji (3 channels each), depth, and a dozen float32 working arrays of one image each
    check_memory(f"rendering {n} faces of {size} × {size} pixels", 4.0 * n * size * size * 20,
                 "ask for fewer or smaller faces, in several calls if need be")
    x, y = _grid(int(size))
    height = _height(p, x, y).astype(np.float32)
    depth = np.clip(height / np.float32(DEPTH_SCALE), 0, 1)
    head = height > 0

    # The avatar: background, shaded skin, hair, then the painted features.
    avatar = np.empty((n, 3, size, size), dtype=np.float32)
    tone = _col(p.background)
    background = np.stack([0.35 + 0.5 * tone, 0.45 + 0.35 * tone, 0.55 + 0.1 * (1 - tone)], axis=1)[..., 0, 0]
    _paint(avatar, np.ones_like(head), background)
    skin = ((1 - p.skin[:, None]) * SKIN_LIGHT + p.skin[:, None] * SKIN_DARK).astype(np.float32)      # (n, 3)
    light = 0.3 + 0.7 * shading(depth, p.light)                                                    # (n, h, w)
    hairline = -0.95 + 0.6 * _col(p.hair)                             # hair covers the head above this line
    hair = head & (y < hairline) & (_col(p.hair) > 0.08)
    for c in range(3):
        np.copyto(avatar[:, c], skin[:, c, None, None] * light, where=head)
        np.copyto(avatar[:, c], np.float32(HAIR[c]) * (0.6 + 0.4 * light), where=hair)
    eyes, pupils, brows, mouth, open_mouth = _features(p, x, y, turn=_col(p.turn), scale=1.15, bold=1.0)
    _paint(avatar, head & eyes, [0.95, 0.95, 0.93])
    _paint(avatar, head & pupils, [0.15, 0.10, 0.08])
    _paint(avatar, head & brows, HAIR)
    _paint(avatar, head & open_mouth, [0.35, 0.05, 0.07])
    _paint(avatar, head & mouth, [0.55, 0.12, 0.15])
    if texture:
        avatar += np.random.default_rng(as_seed(seed)).normal(0, texture, avatar.shape).astype(np.float32)
        np.clip(avatar, 0, 1, out=avatar)

    # The emoji: the expression alone, frontal, on a yellow disc with a black rim.
    emoji = np.ones((n, 3, size, size), dtype=np.float32)
    radius = np.hypot(x, y)
    disc = radius <= 0.88
    _paint(emoji, np.broadcast_to(disc, (n, size, size)), EMOJI_YELLOW)
    _paint(emoji, np.broadcast_to(disc & (radius >= 0.82), (n, size, size)), INK)
    eyes, _, brows, mouth, open_mouth = _features(p, x, y, turn=np.zeros((n, 1, 1)), scale=1.3, bold=1.6)
    _paint(emoji, disc & open_mouth, [0.55, 0.12, 0.12])
    for mask in (eyes, brows, mouth):
        _paint(emoji, disc & mask, INK)

    return Faces(avatar, emoji, depth[:, None].astype(np.float32))


def faces(n: int, seed: int = 0, size: int = 32, *, texture: float = 0.03) -> tuple[FaceParams, Faces]:
    """n random faces (seeded) and their three renderings."""
    params = random_params(n, seed)
    return params, render(params, size, texture=texture, seed=seed)


def to_image(images: np.ndarray) -> np.ndarray:
    """(n, c, h, w) → (n, h, w, c) for matplotlib's imshow; a single channel stays (n, h, w)."""
    images = np.asarray(images)
    if images.ndim != 4:
        raise ValueError(f"images must be a batch (n, c, h, w); got shape {images.shape}"
                         + (" — one image? images[None] adds the batch axis" if images.ndim == 3 else ""))
    return images[:, 0] if images.shape[1] == 1 else images.transpose(0, 2, 3, 1)
