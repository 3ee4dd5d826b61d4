"""The table of Part II's exercises (notebooks 06–08, checkers in bpgan.exercises.part2): see exercise_table.py.

Each exercise's ``solution`` is the notebook's own solution cell, read from the notebook and run here. The
mistakes are what learners write; ``says`` is what the checker's message must name.
"""

from __future__ import annotations

import linecache

import numpy as np
import torch
import torch.nn.functional as F
from scipy.special import expit
from scipy.stats import norm

from bpgan.exercises import part2 as ex
from bpgan.gan import discriminator_loss, generator_loss
from exercise_table import Exercise, right, wrong
from notebook_files import NOTEBOOK_DIR, code_cells


def notebook_solution(notebook: str, function: str):
    """The function ``function`` as the solution cell of ``notebook`` defines it (run with the notebook's imports)."""
    path = next(NOTEBOOK_DIR.glob(f"{notebook}_*.ipynb"))
    cells = [cell for cell in code_cells(path) if "solution" in cell.metadata.get("tags", [])
             and f"def {function}(" in cell.source]
    assert len(cells) == 1, f"{path.name}: {len(cells)} solution cells define {function}"
    filename = f"<{path.name} solution: {function}>"
    linecache.cache[filename] = (len(cells[0].source), None, cells[0].source.splitlines(True), filename)
    namespace = dict(np=np, torch=torch, F=F, discriminator_loss=discriminator_loss, generator_loss=generator_loss)
    exec(compile(cells[0].source, filename, "exec"), namespace)
    return namespace[function]


def sigmoid(l):
    return 1 / (1 + np.exp(-l))


def softplus(x):
    return np.logaddexp(0.0, x)


def gaussian(x, mu, sigma):
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))


def stub(*args):
    raise NotImplementedError("exercise: write this function")


def f32(x):
    return np.asarray(x, dtype=np.float32)


def t32(x):
    return torch.as_tensor(np.asarray(x), dtype=torch.float32)


# ---- 06 · D* for two Gaussians ---------------------------------------------------------------------

def d_star_from(density):
    def d_star(x, mu_data, sigma_data, mu_g, sigma_g):
        real, fake = density(x, mu_data, sigma_data), density(x, mu_g, sigma_g)
        return real / (real + fake)
    return d_star


def d_star_in_log_space(x, mu_data, sigma_data, mu_g, sigma_g):
    def log_normal(x, mu, sigma):
        return -0.5 * ((x - mu) / sigma) ** 2 - np.log(sigma)     # the common −log √(2π) cancels
    return expit(log_normal(x, mu_data, sigma_data) - log_normal(x, mu_g, sigma_g))


def d_star_float32(x, mu_data, sigma_data, mu_g, sigma_g):
    x = x.astype(np.float32)
    def normal(x, mu, sigma):
        return np.exp(np.float32(-0.5) * ((x - np.float32(mu)) / np.float32(sigma)) ** 2) / np.float32(sigma)
    real, fake = normal(x, mu_data, sigma_data), normal(x, mu_g, sigma_g)
    return real / (real + fake)


def d_star_torch(x, mu_data, sigma_data, mu_g, sigma_g):
    x = t32(x)
    real = torch.distributions.Normal(mu_data, sigma_data).log_prob(x)
    fake = torch.distributions.Normal(mu_g, sigma_g).log_prob(x)
    return torch.sigmoid(real - fake)


