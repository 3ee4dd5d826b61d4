"""The table of Part III's exercises (notebooks 09–10): the Fréchet distance, a transposed convolution's size,
the generator's conditioned input and the condition as image planes. See ``exercise_table.py``."""

import numpy as np
import torch
import torch.nn.functional as F
from scipy import linalg

from bpgan.exercises import part3 as ex
from exercise_table import Exercise, right, wrong

one_hot = torch.nn.functional.one_hot


# ---- 09 · the Fréchet distance between two Gaussians ------------------------------------------------------

def frechet(mu1, sigma1, mu2, sigma2):                      # the notebook's solution
    return np.sum((mu1 - mu2) ** 2) + np.trace(sigma1 + sigma2 - 2 * linalg.sqrtm(sigma1 @ sigma2).real)


def frechet_float32(mu1, sigma1, mu2, sigma2):
    mu1, sigma1, mu2, sigma2 = (np.asarray(a, dtype=np.float32) for a in (mu1, sigma1, mu2, sigma2))
    return np.sum((mu1 - mu2) ** 2) + np.trace(sigma1 + sigma2 - 2 * linalg.sqrtm(sigma1 @ sigma2).real)


def frechet_torch_eigenvalues(mu1, sigma1, mu2, sigma2):
    # Tr((Σ₁Σ₂)^½) is the sum of the square roots of Σ₁Σ₂'s eigenvalues; torch's default float32
    mu1, sigma1, mu2, sigma2 = (torch.as_tensor(a, dtype=torch.float32) for a in (mu1, sigma1, mu2, sigma2))
    roots = torch.linalg.eigvals(sigma1 @ sigma2).sqrt().real
    return ((mu1 - mu2) ** 2).sum() + torch.trace(sigma1) + torch.trace(sigma2) - 2 * roots.sum()


def frechet_symmetric(mu1, sigma1, mu2, sigma2):
    # the form with a symmetric matrix under the root, as some FID code writes it
    root = linalg.sqrtm(sigma1).real
    return (np.linalg.norm(mu1 - mu2) ** 2 + np.trace(sigma1) + np.trace(sigma2)
            - 2 * np.trace(linalg.sqrtm(root @ sigma2 @ root).real))


def frechet_real_at_the_end(mu1, sigma1, mu2, sigma2):
    covmean = linalg.sqrtm(sigma1.dot(sigma2))
    return np.real(((mu1 - mu2) @ (mu1 - mu2)) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean))


def frechet_complex(mu1, sigma1, mu2, sigma2):
    return np.sum((mu1 - mu2) ** 2) + np.trace(sigma1 + sigma2 - 2 * linalg.sqrtm(sigma1 @ sigma2))


def frechet_no_mean(mu1, sigma1, mu2, sigma2):
    return np.trace(sigma1 + sigma2 - 2 * linalg.sqrtm(sigma1 @ sigma2).real)


def frechet_norm(mu1, sigma1, mu2, sigma2):
    return np.linalg.norm(mu1 - mu2) + np.trace(sigma1 + sigma2 - 2 * linalg.sqrtm(sigma1 @ sigma2).real)


def frechet_mean_of_squares(mu1, sigma1, mu2, sigma2):
    return np.mean((mu1 - mu2) ** 2) + np.trace(sigma1 + sigma2 - 2 * linalg.sqrtm(sigma1 @ sigma2).real)


def frechet_product_of_roots(mu1, sigma1, mu2, sigma2):
    return np.sum((mu1 - mu2) ** 2) + np.trace(sigma1 + sigma2 - 2 * (linalg.sqrtm(sigma1) @ linalg.sqrtm(sigma2)).real)


def frechet_entrywise_root(mu1, sigma1, mu2, sigma2):
    return np.sum((mu1 - mu2) ** 2) + np.trace(sigma1 + sigma2 - 2 * np.sqrt(sigma1 @ sigma2))


def frechet_root_of_trace(mu1, sigma1, mu2, sigma2):
    return np.sum((mu1 - mu2) ** 2) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.sqrt(np.trace(sigma1 @ sigma2))


def frechet_entrywise_product(mu1, sigma1, mu2, sigma2):
    return np.sum((mu1 - mu2) ** 2) + np.trace(sigma1 + sigma2 - 2 * linalg.sqrtm(sigma1 * sigma2).real)


