"""bpgan.gan.training, bpgan.data.toy, bpgan.metrics: Algorithm 1, checkpoints, the ring and its coverage."""

import numpy as np
import pytest
import torch

from bpgan.data.toy import RING_STD, ring_centers, sample_ring
from bpgan.gan.training import HISTORY_KEYS, CheckpointError, GanTrainer
from bpgan.metrics import mode_coverage


def mlp(n_in, n_out, width=16):
    return torch.nn.Sequential(torch.nn.Linear(n_in, width), torch.nn.ReLU(), torch.nn.Linear(width, n_out))


def trainer(seed=0, **kwargs):
    torch.manual_seed(seed)
    return GanTrainer(mlp(4, 2), mlp(2, 1), sample_ring, noise_dim=4, batch_size=32, seed=seed, **kwargs)


def parameters(module):
    return [p.detach().clone() for p in module.parameters()]


def test_ring_centers_lie_on_the_circle_and_samples_near_them():
    centers = ring_centers()
    assert centers.shape == (8, 2)
    np.testing.assert_allclose(centers.norm(dim=1).numpy(), 2.0, rtol=1e-6)
    samples = sample_ring(4000, torch.Generator().manual_seed(0))
    coverage = mode_coverage(samples, centers, RING_STD)
    assert coverage.modes_covered == 8 and coverage.high_quality > 0.98
    assert torch.equal(samples, sample_ring(4000, torch.Generator().manual_seed(0)))


def test_mode_coverage_counts_exactly_the_modes_that_receive_samples():
    centers = ring_centers().numpy()
    rng = np.random.default_rng(0)
    chosen = [0, 2, 3, 5, 7]
    samples = np.concatenate([centers[c] + RING_STD * rng.normal(size=(200, 2)) for c in chosen])
    junk = rng.uniform(-0.5, 0.5, size=(250, 2))          # near the middle of the ring: no mode's
    coverage = mode_coverage(np.concatenate([samples, junk]), centers, RING_STD)
    assert coverage.modes_covered == 5
    assert coverage.high_quality == pytest.approx(1000 / 1250, abs=0.01)
    assert set(np.flatnonzero(coverage.per_mode > 0)) == set(chosen)


def test_mode_coverage_explains_bad_input():
    with pytest.raises(ValueError, match="samples must be \\(n, d\\) and centers \\(k, d\\)"):
        mode_coverage(np.zeros((5, 3)), ring_centers(), RING_STD)
    with pytest.raises(ValueError, match="NaN or infinite"):
        mode_coverage(np.full((2, 2), np.nan), ring_centers(), RING_STD)


def test_a_step_records_history_and_each_player_leaves_the_other_unchanged():
    t = trainer(k=2)
    g_before, d_before = parameters(t.generator), parameters(t.discriminator)
    t.discriminator_step()
    assert all(torch.equal(a, b) for a, b in zip(g_before, parameters(t.generator))), "D's step changed G"
    d_after = parameters(t.discriminator)
    t.generator_step()
    assert all(torch.equal(a, b) for a, b in zip(d_after, parameters(t.discriminator))), "G's step changed D"
    assert not all(torch.equal(a, b) for a, b in zip(d_before, d_after))
    t.train(3, progress=False)
    assert t.steps == 3 and all(len(t.history[key]) == 3 for key in HISTORY_KEYS)


def test_each_step_returns_named_statistics_that_the_history_records():
    t = trainer()
    d, g = t.discriminator_step(), t.generator_step()
    assert 0 < d.d_real < 1 and 0 < d.d_fake < 1 and d.loss > 0 and d.grad_norm > 0
    assert g.loss > 0 and g.grad_norm > 0
    assert d._fields == ("d_real", "d_fake", "loss", "grad_norm") and g._fields == ("loss", "grad_norm")
    t.step()
    assert [t.history[key][0] > 0 for key in HISTORY_KEYS] == [True] * len(HISTORY_KEYS)