D_STAR = Exercise(
    notebook="06", check=ex.check_gaussian_optimal_discriminator,
    solution=right("the notebook's solution", notebook_solution("06", "d_star")),
    mistakes=[
        wrong("p_g / (p_data + p_g)",
              lambda x, md, sd, mg, sg: gaussian(x, mg, sg) / (gaussian(x, md, sd) + gaussian(x, mg, sg)),
              says=r"probability of \*fake\*"),
        wrong("the odds p_data / p_g", lambda x, md, sd, mg, sg: gaussian(x, md, sd) / gaussian(x, mg, sg),
              says=r"the odds, not a probability"),
        wrong("no normalising factor", d_star_from(lambda x, mu, s: np.exp(-0.5 * ((x - mu) / s) ** 2)),
              says=r"normalising factor 1/\(σ√\(2π\)\)"),
        wrong("1/√(2π) but no 1/σ", d_star_from(lambda x, mu, s: np.exp(-0.5 * ((x - mu) / s) ** 2) / np.sqrt(2 * np.pi)),
              says=r"normalising factor 1/\(σ√\(2π\)\).*does not cancel"),
        wrong("precedence: / np.sqrt(2π) * sigma",
              d_star_from(lambda x, mu, s: np.exp(-0.5 * ((x - mu) / s) ** 2) / np.sqrt(2 * np.pi) * s),
              says=r"multiplies by σ.*parentheses"),
        wrong("no ½ in the exponent", d_star_from(lambda x, mu, s: np.exp(-((x - mu) / s) ** 2) / (s * np.sqrt(2 * np.pi))),
              says=r"the ½ is missing"),
        wrong("σ where σ² belongs", d_star_from(lambda x, mu, s: np.exp(-(x - mu) ** 2 / (2 * s)) / (s * np.sqrt(2 * np.pi))),
              says=r"divides by 2σ², not 2σ"),
        wrong("σ used as the variance (σ where σ² belongs, √σ where σ belongs)",
              d_star_from(lambda x, mu, s: np.exp(-(x - mu) ** 2 / (2 * s)) / np.sqrt(2 * np.pi * s)),
              says=r"sigma is used as the variance.*σ where σ² belongs.*√σ"),
        wrong("factor 1/√(2πσ), exponent right",
              d_star_from(lambda x, mu, s: np.exp(-0.5 * ((x - mu) / s) ** 2) / np.sqrt(2 * np.pi * s)),
              says=r"factor is 1/√\(2πσ\), as if sigma were the variance"),
        wrong("p_g with sigma_data (copy-paste)",
              lambda x, md, sd, mg, sg: gaussian(x, md, sd) / (gaussian(x, md, sd) + gaussian(x, mg, sd)),
              says=r"p_g is computed with sigma_data"),
        wrong("p_g with mu_data (copy-paste)",
              lambda x, md, sd, mg, sg: gaussian(x, md, sd) / (gaussian(x, md, sd) + gaussian(x, md, sg)),
              says=r"p_g is computed with mu_data"),
        wrong("the stub, not written yet", stub, says=r"not written yet"),
    ],
    also_right=[
        right("without the common 1/√(2π), which cancels",
              d_star_from(lambda x, mu, s: np.exp(-0.5 * ((x - mu) / s) ** 2) / s)),
        right("scipy.stats.norm.pdf", d_star_from(lambda x, mu, s: norm.pdf(x, loc=mu, scale=s))),
        right("σ(log p_data − log p_g), in log space", d_star_in_log_space),
        right("float32 numpy", d_star_float32),
        right("torch float32, Normal.log_prob and sigmoid", d_star_torch),
    ],
)


# ---- 06 · the discriminator's loss on logits ----------------------------------------------------------

def naive_discriminator_loss(real, fake):
    return -np.mean(np.log(sigmoid(real))) - np.mean(np.log(1 - sigmoid(fake)))


def discriminator_loss_stable_by_hand(real, fake):
    def softplus(t):                                          # log(1 + e^t) = max(t, 0) + log1p(e^−|t|)
        return np.maximum(t, 0) + np.log1p(np.exp(-np.abs(t)))
    return softplus(-real).mean() + softplus(fake).mean()


def discriminator_loss_torch_bce(real, fake):
    real, fake = torch.from_numpy(real), torch.from_numpy(fake)
    return (F.binary_cross_entropy_with_logits(real, torch.ones(len(real)))
            + F.binary_cross_entropy_with_logits(fake, torch.zeros(len(fake))))


