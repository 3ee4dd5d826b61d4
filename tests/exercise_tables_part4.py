"""The table of Part IV's exercises (notebooks 11–12): the receptive field, pix2pix's objective, surface normals
and the triangles of a grid. See ``exercise_table.py``."""

import math

import numpy as np
import torch
import torch.nn.functional as F

from bpgan.data import faces
from bpgan.exercises import part4 as ex
from bpgan.gan.losses import generator_loss
from exercise_table import Exercise, right, wrong


# ---- 11 · the receptive field --------------------------------------------------------------------------------

def receptive_field(layers):                                  # the notebook's solution
    field, jump = 1, 1
    for kernel, stride in layers:
        field += (kernel - 1) * jump
        jump *= stride
    return field


def receptive_field_backwards(layers):
    # from the output back: one output pixel, then each layer's input r ← (r − 1)·stride + kernel
    field = 1
    for kernel, stride in reversed(layers):
        field = (field - 1) * stride + kernel
    return field


def receptive_field_products(layers):
    jumps = [math.prod(s for _, s in layers[:i]) for i in range(len(layers))]
    return 1 + sum((kernel - 1) * jump for (kernel, _), jump in zip(layers, jumps))


def receptive_field_numpy(layers):
    kernels, strides = np.array(layers).T
    jumps = np.concatenate([[1], np.cumprod(strides)[:-1]])
    return np.int64(1) + np.sum((kernels - 1) * jumps)


def receptive_field_by_probing(layers):
    # the input pixels that get a gradient from one output of a stack of all-ones convolutions
    n = receptive_field_backwards(layers)
    x = torch.zeros(1, 1, n + 20, requires_grad=True)
    y = x
    for kernel, stride in layers:
        conv = torch.nn.Conv1d(1, 1, kernel, stride, bias=False)
        torch.nn.init.constant_(conv.weight, 1.0)
        y = conv(y)
    y[0, 0, 0].backward()
    return int((x.grad[0, 0] != 0).sum())


def receptive_field_without_strides(layers):
    field = 1
    for kernel, stride in layers:
        field += kernel - 1
    return field


def receptive_field_stride_first(layers):
    field, jump = 1, 1
    for kernel, stride in layers:
        jump *= stride
        field += (kernel - 1) * jump
    return field


def receptive_field_from_0(layers):
    field, jump = 0, 1
    for kernel, stride in layers:
        field += (kernel - 1) * jump
        jump *= stride
    return field


def receptive_field_whole_kernel(layers):
    field, jump = 1, 1
    for kernel, stride in layers:
        field += kernel * jump
        jump *= stride
    return field


def receptive_field_jump_by_kernel(layers):
    field, jump = 1, 1
    for kernel, stride in layers:
        field += (kernel - 1) * jump
        jump *= kernel
    return field


def receptive_field_last_first(layers):
    field, jump = 1, 1
    for kernel, stride in reversed(layers):
        field += (kernel - 1) * jump
        jump *= stride
    return field


def receptive_field_jump_added(layers):
    field, jump = 1, 1
    for kernel, stride in layers:
        field += (kernel - 1) * jump
        jump += stride
    return field


# ---- 11 · the generator's objective -------------------------------------------------------------------------------

def translation_objective(fake, target, patch_logits, l1_weight):     # the notebook's solution
    return l1_weight * (fake - target).abs().mean() + generator_loss(patch_logits)


def translation_objective_functional(fake, target, patch_logits, l1_weight):
    return l1_weight * F.l1_loss(fake, target) + F.binary_cross_entropy_with_logits(patch_logits,
                                                                                   torch.ones_like(patch_logits))


def translation_objective_logsigmoid(fake, target, patch_logits, l1_weight):
    return l1_weight * torch.mean(torch.abs(target - fake)) - F.logsigmoid(patch_logits).mean()


def translation_objective_item(fake, target, patch_logits, l1_weight):
    return (l1_weight * torch.mean(torch.abs(target - fake)) - F.logsigmoid(patch_logits).mean()).item()


def translation_objective_fake_detached(fake, target, patch_logits, l1_weight):
    return l1_weight * (fake.detach() - target).abs().mean() + generator_loss(patch_logits)


def translation_objective_logits_detached(fake, target, patch_logits, l1_weight):
    return l1_weight * (fake - target).abs().mean() + generator_loss(patch_logits.detach())


