"""The map of the course: every notebook, in order, with the topic of the seed text it teaches.

Notebook 00 draws its course map from here, and a test checks that the README's map agrees, so the
two never drift apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class Notebook(NamedTuple):
    number: str
    slug: str
    title: str
    teaches: str

    @property
    def filename(self) -> str:
        return f"{self.number}_{self.slug}.ipynb"


NOTEBOOKS = (
    Notebook("00", "start_here", "Start here", "how the course works; environment check; notation; first real digits"),
    Notebook("01", "chain_rule", "The chain rule", "derivatives, finite differences, a scalar autodiff engine"),
    Notebook("02", "forward_pass", "The forward pass", "one neuron, the 3-3-2 network, z = Wa + b, activations"),
    Notebook("03", "cost_functions", "Cost functions", "quadratic and cross-entropy cost, learning slowdown"),
    Notebook("04", "four_equations", "The four equations", "δ, BP1–BP4, Hadamard product, vanishing gradients"),
    Notebook("05", "gradient_descent", "Gradient descent", "step size, SGD, training on real MNIST digits"),
    Notebook("06", "gan_objective", "The GAN objective", "V(D, G), D* as a Bayes posterior, JSD, loss signs"),
    Notebook("07", "numpy_gan", "A GAN in numpy", "a 1-D GAN trained with the course's own backprop"),
    Notebook("08", "training_dynamics", "Training dynamics", "early swings of D, k steps, mode collapse"),
    Notebook("09", "image_generation", "Image generation", "a DCGAN on MNIST, judged by a frozen classifier"),
    Notebook("10", "text_to_image", "Text to image", "a conditional GAN driven by a typed prompt"),
    Notebook("11", "avatar_to_emoji", "Avatar to emoji", "paired image translation: U-Net and PatchGAN"),
    Notebook("12", "avatar_to_3d", "Avatar to 3-D", "a depth map from a face, shown in 3-D"),
    Notebook("13", "review", "Review", "the equations on one page, a bilingual glossary, further reading"),
)


def course_map(notebook_dir: str | Path) -> str:
    """The course map as a Markdown table; notebooks present in ``notebook_dir`` are linked, the others (a
    notebook opened on its own, in a cloud runtime, say) are named as not in that folder."""
    notebook_dir = Path(notebook_dir)
    rows = ["| # | notebook | what it teaches |", "|---|---|---|"]
    for notebook in NOTEBOOKS:
        if (notebook_dir / notebook.filename).exists():
            name = f"[{notebook.title}]({notebook.filename})"
        else:
            name = f"{notebook.title} *(not in this folder)*"
        rows.append(f"| {notebook.number} | {name} | {notebook.teaches} |")
    return "\n".join(rows)