def frechet_without_2(mu1, sigma1, mu2, sigma2):
    return np.sum((mu1 - mu2) ** 2) + np.trace(sigma1 + sigma2 - linalg.sqrtm(sigma1 @ sigma2).real)


def frechet_plus(mu1, sigma1, mu2, sigma2):
    return np.sum((mu1 - mu2) ** 2) + np.trace(sigma1 + sigma2 + 2 * linalg.sqrtm(sigma1 @ sigma2).real)


def frechet_sum_not_trace(mu1, sigma1, mu2, sigma2):
    return np.sum((mu1 - mu2) ** 2) + np.sum(sigma1 + sigma2 - 2 * linalg.sqrtm(sigma1 @ sigma2).real)


def frechet_unsummed_means(mu1, sigma1, mu2, sigma2):
    return (mu1 - mu2) ** 2 + np.trace(sigma1 + sigma2 - 2 * linalg.sqrtm(sigma1 @ sigma2).real)


def frechet_numpy_sqrtm(mu1, sigma1, mu2, sigma2):
    return np.sum((mu1 - mu2) ** 2) + np.trace(sigma1 + sigma2 - 2 * np.linalg.sqrtm(sigma1 @ sigma2).real)


def frechet_square_root(mu1, sigma1, mu2, sigma2):
    # d rather than d²: the square root of the formula
    d2 = np.sum((mu1 - mu2) ** 2) + np.trace(sigma1 + sigma2 - 2 * linalg.sqrtm(sigma1 @ sigma2).real)
    return np.sqrt(d2)


def frechet_no_matrix_root(mu1, sigma1, mu2, sigma2):
    return np.sum((mu1 - mu2) ** 2) + np.trace(sigma1 + sigma2 - 2 * sigma1 @ sigma2)


def frechet_eigenvalues_unclipped(mu1, sigma1, mu2, sigma2):
    # right in exact arithmetic; rounding leaves a singular Σ₁Σ₂ an eigenvalue just below 0
    eigenvalues = np.linalg.eigvals(sigma1 @ sigma2).real
    return np.sum((mu1 - mu2) ** 2) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.sum(np.sqrt(eigenvalues))


# ---- 09 · how big is a transposed convolution's output? -----------------------------------------------------

def transposed_size(size, kernel, stride, padding):          # the notebook's solution
    return (size - 1) * stride - 2 * padding + kernel


def transposed_size_by_torch(size, kernel, stride, padding):
    layer = torch.nn.ConvTranspose2d(1, 1, kernel, stride, padding)
    return layer(torch.zeros(1, 1, size, size)).shape[-1]


def transposed_size_float(size, kernel, stride, padding):
    return float(kernel + stride * (size - 1) - padding * 2)


def transposed_size_numpy(size, kernel, stride, padding):
    return np.int64(size - 1) * stride + kernel - 2 * padding


# ---- 10 · the generator's input -------------------------------------------------------------------------------

def generator_input(noise, digits, thickness):               # the notebook's solution
    one_hot = torch.nn.functional.one_hot
    return torch.cat([noise, one_hot(digits, 10).float(), one_hot(thickness, 3).float()], dim=1)


def generator_input_eye(noise, digits, thickness):
    return torch.cat([noise, torch.eye(10)[digits], torch.eye(3)[thickness]], dim=-1)


def generator_input_promoted(noise, digits, thickness):
    # no .float(): torch.cat promotes the integer one-hots to the noise's float32
    return torch.cat((noise, F.one_hot(digits, num_classes=10), F.one_hot(thickness, num_classes=3)), 1)


def generator_input_scatter(noise, digits, thickness):
    m, d = noise.shape
    out = torch.zeros(m, d + 13)
    out[:, :d] = noise
    out[torch.arange(m), d + digits] = 1
    out[torch.arange(m), d + 10 + thickness] = 1
    return out


def generator_input_condition_first(noise, digits, thickness):
    return torch.cat([one_hot(digits, 10).float(), one_hot(thickness, 3).float(), noise], dim=1)


def generator_input_swapped(noise, digits, thickness):
    return torch.cat([noise, one_hot(thickness, 3).float(), one_hot(digits, 10).float()], dim=1)


def generator_input_no_classes(noise, digits, thickness):
    return torch.cat([noise, F.one_hot(digits).float(), F.one_hot(thickness).float()], dim=1)


def generator_input_no_digit_classes(noise, digits, thickness):
    return torch.cat([noise, F.one_hot(digits).float(), F.one_hot(thickness, 3).float()], dim=1)