def translation_objective_no_grad(fake, target, patch_logits, l1_weight):
    with torch.no_grad():
        return l1_weight * (fake - target).abs().mean() + generator_loss(patch_logits)


def translation_objective_numpy(fake, target, patch_logits, l1_weight):
    f, t, l = fake.detach().numpy(), target.detach().numpy(), patch_logits.detach().numpy()
    return l1_weight * np.abs(f - t).mean() + np.logaddexp(0, -l).mean()


def translation_objective_no_abs(fake, target, patch_logits, l1_weight):
    return l1_weight * (fake - target).mean() + generator_loss(patch_logits)


def translation_objective_channels_summed(fake, target, patch_logits, l1_weight):
    return l1_weight * (fake - target).abs().sum(dim=1).mean() + generator_loss(patch_logits)


def translation_objective_sigmoid(fake, target, patch_logits, l1_weight):
    return l1_weight * (fake - target).abs().mean() + generator_loss(torch.sigmoid(patch_logits))


def translation_objective_faces_as_F(fake, target, patch_logits, l1_weight):
    # in notebook 11, F is the face renderer
    return l1_weight * faces.l1_loss(fake, target) + generator_loss(patch_logits)


def translation_objective_clone_and_shapes(fake, target, patch_logits, l1_weight):
    difference = (fake.clone() - target).reshape(len(fake), -1)
    return l1_weight * difference.abs().mean(dim=1).mean() + F.softplus(-patch_logits.flatten()).mean()


def translation_objective_float64(fake, target, patch_logits, l1_weight):
    fake, target, patch_logits = fake.double(), target.double(), patch_logits.double()
    return l1_weight * (fake - target).abs().mean() + F.softplus(-patch_logits).mean()


def translation_objective_squared(fake, target, patch_logits, l1_weight):
    return l1_weight * ((fake - target) ** 2).mean() + generator_loss(patch_logits)


def translation_objective_weight_on_gan(fake, target, patch_logits, l1_weight):
    return (fake - target).abs().mean() + l1_weight * generator_loss(patch_logits)


def translation_objective_no_weight(fake, target, patch_logits, l1_weight):
    return (fake - target).abs().mean() + generator_loss(patch_logits)


def translation_objective_minimax(fake, target, patch_logits, l1_weight):
    return l1_weight * (fake - target).abs().mean() + generator_loss(patch_logits, "minimax")


def translation_objective_label_0(fake, target, patch_logits, l1_weight):
    return l1_weight * (fake - target).abs().mean() + F.binary_cross_entropy_with_logits(
        patch_logits, torch.zeros_like(patch_logits))


def translation_objective_no_gan(fake, target, patch_logits, l1_weight):
    return l1_weight * (fake - target).abs().mean()


def translation_objective_no_l1(fake, target, patch_logits, l1_weight):
    return generator_loss(patch_logits)


def translation_objective_sum(fake, target, patch_logits, l1_weight):
    return l1_weight * (fake - target).abs().sum() + generator_loss(patch_logits)


def translation_objective_abs_outside(fake, target, patch_logits, l1_weight):
    return l1_weight * (fake - target).mean().abs() + generator_loss(patch_logits)


def translation_objective_patch_sum(fake, target, patch_logits, l1_weight):
    return l1_weight * (fake - target).abs().mean() + F.binary_cross_entropy_with_logits(
        patch_logits, torch.ones_like(patch_logits), reduction="sum")


def translation_objective_images_to_loss(fake, target, patch_logits, l1_weight):
    return l1_weight * (fake - target).abs().mean() + generator_loss(fake)


def translation_objective_mean_over_batch(fake, target, patch_logits, l1_weight):
    return l1_weight * (fake - target).abs().mean(dim=0) + generator_loss(patch_logits)


# ---- 12 · surface normals -------------------------------------------------------------------------------------------

def normals(depth):                                            # the notebook's solution
    dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[-1], axis=(-2, -1))
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_edge_order_2(depth):
    # second-order one-sided differences at the border: more accurate there, the same inside
    dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[-1], axis=(-2, -1), edge_order=2)
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_mixed_edges(depth):
    spacing = 2 / depth.shape[-1]
    dz_dx = np.gradient(depth, spacing, axis=-1, edge_order=2)
    dz_dy = np.gradient(depth, spacing, axis=-2)
    length = np.sqrt(dz_dx ** 2 + dz_dy ** 2 + 1)
    return np.stack([-dz_dx / length, -dz_dy / length, 1 / length], axis=1)