DISCRIMINATOR_LOSS = Exercise(
    notebook="06", check=ex.check_discriminator_loss,
    solution=right("the notebook's solution", notebook_solution("06", "discriminator_loss_np")),
    mistakes=[
        wrong("labels swapped", lambda r, f: np.mean(softplus(r)) + np.mean(softplus(-f)), says=r"labels are swapped"),
        wrong("V instead of −V", lambda r, f: -np.mean(softplus(-r)) - np.mean(softplus(f)),
              says=r"sign is flipped: this is V\(D, G\) itself.*−V"),
        wrong("sums over the batches", lambda r, f: np.sum(softplus(-r)) + np.sum(softplus(f)),
              says=r"sums over each batch"),
        wrong("one mean over both batches", lambda r, f: np.mean(np.concatenate([softplus(-r), softplus(f)])),
              says=r"one mean over the real and fake samples together"),
        wrong("every sample labelled real", lambda r, f: np.mean(softplus(-np.concatenate([r, f]))),
              says=r"every sample is treated as real"),
        wrong("the fakes' term with the real sign", lambda r, f: np.mean(softplus(-r)) + np.mean(softplus(-f)),
              says=r"fakes need label 0.*logaddexp\(0, l\)"),
        wrong("the real term with the fake sign", lambda r, f: np.mean(softplus(r)) + np.mean(softplus(f)),
              says=r"real samples need label 1.*logaddexp\(0, −l\)"),
        wrong("the fakes' term missing", lambda r, f: np.mean(softplus(-r)), says=r"term for the fakes.*is missing"),
        wrong("the real term missing", lambda r, f: np.mean(softplus(f)), says=r"term for the real samples.*is missing"),
        wrong("logits taken for probabilities", lambda r, f: -np.mean(np.log(r)) - np.mean(np.log(1 - f)),
              says=r"returned NaN.*log of a negative number.*logits l.*not probabilities"),
        wrong("naive −log σ(r) − log(1 − σ(f)): unstable", naive_discriminator_loss,
              says=r"confident D.*1 − σ\(l\) rounds to 0.*log\(1 − σ\(l\)\) = log 0.*logaddexp"),
        wrong("naive log1p(−σ(f)): unstable",
              lambda r, f: -np.mean(np.log(sigmoid(r))) - np.mean(np.log1p(-sigmoid(f))),
              says=r"confident D.*1 − σ\(l\) rounds to 0.*logaddexp"),
        wrong("naive, in torch: unstable",
              lambda r, f: (-torch.log(torch.sigmoid(torch.from_numpy(r))).mean()
                            - torch.log(1 - torch.sigmoid(torch.from_numpy(f))).mean()),
              says=r"confident D.*1 − σ\(l\) rounds to 0.*logaddexp"),
        wrong("naive, in float32: unstable already at ±30",
              lambda r, f: -np.mean(np.log(sigmoid(f32(r)))) - np.mean(np.log(1 - sigmoid(f32(f)))),
              says=r"inf or NaN already for logits of ±30.*1 − σ\(l\) rounds to 0.*logaddexp"),
        wrong("per-sample terms added across batches", lambda r, f: np.mean(softplus(-r) + softplus(f)),
              says=r"raised ValueError[\s\S]*hint: the real and fake batches have different sizes"),
    ],
    also_right=[
        right("softplus by hand, max(t, 0) + log1p(e^−|t|)", discriminator_loss_stable_by_hand),
        right("np.log1p(np.exp(t)), exact up to |l| = 100 in float64",
              lambda r, f: np.mean(np.log1p(np.exp(-r))) + np.mean(np.log1p(np.exp(f)))),
        right("float32 numpy", lambda r, f: np.mean(np.logaddexp(0, -f32(r))) + np.mean(np.logaddexp(0, f32(f)))),
        right("torch BCE with logits, float32 labels", discriminator_loss_torch_bce),
        right("torch softplus, float32", lambda r, f: F.softplus(-t32(r)).mean() + F.softplus(t32(f)).mean()),
        right("−mean logsigmoid(l) − mean logsigmoid(−l)",
              lambda r, f: -F.logsigmoid(torch.from_numpy(r)).mean() - F.logsigmoid(-torch.from_numpy(f)).mean()),
    ],
)


# ---- 06 · the non-saturating generator loss ----------------------------------------------------------

def generator_loss_naive_float32(fake_logits):
    fake_logits = fake_logits.astype(np.float32)
    return -np.mean(np.log(1 / (1 + np.exp(-fake_logits))))


NON_SATURATING_LOSS = Exercise(
    notebook="06", check=ex.check_non_saturating_loss,
    solution=right("the notebook's solution", notebook_solution("06", "generator_loss_np")),
    mistakes=[
        wrong("the minimax loss", lambda f: np.mean(-softplus(f)), says=r"this is the minimax loss"),
        wrong("label 0", lambda f: np.mean(softplus(f)), says=r"teach G to be caught"),
        wrong("sign flipped", lambda f: -np.mean(softplus(-f)), says=r"sign is flipped"),
        wrong("sums over the batch", lambda f: np.sum(softplus(-f)), says=r"sums over the batch"),
        wrong("the log missing", lambda f: -np.mean(sigmoid(f)), says=r"the log is missing"),
        wrong("log σ(l) taken as l", lambda f: -np.mean(f), says=r"as if log σ\(l\) were the logit l"),
        wrong("logits taken for probabilities", lambda f: -np.mean(np.log(f)),
              says=r"log of a negative number.*not probabilities"),
        wrong("naive −log σ(l) in float32: unstable", generator_loss_naive_float32,
              says=r"confident D.*σ\(l\) rounds to 0.*logaddexp\(0, −l\)"),
    ],
    also_right=[
        right("np.log(1 + np.exp(−l)), exact up to |l| = 100 in float64", lambda f: np.mean(np.log(1 + np.exp(-f)))),
        right("naive −log σ(l) in float64, exact up to |l| = 100", lambda f: -np.mean(np.log(sigmoid(f)))),
        right("float32 numpy", lambda f: np.mean(np.logaddexp(0, -f32(f)))),
        right("torch BCE with logits, label 1",
              lambda f: F.binary_cross_entropy_with_logits(torch.from_numpy(f), torch.ones(len(f)))),
        right("torch softplus, float32", lambda f: F.softplus(-t32(f)).mean()),
    ],
)


# ---- 07 · the gradient at D's input ----------------------------------------------------------------

