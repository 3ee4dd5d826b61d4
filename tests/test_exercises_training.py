"""The notebook-08 checkers: Algorithm 1's step and the R1 penalty, right answers pass, mistakes are named."""

import re

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from bpgan.exercises import part2 as ex
from bpgan.gan import discriminator_loss, generator_loss


def algorithm1(G, D, opt_g, opt_d, real, z_d, z_g, *, detach=True, zero_d=True, zero_g=True, labels=(1, 0),
               kind="non_saturating", g_noise=None, d_after_g=False, reduce=torch.mean, g_first=False):
    """Algorithm 1 written independently of the checker, with switches for the mistakes."""
    def d_step():
        if zero_d:
            opt_d.zero_grad()
        fake = G(z_d)
        logits = D(torch.cat([real, fake.detach() if detach else fake]))
        targets = torch.cat([torch.full((len(real), 1), float(labels[0])), torch.full((len(z_d), 1), float(labels[1]))])
        loss = (reduce(F.binary_cross_entropy_with_logits(logits[:len(real)], targets[:len(real)], reduction="none"))
                + reduce(F.binary_cross_entropy_with_logits(logits[len(real):], targets[len(real):], reduction="none")))
        loss.backward()
        opt_d.step()

    def g_step():
        if zero_g:
            opt_g.zero_grad()
        generator_loss(D(G(z_g if g_noise is None else g_noise(z_d, z_g))), kind).backward()
        opt_g.step()
        if d_after_g:
            opt_d.step()

    for part in (g_step, d_step) if g_first else (d_step, g_step):
        part()


def with_options(**options):
    return lambda *args: algorithm1(*args, **options)


def test_algorithm1_in_either_form_passes():
    def with_library_losses(G, D, opt_g, opt_d, real, z_d, z_g):
        loss = discriminator_loss(D(real), D(G(z_d).detach()))
        opt_d.zero_grad()
        loss.backward()
        opt_d.step()
        opt_g.zero_grad()
        generator_loss(D(G(z_g))).backward()
        opt_g.step()

    for seed in (0, 1, None):
        for solution in (algorithm1, with_library_losses):
            feedback = ex.check_algorithm1_step(solution, seed=seed)
            assert feedback.passed, feedback.message


ALGORITHM1_MISTAKES = [
    (dict(labels=(0, 1)), "labels are swapped"),
    (dict(kind="minimax"), "minimax"),
    (dict(g_first=True), "generator moves before the discriminator"),
    (dict(d_after_g=True), "generator's update leaks into the discriminator.*opt_d.step\\(\\) after it"),
    (dict(zero_d=False), "generator's update leaks into the discriminator.*without opt_d.zero_grad"),
    (dict(zero_g=False), "opt_g.zero_grad\\(\\) is missing"),
    (dict(detach=False), "D's loss also ran backward through G: detach"),
    (dict(detach=False, zero_g=False), "discriminator's update leaks into the generator"),
    (dict(g_noise=lambda z_d, z_g: z_d), "reuses z_d"),
    (dict(reduce=torch.sum), "discriminator's parameters differ.*means over their batches"),
]


@pytest.mark.parametrize("options, message", ALGORITHM1_MISTAKES, ids=[m for _, m in ALGORITHM1_MISTAKES])
def test_each_algorithm1_mistake_is_named(options, message):
    feedback = ex.check_algorithm1_step(with_options(**options), seed=3)
    assert not feedback.passed and re.search(message, feedback.message), feedback.message


def test_algorithm1_checker_reports_a_step_that_does_nothing_or_crashes():
    assert "neither network changed" in ex.check_algorithm1_step(lambda *args: None).message
    feedback = ex.check_algorithm1_step(lambda G, D, opt_g, opt_d, real, z_d, z_g: D(z_d))
    assert "raised RuntimeError" in feedback.message and "line 1" in feedback.message


@settings(deadline=None, max_examples=25)
@given(seed=st.integers(0, 1000), which=st.integers(0, 7), size=st.floats(1e-6, 1.0), sign=st.sampled_from([-1, 1]))
def test_a_step_that_ends_anywhere_else_never_passes(seed, which, size, sign):
    def nudged(G, D, opt_g, opt_d, real, z_d, z_g):
        algorithm1(G, D, opt_g, opt_d, real, z_d, z_g)
        with torch.no_grad():
            parameter = list(G.parameters()) + list(D.parameters())
            parameter[which].view(-1)[0] += sign * size

    assert not ex.check_algorithm1_step(nudged, seed=seed).passed


def r1(D, real, gamma, *, transform=lambda l: l, power=2, reduce=torch.mean, factor=None, create_graph=True):
    real = real.requires_grad_(True)
    (gradient,) = torch.autograd.grad(transform(D(real)).sum(), real, create_graph=create_graph)
    norms = gradient.norm(dim=1) ** power
    return (gamma / 2 if factor is None else factor(gamma)) * reduce(norms)


def test_the_r1_penalty_passes():
    for seed in (0, 1, None):
        feedback = ex.check_r1_penalty(r1, seed=seed)
        assert feedback.passed, feedback.message


R1_MISTAKES = [
    (dict(create_graph=False), "create_graph=True"),
    (dict(transform=torch.sigmoid), "probability σ\\(l\\)"),
    (dict(power=1), "need squaring"),
    (dict(reduce=torch.sum), "sums over the batch"),
    (dict(factor=lambda gamma: gamma), "factor is γ/2, not γ"),
    (dict(factor=lambda gamma: 1.0), "γ/2 is missing"),
    (dict(factor=lambda gamma: gamma / 3), "expected .* got"),
]


@pytest.mark.parametrize("options, message", R1_MISTAKES, ids=[m for _, m in R1_MISTAKES])
def test_each_r1_mistake_is_named(options, message):
    feedback = ex.check_r1_penalty(lambda D, real, gamma: r1(D, real, gamma, **options), seed=5)
    assert not feedback.passed and re.search(message, feedback.message), feedback.message


def test_r1_checker_wants_a_scalar_tensor():
    assert "scalar torch tensor" in ex.check_r1_penalty(lambda D, real, gamma: 0.5).message
    assert "shape (12,)" in ex.check_r1_penalty(lambda D, real, gamma: real.sum(dim=1)).message