def normals_float32(depth):
    z = depth.astype(np.float32)
    dz_dy, dz_dx = np.gradient(z, np.float32(2 / z.shape[-1]), axis=(1, 2))
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(z)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_torch(depth):
    z = torch.as_tensor(depth, dtype=torch.float32)
    dz_dy, dz_dx = torch.gradient(z, spacing=2 / z.shape[-1], dim=(-2, -1))
    return F.normalize(torch.stack([-dz_dx, -dz_dy, torch.ones_like(z)], dim=1), dim=1)


def normals_signs_flipped(depth):
    dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[-1], axis=(-2, -1))
    normal = np.stack([dz_dx, dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_y_up(depth):
    dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[-1], axis=(-2, -1))
    normal = np.stack([-dz_dx, dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_not_normalised(depth):
    dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[-1], axis=(-2, -1))
    return np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)


def normals_x_y_swapped(depth):
    dz_dx, dz_dy = np.gradient(depth, 2 / depth.shape[-1], axis=(-2, -1))
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_per_pixel(depth):
    dz_dy, dz_dx = np.gradient(depth, axis=(-2, -1))
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_spacing_1_over_w(depth):
    dz_dy, dz_dx = np.gradient(depth, 1 / depth.shape[-1], axis=(-2, -1))
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_into_the_picture(depth):
    dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[-1], axis=(-2, -1))
    normal = np.stack([-dz_dx, -dz_dy, -np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_norm_last_axis(depth):
    dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[-1], axis=(-2, -1))
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=-1, keepdims=True)


def normals_norm_of_everything(depth):
    dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[-1], axis=(-2, -1))
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal)


def normals_every_axis(depth):
    dz_dy, dz_dx = np.gradient(depth, 2 / depth.shape[-1])
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_diff(depth):
    spacing = 2 / depth.shape[-1]
    dz_dx, dz_dy = np.diff(depth, axis=-1) / spacing, np.diff(depth, axis=-2) / spacing
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_forward(depth):
    spacing = 2 / depth.shape[-1]
    dz_dx = np.diff(depth, axis=-1, append=depth[..., -1:]) / spacing
    dz_dy = np.diff(depth, axis=-2, append=depth[..., -1:, :]) / spacing
    dz_dx[..., -1], dz_dy[..., -1, :] = dz_dx[..., -2], dz_dy[..., -2, :]
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_spacing_w_minus_1(depth):
    w = depth.shape[-1]
    dz_dy, dz_dx = np.gradient(depth, 2 / (w - 1), axis=(-2, -1))
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_spacing_inverted(depth):
    w = depth.shape[-1]
    dz_dy, dz_dx = np.gradient(depth, w / 2, axis=(-2, -1))
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_forward_last_repeated(depth):
    # np.diff with the last value appended: forward differences, slope 0 on the last row and column
    w = depth.shape[-1]
    dz_dx = np.diff(depth, axis=-1, append=depth[..., -1:]) / (2 / w)
    dz_dy = np.diff(depth, axis=-2, append=depth[..., -1:, :]) / (2 / w)
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_backward(depth):
    w = depth.shape[-1]
    dz_dx = np.diff(depth, axis=-1, prepend=depth[..., :1]) / (2 / w)
    dz_dy = np.diff(depth, axis=-2, prepend=depth[..., :1, :]) / (2 / w)
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_flat_border(depth):
    spacing = 2 / depth.shape[-1]
    dz_dx, dz_dy = np.zeros_like(depth), np.zeros_like(depth)
    dz_dx[..., 1:-1] = (depth[..., 2:] - depth[..., :-2]) / (2 * spacing)
    dz_dy[..., 1:-1, :] = (depth[..., 2:, :] - depth[..., :-2, :]) / (2 * spacing)
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


def normals_replicated_border(depth):
    # central differences over an edge-padded map: half a one-sided slope at the border
    spacing = 2 / depth.shape[-1]
    z = np.pad(depth, ((0, 0), (1, 1), (1, 1)), mode="edge")
    dz_dx = (z[:, 1:-1, 2:] - z[:, 1:-1, :-2]) / (2 * spacing)
    dz_dy = (z[:, 2:, 1:-1] - z[:, :-2, 1:-1]) / (2 * spacing)
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(depth)], axis=1)
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