INPUT_GRADIENT = Exercise(
    notebook="07", check=ex.check_input_gradient,
    solution=right("the notebook's solution", notebook_solution("07", "input_gradient")),
    mistakes=[
        wrong("W2 @ delta2 (no transpose)", lambda W, d: W @ d, says=r"raised ValueError[\s\S]*hint: W2 is \(n_2, n_1\)"),
        wrong("elementwise W2.T * delta2", lambda W, d: W.T * d, says=r"raised ValueError[\s\S]*hint:.*not `\*`"),
        wrong("divided by the batch size", lambda W, d: W.T @ d / d.shape[1], says=r"divided by the batch size"),
        wrong("sign flipped", lambda W, d: -(W.T @ d), says=r"sign is flipped"),
        wrong("transposed: delta2.T @ W2", lambda W, d: d.T @ W, says=r"returned shape.*transpose, one row per sample"),
        wrong("summed over the batch", lambda W, d: (W.T @ d).sum(axis=1), says=r"sums the gradients of the batch"),
        wrong("averaged over the batch, keepdims",
              lambda W, d: (W.T @ d).mean(axis=1, keepdims=True), says=r"averages the gradients of the batch"),
        wrong("averaged over the batch", lambda W, d: np.mean(W.T @ d, axis=1), says=r"averages the gradients"),
    ],
    also_right=[
        right("(delta2.T @ W2).T", lambda W, d: (d.T @ W).T),
        right("np.einsum", lambda W, d: np.einsum("ji,jm->im", W, d)),
        right("float32 numpy", lambda W, d: f32(W).T @ f32(d)),
        right("torch float32", lambda W, d: t32(W).T @ t32(d)),
    ],
)


# ---- 07 · where the generator's signal starts --------------------------------------------------------

def logit_gradient_by_autograd(fake_logits):
    logits = torch.tensor(fake_logits, requires_grad=True)
    F.softplus(-logits).sum().backward()                      # −log σ(l) = softplus(−l), summed: one grad each
    return logits.grad


LOGIT_GRADIENT = Exercise(
    notebook="07", check=ex.check_generator_logit_gradient,
    solution=right("the notebook's solution", notebook_solution("07", "logit_gradient")),
    mistakes=[
        wrong("−σ(l), the minimax gradient", lambda l: -sigmoid(l), says=r"minimax loss"),
        wrong("σ(l), the label-0 gradient", lambda l: sigmoid(l), says=r"label 0.*caught"),
        wrong("σ′(l)", lambda l: sigmoid(l) * (1 - sigmoid(l)), says=r"that is σ′\(l\) alone"),
        wrong("−σ′(l)", lambda l: -sigmoid(l) * (1 - sigmoid(l)), says=r"−σ′\(l\), the derivative of −σ\(l\)"),
        wrong("−1/σ(l): the chain rule stops at D", lambda l: -1 / sigmoid(l), says=r"with respect to D = σ\(l\)"),
        wrong("σ′(l) once too often", lambda l: -(1 - sigmoid(l)) * sigmoid(l) * (1 - sigmoid(l)),
              says=r"multiplies by σ′\(l\) once more"),
        wrong("sign flipped", lambda l: 1 - sigmoid(l), says=r"sign is flipped"),
        wrong("divided by the batch size", lambda l: -(1 - sigmoid(l)) / len(l), says=r"divided by the batch size"),
        wrong("averaged to one number", lambda l: np.mean(-(1 - sigmoid(l))), says=r"one number for the whole batch"),
        wrong("the loss −log σ(l), not its derivative", lambda l: np.logaddexp(0, -l),
              says=r"loss −log σ\(l\) = logaddexp\(0, −l\) itself, not its derivative"),
        wrong("log σ(l), not a derivative", lambda l: np.log(sigmoid(l)),
              says=r"log σ\(l\), the loss's negative, not the derivative"),
    ],
    also_right=[
        right("−σ(−l), scipy's expit", lambda l: -expit(-l)),
        right("−1/(1 + e^l)", lambda l: -1 / (1 + np.exp(l))),
        right("float32 numpy", lambda l: -(1 - 1 / (1 + np.exp(-f32(l))))),
        right("torch float32", lambda l: -torch.sigmoid(-t32(l))),
        right("torch autograd of the loss", logit_gradient_by_autograd),
    ],
)


# ---- 08 · one iteration of Algorithm 1 --------------------------------------------------------------