def test_resuming_from_a_checkpoint_gives_the_same_run_as_not_stopping(tmp_path):
    straight = trainer(r1_gamma=1.0)
    straight.train(5, progress=False)
    straight.save(tmp_path / "run.pt")
    straight.train(4, progress=False)

    resumed = trainer(seed=123, r1_gamma=1.0)               # different initial weights and random state
    resumed.load(tmp_path / "run.pt")
    resumed.train(4, progress=False)
    assert resumed.steps == straight.steps == 9
    assert all(torch.equal(a, b) for a, b in zip(parameters(straight.generator), parameters(resumed.generator)))
    assert resumed.history == straight.history
    assert [p.name for p in tmp_path.iterdir()] == ["run.pt"], "no temporary file is left behind"


def test_a_corrupt_or_foreign_checkpoint_is_a_clear_error(tmp_path):
    garbage = tmp_path / "garbage.pt"
    garbage.write_bytes(b"not a checkpoint at all")
    with pytest.raises(CheckpointError, match="is not a readable checkpoint"):
        trainer().load(garbage)
    foreign = tmp_path / "foreign.pt"
    torch.save({"weights": torch.zeros(3)}, foreign)
    with pytest.raises(CheckpointError, match="is not a GAN trainer checkpoint .or not of this trainer.; missing"):
        trainer().load(foreign)
    other_shape = tmp_path / "other.pt"
    torch.manual_seed(0)
    GanTrainer(mlp(4, 2, width=8), mlp(2, 1), sample_ring, noise_dim=4).save(other_shape)
    with pytest.raises(CheckpointError, match=r"a generator of another shape: 0.weight is \(8, 4\), this one needs \(16, 4\)"):
        trainer().load(other_shape)


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="kind must be one of"):
        trainer(kind="hinge")
    with pytest.raises(ValueError, match="must be positive"):
        trainer(k=0)


def test_warm_up_trains_only_the_discriminator_and_counts_no_generator_steps():
    t = trainer()
    g_before, d_before = parameters(t.generator), parameters(t.discriminator)
    t.warm_up(3)
    assert all(torch.equal(a, b) for a, b in zip(g_before, parameters(t.generator)))
    assert not all(torch.equal(a, b) for a, b in zip(d_before, parameters(t.discriminator)))
    assert t.steps == 0 and all(not t.history[key] for key in HISTORY_KEYS)


def test_k_discriminator_steps_per_generator_step():
    calls = []
    t = trainer(k=3)
    original = t.discriminator_step
    t.discriminator_step = lambda: calls.append(1) or original()
    t.train(2, progress=False)
    assert len(calls) == 6 and t.steps == 2


def test_minimax_generator_gradient_vanishes_when_d_rejects_the_fakes_but_non_saturating_does_not():
    """Goodfellow et al.'s reason for −log D, measured on the trainer: a D that confidently says "fake"."""
    norms = {}
    for kind in ("minimax", "non_saturating"):
        t = trainer(kind=kind)
        with torch.no_grad():
            t.discriminator[-1].bias.fill_(-12.0)           # D(x) ≈ 6e-6 everywhere
            t.discriminator[-1].weight.mul_(0.01)
        t.step()
        norms[kind] = t.history["g_grad_norm"][-1]
    assert norms["minimax"] < 1e-3 * norms["non_saturating"]


def test_another_optimiser_can_be_chosen_and_survives_a_checkpoint(tmp_path):
    def sgd(parameters, lr):
        return torch.optim.SGD(parameters, lr=lr, momentum=0.9)

    straight = trainer(optimizer=sgd, lr_g=0.01, lr_d=0.02)
    assert isinstance(straight.opt_g, torch.optim.SGD) and straight.opt_d.param_groups[0]["lr"] == 0.02
    straight.train(3, progress=False)
    straight.save(tmp_path / "sgd.pt")
    straight.train(2, progress=False)
    resumed = trainer(seed=9, optimizer=sgd, lr_g=0.01, lr_d=0.02)
    resumed.load(tmp_path / "sgd.pt")
    resumed.train(2, progress=False)
    assert all(torch.equal(a, b) for a, b in zip(parameters(straight.generator), parameters(resumed.generator)))