# ---- 12 · the triangles of a grid ---------------------------------------------------------------------------------

def grid_triangles(h, w):                                      # the notebook's solution
    index = np.arange(h * w).reshape(h, w)
    top_left, top_right = index[:-1, :-1], index[:-1, 1:]
    bottom_left, bottom_right = index[1:, :-1], index[1:, 1:]
    return np.concatenate([np.stack([top_left, bottom_left, top_right], axis=-1).reshape(-1, 3),
                           np.stack([top_right, bottom_left, bottom_right], axis=-1).reshape(-1, 3)])


def grid_triangles_loops(h, w):
    triangles = []
    for i in range(h - 1):
        for j in range(w - 1):
            a, b, c, d = i * w + j, i * w + j + 1, (i + 1) * w + j, (i + 1) * w + j + 1
            triangles += [(a, c, b), (b, c, d)]
    return triangles


def grid_triangles_rotated_int32(h, w):
    # each triangle started from another corner (same winding), the squares in another order, int32
    index = np.arange(h * w, dtype=np.int32).reshape(h, w)
    tl, tr, bl, br = index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]
    first = np.stack([bl, tr, tl], axis=-1).reshape(-1, 3)
    second = np.stack([bl, br, tr], axis=-1).reshape(-1, 3)
    return np.stack([first, second], axis=1).reshape(-1, 3)[::-1]


def grid_triangles_torch(h, w):
    index = torch.arange(h * w).reshape(h, w)
    tl, tr, bl, br = index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]
    return torch.cat([torch.stack([tl, bl, tr], -1).reshape(-1, 3), torch.stack([tr, bl, br], -1).reshape(-1, 3)])


def grid_triangles_one_based(h, w):
    return grid_triangles(h, w) + 1


def grid_triangles_clockwise(h, w):
    index = np.arange(h * w).reshape(h, w)
    tl, tr, bl, br = index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]
    return np.concatenate([np.stack([tl, tr, bl], -1).reshape(-1, 3), np.stack([tr, br, bl], -1).reshape(-1, 3)])


def grid_triangles_first_clockwise(h, w):
    index = np.arange(h * w).reshape(h, w)
    tl, tr, bl, br = index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]
    return np.concatenate([np.stack([tl, tr, bl], -1).reshape(-1, 3), np.stack([tr, bl, br], -1).reshape(-1, 3)])


def grid_triangles_reshape_swapped(h, w):
    index = np.arange(h * w).reshape(w, h)
    tl, tr, bl, br = index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]
    return np.concatenate([np.stack([tl, bl, tr], -1).reshape(-1, 3), np.stack([tr, bl, br], -1).reshape(-1, 3)])


def grid_triangles_row_of_h(h, w):
    triangles = []
    for i in range(h - 1):
        for j in range(w - 1):
            a, b, c, d = i * h + j, i * h + j + 1, (i + 1) * h + j, (i + 1) * h + j + 1
            triangles += [(a, c, b), (b, c, d)]
    return np.array(triangles)


def grid_triangles_column_major(h, w):
    triangles = []
    for i in range(h - 1):
        for j in range(w - 1):
            a, b, c, d = j * h + i, (j + 1) * h + i, j * h + i + 1, (j + 1) * h + i + 1
            triangles += [(a, c, b), (b, c, d)]
    return np.array(triangles)


def grid_triangles_other_diagonal(h, w):
    index = np.arange(h * w).reshape(h, w)
    tl, tr, bl, br = index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]
    return np.concatenate([np.stack([tl, bl, br], -1).reshape(-1, 3), np.stack([tl, br, tr], -1).reshape(-1, 3)])


def grid_triangles_every_vertex(h, w):
    triangles = []
    for i in range(h):
        for j in range(w):
            a, b, c, d = i * w + j, i * w + j + 1, (i + 1) * w + j, (i + 1) * w + j + 1
            triangles += [(a, c, b), (b, c, d)]
    return np.array(triangles)


def grid_triangles_one_per_square(h, w):
    index = np.arange(h * w).reshape(h, w)
    return np.stack([index[:-1, :-1], index[1:, :-1], index[:-1, 1:]], axis=-1).reshape(-1, 3)


