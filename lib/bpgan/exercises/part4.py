"""Checkers for the exercises of Part IV (notebooks 11–12): paired translation, avatars to emoji and to depth.

They use Part III's engine, :func:`bpgan.exercises.part3._check_every_case`: a known mistake is named only when it
reproduces the learner's answers on every case.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from bpgan.exercises.core import Feedback, Mistake, fail, random_inputs, returned_in_words
from bpgan.exercises.core import needs  # noqa: F401 — a learner copy's guard: exercises.needs(f)
from bpgan.exercises.part3 import _check_every_case, _fresh
from bpgan.gan.losses import generator_loss
from bpgan.gan.translation import receptive_field
from bpgan.mesh import grid_triangles as grid_triangles_in_lib


# ---- 11 · avatar to emoji ------------------------------------------------------------------------------

def _field(layers, *, start=1, widen=lambda k: k - 1, grow=lambda jump, k, s: jump * s, stride_first=False):
    """The receptive-field recurrence, with the pieces a mistake changes."""
    field, jump = start, 1
    for kernel, stride in layers:
        if stride_first:
            jump = grow(jump, kernel, stride)
        field += widen(kernel) * jump
        if not stride_first:
            jump = grow(jump, kernel, stride)
    return field


_RECEPTIVE_FIELD_MISTAKES = [
    Mistake(lambda layers: _field(layers, grow=lambda jump, k, s: jump),
            "the strides are missing: a layer after a stride-2 layer steps 2 input pixels per output pixel, so "
            "its kernel widens the field by (kernel − 1)·2, and so on"),
    Mistake(lambda layers: _field(layers, stride_first=True),
            "a layer's own stride applies to the layers after it, not to its own kernel: add (kernel − 1)·jump "
            "first, then jump *= stride"),
    Mistake(lambda layers: _field(layers, start=0),
            "one short: a single output of a 1×1 stack sees 1 pixel, so start from a field of 1, not 0"),
    Mistake(lambda layers: _field(layers, widen=lambda k: k),
            "each layer adds (kernel − 1) steps, not kernel: a kernel of k pixels reaches k − 1 pixels beyond "
            "the one it starts from"),
    Mistake(lambda layers: int(np.sum([k for k, _ in layers])),
            "adding the kernel sizes counts each overlap twice and ignores the strides"),
    Mistake(lambda layers: _field(layers, grow=lambda jump, k, s: jump * k),
            "the jump grows by the stride, not the kernel: jump *= stride"),
    Mistake(lambda layers: _field(layers[::-1]),
            "the layers are taken last first: the list comes first layer first, and only the strides of "
            "*earlier* layers widen a layer's steps"),
    Mistake(lambda layers: _field(layers, grow=lambda jump, k, s: jump + s),
            "the jump multiplies by each stride (1, 2, 4, … for stride-2 layers); adding the strides undercounts"),
]


def check_receptive_field(learner_receptive_field, seed: int | None = None) -> Feedback:
    """The learner's ``receptive_field(layers)``: the input pixels one output of a stack of convolutions sees."""
    rng = random_inputs(seed)
    # Every stride at most its kernel, as in the course's networks: with stride > kernel the pixels one output sees
    # have gaps, and "how many pixels" (10) and "how wide a span" (14) are different questions.
    cases = [([(4, 2), (4, 2), (3, 1)],), ([(3, 1)],), ([(4, 2), (4, 2), (4, 2), (4, 1)],),
             ([(2, 2), (5, 3), (3, 1)],)] + [
        ([(int(k), int(min(s, k))) for k, s in zip(rng.integers(2, 6, n), rng.integers(1, 4, n))],) for n in (3, 4, 5)]
    return _check_every_case(
        learner_receptive_field, name="receptive_field",
        reference=receptive_field,
        cases=cases,
        mistakes=_RECEPTIVE_FIELD_MISTAKES,
        describe=lambda args: "layers (kernel, stride) " + ", ".join(map(str, args[0])),
        shape_hint=lambda got, expected: ("the receptive field is one number, pixels per side (the kernels are "
                                          "square): return it alone, not a pair or a list"),
        success=f"the receptive field is right for {len(cases)} stacks, including the PatchGAN's (18 pixels)",
    )


def _objective(fake, target, patch_logits, l1_weight):
    with torch.no_grad():
        return float(l1_weight * (fake - target).abs().mean() + generator_loss(patch_logits))


def _gan(logits):
    return generator_loss(logits)


