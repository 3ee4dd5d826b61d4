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
from bpgan.plots import ARROW_LENGTH, gan_lab, gan_lab_row, lab_scales
from bpgan.widgets import gan_lab_explorer


def small(seed=0, **changes):
    return ring.ring_trainer(seed, width=16, depth=1, batch_size=32, **changes)


def test_the_recipe_builds_what_it_says():
    t = ring.ring_trainer(0)
    linears = [m for m in t.generator if isinstance(m, torch.nn.Linear)]
    assert [m.out_features for m in linears] == [128, 128, 128, 2] and linears[0].in_features == 2
    assert t.k == 1 and t.kind == "non_saturating" and t.r1_gamma == 1.0 and t.batch_size == 256 and t.ema == 0.99
    assert t.opt_g.param_groups[0]["lr"] == t.opt_d.param_groups[0]["lr"] == 1e-3
    assert all(torch.equal(a, b) for a, b in zip(t.generator.parameters(), ring.ring_trainer(0).generator.parameters()))
    with pytest.raises(TypeError, match="unknown recipe entries \\['widht'\\]"):
        ring.ring_trainer(0, widht=3)


def test_each_strategy_changes_exactly_one_thing_in_the_plain_game():
    assert ring.STRATEGIES["plain"] == ring.PLAIN
    changed = {name: {key for key in ring.PLAIN if recipe[key] != ring.PLAIN[key]}
               for name, recipe in ring.STRATEGIES.items() if name != "plain"}
    assert changed == {"D warm-up (200 steps)": {"warm_up"}, "k = 5 D steps": {"k"}, "D learns 3× faster": {"lr_d"},
                       "R1 penalty on D": {"r1_gamma"}}
    assert ring.RECIPE == ring.STRATEGIES["R1 penalty on D"]


def test_a_warm_up_trains_only_the_discriminator_before_the_first_generator_step():
    fresh, warmed = small(), small(warm_up=3)
    assert warmed.steps == 0 and not warmed.history["d_loss"]
    assert all(torch.equal(a, b) for a, b in zip(fresh.generator.parameters(), warmed.generator.parameters()))
    assert not all(torch.equal(a, b) for a, b in zip(fresh.discriminator.parameters(), warmed.discriminator.parameters()))


def test_judging_quality_does_not_change_training():
    watched, unwatched = small(), small()
    for _ in range(3):
        watched.train(2, progress=False)
        ring.ring_quality(watched)
        ring.ring_quality(watched, watched.generator)
        unwatched.train(2, progress=False)
    assert all(torch.equal(a, b) for a, b in zip(watched.generator.parameters(), unwatched.generator.parameters()))


def test_quality_is_judged_on_the_weight_average_unless_told_otherwise():
    t = small()
    t.train(4, progress=False)
    with torch.no_grad():
        t.averaged_generator[-1].bias += 100.0             # the average now draws far from every mode
    assert ring.ring_quality(t).high_quality == 0.0
    assert ring.ring_quality(t, t.generator).high_quality == ring.ring_quality(small_trained(4)).high_quality


def small_trained(steps):
    t = small(ema=0.0)
    t.train(steps, progress=False)
    return t


def test_on_target_needs_all_modes_and_quality_at_once():
    per_mode = np.full(8, 0.1)
    assert ring.on_target(Coverage(8, 0.8, per_mode))
    assert not ring.on_target(Coverage(7, 0.95, per_mode))
    assert not ring.on_target(Coverage(8, 0.79, per_mode))


def test_train_and_judge_checks_both_generators_every_few_steps_and_lets_us_watch():
    seen = []
    t = small()
    run = ring.train_and_judge(t, 25, every=10, progress=False, watch=lambda trainer: seen.append(trainer.steps))
    assert [c.step for c in run.trained] == [c.step for c in run.averaged] == seen == [10, 20, 25]
    assert t.steps == 25 and run.seconds > 0
    assert run.trained[-1] == ring.Check(25, *ring.ring_quality(t, t.generator)[:2])
    assert ring.train_and_judge(small(ema=0.0), 10, every=10, progress=False).averaged == []
    with pytest.raises(ValueError, match="must be positive"):
        ring.train_and_judge(t, 0)


def checks(*verdicts, every=100):
    """Checks every `every` steps, on target where the verdict is True."""
    return [ring.Check(every * (i + 1), 8 if on else 7, 0.9) for i, on in enumerate(verdicts)]


def test_first_and_fraction_on_target():
    run = checks(False, False, True, False, True, True)
    assert ring.first_on_target(run) == 300 and ring.first_on_target(checks(False, False)) is None
    assert ring.fraction_on_target(run) == 0.5
    assert ring.fraction_on_target(run, last=300) == 2 / 3          # steps 400, 500, 600
    with pytest.raises(ValueError, match="no checks"):
        ring.fraction_on_target([])
    low_quality = [ring.Check(100, 8, 0.79)]
    assert ring.fraction_on_target(low_quality) == 0