def generator_input_labels(noise, digits, thickness):
    return torch.cat([noise, digits[:, None].float(), thickness[:, None].float()], dim=1)


def generator_input_digit_as_number(noise, digits, thickness):
    return torch.cat([noise, digits[:, None].float(), F.one_hot(thickness, 3).float()], dim=1)


def generator_input_thickness_as_number(noise, digits, thickness):
    return torch.cat([noise, F.one_hot(digits, 10).float(), thickness[:, None].float()], dim=1)


def generator_input_numpy_float64(noise, digits, thickness):
    # np.eye makes float64, and from_numpy keeps it
    return torch.from_numpy(np.concatenate([noise.numpy(), np.eye(10)[digits.numpy()], np.eye(3)[thickness.numpy()]],
                                           axis=1))


def generator_input_double(noise, digits, thickness):
    return torch.cat([noise.double(), one_hot(digits, 10).double(), one_hot(thickness, 3).double()], dim=1)


def generator_input_numpy_array(noise, digits, thickness):
    return np.concatenate([noise.numpy(), np.eye(10, dtype=np.float32)[digits.numpy()],
                           np.eye(3, dtype=np.float32)[thickness.numpy()]], axis=1)


def generator_input_numpy_float32(noise, digits, thickness):
    return torch.from_numpy(np.concatenate([noise.numpy(), np.eye(10)[digits.numpy()], np.eye(3)[thickness.numpy()]],
                                           axis=1)).float()


def generator_input_no_thickness(noise, digits, thickness):
    return torch.cat([noise, one_hot(digits, 10).float()], dim=1)


def generator_input_ten_thicknesses(noise, digits, thickness):
    return torch.cat([noise, one_hot(digits, 10).float(), one_hot(thickness, 10).float()], dim=1)


def generator_input_dim0(noise, digits, thickness):
    return torch.cat([noise, one_hot(digits, 10).float(), one_hot(thickness, 3).float()], dim=0)


def generator_input_stack(noise, digits, thickness):
    return torch.stack([noise, one_hot(digits, 10).float(), one_hot(thickness, 3).float()], dim=1)


def generator_input_fresh_noise(noise, digits, thickness):
    z = torch.randn_like(noise)
    return torch.cat([z, one_hot(digits, 10).float(), one_hot(thickness, 3).float()], dim=1)


def generator_input_no_noise(noise, digits, thickness):
    return torch.cat([one_hot(digits, 10).float(), one_hot(thickness, 3).float()], dim=1)


# ---- 10 · the condition as image planes --------------------------------------------------------------------------

def condition_planes(images, condition):                     # the notebook's solution
    planes = condition[:, :, None, None].expand(-1, -1, images.shape[2], images.shape[3])
    return torch.cat([images, planes], dim=1)


def condition_planes_repeat(images, condition):
    m, c = condition.shape
    h, w = images.shape[-2:]
    return torch.cat([images, condition.view(m, c, 1, 1).repeat(1, 1, h, w)], dim=1)


def condition_planes_ones(images, condition):
    h, w = images.shape[2:]
    planes = condition.unsqueeze(-1).unsqueeze(-1) * torch.ones(1, 1, h, w)
    return torch.cat((images, planes), 1)


def condition_planes_ellipsis(images, condition):
    return torch.cat([images, condition[..., None, None].expand(*condition.shape, *images.shape[-2:])], dim=1)


def condition_planes_swapped(images, condition):
    planes = condition[:, :, None, None].expand(-1, -1, images.shape[3], images.shape[2])
    return torch.cat([images, planes], dim=1)


def condition_planes_first(images, condition):
    planes = condition[:, :, None, None].expand(-1, -1, images.shape[2], images.shape[3])
    return torch.cat([planes, images], dim=1)


def condition_planes_not_expanded(images, condition):
    return torch.cat([images, condition[:, :, None, None]], dim=1)


def condition_planes_dim0(images, condition):
    planes = condition[:, :, None, None].expand(-1, -1, images.shape[2], images.shape[3])
    return torch.cat([images, planes], dim=0)


def condition_planes_wrong_axes(images, condition):
    planes = condition[:, :, None, None].expand(-1, -1, images.shape[1], images.shape[2])
    return torch.cat([images, planes], dim=1)


def condition_planes_only(images, condition):
    return condition[:, :, None, None].expand(-1, -1, images.shape[2], images.shape[3])


def condition_planes_added(images, condition):
    return images + condition[:, :, None, None].expand(-1, -1, images.shape[2], images.shape[3])