_TRANSLATION_MISTAKES = [
    Mistake(lambda f, t, p, w: w * ((f - t) ** 2).mean() + _gan(p),
            "that is the squared error; pix2pix uses the absolute error L1 = mean |G(x) − y|, which blurs less"),
    Mistake(lambda f, t, p, w: (f - t).abs().mean() + w * _gan(p),
            "λ weighs the L1 term, not the GAN term: λ·L1 + GAN"),
    Mistake(lambda f, t, p, w: (f - t).abs().mean() + _gan(p),
            "λ (l1_weight) is missing: it multiplies the L1 term"),
    Mistake(lambda f, t, p, w: w * (f - t).abs().mean() + generator_loss(p, "minimax"),
            "that GAN term is the minimax log(1 − D(G(x))); use the non-saturating −log D(G(x)) "
            "(generator_loss(patch_logits))"),
    Mistake(lambda f, t, p, w: w * (f - t).abs().mean() + F.binary_cross_entropy_with_logits(p, torch.zeros_like(p)),
            "that GAN term is D's loss on the fakes (label 0): the generator wants D to call them real, "
            "−log D(G(x)) with label 1 (generator_loss(patch_logits))"),
    Mistake(lambda f, t, p, w: w * (f - t).abs().mean(), "the GAN term is missing: add generator_loss(patch_logits)"),
    Mistake(lambda f, t, p, w: _gan(p), "the L1 term is missing: λ · mean |fake − target|"),
    Mistake(lambda f, t, p, w: w * (f - t).abs().sum() + _gan(p),
            "a sum over pixels, not a mean: λ was chosen for the mean absolute error"),
    Mistake(lambda f, t, p, w: w * (f - t).mean().abs() + _gan(p),
            "the absolute value belongs inside the mean: |a − b| per pixel, then the mean"),
    Mistake(lambda f, t, p, w: w * (f - t).abs().mean() + F.binary_cross_entropy_with_logits(
        p, torch.ones_like(p), reduction="sum"),
            "the GAN term is a mean over D's patches, not a sum"),
    Mistake(lambda f, t, p, w: w * (f - t).abs().mean() + generator_loss(f),
            "generator_loss takes D's logits for the fakes (patch_logits), not the fake images"),
    Mistake(lambda f, t, p, w: w * (f - t).mean() + _gan(p),
            "the absolute value is missing: the mean of fake − target lets errors of opposite signs cancel (too "
            "bright here, too dark there averages to nothing); L1 is the mean of |fake − target|"),
    Mistake(lambda f, t, p, w: w * (f - t).abs().sum(dim=1).mean() + _gan(p),
            "this sums |fake − target| over the 3 colour channels (dim=1) before the mean, 3 times the L1 term: λ "
            "was chosen for one mean over every element, channels included — .abs().mean() with no dim"),
    Mistake(lambda f, t, p, w: w * (f - t).abs().mean() + _gan(torch.sigmoid(p)),
            "generator_loss is given torch.sigmoid(patch_logits), probabilities where logits belong: it applies σ "
            "itself, so here σ is applied twice. Pass patch_logits as they are"),
]


def _one_number(result):
    """A one-element answer (a tensor of shape (1,), say) as the number it holds."""
    if hasattr(result, "detach"):
        result = result.detach().cpu().numpy()
    array = np.asarray(result)
    return array.reshape(()) if array.size == 1 and array.dtype != object else result


def _one_value(result, name: str):
    """``result`` itself, unless it is a tuple or list: the objective is one sum, not its terms side by side."""
    if isinstance(result, (tuple, list)):
        raise fail(name, f"returned a {type(result).__name__} of {len(result)} value(s); the objective is one number, "
                         "λ·L1 + GAN: add the two terms with +, not a comma, and return the sum itself (a scalar "
                         "tensor, not in brackets)")
    return result


def _with_leaves(array):
    """A float32 tensor that requires grad, as a non-leaf (like G's output and D's logits in training), and the
    leaf the gradient arrives at."""
    leaf = torch.as_tensor(array, dtype=torch.float32).requires_grad_(True)
    return leaf * 1.0, leaf


def _translation_error_hint(args, message: str) -> str:
    if "bpgan.data.faces" in message and "has no attribute" in message:
        return ("in this notebook F is the face renderer (bpgan.data.faces), not torch's functional module: write "
                "torch.nn.functional.l1_loss (or import it under another name), or the mean of .abs() yourself")
    if "a leaf Variable that requires grad" in message or "modified by an inplace operation" in message:
        return "compute fake − target as a new tensor (no -=, abs_() or other in-place operation on fake)"
    return ""