def algorithm1(G, D, opt_g, opt_d, real, z_d, z_g, *, ops=("dl", "zd", "db", "ds", "gl", "zg", "gb", "gs"),
               detach=True, labels=(1, 0), kind="non_saturating", d_noise="z_d", g_noise="z_g", reduce="mean",
               d_opt_in_g=False):
    """Algorithm 1 as a learner writes it, statement by statement in the order ``ops``, with switches for slips."""
    noise = {"z_d": z_d, "z_g": z_g}
    state = {}
    bce = F.binary_cross_entropy_with_logits
    for op in ops:
        if op == "zd":
            opt_d.zero_grad()
        elif op == "zg":
            opt_g.zero_grad()
        elif op == "dl":
            fake = G(noise[d_noise])
            real_logits, fake_logits = D(real), D(fake.detach() if detach else fake)
            state["d"] = (bce(real_logits, torch.full_like(real_logits, labels[0]), reduction=reduce)
                          + bce(fake_logits, torch.full_like(fake_logits, labels[1]), reduction=reduce))
        elif op == "gl":
            state["g"] = generator_loss(D(G(noise[g_noise])), kind)
        elif op == "db":
            state["d"].backward()
        elif op == "gb":
            state["g"].backward()
        elif op == "ab":
            (state["d"] + state["g"]).backward()
        elif op == "ds":
            opt_d.step()
        elif op == "gs":
            (opt_d if d_opt_in_g else opt_g).step()


def algo(**options):
    return lambda G, D, opt_g, opt_d, real, z_d, z_g: algorithm1(G, D, opt_g, opt_d, real, z_d, z_g, **options)


def algorithm1_no_detach_zero_grads_on_top(G, D, opt_g, opt_d, real, z_d, z_g):
    opt_d.zero_grad()
    opt_g.zero_grad()
    d_loss = discriminator_loss(D(real), D(G(z_d)))
    d_loss.backward()
    opt_d.step()
    g_loss = generator_loss(D(G(z_g)))
    g_loss.backward()
    opt_g.step()


def algorithm1_g_loss_before_d_step(G, D, opt_g, opt_d, real, z_d, z_g):
    d_loss = discriminator_loss(D(real), D(G(z_d).detach()))
    g_loss = generator_loss(D(G(z_g)))
    opt_d.zero_grad()
    d_loss.backward()
    opt_d.step()
    opt_g.zero_grad()
    g_loss.backward()
    opt_g.step()


def algorithm1_one_fake_batch(G, D, opt_g, opt_d, real, z_d, z_g):
    fake = G(z_d)
    opt_d.zero_grad()
    discriminator_loss(D(real), D(fake)).backward()
    opt_d.step()
    opt_g.zero_grad()
    generator_loss(D(fake)).backward()
    opt_g.step()


def algorithm1_g_under_no_grad(G, D, opt_g, opt_d, real, z_d, z_g):
    opt_d.zero_grad()
    discriminator_loss(D(real), D(G(z_d).detach())).backward()
    opt_d.step()
    with torch.no_grad():                     # "D must not change in G's step"
        g_loss = generator_loss(D(G(z_g)))
    opt_g.zero_grad()
    g_loss.backward()
    opt_g.step()


def algorithm1_g_detached(G, D, opt_g, opt_d, real, z_d, z_g):
    opt_d.zero_grad()
    discriminator_loss(D(real), D(G(z_d).detach())).backward()
    opt_d.step()
    opt_g.zero_grad()
    generator_loss(D(G(z_g).detach())).backward()
    opt_g.step()


def algorithm1_sigmoid_bce(G, D, opt_g, opt_d, real, z_d, z_g):
    """Probabilities and F.binary_cross_entropy, labels made with torch.ones/zeros: float32, torch's default."""
    d_real, d_fake = torch.sigmoid(D(real)), torch.sigmoid(D(G(z_d).detach()))
    d_loss = (F.binary_cross_entropy(d_real, torch.ones(len(real), 1))
              + F.binary_cross_entropy(d_fake, torch.zeros(len(z_d), 1)))
    opt_d.zero_grad()
    d_loss.backward()
    opt_d.step()
    g_loss = F.binary_cross_entropy(torch.sigmoid(D(G(z_g))), torch.ones(len(z_g), 1))
    opt_g.zero_grad()
    g_loss.backward()
    opt_g.step()


def algorithm1_no_grad_and_autograd_grad(G, D, opt_g, opt_d, real, z_d, z_g):
    with torch.no_grad():
        fake = G(z_d)
    logits = D(torch.cat([real, fake]))                       # one forward pass for both batches
    d_loss = discriminator_loss(logits[:len(real)], logits[len(real):])
    for p, g in zip(D.parameters(), torch.autograd.grad(d_loss, list(D.parameters()))):
        p.grad = g
    opt_d.step()
    g_loss = generator_loss(D(G(z_g)))
    for p, g in zip(G.parameters(), torch.autograd.grad(g_loss, list(G.parameters()))):
        p.grad = g                                            # D's .grad is never touched
    opt_g.step()


def algorithm1_freezing_d(G, D, opt_g, opt_d, real, z_d, z_g):
    D.zero_grad()
    discriminator_loss(D(real), D(G(z_d).detach())).backward()
    opt_d.step()
    D.requires_grad_(False)                                   # G's backward leaves D alone
    G.zero_grad()
    generator_loss(D(G(z_g))).backward()
    opt_g.step()
    D.requires_grad_(True)