def grid_triangles_floats(h, w):
    triangles = np.zeros((2 * (h - 1) * (w - 1), 3))
    k = 0
    for i in range(h - 1):
        for j in range(w - 1):
            a, b, c, d = i * w + j, i * w + j + 1, (i + 1) * w + j, (i + 1) * w + j + 1
            triangles[k], triangles[k + 1] = (a, c, b), (b, c, d)
            k += 2
    return triangles


def grid_triangles_not_reshaped(h, w):
    index = np.arange(h * w).reshape(h, w)
    tl, tr, bl, br = index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]
    return np.stack([np.stack([tl, bl, tr], -1), np.stack([tr, bl, br], -1)])


def grid_triangles_loops_swapped(h, w):
    tris = []
    for i in range(w - 1):
        for j in range(h - 1):
            tl = i * w + j; tr = tl + 1; bl = tl + w; br = bl + 1        # noqa: E702
            tris += [(tl, bl, tr), (tr, bl, br)]
    return np.array(tris)


def grid_triangles_degenerate(h, w):
    tris = []
    for i in range(h - 1):
        for j in range(w - 1):
            tl = i * w + j; tr = tl + 1; bl = tl + w; br = bl            # noqa: E702 — br = bl: a slip
            tris += [(tl, bl, tr), (tr, bl, br)]
    return np.array(tris)


def grid_triangles_second_from_top_left(h, w):
    tris = []
    for i in range(h - 1):
        for j in range(w - 1):
            tl = i * w + j; tr = tl + 1; bl = tl + w; br = bl + 1        # noqa: E702
            tris += [(tl, bl, tr), (tl, bl, br)]
    return np.array(tris)


def grid_triangles_last_row_missing(h, w):
    return grid_triangles(h, w)[:-1]