def _cut_off(result) -> str:
    """What a right value that autograd cannot follow is, and how it was made, as far as its type tells."""
    if isinstance(result, float):
        return "a Python float, cut off from autograd (by .item() or float()): return"
    if isinstance(result, (np.ndarray, np.generic)):
        return (f"a numpy {type(result).__name__}, computed away from autograd (in numpy, on .detach().numpy() "
                "copies): compute it with torch operations on the tensors themselves, and return")
    return f"a {type(result).__name__}, cut off from autograd: return"


def _objective_gradients(result, leaves):
    gradients = torch.autograd.grad(result.sum(), leaves, allow_unused=True)
    return [torch.zeros_like(leaf) if g is None else g for g, leaf in zip(gradients, leaves)]


def _judge_gradients(name: str, results, cases, leaves) -> Feedback | None:
    """A failure for a right value that cannot be backpropagated to ``fake`` and ``patch_logits`` as the objective
    is; None when every result can."""
    for result, case, (fake_leaf, logits_leaf) in zip(results, cases, leaves):
        if not isinstance(result, torch.Tensor):
            return fail(name, f"the value is right, but it is {_cut_off(result)} the scalar torch tensor itself, "
                              "so that the generator's loss can backpropagate through it").feedback
        if result.numel() != 1:
            return fail(name, f"the value is right, but it has shape {tuple(result.shape)}: return a scalar tensor, "
                              "one number for the batch").feedback
        if not result.requires_grad:
            return fail(name, "the value is right, but it carries no gradient: it was computed under "
                              "torch.no_grad(), or from detached tensors only (.detach(), .data) — the generator "
                              "could not learn from it. Compute it from fake and patch_logits as given, with no "
                              "torch.no_grad() around it").feedback
        target, weight = case[1], case[3]
        reference_leaves = [fake_leaf.detach().clone().requires_grad_(True),
                            logits_leaf.detach().clone().requires_grad_(True)]
        reference = (weight * (reference_leaves[0] * 1.0 - target).abs().mean()
                     + generator_loss(reference_leaves[1] * 1.0))
        want = _objective_gradients(reference, reference_leaves)
        try:
            got = _objective_gradients(result, [fake_leaf, logits_leaf])
        except RuntimeError as error:
            return fail(name, f"the value is right, but its backward fails ({error}): build it from fake and "
                              "patch_logits with torch operations, nothing in place").feedback
        for g, w, what, term in ((got[0], want[0], "fake", "the L1 term"),
                                 (got[1], want[1], "patch_logits", "the GAN term")):
            if torch.allclose(g.double(), w.double(), rtol=1e-4, atol=1e-7):
                continue
            if not g.abs().max() > 0:
                return fail(name, f"the value is right, but {term} never reaches G: its gradient with respect to "
                                  f"{what} is 0 — {what} is detached ({what}.detach(), .data, or a copy through "
                                  f"numpy). Use {what} itself, so that {term} can teach the generator").feedback
            return fail(name, f"the value is right, but its gradient with respect to {what} is not: is part of "
                              f"{term} computed on a detached copy of {what}?").feedback
    return None


def check_translation_objective(translation_objective, seed: int | None = None) -> Feedback:
    """The learner's ``translation_objective(fake, target, patch_logits, l1_weight)``: pix2pix's generator loss.

    The value must be right, and so must its gradients with respect to ``fake`` and ``patch_logits`` (given, as in
    training, as float32 tensors that require grad): a loss the generator cannot backpropagate teaches it nothing.
    """
    rng = random_inputs(seed)
    name = "translation_objective"
    leaves, returned = [], []

    def case(weight, sign):
        # fake − target averages to the sign asked: so that mean|·|, |mean ·| and mean · are told apart
        shape, patches = (4, 3, 8, 8), (4, 1, 3, 3)
        a, b = rng.random(shape), rng.random(shape)
        fake, target = (a, b) if np.sign(np.mean(a - b)) == sign else (b, a)
        fake, fake_leaf = _with_leaves(fake)
        logits, logits_leaf = _with_leaves(rng.normal(0, 2, patches))
        leaves.append((fake_leaf, logits_leaf))
        return fake, torch.as_tensor(target, dtype=torch.float32), logits, weight

    cases = [case(100.0, 1), case(10.0, -1), case(1.0, 1)]
    feedback = _check_every_case(
        translation_objective, name=name,
        reference=_objective,
        cases=cases,
        mistakes=_TRANSLATION_MISTAKES,
        prepare=lambda result: returned.append(result) or _one_number(_one_value(result, name)),
        error_hint=_translation_error_hint,
        shape_hint=lambda got, expected: ("the objective is one number: the mean of |fake − target| over every "
                                          "element (.mean() with no dim), and generator_loss's mean over the patches"),
        describe=lambda args: f"λ = {args[3]:g}",
        success="right for 3 batches of images and patch logits, with λ = 100, 10 and 1",
    )
    if not feedback.passed:
        return feedback
    refused = _judge_gradients(name, returned, cases, leaves)
    return feedback if refused is None else refused