def algorithm1_probabilities(G, D, opt_g, opt_d, real, z_d, z_g, *, in_d=True, in_g=True):
    """torch.sigmoid(D(...)) fed to the losses, which take logits."""
    def out(x, squash):
        return torch.sigmoid(D(x)) if squash else D(x)
    opt_d.zero_grad()
    discriminator_loss(out(real, in_d), out(G(z_d).detach(), in_d)).backward()
    opt_d.step()
    opt_g.zero_grad()
    generator_loss(out(G(z_g), in_g)).backward()
    opt_g.step()


def algorithm1_extra_d_step_after_g(G, D, opt_g, opt_d, real, z_d, z_g):
    opt_d.zero_grad()
    discriminator_loss(D(real), D(G(z_d).detach())).backward()
    opt_d.step()
    opt_g.zero_grad()
    opt_d.zero_grad()                          # "so that D starts clean"
    generator_loss(D(G(z_g))).backward()
    opt_g.step()
    opt_d.step()                               # G's update leaks into D


def algorithm1_pooled(G, D, opt_g, opt_d, real, z_d, z_g):
    logits = D(torch.cat([real, G(z_d).detach()]))
    labels = torch.cat([torch.ones_like(logits[:len(real)]), torch.zeros_like(logits[len(real):])])
    opt_d.zero_grad()
    F.binary_cross_entropy_with_logits(logits, labels).backward()
    opt_d.step()
    opt_g.zero_grad()
    generator_loss(D(G(z_g))).backward()
    opt_g.step()


ALGORITHM1_STEP = Exercise(
    notebook="08", check=ex.check_algorithm1_step,
    solution=right("the notebook's solution", notebook_solution("08", "algorithm1_step")),
    mistakes=[
        wrong("BCE labels swapped", algo(labels=(0, 1)), says=r"labels are swapped"),
        wrong("minimax generator loss", algo(kind="minimax"), says=r"minimax"),
        wrong("G's step first", algo(ops=("gl", "zg", "gb", "gs", "dl", "zd", "db", "ds")),
              says=r"generator moves before the discriminator"),
        wrong("an extra opt_d.step() in G's step", algo(ops=("dl", "zd", "db", "ds", "gl", "zg", "gb", "gs", "ds")),
              says=r"generator's update leaks into the discriminator.*opt_d.step\(\) after it"),
        wrong("opt_d.step() in G's step instead of opt_g.step()", algo(d_opt_in_g=True),
              says=r"opt_d.step\(\) instead of opt_g.step\(\).*generator never moves"),
        wrong("the optimisers' steps swapped", algo(ops=("dl", "zd", "db", "gs", "gl", "zg", "gb", "ds")),
              says=r"steps are swapped"),
        wrong("one backward for both losses", algo(ops=("zd", "zg", "dl", "gl", "ab", "ds", "gs")),
              says=r"one backward.*adds G's gradient into D's .grad"),
        wrong("no opt_d.zero_grad()", algo(ops=("dl", "db", "ds", "gl", "zg", "gb", "gs")),
              says=r"without opt_d.zero_grad\(\) before D's backward"),
        wrong("opt_d.zero_grad() after D's step", algo(ops=("dl", "db", "ds", "zd", "gl", "zg", "gb", "gs")),
              says=r"opt_d.zero_grad\(\) runs right after D's step, before G's backward"),
        wrong("zero_grad after each step", algo(ops=("dl", "db", "ds", "zd", "gl", "gb", "gs", "zg")),
              says=r"opt_d.zero_grad\(\) runs right after D's step, before G's backward"),
        wrong("opt_d.zero_grad() between backward and step", algo(ops=("dl", "db", "zd", "ds", "gl", "zg", "gb", "gs")),
              says=r"discriminator never moved: opt_d.zero_grad\(\) sits between the backward and opt_d.step\(\)"),
        wrong("opt_g.zero_grad() between backward and step", algo(ops=("dl", "zd", "db", "ds", "gl", "gb", "zg", "gs")),
              says=r"generator never moved: opt_g.zero_grad\(\) sits between the backward and opt_g.step\(\)"),
        wrong("no opt_g.zero_grad()", algo(ops=("dl", "zd", "db", "ds", "gl", "gb", "gs")),
              says=r"opt_g.zero_grad\(\) is missing"),
        wrong("no detach, both zero_grads at the top", algorithm1_no_detach_zero_grads_on_top,
              says=r"without .detach\(\) on the fakes, D's loss.backward\(\) also fills G's .grad.*at the top"),
        wrong("no detach, no opt_g.zero_grad()", algo(detach=False, ops=("dl", "zd", "db", "ds", "gl", "gb", "gs")),
              says=r"discriminator's update leaks into the generator.*without opt_g.zero_grad"),
        wrong("no detach (updates right)", algo(detach=False), says=r"D's loss also ran backward through G: detach"),
        wrong("G's step reuses z_d", algo(g_noise="z_d"), says=r"reuses z_d"),
        wrong("z_d and z_g swapped", algo(d_noise="z_g", g_noise="z_d"), says=r"z_d and z_g are swapped"),
        wrong("D's loss sums over the batches", algo(reduce="sum"),
              says=r"discriminator's parameters differ.*16 times.*means over their batches"),
        wrong("one BCE over cat([real, fake])", algorithm1_pooled,
              says=r"half of Algorithm 1's: one mean over the real and fake samples together"),
        wrong("G's loss built before D's step", algorithm1_g_loss_before_d_step,
              says=r"modified by an inplace operation[\s\S]*hint: G's loss was built before opt_d.step\(\)"),
        wrong("one fake batch for both steps, not detached", algorithm1_one_fake_batch,
              says=r"hint: one graph is run backward twice.*detach"),
        wrong("G's loss under torch.no_grad()", algorithm1_g_under_no_grad,
              says=r"hint: this loss has no gradient at all.*torch.no_grad\(\)"),
        wrong("G's samples detached in G's step", algorithm1_g_detached,
              says=r"generator never moved: no gradient reached G.*nothing detached"),
        wrong("no opt_g.step()", algo(ops=("dl", "zd", "db", "ds", "gl", "zg", "gb")),
              says=r"generator never moved: opt_g.step\(\) is never called"),
        wrong("no opt_d.step()", algo(ops=("dl", "zd", "db", "gl", "zg", "gb", "gs")),
              says=r"discriminator never moved: opt_d.step\(\) is never called"),
        wrong("does nothing", lambda G, D, opt_g, opt_d, real, z_d, z_g: None, says=r"neither network changed"),
        wrong("torch.sigmoid(D(…)) into both losses", algorithm1_probabilities,
              says=r"torch.sigmoid before both losses.*take logits.*both steps are wrong"),
        wrong("torch.sigmoid(D(…)) into D's loss only",
              lambda *args: algorithm1_probabilities(*args, in_g=False),
              says=r"torch.sigmoid before discriminator_loss.*probabilities where logits belong"),
        wrong("torch.sigmoid(D(…)) into G's loss only",
              lambda *args: algorithm1_probabilities(*args, in_d=False),
              says=r"torch.sigmoid before generator_loss.*probabilities where logits belong"),
        wrong("an extra opt_d.step() after G's backward, D's gradients zeroed before it",
              algorithm1_extra_d_step_after_g,
              says=r"generator's update leaks into the discriminator: the opt_d.step\(\) after G's backward"),
    ],
    also_right=[
        right("both zero_grads at the top, fakes detached", algo(ops=("zd", "zg", "dl", "db", "ds", "gl", "gb", "gs"))),
        right("both zero_grads at the end of the iteration", algo(ops=("dl", "db", "ds", "gl", "gb", "gs", "zd", "zg"))),
        right("BCE with logits by hand, ones_like/zeros_like labels", algo()),
        right("sigmoid + F.binary_cross_entropy, float32 labels from torch.ones", algorithm1_sigmoid_bce),
        right("torch.no_grad() fakes, one forward for both batches, torch.autograd.grad", algorithm1_no_grad_and_autograd_grad),
        right("D frozen with requires_grad_(False) during G's step, Module.zero_grad()", algorithm1_freezing_d),
    ],
)