EXERCISES = [
    Exercise(
        notebook="11", check=ex.check_receptive_field,
        solution=right("the notebook's loop", receptive_field),
        mistakes=[
            wrong("strides ignored", receptive_field_without_strides, says=r"the strides are missing"),
            wrong("jump multiplied first", receptive_field_stride_first,
                  says=r"own stride applies to the layers after it"),
            wrong("field started at 0", receptive_field_from_0, says=r"one short.*start from a field of 1"),
            wrong("kernel, not kernel − 1", receptive_field_whole_kernel, says=r"\(kernel − 1\) steps, not kernel"),
            wrong("sum of the kernels", lambda layers: sum(k for k, _ in layers), says=r"counts each overlap twice"),
            wrong("jump *= kernel", receptive_field_jump_by_kernel, says=r"grows by the stride, not the kernel"),
            wrong("layers last first", receptive_field_last_first, says=r"taken last first"),
            wrong("jump += stride", receptive_field_jump_added, says=r"jump multiplies by each stride"),
            wrong("a pair (height, width)", lambda layers: (receptive_field(layers),) * 2,
                  says=r"returned shape \(2,\), expected \(\) — the receptive field is one number"),
            wrong("text", lambda layers: f"{receptive_field(layers)}x{receptive_field(layers)}",
                  says=r"returned text \('\d+x\d+'\), where numbers are asked"),
        ],
        also_right=[
            right("backwards from the output, r ← (r − 1)·s + k", receptive_field_backwards),
            right("products of the earlier strides", receptive_field_products),
            right("numpy cumprod, np.int64", receptive_field_numpy),
            right("probing a stack of convolutions: the input pixels that get a gradient", receptive_field_by_probing),
        ],
    ),
    Exercise(
        notebook="11", check=ex.check_translation_objective,
        solution=right("the notebook's λ·mean|·| + generator_loss", translation_objective),
        mistakes=[
            wrong("squared error", translation_objective_squared, says=r"squared error"),
            wrong("λ on the GAN term", translation_objective_weight_on_gan, says=r"λ weighs the L1 term"),
            wrong("λ left out", translation_objective_no_weight, says=r"λ \(l1_weight\) is missing"),
            wrong("minimax GAN term", translation_objective_minimax, says=r"minimax"),
            wrong("D's label 0", translation_objective_label_0, says=r"D's loss on the fakes \(label 0\)"),
            wrong("no GAN term", translation_objective_no_gan, says=r"the GAN term is missing"),
            wrong("no L1 term", translation_objective_no_l1, says=r"the L1 term is missing"),
            wrong("sum over pixels", translation_objective_sum, says=r"a sum over pixels, not a mean"),
            wrong("abs outside the mean", translation_objective_abs_outside, says=r"absolute value belongs inside"),
            wrong("GAN term summed over patches", translation_objective_patch_sum, says=r"mean over D's patches"),
            wrong("generator_loss(fake)", translation_objective_images_to_loss, says=r"not the fake images"),
            wrong("mean over the batch only", translation_objective_mean_over_batch,
                  says=r"shape \(3, 8, 8\).*one number.*\.mean\(\) with no dim"),
            wrong(".item(): a Python float", translation_objective_item,
                  says=r"value is right, but it is a Python float, cut off from autograd \(by \.item\(\)"),
            wrong("fake.detach(): L1 never reaches G", translation_objective_fake_detached,
                  says=r"value is right, but the L1 term never reaches G.*gradient with respect to fake is 0.*"
                       r"fake\.detach\(\)"),
            wrong("patch_logits.detach(): the GAN term never reaches G", translation_objective_logits_detached,
                  says=r"the GAN term never reaches G.*patch_logits is detached"),
            wrong("under torch.no_grad()", translation_objective_no_grad,
                  says=r"value is right, but it carries no gradient.*torch\.no_grad\(\)"),
            wrong("numpy on .detach().numpy() copies", translation_objective_numpy,
                  says=r"value is right, but it is a numpy float32.*\.detach\(\)\.numpy\(\) copies"),
            wrong("no abs: the signed mean", translation_objective_no_abs, says=r"the absolute value is missing"),
            wrong("|·| summed over the channels", translation_objective_channels_summed,
                  says=r"sums \|fake − target\| over the 3 colour channels \(dim=1\)"),
            wrong("generator_loss(torch.sigmoid(patch_logits))", translation_objective_sigmoid,
                  says=r"torch\.sigmoid\(patch_logits\), probabilities where logits belong"),
            wrong("F is the face renderer here", translation_objective_faces_as_F,
                  says=r"AttributeError[\s\S]*hint: in this notebook F is the face renderer"),
            wrong("the two terms with a comma", lambda f, t, p, w: (w * (f - t).abs().mean(), generator_loss(p)),
                  says=r"returned a tuple of 2 value\(s\).*add the two terms with \+, not a comma"),
            wrong("the sum in brackets", lambda f, t, p, w: [w * (f - t).abs().mean() + generator_loss(p)],
                  says=r"returned a list of 1 value\(s\)"),
        ],
        also_right=[
            right("F.l1_loss and BCE with label 1", translation_objective_functional),
            right("|target − fake| and −logsigmoid", translation_objective_logsigmoid),
            right("float64 and softplus", translation_objective_float64),
            right("per-sample means of a clone, softplus of flattened logits", translation_objective_clone_and_shapes),
        ],
    ),
    Exercise(
        notebook="12", check=ex.check_normals,
        solution=right("the notebook's np.gradient", normals),
        mistakes=[
            wrong("signs flipped", normals_signs_flipped, says=r"slopes' signs are flipped"),
            wrong("y up", normals_y_up, says=r"y component's sign is flipped.*down"),
            wrong("not normalised", normals_not_normalised, says=r"not normalised"),
            wrong("x and y swapped", normals_x_y_swapped, says=r"x and y are swapped"),
            wrong("per pixel", normals_per_pixel, says=r"spacing 2/w"),
            wrong("spacing 1/w", normals_spacing_1_over_w, says=r"2/w apart.*not 1/w"),
            wrong("into the picture", normals_into_the_picture, says=r"z component is \+1"),
            wrong("length over the last axis", normals_norm_last_axis, says=r"length is taken over axis −1"),
            wrong("length of the whole array", normals_norm_of_everything, says=r"without an axis"),
            wrong("np.gradient over every axis", normals_every_axis,
                  says=r"(?s)ValueError.*line 2 of normals.*hint: np\.gradient differentiates along every axis"),
            wrong("np.diff", normals_diff, says=r"(?s)line 4 of normals.*hint: np\.diff gives one difference fewer"),
            wrong("forward differences", normals_forward, says=r"forward differences"),
            wrong("slope 0 on the border", normals_flat_border, says=r"border are 0.*one-sided"),
            wrong("spacing 2/(w − 1)", normals_spacing_w_minus_1, says=r"spacing is 2/\(w − 1\).*2/w apart"),
            wrong("spacing w/2", normals_spacing_inverted, says=r"spacing is w/2.*distance between neighbouring "
                                                                 r"pixels, 2/w"),
            wrong("forward differences, the last value appended", normals_forward_last_repeated,
                  says=r"forward differences.*central differences"),
            wrong("backward differences", normals_backward, says=r"backward differences.*central differences"),
            wrong("a list, by .tolist()", lambda depth: normals(depth).tolist(),
                  says=r"returned a list; return a numpy array \(n, 3, h, w\)"),
            wrong("rounded to integers", lambda depth: normals(depth).astype(int),
                  says=r"the normals are int64 numbers.*keep floats"),
            wrong("edge-padded central differences", normals_replicated_border,
                  says=r"interior is right, the border is not — map \d, row \d+, column \d+, the [xy] component: "
                       r"expected -?\d\.\d{6}, got -?\d\.\d{6}"),
        ],
        also_right=[
            right("np.gradient with edge_order=2", normals_edge_order_2),
            right("edge_order 2 for x, 1 for y, divided by √(…)", normals_mixed_edges),
            right("numpy float32", normals_float32),
            right("torch.gradient and F.normalize, float32", normals_torch),
        ],
    ),
    Exercise(
        notebook="12", check=ex.check_grid_triangles,
        solution=right("the notebook's index arrays", grid_triangles),
        mistakes=[
            wrong("1-based", grid_triangles_one_based, says=r"1-based"),
            wrong("all clockwise", grid_triangles_clockwise, says=r"every triangle is wound the other way"),
            wrong("first triangle clockwise", grid_triangles_first_clockwise,
                  says=r"first triangle of each square is wound clockwise"),
            wrong("reshape(w, h)", grid_triangles_reshape_swapped, says=r"rows and columns are swapped"),
            wrong("i·h + j", grid_triangles_row_of_h, says=r"each row holds w vertices, not h"),
            wrong("numbered down the columns", grid_triangles_column_major, says=r"numbered down the columns"),
            wrong("the other diagonal", grid_triangles_other_diagonal, says=r"other diagonal"),
            wrong("a square at every vertex", grid_triangles_every_vertex, says=r"range\(h − 1\) and range\(w − 1\)"),
            wrong("one triangle per square", grid_triangles_one_per_square, says=r"each square is two triangles"),
            wrong("floats from np.zeros", grid_triangles_floats, says=r"vertex numbers are floats.*dtype=int"),
            wrong("not reshaped to rows of 3", grid_triangles_not_reshaped, says=r"2·\(h − 1\)·\(w − 1\) rows of 3"),
            wrong("a triangle missing", grid_triangles_last_row_missing, says=r"two triangles per grid square"),
            wrong("int8, which wraps round on a 32 × 32 grid", lambda h, w: grid_triangles(h, w).astype(np.int8),
                  says=r"int8 holds vertex numbers only up to 127.*1,024 vertices"),
            wrong("text", lambda h, w: str(grid_triangles(h, w)), says=r"returned text"),
            wrong("loops over range(w − 1), then range(h − 1)", grid_triangles_loops_swapped,
                  says=r"rows and columns are swapped in the loops: i runs over the h − 1 rows of squares"),
            wrong("br = bl: a degenerate second triangle", grid_triangles_degenerate,
                  says=r"a 2×2 grid: 1 of your 2 triangles repeats a vertex, e.g. \(1, 2, 2\): a degenerate "
                       r"triangle.*the triangle \(1, 2, 3\) — the second triangle of the square whose top-left "
                       r"corner is \(row 0, column 0\), \(top-right, bottom-left, bottom-right\)"),
            wrong("second triangle (tl, bl, br)", grid_triangles_second_from_top_left,
                  says=r"a 2×2 grid: the triangle \(1, 2, 3\) — the second triangle of the square whose top-left "
                       r"corner is \(row 0, column 0\), \(top-right, bottom-left, bottom-right\) — is not in your "
                       r"list; on that square it has .*\(0, 2, 3\) \(top-left, bottom-left, bottom-right\)"),
        ],
        also_right=[
            right("nested loops, a list of tuples", grid_triangles_loops),
            right("other start corners and order, int32", grid_triangles_rotated_int32),
            right("a torch tensor", grid_triangles_torch),
        ],
    ),
]