# ---- 12 · avatar to 3-D -------------------------------------------------------------------------------

def _slopes(depth, edge_order=1, spacing=None):
    """(∂z/∂x, ∂z/∂y) of depth maps (n, h, w) over [−1, 1]²: x along the columns, y down the rows."""
    dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[-1] if spacing is None else spacing, axis=(-2, -1),
                               edge_order=edge_order)
    return dz_dx, dz_dy


def _unit(v):
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _normal(dz_dx, dz_dy, z=1.0):
    return _unit(np.stack([-dz_dx, -dz_dy, np.full_like(dz_dx, z)], axis=1))


def _raw(x, y, z=1.0):
    return np.stack([x, y, np.full_like(x, z)], axis=1)


def _forward(depth):
    spacing = 2 / depth.shape[-1]
    dz_dx = np.diff(depth, axis=-1, append=depth[..., -1:]) / spacing
    dz_dy = np.diff(depth, axis=-2, append=depth[..., -1:, :]) / spacing
    dz_dx[..., -1], dz_dy[..., -1, :] = dz_dx[..., -2], dz_dy[..., -2, :]
    return dz_dx, dz_dy


def _flat_border(depth):
    """Central differences inside, slope 0 on the border: what a hand-written z[2:] − z[:-2] padded with 0 gives."""
    dz_dx, dz_dy = _slopes(depth)
    dz_dx[..., [0, -1]], dz_dy[..., [0, -1], :] = 0.0, 0.0
    return dz_dx, dz_dy


_SPACING_W_MINUS_1 = ("the spacing is 2/(w − 1), as if the first and last pixels sat on the border of [−1, 1] "
                      "(np.linspace(−1, 1, w)); the w pixels tile the square, each 2/w wide, so neighbours are 2/w "
                      "apart")
_SPACING_INVERTED = ("the spacing is w/2, the number of pixels per unit; np.gradient's second argument is the "
                     "distance between neighbouring pixels, 2/w on [−1, 1]")
_FORWARD = ("forward differences (z[j+1] − z[j]) / spacing; the normals use central differences, "
            "(z[j+1] − z[j−1]) / (2 · spacing), which np.gradient takes inside the map")
_BACKWARD = ("backward differences (z[j] − z[j−1]) / spacing; the normals use central differences, "
             "(z[j+1] − z[j−1]) / (2 · spacing), which np.gradient takes inside the map")


def _one_sided(depth, forward: bool):
    """Slopes by forward (or backward) differences inside the map; the border rows and columns are left at 0."""
    spacing = 2 / depth.shape[-1]
    dz_dx, dz_dy = np.zeros_like(depth), np.zeros_like(depth)
    if forward:
        dz_dx[..., :-1] = np.diff(depth, axis=-1) / spacing
        dz_dy[..., :-1, :] = np.diff(depth, axis=-2) / spacing
    else:
        dz_dx[..., 1:] = np.diff(depth, axis=-1) / spacing
        dz_dy[..., 1:, :] = np.diff(depth, axis=-2) / spacing
    return dz_dx, dz_dy


def _interior_rules():
    """Ways of taking the slopes that show inside the map whatever is done on its border: (slopes, message)."""
    return [(lambda d: _one_sided(d, True), _FORWARD), (lambda d: _one_sided(d, False), _BACKWARD),
            (lambda d: _slopes(d, spacing=2 / (d.shape[-1] - 1)), _SPACING_W_MINUS_1),
            (lambda d: _slopes(d, spacing=d.shape[-1] / 2), _SPACING_INVERTED),
            (lambda d: _slopes(d, spacing=1.0), "the slopes are per pixel: the image spans 2 units in w pixels, so "
                                                "the spacing is 2/w"),
            (lambda d: _slopes(d, spacing=1 / d.shape[-1]),
             "neighbouring pixels are 2/w apart (the square spans [−1, 1], 2 units), not 1/w")]