# ---- 08 · the R1 penalty ---------------------------------------------------------------------------

def r1(D, real, gamma, *, of=lambda logits: logits.sum(), norms=lambda g: g.pow(2).sum(dim=1), reduce=torch.mean,
       factor=lambda gamma: gamma / 2, create_graph=True, requires_grad=True):
    real = real.requires_grad_(True) if requires_grad else real
    (gradient,) = torch.autograd.grad(of(D(real)), real, create_graph=create_graph)
    return factor(gamma) * reduce(norms(gradient))


def r1_with(**options):
    return lambda D, real, gamma: r1(D, real, gamma, **options)


def r1_requires_grad_too_late(D, real, gamma):
    logits = D(real)
    real.requires_grad_(True)
    (gradient,) = torch.autograd.grad(logits.sum(), real, create_graph=True)
    return gamma / 2 * gradient.pow(2).sum(dim=1).mean()


def r1_logits_not_summed(D, real, gamma):
    real = real.requires_grad_(True)
    (gradient,) = torch.autograd.grad(D(real), real, create_graph=True)
    return gamma / 2 * gradient.pow(2).sum(dim=1).mean()


def r1_grad_outputs(D, real, gamma):
    real = real.detach().clone().requires_grad_(True)
    logits = D(real)
    (gradient,) = torch.autograd.grad(logits, real, grad_outputs=torch.ones_like(logits), create_graph=True)
    return gamma * 0.5 * (gradient ** 2).sum(1).mean()