def test_r1_penalty_sums_each_samples_squared_gradient_over_all_its_coordinates():
    from bpgan.gan.training import r1_penalty

    torch.manual_seed(0)
    D = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(12, 1))
    images = torch.randn(5, 1, 3, 4, requires_grad=True)
    penalty = r1_penalty(D(images), images, gamma=3.0)
    # A linear D has the same gradient, its weight vector, at every input.
    assert penalty.item() == pytest.approx(1.5 * D[1].weight.pow(2).sum().item(), rel=1e-6)
    penalty.backward()
    assert D[1].weight.grad is not None and D[1].weight.grad.abs().sum() > 0, "differentiable in D's weights"


def test_the_weight_average_follows_the_generator_as_an_exponential_moving_average():
    beta = 0.9
    t = trainer(ema=beta)
    expected = parameters(t.generator)
    for _ in range(5):
        t.step()
        expected = [beta * e + (1 - beta) * p for e, p in zip(expected, parameters(t.generator))]
    averaged = parameters(t.averaged_generator)
    assert all(torch.allclose(a, e, atol=1e-6) for a, e in zip(averaged, expected))
    assert not any(torch.equal(a, p) for a, p in zip(averaged, parameters(t.generator)))
    assert t.sampling_generator is t.averaged_generator
    assert not any(p.requires_grad for p in t.averaged_generator.parameters()), "the average is never trained"


def test_without_ema_the_trained_generator_is_the_one_sampled():
    t = trainer()
    assert t.averaged_generator is None and t.sampling_generator is t.generator


def test_samples_come_from_the_weight_average():
    t = trainer(ema=0.5)
    t.train(3, progress=False)
    with torch.no_grad():
        t.averaged_generator[-1].bias += 100.0             # make the average's samples unmistakable
    assert (t.samples(8) > 50).all()


def test_the_weight_average_survives_a_checkpoint(tmp_path):
    straight = trainer(ema=0.8)
    straight.train(3, progress=False)
    straight.save(tmp_path / "run.pt")
    straight.train(2, progress=False)
    resumed = trainer(seed=5, ema=0.8)
    resumed.load(tmp_path / "run.pt")
    resumed.train(2, progress=False)
    assert all(torch.equal(a, b) for a, b in zip(parameters(straight.averaged_generator),
                                                 parameters(resumed.averaged_generator)))
    plain = trainer(seed=5, ema=0.8)
    trainer().save(tmp_path / "no-average.pt")
    with pytest.raises(CheckpointError, match="averaged_generator"):
        plain.load(tmp_path / "no-average.pt")


@pytest.mark.parametrize("ema", [-0.1, 1.0, 1.5])
def test_an_average_outside_its_range_is_refused(ema):
    with pytest.raises(ValueError, match=r"ema is the average's decay β, in \[0, 1\)"):
        trainer(ema=ema)


def test_a_checkpoint_that_does_not_fit_leaves_the_trainer_exactly_as_it_was(tmp_path):
    sgd = trainer(optimizer=lambda params, lr: torch.optim.SGD(params, lr, momentum=0.9))
    sgd.train(2, progress=False)
    sgd.save(tmp_path / "sgd.pt")
    adam = trainer(seed=3)
    adam.train(1, progress=False)
    before = [p.clone() for p in adam.generator.parameters()], adam.steps, adam.opt_g.state_dict()["param_groups"]
    with pytest.raises(CheckpointError, match="another kind of optimiser for opt_g .* uses Adam"):
        adam.load(tmp_path / "sgd.pt")
    assert all(torch.equal(a, b) for a, b in zip(before[0], adam.generator.parameters())), "G was half-loaded"
    assert adam.steps == before[1] and adam.opt_g.state_dict()["param_groups"] == before[2]
    adam.train(1, progress=False)                              # and it still trains