def test_staying_on_target_means_most_of_the_last_thousand_steps_not_one_touch():
    assert ring.stays_on_target(checks(*[False] * 30 + [True] * 8 + [False] * 2))   # 8 of the last 10
    assert not ring.stays_on_target(checks(*[True] * 30 + [True] * 7 + [False] * 3))
    assert not ring.stays_on_target(checks(*[False] * 39 + [True]))


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


def snapshots_of_a_short_run(n=3):
    t = small()
    real = sample_ring(30, torch.Generator().manual_seed(1))
    noise = torch.randn(30, t.noise_dim, generator=torch.Generator().manual_seed(2))
    shots = []
    for _ in range(n):
        shots.append(lab_snapshot(t, real, noise, resolution=9))
        t.train(3, progress=False)
    return shots


def test_a_row_of_lab_panels_shares_one_colour_scale_one_arrow_scale_a_colour_bar_and_a_legend():
    import matplotlib.pyplot as plt

    shots = snapshots_of_a_short_run()
    spread, push_scale = lab_scales(shots)
    assert spread == pytest.approx(max(np.abs(s.d_grid - 0.5).max() for s in shots))
    fig = gan_lab_row(shots)
    panels = [ax for ax in fig.axes if ax.get_title().startswith("step")]
    assert [ax.get_title() for ax in panels] == [f"step {s.step}" for s in shots]
    assert {ax.images[0].get_clim() for ax in panels} == {(0.5 - spread, 0.5 + spread)}
    assert len(fig.axes) == len(shots) + 1, "one colour bar for the row"
    assert [t.get_text() for t in fig.legends[0].texts] == ["real samples", "G(z)", "−∂L_G/∂x: the push on G(z)"]
    plt.close(fig)


def test_arrow_lengths_are_proportional_to_the_push_and_capped():
    import matplotlib.pyplot as plt

    shot = snapshots_of_a_short_run(1)[0]
    size = np.linalg.norm(shot.arrows, axis=1)
    scale = float(np.median(size))
    ax, _ = gan_lab(shot, push_scale=scale)
    quiver = ax.collections[-1]
    drawn = np.hypot(quiver.U, quiver.V)
    np.testing.assert_allclose(drawn, ARROW_LENGTH * np.minimum(size[:len(drawn)] / scale, 1), rtol=1e-5)
    assert drawn.max() == pytest.approx(ARROW_LENGTH), "the longer half is capped at the full length"
    plt.close("all")
    with pytest.raises(ValueError, match="no snapshots"):
        lab_scales([])


def test_collapse_is_sharp_samples_on_too_few_modes_at_the_end():
    assert ring.collapsed([ring.Check(100, 8, 0.9), ring.Check(200, 5, 0.95)])
    assert not ring.collapsed([ring.Check(100, 5, 0.95), ring.Check(200, 8, 0.9)]), "judged at the end"
    assert not ring.collapsed([ring.Check(100, 5, 0.3)]), "blurry is not collapsed"


def test_outcome_summarises_runs_over_seeds():
    works = checks(*[False] * 30 + [True] * 10)
    collapses = [ring.Check(100 * (i + 1), 4, 0.95) for i in range(40)]
    result = ring.outcome([works, works, collapses])
    assert (result.seeds, result.reached, result.stayed, result.collapsed) == (3, 2, 2, 1)
    assert result.median_first == 3100 and result.time_on_target == pytest.approx(2 * 0.25 / 3)
    assert ring.outcome([collapses]).median_first == float("inf")
    with pytest.raises(ValueError, match="no runs"):
        ring.outcome([])


def test_the_best_checkpoint_holds_the_best_check_of_the_run(tmp_path, monkeypatch):
    quality = iter([0.3, 0.9, 0.5, 0.95, 0.2, 0.1])       # the sampling generator's high-quality fraction per check
    monkeypatch.setattr(ring, "_check", lambda trainer, generator: ring.Check(trainer.steps, 8, next(quality))
                        if generator is trainer.sampling_generator else ring.Check(trainer.steps, 8, 0.0))
    saved = []
    t = small()
    monkeypatch.setattr(t, "save", lambda path: saved.append((path, t.steps)))
    run = ring.train_and_judge(t, 50, every=10, progress=False, best=tmp_path / "best.pt")
    assert saved == [(tmp_path / "best.pt", 10), (tmp_path / "best.pt", 20), (tmp_path / "best.pt", 40)]
    assert run.best == ring.Check(40, 8, 0.95)
    assert ring.train_and_judge(small(), 10, every=10, progress=False).best is None


def test_a_best_checkpoint_restores_that_moment(tmp_path):
    t = small()
    run = ring.train_and_judge(t, 30, every=10, progress=False, best=tmp_path / "best.pt")
    restored = small(seed=9)
    restored.load(tmp_path / "best.pt")
    assert restored.steps == run.best.step
    assert ring.Check(restored.steps, *ring.ring_quality(restored)[:2]) == ring.Check(
        run.best.step, run.best.modes, pytest.approx(run.best.high_quality, abs=1e-4))