def _normals_mistakes():
    s = _slopes
    return [
        Mistake(lambda d: _normal(-s(d)[0], -s(d)[1]),
                "the slopes' signs are flipped: the normal of z(x, y) is (−∂z/∂x, −∂z/∂y, 1), leaning away from "
                "the way the surface climbs"),
        Mistake(lambda d: _normal(-s(d)[0], s(d)[1]),
                "the x component's sign is flipped: it is −∂z/∂x"),
        Mistake(lambda d: _normal(s(d)[0], -s(d)[1]),
                "the y component's sign is flipped: y points *down* the image, as rows are counted, and the "
                "component is −∂z/∂y with ∂z/∂y taken down the rows (axis −2)"),
        Mistake(lambda d: _raw(-s(d)[0], -s(d)[1]),
                "not normalised: divide by the length √((∂z/∂x)² + (∂z/∂y)² + 1)"),
        Mistake(lambda d: _normal(s(d)[1], s(d)[0]),
                "x and y are swapped: x is along the columns (axis −1, ∂z/∂x), y down the rows (axis −2, ∂z/∂y); "
                "np.gradient with axis=(−2, −1) returns ∂z/∂y first"),
        Mistake(lambda d: _normal(*s(d, spacing=1.0)),
                "the slopes are per pixel: the image spans 2 units in w pixels, so pass the spacing 2/w to "
                "np.gradient"),
        Mistake(lambda d: _normal(*s(d, spacing=1 / d.shape[-1])),
                "neighbouring pixels are 2/w apart (the square spans [−1, 1], 2 units), not 1/w"),
        Mistake(lambda d: _normal(*s(d, spacing=2 / (d.shape[-1] - 1))), _SPACING_W_MINUS_1),
        Mistake(lambda d: _normal(*s(d, spacing=d.shape[-1] / 2)), _SPACING_INVERTED),
        Mistake(lambda d: _normal(*s(d), z=-1.0),
                "the z component is +1: the normal points out of the picture, towards you"),
        Mistake(lambda d: _raw(-s(d)[0], -s(d)[1]) / np.linalg.norm(_raw(-s(d)[0], -s(d)[1]), axis=0, keepdims=True),
                "the length is taken over axis 0 (the maps); the three components (x, y, z) are on axis 1: "
                "np.linalg.norm(…, axis=1, keepdims=True)"),
        Mistake(lambda d: _raw(-s(d)[0], -s(d)[1]) / np.linalg.norm(_raw(-s(d)[0], -s(d)[1]), axis=-1, keepdims=True),
                "the length is taken over axis −1 (the columns); the three components (x, y, z) are on axis 1: "
                "np.linalg.norm(…, axis=1, keepdims=True)"),
        Mistake(lambda d: _raw(-s(d)[0], -s(d)[1]) / np.linalg.norm(_raw(-s(d)[0], -s(d)[1])),
                "np.linalg.norm without an axis is the length of the whole array; each normal is divided by its "
                "own length: np.linalg.norm(…, axis=1, keepdims=True)"),
        Mistake(lambda d: _normal(*_forward(d)),
                "forward differences (z[j+1] − z[j]); the normals use central differences, (z[j+1] − z[j−1]) / "
                "(2 · spacing), which np.gradient takes inside the map"),
        Mistake(lambda d: _normal(*_flat_border(d)),
                "the interior is right, but the slopes on the border are 0: at the first and last row and column "
                "take a one-sided difference (np.gradient does)"),
    ]


def _normals_error_hint(args, message: str) -> str:
    if "too many values to unpack (expected 2)" in message:
        return ("np.gradient differentiates along every axis unless told: the maps' axis 0 as well. Give "
                "axis=(-2, -1) for ∂z/∂y and ∂z/∂x alone")
    if "all input arrays must have the same shape" in message:
        return ("np.diff gives one difference fewer than pixels; np.gradient keeps the h × w shape (central "
                "differences inside, one-sided at the border)")
    return ""


_COMPONENTS = "xyz"