def r1_backward_create_graph(D, real, gamma):
    real.requires_grad_(True)
    D(real).sum().backward(create_graph=True)
    return gamma / 2 * real.grad.norm(dim=1).pow(2).mean()


def r1_of_the_weights(D, real, gamma):
    grads = torch.autograd.grad(D(real).sum(), list(D.parameters()), create_graph=True)
    return gamma / 2 * sum(g.pow(2).sum() for g in grads) / len(real)


def r1_of_the_weights_mean_logit(D, real, gamma):
    grads = torch.autograd.grad(D(real).mean(), list(D.parameters()), create_graph=True)
    return gamma / 2 * sum(g.pow(2).sum() for g in grads)


def r1_float32(D, real, gamma):
    real = real.float().requires_grad_(True)                  # torch's default dtype
    (gradient,) = torch.autograd.grad(D(real).sum(), real, create_graph=True)
    return gamma / 2 * gradient.pow(2).sum(dim=1).mean()


R1_PENALTY = Exercise(
    notebook="08", check=ex.check_r1_penalty,
    solution=right("the notebook's solution", notebook_solution("08", "r1_penalty")),
    mistakes=[
        wrong("mean over the coordinates too (half)", r1_with(norms=lambda g: g.pow(2).mean(dim=1)),
              says=r"exactly half.*averages the squares over the 2 coordinates"),
        wrong("gradient.pow(2).mean()", lambda D, real, gamma: gamma / 2 * torch.autograd.grad(
                  D(real.requires_grad_(True)).sum(), real, create_graph=True)[0].pow(2).mean(),
              says=r"exactly half.*coordinates"),
        wrong("no requires_grad", r1_with(requires_grad=False),
              says=r"does not require grad[\s\S]*hint: real does not require grad.*requires_grad_\(True\)"),
        wrong("requires_grad_ after D(real)", r1_requires_grad_too_late,
              says=r"hint: the logits were not computed from this `real`.*before D\(real\)"),
        wrong("autograd.grad of D(real), not a scalar", r1_logits_not_summed,
              says=r"hint: D\(real\) holds one logit per sample.*D\(real\).sum\(\)"),
        wrong("no create_graph", r1_with(create_graph=False), says=r"does not depend on D's weights.*create_graph=True"),
        wrong("gradient of σ(l)", r1_with(of=lambda logits: torch.sigmoid(logits).sum()), says=r"probability σ\(l\)"),
        wrong("gradient of D's loss BCE(l, 1)",
              r1_with(of=lambda logits: F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))),
              says=r"differentiates D's loss.*not D's logit"),
        wrong("gradient of the mean logit", r1_with(of=lambda logits: logits.mean()),
              says=r"differentiates the mean of the logits"),
        wrong("norms not squared", r1_with(norms=lambda g: g.norm(dim=1)), says=r"need squaring"),
        wrong("sum over the batch", r1_with(reduce=torch.sum), says=r"sums over the batch"),
        wrong("sum over dim=0", r1_with(norms=lambda g: g.pow(2).sum(dim=0)), says=r"dim=0: rows are samples"),
        wrong("γ instead of γ/2", r1_with(factor=lambda gamma: gamma), says=r"factor is γ/2, not γ"),
        wrong("no γ/2", r1_with(factor=lambda gamma: 1.0), says=r"γ/2 is missing"),
        wrong("½ without γ", r1_with(factor=lambda gamma: 0.5), says=r"½ but not by γ"),
        wrong("(mean norm)²", lambda D, real, gamma: gamma / 2 * torch.autograd.grad(
                  D(real.requires_grad_(True)).sum(), real, create_graph=True)[0].norm(dim=1).mean() ** 2,
              says=r"squares the mean of the norms"),
        wrong(".item()", lambda D, real, gamma: r1(D, real, gamma).item(), says=r"value is right.*cut off from autograd"),
        wrong("one value per sample", r1_with(reduce=lambda v: v), says=r"shape \(12,\).*one value per sample"),
        wrong("the gradient with respect to D's weights", r1_of_the_weights,
              says=r"gradient with respect to D's weights.*with respect to D's input"),
        wrong("the gradient of the mean logit with respect to D's weights", r1_of_the_weights_mean_logit,
              says=r"gradient with respect to D's weights.*with respect to D's input"),
    ],
    also_right=[
        right("grad_outputs=ones_like, on a detached copy", r1_grad_outputs),
        right("norm(dim=1) ** 2", r1_with(norms=lambda g: g.norm(dim=1) ** 2)),
        right("backward(create_graph=True) and real.grad", r1_backward_create_graph),
        right("real.float(): float32, torch's default", r1_float32),
    ],
)


EXERCISES = [D_STAR, DISCRIMINATOR_LOSS, NON_SATURATING_LOSS, INPUT_GRADIENT, LOGIT_GRADIENT, ALGORITHM1_STEP,
             R1_PENALTY]