@pytest.mark.parametrize("content, message", [
    (5, "it holds a int, not a dict of parts"),
    ({"generator": 1}, "missing"),
])
def test_a_file_that_holds_something_else_says_so(tmp_path, content, message):
    path = tmp_path / "odd.pt"
    torch.save(content, path)
    with pytest.raises(CheckpointError, match=message):
        trainer().load(path)


def test_a_checkpoint_with_broken_parts_is_refused_part_by_part(tmp_path):
    t = trainer()
    t.save(tmp_path / "good.pt")
    state = torch.load(tmp_path / "good.pt", weights_only=True)
    del state["checksum"]                 # as a file written without one: each part is still checked on its own
    for part, value, message in (("steps", -3, "no valid step count"), ("random", torch.zeros(3), "random-generator"),
                                 ("history", {"d_real": 1}, "training history")):
        torch.save({**state, part: value}, tmp_path / "bad.pt")
        with pytest.raises(CheckpointError, match=message):
            trainer().load(tmp_path / "bad.pt")


@pytest.mark.parametrize("kwargs, message", [
    (dict(r1_gamma=-1.0), "r1_gamma"), (dict(r1_gamma=float("nan")), "r1_gamma"),
    (dict(lr_g=0.0), "step sizes"), (dict(lr_d=float("inf")), "step sizes"),
])
def test_a_bad_penalty_or_step_size_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        trainer(**kwargs)


@pytest.mark.parametrize("steps", [-1, 1.5, "3", True])
def test_a_negative_or_fractional_number_of_steps_is_refused(steps):
    t = trainer()
    for call in (lambda: t.train(steps, progress=False), lambda: t.warm_up(steps)):
        with pytest.raises(ValueError, match="must be a whole number ≥ 0"):
            call()
    assert t.steps == 0


def test_damage_inside_a_checkpoint_is_found_by_its_checksum(tmp_path):
    t = trainer()
    t.train(2, progress=False)
    t.save(tmp_path / "good.pt")
    raw = bytearray((tmp_path / "good.pt").read_bytes())
    state = torch.load(tmp_path / "good.pt", weights_only=True)
    weight = next(iter(state["generator"]))
    state["generator"][weight][0].zero_()                      # a block of zeros written over the weights
    torch.save(state, tmp_path / "zeros.pt")
    raw[len(raw) // 2] ^= 0x10                                 # one flipped bit, inside the tensors' bytes
    (tmp_path / "flipped.pt").write_bytes(raw)
    for name in ("zeros.pt", "flipped.pt"):
        with pytest.raises(CheckpointError, match="is damaged|not a readable checkpoint"):
            trainer().load(tmp_path / name)


def test_an_optimiser_state_that_does_not_fit_or_nan_weights_are_refused_before_anything_loads(tmp_path):
    t = trainer()
    t.train(2, progress=False)
    t.save(tmp_path / "good.pt")
    state = torch.load(tmp_path / "good.pt", weights_only=True)
    del state["checksum"]
    first = next(iter(state["opt_g"]["state"]))
    misfit = {**state, "opt_g": {**state["opt_g"], "state": {**state["opt_g"]["state"],
                                                              first: {**state["opt_g"]["state"][first],
                                                                      "exp_avg": torch.zeros(3, 3)}}}}
    torch.save(misfit, tmp_path / "misfit.pt")
    with pytest.raises(CheckpointError, match=r"opt_g: the exp_avg of parameter \d+ is \(3, 3\).*does not fit"):
        trainer().load(tmp_path / "misfit.pt")
    weight = next(iter(state["discriminator"]))
    state["discriminator"][weight].fill_(float("nan"))
    torch.save(state, tmp_path / "nan.pt")
    with pytest.raises(CheckpointError, match=r"NaN or infinite weights \(discriminator\."):
        trainer().load(tmp_path / "nan.pt")


def test_a_checkpoint_trained_with_other_settings_is_refused(tmp_path):
    trainer(r1_gamma=1.0).save(tmp_path / "r1.pt")
    with pytest.raises(CheckpointError, match=r"other settings .*r1_gamma 1\.0 in the file, 0\.0 here"):
        trainer(r1_gamma=0.0).load(tmp_path / "r1.pt")