def check_normals(learner_normals, seed: int | None = None) -> Feedback:
    """The learner's ``normals(depth)``: unit surface normals (n, 3, h, w) of depth maps (n, h, w) over [−1, 1]².

    Inside the map the slopes are central differences; on the border either of np.gradient's one-sided rules
    (edge_order 1 or 2) is right, pixel by pixel.
    """
    rng = random_inputs(seed)
    size = 16
    axis = (np.arange(size) + 0.5) / size * 2 - 1
    y, x = np.meshgrid(axis, axis, indexing="ij")
    cases = [(np.stack([0.3 * x + 0.1 * y, 0.5 * np.exp(-(x ** 2 + y ** 2) * 3)]),),
             (rng.random((2, size, size)) * 0.2,),
             (np.stack([0.4 * np.sin(2 * x + 3 * y ** 2), 0.3 * np.cos(3 * x * y) - 0.5 * x ** 2]),)]

    def closest_right(depth, got):
        """The right normals nearest to ``got``: each border slope by whichever one-sided rule is closer."""
        (x1, y1), (x2, y2) = _slopes(depth, 1), _slopes(depth, 2)
        if got.shape != (len(depth), 3, *depth.shape[1:]):
            return _normal(x1, y1)
        with np.errstate(all="ignore"):
            gx, gy = -got[:, 0] / got[:, 2], -got[:, 1] / got[:, 2]
        dz_dx, dz_dy = x1.copy(), y1.copy()
        second = np.abs(gx - x2) < np.abs(gx - x1)
        dz_dx[..., [0, -1]] = np.where(second, x2, x1)[..., [0, -1]]
        second = np.abs(gy - y2) < np.abs(gy - y1)
        dz_dy[..., [0, -1], :] = np.where(second, y2, y1)[..., [0, -1], :]
        return _normal(dz_dx, dz_dy)

    def diagnose(inputs, got, expected):
        if all(g.shape == e.shape for g, e in zip(got, expected)):
            for slopes, message in _interior_rules():
                if all(np.allclose(g[..., 1:-1, 1:-1], _normal(*slopes(depth))[..., 1:-1, 1:-1], atol=3e-5, rtol=0)
                       for (depth,), g in zip(inputs, got)):
                    return message
        for (depth,), g, e in zip(inputs, got, expected):
            if g.shape != e.shape or not np.isfinite(g).all() or np.allclose(g, e, atol=3e-5, rtol=0):
                continue
            length = np.linalg.norm(g, axis=1)
            if not np.allclose(length, 1, atol=1e-4):
                return (f"these are not unit vectors (lengths from {length.min():.3g} to {length.max():.3g}): divide "
                        "each normal by its length, np.linalg.norm(…, axis=1, keepdims=True)")
            error = np.abs(g - e)
            inside = error[..., 1:-1, 1:-1].max(initial=0) <= 3e-5
            k, c, i, j = np.unravel_index(int(np.argmax(error)), error.shape)
            where = (f"map {k}, row {i}, column {j}, the {_COMPONENTS[c]} component: expected {e[k, c, i, j]:.6f}, "
                     f"got {g[k, c, i, j]:.6f}")
            if inside:
                return (f"the interior is right, the border is not — {where}. On the first and last row and column "
                        "take a one-sided difference, as np.gradient does (edge_order 1 or 2)")
            return f"the normals differ inside the map — {where}"
        return None

    def prepare(result):
        if isinstance(result, (list, tuple)):
            raise fail("normals", f"returned a {type(result).__name__}; return a numpy array (n, 3, h, w) — np.stack "
                                  "gives one, and .tolist() turns it back into a list: the cells after this one "
                                  "compute with the normals as an array ((n + 1) / 2 maps them to colours)")
        dtype = getattr(result, "dtype", None)
        if dtype is not None and np.dtype(str(dtype).replace("torch.", "")).kind in "iub":
            raise fail("normals", f"the normals are {str(dtype).replace('torch.', '')} numbers: each component of a "
                                  "unit normal lies between −1 and 1, so whole numbers keep almost nothing of it — "
                                  "keep floats (no .astype(int) or rounding)")
        return result

    return _check_every_case(
        learner_normals, name="normals",
        prepare=prepare,
        reference=lambda depth: _normal(*_slopes(depth)),
        closest=lambda args, got: closest_right(args[0], got),
        cases=cases,
        mistakes=_normals_mistakes(),
        error_hint=_normals_error_hint,
        diagnose=diagnose,
        shape_hint=lambda got, expected: "stack the three components on axis 1: (n, 3, h, w)",
        describe=lambda args: f"{len(args[0])} depth map(s) of {size}×{size}",
        success="right for a plane, a bump, a wave and random maps, inside and on the border",
    )


def _corners(h, w):
    index = np.arange(h * w).reshape(h, w)
    return index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]


def _split_other_diagonal(h, w):
    tl, tr, bl, br = _corners(h, w)
    return np.concatenate([np.stack([tl, bl, br], -1).reshape(-1, 3), np.stack([tl, br, tr], -1).reshape(-1, 3)])


def _row_major_by_h(h, w):
    """Vertex (i, j) numbered i·h + j (a row taken to hold h vertices)."""
    i, j = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
    index = i * h + j
    tl, tr, bl, br = index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]
    return np.concatenate([np.stack([tl, bl, tr], -1).reshape(-1, 3), np.stack([tr, bl, br], -1).reshape(-1, 3)])


