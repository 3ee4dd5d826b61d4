"""bpgan.gan.ring and bpgan.gan.lab: the 8-Gaussian experiment's recipe, target, and the GAN Lab view."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch

from bpgan.data.toy import sample_ring
from bpgan.gan import ring
from bpgan.gan.lab import lab_snapshot
from bpgan.metrics import Coverage
from bpgan.plots import gan_lab
from bpgan.widgets import gan_lab_explorer


def small(seed=0, **changes):
    return ring.ring_trainer(seed, width=16, depth=1, batch_size=32, **changes)


def test_the_recipe_builds_what_it_says():
    t = ring.ring_trainer(0)
    linears = [m for m in t.generator if isinstance(m, torch.nn.Linear)]
    assert [m.out_features for m in linears] == [128, 128, 128, 2] and linears[0].in_features == 2
    assert t.k == 1 and t.kind == "non_saturating" and t.r1_gamma == 1.0 and t.batch_size == 256
    assert t.opt_g.param_groups[0]["lr"] == t.opt_d.param_groups[0]["lr"] == 3e-3
    assert all(torch.equal(a, b) for a, b in zip(t.generator.parameters(), ring.ring_trainer(0).generator.parameters()))
    with pytest.raises(TypeError, match="unknown recipe entries \\['widht'\\]"):
        ring.ring_trainer(0, widht=3)


def test_judging_quality_does_not_change_training():
    watched, unwatched = small(), small()
    for _ in range(3):
        watched.train(2, progress=False)
        ring.ring_quality(watched)
        unwatched.train(2, progress=False)
    assert all(torch.equal(a, b) for a, b in zip(watched.generator.parameters(), unwatched.generator.parameters()))


def test_on_target_needs_all_modes_and_quality_at_once():
    per_mode = np.full(8, 0.1)
    assert ring.on_target(Coverage(8, 0.8, per_mode))
    assert not ring.on_target(Coverage(7, 0.95, per_mode))
    assert not ring.on_target(Coverage(8, 0.79, per_mode))


def test_train_until_target_returns_the_step_or_none(monkeypatch):
    t = small()
    assert ring.train_until_target(t, 30, every=10, progress=False) is None and t.steps == 30
    t = small()
    verdicts = iter([False, True])
    monkeypatch.setattr(ring, "on_target", lambda coverage: next(verdicts))
    assert ring.train_until_target(t, 1000, every=7, progress=False) == 14
    with pytest.raises(ValueError, match="must be positive"):
        ring.train_until_target(t, 0)


def test_lab_snapshot_arrows_are_each_fakes_own_push_uphill_on_d():
    t = small()
    t.train(5, progress=False)
    real = sample_ring(50, torch.Generator().manual_seed(1))
    noise = torch.randn(40, t.noise_dim, generator=torch.Generator().manual_seed(2))
    snapshot = lab_snapshot(t, real, noise, resolution=11)
    assert snapshot.d_grid.shape == (11, 11) and ((0 < snapshot.d_grid) & (snapshot.d_grid < 1)).all()
    assert snapshot.fake.shape == snapshot.arrows.shape == (40, 2) and snapshot.step == 5
    # Non-saturating: −∂(−log D)/∂x = ∇ log D(x), the same for the first sample alone as in the batch.
    x = torch.tensor(snapshot.fake[:1], requires_grad=True)
    (alone,) = torch.autograd.grad(torch.nn.functional.logsigmoid(t.discriminator(x)).sum(), x)
    np.testing.assert_allclose(snapshot.arrows[0], alone[0].numpy(), rtol=1e-4, atol=1e-7)
    # The grid is D at its points: row i is y = ys[i], column j is x = xs[j].
    i, j = 2, 7
    point = torch.tensor([[snapshot.xs[j], snapshot.ys[i]]])
    assert snapshot.d_grid[i, j] == pytest.approx(torch.sigmoid(t.discriminator(point)).item(), rel=1e-5)
    with pytest.raises(ValueError, match="real must be \\(n, 2\\)"):
        lab_snapshot(t, torch.zeros(5, 3), noise)


def test_gan_lab_picture_and_explorer_headless():
    t = small()
    real = sample_ring(30, torch.Generator().manual_seed(1))
    noise = torch.randn(30, t.noise_dim, generator=torch.Generator().manual_seed(2))
    snapshots = []
    for _ in range(3):
        snapshots.append(lab_snapshot(t, real, noise, resolution=9))
        t.train(2, progress=False)
    ax, image = gan_lab(snapshots[0])
    assert image.get_array().shape == (9, 9) and ax.get_title() == "step 0"
    explorer = gan_lab_explorer(snapshots)
    assert explorer.result == 4                              # opens at the last snapshot
    slider = next(c for c in explorer.children if getattr(c, "description", "") == "snapshot")
    slider.value = 1
    assert explorer.result == 2
    with pytest.raises(ValueError, match="at least one snapshot"):
        gan_lab_explorer([])


def test_train_until_target_can_watch_and_go_on_past_the_target(monkeypatch):
    seen = []
    verdicts = iter([False, True, False, False])
    monkeypatch.setattr(ring, "on_target", lambda coverage: next(verdicts))
    t = small()
    first = ring.train_until_target(t, 40, every=10, stop=False, progress=False,
                                    watch=lambda trainer, coverage: seen.append((trainer.steps, coverage)))
    assert first == 20 and t.steps == 40 and [step for step, _ in seen] == [10, 20, 30, 40]