def condition_planes_spread(images, condition):
    m, c = condition.shape
    h, w = images.shape[2:]
    return torch.cat([images, condition.repeat(1, h * w).view(m, c, h, w)], dim=1)


def condition_planes_reversed(images, condition):
    return torch.cat([images, condition.flip(1)[:, :, None, None].expand(-1, -1, *images.shape[2:])], dim=1)


EXERCISES = [
    Exercise(
        notebook="09", check=ex.check_frechet_gaussians,
        solution=right("the notebook's scipy.linalg.sqrtm(...).real", frechet),
        mistakes=[
            wrong("complex: .real left out", frechet_complex, says=r"complex numbers.*\.real"),
            wrong("the mean term left out", frechet_no_mean, says=r"mean term ‖μ₁ − μ₂‖² is missing"),
            wrong("‖μ₁ − μ₂‖ not squared", frechet_norm, says=r"\*squared\* distance"),
            wrong("a mean over the coordinates", frechet_mean_of_squares, says=r"mean over the d coordinates"),
            wrong("√Σ₁·√Σ₂", frechet_product_of_roots, says=r"unless the covariances commute"),
            wrong("np.sqrt, entry by entry", frechet_entrywise_root, says=r"square root of each entry"),
            wrong("2·√Tr(Σ₁Σ₂)", frechet_root_of_trace, says=r"square root of the trace is not the trace"),
            wrong("sigma1 * sigma2", frechet_entrywise_product, says=r"multiplies entry by entry.*@"),
            wrong("the 2 left out", frechet_without_2, says=r"the 2 is missing"),
            wrong("+2 on the cross term", frechet_plus, says=r"cross term is subtracted"),
            wrong("np.sum for the trace", frechet_sum_not_trace, says=r"trace adds only its diagonal"),
            wrong("the squared differences not summed", frechet_unsummed_means, says=r"shape \(\d,\).*one number"),
            wrong("np.linalg.sqrtm", frechet_numpy_sqrtm,
                  says=r"(?s)AttributeError.*line 2 of frechet.*hint: .*scipy\.linalg\.sqrtm"),
            wrong("eigenvalues not clipped at 0", frechet_eigenvalues_unclipped,
                  says=r"NaN for singular covariances.*clip"),
            wrong("d, the square root of d²", frechet_square_root,
                  says=r"this is d, the square root.*returns d² itself — the squared distance.*calls the Fréchet "
                       r"distance"),
            wrong("no matrix square root: Tr(Σ₁ + Σ₂ − 2Σ₁Σ₂)", frechet_no_matrix_root, says=r"no matrix square root"),
        ],
        also_right=[
            right("numpy float32", frechet_float32),
            right("torch float32, eigenvalues of Σ₁Σ₂", frechet_torch_eigenvalues),
            right("(√Σ₁ Σ₂ √Σ₁)^½, symmetric", frechet_symmetric),
            right("np.real at the end, dot products", frechet_real_at_the_end),
        ],
    ),
    Exercise(
        notebook="09", check=ex.check_transposed_size,
        solution=right("the notebook's (size − 1)·stride − 2·padding + kernel", transposed_size),
        mistakes=[
            wrong("a convolution's size", lambda n, k, s, p: (n + 2 * p - k) // s + 1, says=r"ordinary convolution"),
            wrong("size·stride", lambda n, k, s, p: n * s, says=r"size·stride matches only when"),
            wrong("size·stride − 2p + k", lambda n, k, s, p: n * s - 2 * p + k,
                  says=r"one stride too many.*\(size − 1\) strides"),
            wrong("no padding", lambda n, k, s, p: (n - 1) * s + k, says=r"the padding is missing"),
            wrong("−padding once", lambda n, k, s, p: (n - 1) * s - p + k, says=r"not −padding"),
            wrong("+2·padding", lambda n, k, s, p: (n - 1) * s + 2 * p + k, says=r"padding is added"),
            wrong("the conv formula inverted with the signs kept", lambda n, k, s, p: (n - 1) * s + 2 * p - k,
                  says=r"signs of the padding and the kernel are flipped"),
            wrong("kernel and stride swapped", lambda n, k, s, p: (n - 1) * k - 2 * p + s,
                  says=r"kernel and stride are swapped"),
            wrong("one pixel short: (size − 1)·stride − 2p + kernel − 1",
                  lambda n, k, s, p: (n - 1) * s - 2 * p + k - 1,
                  says=r"one pixel short.*index of the last painted pixel"),
            wrong("one pixel too many: size·stride − 2p + kernel − stride + 1",
                  lambda n, k, s, p: n * s - 2 * p + k - s + 1,
                  says=r"one pixel too many.*convolution's \+ 1 is already used up"),
        ],
        also_right=[
            right("a ConvTranspose2d's output", transposed_size_by_torch),
            right("a float", transposed_size_float),
            right("a numpy integer, terms reordered", transposed_size_numpy),
        ],
    ),
    Exercise(
        notebook="10", check=ex.check_generator_input,
        solution=right("the notebook's one_hot and cat", generator_input),
        mistakes=[
            wrong("condition first", generator_input_condition_first, says=r"condition comes first"),
            wrong("digit and thickness swapped", generator_input_swapped, says=r"digit and the thickness are swapped"),
            wrong("one_hot without num_classes", generator_input_no_classes,
                  says=r"without num_classes sizes the code by the largest label"),
            wrong("one_hot(digits) without num_classes", generator_input_no_digit_classes,
                  says=r"without num_classes sizes the code by the largest label"),
            wrong("labels, not one-hot", generator_input_labels, says=r"not one-hot"),
            wrong("thickness left out", generator_input_no_thickness, says=r"thickness is missing"),
            wrong("10 thickness classes", generator_input_ten_thicknesses, says=r"thickness has 3 classes"),
            wrong("cat along dim=0", generator_input_dim0,
                  says=r"(?s)line 2 of generator_input.*hint: .*dim=0 \(the samples\).*dim=1"),
            wrong("torch.stack", generator_input_stack, says=r"hint: torch\.stack .*torch\.cat"),
            wrong("fresh noise", generator_input_fresh_noise, says=r"not the noise you were given"),
            wrong("noise left out", generator_input_no_noise, says=r"the noise is missing"),
            wrong("the digit as one number, the thickness one-hot", generator_input_digit_as_number,
                  says=r"the digit is put in as one number.*not as its one-hot.*10 columns"),
            wrong("the thickness as one number, the digit one-hot", generator_input_thickness_as_number,
                  says=r"the thickness is put in as one number.*3 columns"),
            wrong("float64 from np.eye and torch.from_numpy", generator_input_numpy_float64,
                  says=r"numbers are right, but they are float64.*weights are float32.*expected Float but found "
                       r"Double"),
            wrong("float64 from .double()", generator_input_double, says=r"float64.*expected Float but found Double"),
            wrong("a numpy array", generator_input_numpy_array, says=r"numbers are right, but it is a numpy array, not a "
                                                                     r"torch tensor"),
        ],
        also_right=[
            right("torch.eye(10)[digits], dim=-1", generator_input_eye),
            right("one-hots left as integers, promoted by cat", generator_input_promoted),
            right("written into a zero tensor", generator_input_scatter),
            right("np.eye in numpy, back with torch.from_numpy(…).float()", generator_input_numpy_float32),
        ],
    ),
    Exercise(
        notebook="10", check=ex.check_condition_planes,
        solution=right("the notebook's expand and cat", condition_planes),
        mistakes=[
            wrong("height and width swapped", condition_planes_swapped, says=r"height and width are swapped"),
            wrong("planes first", condition_planes_first, says=r"planes come first"),
            wrong("not expanded", condition_planes_not_expanded,
                  says=r"planes have height 1 where the image has 5.*expand"),
            wrong("cat along dim=0", condition_planes_dim0, says=r"joins along dim=0.*dim=1"),
            wrong("planes from shape[1], shape[2]", condition_planes_wrong_axes,
                  says=r"(?s)line 3 of condition_planes.*hint: the planes have height 1 where .*"
                       r"images\.shape\[2\], images\.shape\[3\]"),
            wrong("the image left out", condition_planes_only, says=r"the image is missing"),
            wrong("planes added to the image", condition_planes_added, says=r"adding the planes"),
            wrong("condition spread over the pixels", condition_planes_spread,
                  says=r"planes after it are not constant"),
            wrong("planes in reverse order", condition_planes_reversed, says=r"not in the condition's order"),
        ],
        also_right=[
            right("view and repeat", condition_planes_repeat),
            right("broadcast against torch.ones", condition_planes_ones),
            right("condition[..., None, None], expand to the full shape", condition_planes_ellipsis),
        ],
    ),
]