def _column_major(h, w):
    """Vertex (i, j) numbered j·h + i: down the columns."""
    index = np.arange(h * w).reshape(w, h).T
    tl, tr, bl, br = index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]
    return np.concatenate([np.stack([tl, bl, tr], -1).reshape(-1, 3), np.stack([tr, bl, br], -1).reshape(-1, 3)])


def _first_triangles_reversed(h, w):
    tl, tr, bl, br = _corners(h, w)
    return np.concatenate([np.stack([tl, tr, bl], -1).reshape(-1, 3), np.stack([tr, bl, br], -1).reshape(-1, 3)])


def _loops_swapped(h, w):
    """The loops run i over w − 1 and j over h − 1, with the numbering i·w + j kept: rows and columns swapped."""
    triangles = []
    for i in range(w - 1):
        for j in range(h - 1):
            tl = i * w + j
            tr, bl, br = tl + 1, tl + w, tl + w + 1
            triangles += [(tl, bl, tr), (tr, bl, br)]
    return np.array(triangles, dtype=np.int64).reshape(-1, 3)


_CORNER_NAMES = {(0, 0): "top-left", (0, 1): "top-right", (1, 0): "bottom-left", (1, 1): "bottom-right"}


def _in_a_square(triangle, h, w):
    """(i, j, corner names) when the vertices of ``triangle`` all lie on the square whose top-left corner is (i, j),
    else None."""
    rows, columns = zip(*(divmod(int(v), w) for v in triangle))
    i, j = min(rows), min(columns)
    if not (0 <= i < h - 1 and 0 <= j < w - 1) or max(rows) > i + 1 or max(columns) > j + 1:
        return None
    return i, j, [_CORNER_NAMES[(r - i, c - j)] for r, c in zip(rows, columns)]


def _describe_missing(missing, mine, h, w) -> str:
    """The triangle of the split that the learner's list lacks: which square, which of its two triangles, and what
    the list has on that square instead."""
    i, j, corners = _in_a_square(missing, h, w)
    which = "first" if "top-left" in corners else "second"
    message = (f"the triangle {missing} — the {which} triangle of the square whose top-left corner "
               f"is (row {i}, column {j}), ({', '.join(corners)}) — is not in your list")
    instead = []
    for triangle in mine:
        place = _in_a_square(triangle, h, w) if len(set(triangle)) == 3 else None
        if place is not None and place[:2] == (i, j):
            instead.append(f"{triangle} ({', '.join(place[2])})")
    if instead:
        message += "; on that square it has " + " and ".join(instead)
    return message


def _normalised(triangles):
    """Each triangle's corners rotated to start at the smallest, then the triangles sorted: order does not matter."""
    triangles = np.asarray(triangles, dtype=np.int64)
    if triangles.ndim != 2 or triangles.shape[1] != 3 or len(triangles) == 0:
        return triangles.astype(float)
    rolled = np.array([np.roll(t, -int(np.argmin(t))) for t in triangles])
    return rolled[np.lexsort(rolled.T[::-1])].astype(float)


def _with(transform):
    return lambda h, w: _normalised(transform(h, w))


_GRID_MISTAKES = [
    Mistake(_with(lambda h, w: grid_triangles_in_lib(h, w) + 1),
            "these are 1-based: Python counts vertices from 0 (the OBJ file adds the 1 itself)"),
    Mistake(_with(lambda h, w: grid_triangles_in_lib(h, w)[:, ::-1]),
            "every triangle is wound the other way round (clockwise seen from the front): its normal would point "
            "into the face — list (top-left, bottom-left, top-right) and (top-right, bottom-left, bottom-right)"),
    Mistake(_with(lambda h, w: grid_triangles_in_lib(w, h)),
            "rows and columns are swapped: the grid has h rows of w vertices, and vertex (i, j) is number i·w + j"),
    Mistake(_with(_row_major_by_h),
            "vertex (i, j) is number i·w + j: each row holds w vertices, not h"),
    Mistake(_with(_column_major),
            "the vertices are numbered down the columns (j·h + i); the exercise numbers them row by row, i·w + j"),
    Mistake(_with(_split_other_diagonal),
            "the squares are split along the other diagonal (top-left to bottom-right); the exercise asks for "
            "(top-left, bottom-left, top-right) and (top-right, bottom-left, bottom-right), which share the "
            "diagonal from top-right to bottom-left"),
    Mistake(_with(_loops_swapped),
            "rows and columns are swapped in the loops: i runs over the h − 1 rows of squares (range(h − 1)) and j "
            "over the w − 1 columns (range(w − 1)); with vertex (i, j) numbered i·w + j, the loops here give "
            "squares that do not exist when h ≠ w"),
    Mistake(_with(_first_triangles_reversed),
            "the first triangle of each square is wound clockwise: list it as (top-left, bottom-left, top-right), "
            "counter-clockwise seen from the front"),
]


