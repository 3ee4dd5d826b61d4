"""bpgan.metrics.judge and bpgan.metrics.scores: the frozen digit judge and the scores computed with it."""

import math

import numpy as np
import pytest
import torch

from bpgan.data.mnist import load_mnist
from bpgan.metrics import class_coverage, frechet_distance, mean_confidence
from bpgan.metrics import judge as J


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """The judge for seed 0, trained once for this module in a private cache."""
    directory = tmp_path_factory.mktemp("judge-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BPGAN_CACHE_DIR", str(directory))
        judge = J.load_judge(0)
        assert J.judge_path(0).exists()
        return judge, J.judge_path(0)


def test_the_judge_reads_real_test_digits_well(trained):
    judge, _ = trained
    images, labels = load_mnist("test")
    assert J.accuracy(judge, images, labels) >= 0.95
    probabilities = J.predict(judge, images[:7])
    assert probabilities.shape == (7, 10) and np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    assert J.embed(judge, images[:7]).shape == (7, J.N_FEATURES)
    assert not any(p.requires_grad for p in judge.parameters()), "a frozen judge"


def test_the_cached_judge_is_read_not_retrained(trained, monkeypatch):
    judge, path = trained
    monkeypatch.setenv("BPGAN_CACHE_DIR", str(path.parent))
    monkeypatch.setattr(J, "train_judge", lambda seed: pytest.fail("the cached judge was retrained"))
    again = J.load_judge(0)
    assert all(torch.equal(a, b) for a, b in zip(judge.state_dict().values(), again.state_dict().values()))


def test_training_is_deterministic_for_a_seed_and_leaves_the_callers_random_state_alone(cache_dir):
    torch.manual_seed(123)
    before = torch.random.get_rng_state()
    first, second = J.train_judge(5, epochs=1), J.train_judge(5, epochs=1)
    assert all(torch.equal(a, b) for a, b in zip(first.state_dict().values(), second.state_dict().values()))
    assert torch.equal(torch.random.get_rng_state(), before)
    other = J.train_judge(6, epochs=1)
    assert not torch.equal(first.head.weight, other.head.weight)


@pytest.mark.parametrize("damage, reason", [
    (lambda path: path.write_bytes(b"garbage"), "cannot read it"),
    (lambda path: torch.save({"weights": torch.zeros(2)}, path), "not a cached digit judge"),
    (lambda path: torch.save({"state": {"head.weight": torch.zeros(10, 64)}, "sha256": "0", "version": 1}, path),
     "checksum does not match"),
])
def test_a_damaged_cache_is_reported_and_replaced(cache_dir, monkeypatch, damage, reason):
    path = J.judge_path(0)
    path.parent.mkdir(parents=True)
    damage(path)
    monkeypatch.setattr(J, "train_judge", lambda seed: J.DigitJudge().eval())      # skip the real training
    with pytest.warns(UserWarning, match=reason):
        J.load_judge(0)
    J.read_judge(path)                                                               # replaced by a sound file


def test_bad_images_are_explained():
    with pytest.raises(ValueError, match=r"shape \(m, 28, 28\) or \(m, 1, 28, 28\); got \(3, 784\)"):
        J.as_images(np.zeros((3, 784), dtype=np.float32))
    with pytest.raises(ValueError, match="floats in \\[0, 1\\]; got dtype torch.uint8"):
        J.as_images(np.zeros((2, 28, 28), dtype=np.uint8))
    with pytest.raises(ValueError, match="NaN"):
        J.as_images(np.full((1, 28, 28), np.nan, dtype=np.float32))


def test_class_coverage_is_the_entropy_of_the_class_histogram():
    assert class_coverage(np.full(50, 7)) == 0.0
    assert class_coverage(np.arange(1000) % 10) == pytest.approx(math.log(10))
    assert class_coverage(np.array([0, 0, 1, 1])) == pytest.approx(math.log(2))
    with pytest.raises(ValueError, match="must lie in 0..9"):
        class_coverage(np.array([3, 10]))
    with pytest.raises(ValueError, match="1-D array of class numbers"):
        class_coverage(np.array([0.5, 1.0]))


def test_mean_confidence_is_the_mean_top_probability():
    assert mean_confidence(np.array([[0.9, 0.1], [0.2, 0.8]])) == pytest.approx(0.85)
    with pytest.raises(ValueError, match="sum to 1"):
        mean_confidence(np.array([[2.0, -1.0]]))


def test_frechet_distance_on_known_gaussians():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(400, 6))
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-8)
    shift = np.array([1.0, -2.0, 0, 0, 0, 0.5])
    assert frechet_distance(a, a + shift) == pytest.approx(np.sum(shift ** 2), rel=1e-6)
    # Two centred, isotropic Gaussians with standard deviations s and t differ by d·(s − t)² in the limit.
    big = rng.normal(size=(200_000, 2))
    assert frechet_distance(big, 3 * rng.normal(size=(200_000, 2))) == pytest.approx(2 * (3 - 1) ** 2, rel=0.02)
    with pytest.raises(ValueError, match=r"features_b must have shape \(n, 6\)"):
        frechet_distance(a, a[:, :3])
    with pytest.raises(ValueError, match="at least 2 samples"):
        frechet_distance(a[:1], a)


def test_a_cache_with_the_right_keys_but_no_tensors_is_rebuilt_not_a_crash(cache_dir, monkeypatch):
    path = J.judge_path(0)
    path.parent.mkdir(parents=True)
    torch.save({"state": {"head.weight": "not a tensor"}, "sha256": "0", "version": 1}, path)
    monkeypatch.setattr(J, "train_judge", lambda seed: J.DigitJudge().eval())
    with pytest.warns(UserWarning, match="not a cached digit judge"):
        J.load_judge(0)
    J.read_judge(path)                                                               # the next call reads it