def check_grid_triangles(grid_triangles, seed: int | None = None) -> Feedback:
    """The learner's ``grid_triangles(h, w)``: the triangles (2(h−1)(w−1), 3) of a mesh over an h × w grid."""
    rng = random_inputs(seed)
    cases = [(2, 2), (3, 4), (5, 3)] + [(int(rng.integers(2, 7)), int(rng.integers(2, 7))) for _ in range(2)]
    name = "grid_triangles"

    def prepare(result):
        raw = result.detach().cpu().numpy() if hasattr(result, "detach") else result
        try:
            array = np.asarray(raw)
        except (TypeError, ValueError):
            raise fail(name, f"returned a {type(result).__name__} that is not a table of vertex numbers") from None
        if array.dtype.kind == "f":
            raise fail(name, f"the vertex numbers are floats ({array.dtype}): they index vertices, so make them "
                             "integers — np.zeros and np.empty make floats unless given dtype=int")
        if array.dtype.kind not in "iu":
            raise fail(name, f"returned {returned_in_words(result, array)}; expected integer vertex numbers")
        if np.iinfo(array.dtype).max < 32 * 32 - 1:
            raise fail(name, f"{array.dtype} holds vertex numbers only up to {np.iinfo(array.dtype).max}: the notebook's "
                             "32 × 32 grid has 1,024 vertices, whose numbers would wrap round — use int (int64)")
        return _normalised(array)

    def diagnose(inputs, got, expected):
        counts = [len(g) if g.ndim == 2 and g.shape[1] == 3 else None for g in got]
        (h, w), count = max(zip(inputs, counts), key=lambda pair: (pair[0][0] - 1) * (pair[0][1] - 1))
        squares = (h - 1) * (w - 1)
        if all(n == 2 * a * b for n, (a, b) in zip(counts, inputs)):
            return (f"{count} triangles for a {h}×{w} grid: the loops start a square at every vertex, but the last "
                    f"row and column of vertices start none — {squares} squares, range(h − 1) and range(w − 1)")
        if all(n == (a - 1) * (b - 1) for n, (a, b) in zip(counts, inputs)):
            return f"{count} triangles for the {squares} squares of a {h}×{w} grid: each square is two triangles"
        for (h, w), g, e in zip(inputs, got, expected):
            if g.shape != e.shape or np.array_equal(g, e):
                continue
            outside = g[(g < 0) | (g >= h * w)]
            if outside.size:
                return (f"vertex number {int(outside[0])} does not exist in a {h}×{w} grid: they run from 0 to "
                        f"h·w − 1 = {h * w - 1}")
            mine, right = [tuple(map(int, t)) for t in g], [tuple(map(int, t)) for t in e]
            degenerate = [t for t in mine if len(set(t)) < 3]
            if degenerate:
                count = (f"{len(degenerate)} of your {len(mine)} triangles repeat a vertex" if len(degenerate) > 1
                         else f"1 of your {len(mine)} triangles repeats a vertex")
                return (f"a {h}×{w} grid: {count}, e.g. {degenerate[0]}: a degenerate triangle, with no area — "
                        "each triangle joins three different corners of its square. Here "
                        + _describe_missing(next(t for t in right if t not in set(mine)), mine, h, w))
            if sorted(map(sorted, mine)) == sorted(map(sorted, right)):
                wrong = [t for t in mine if t not in set(right)]
                return (f"{len(wrong)} of {len(mine)} triangles are wound clockwise seen from the front, e.g. "
                        f"{wrong[0]}: list each as (top-left, bottom-left, top-right) or (top-right, bottom-left, "
                        "bottom-right)")
            missing = next((t for t in right if t not in set(mine)), None)
            if missing is not None:
                return f"a {h}×{w} grid: " + _describe_missing(missing, mine, h, w)
        return None

    return _check_every_case(
        grid_triangles, name=name,
        reference=lambda h, w: _normalised(grid_triangles_in_lib(h, w)),
        cases=cases,
        mistakes=_GRID_MISTAKES,
        prepare=prepare,
        diagnose=diagnose,
        shape_hint=lambda got, expected: "two triangles per grid square: 2·(h − 1)·(w − 1) rows of 3 vertex numbers",
        describe=lambda args: "a {}×{} grid".format(*args),
        success=f"the triangles and their winding are right for {len(cases)} grids, square and not",
    )
