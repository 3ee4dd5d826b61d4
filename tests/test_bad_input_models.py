"""Bad input to the judges, the samplers, the torch files and the checkers: a message that names what was expected
and what arrived, before anything is allocated, trained or changed."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from bpgan import validate
from bpgan.data import faces as F
from bpgan.exercises import core, part1, part4, review
from bpgan.files import UnreadableFile, load_torch_file
from bpgan.gan import conditional
from bpgan.gan.digits import digit_trainer, sample_digits, to_unit
from bpgan.metrics import expression as E
from bpgan.metrics import judge as J

DIGITS = np.random.default_rng(0).random((12, 28, 28)).astype(np.float32)


@pytest.mark.parametrize("count", [2.0, "4", True, None])
def test_a_count_is_a_whole_number_never_rounded(count):
    with pytest.raises(TypeError, match="m must be a whole number ≥ 1"):
        validate.as_count(count, "m")


def test_a_call_that_would_not_fit_in_memory_says_how_much_it_would_need():
    trainer = digit_trainer(DIGITS, seed=0)
    with pytest.raises(MemoryError, match=r"10000000000 noise vectors of 32 numbers would need about 1192\.1 GiB "
                                          r"of memory \(the limit is 4 GiB\)"):
        trainer.samples(10**10)
    with pytest.raises(MemoryError, match=r"drawing 1000000000 samples would need about \d+\.\d GiB"):
        sample_digits(trainer, torch.zeros(1, trainer.noise_dim).expand(10**9, trainer.noise_dim))
    with pytest.raises(MemoryError, match="drawing 1000000000 images"):
        conditional.draw(conditional.conditional_trainer(DIGITS, np.arange(12) % 10).trainer, "7", 10**9)


def test_a_large_draw_that_fits_is_what_the_generator_gives_without_the_measurement():
    """Draws of more than 1,024 first measure one sample's memory: that changes neither the images nor the
    generator (eval mode, no random numbers drawn)."""
    trainer = digit_trainer(DIGITS, seed=0)
    noise = torch.randn(1100, trainer.noise_dim, generator=torch.Generator().manual_seed(1))
    before = {k: v.clone() for k, v in trainer.sampling_generator.state_dict().items()}
    drawn = sample_digits(trainer, noise)
    generator = trainer.sampling_generator.eval()
    with torch.no_grad():
        direct = to_unit(generator(noise))
    assert np.array_equal(drawn, direct)
    assert all(torch.equal(before[k], v) for k, v in trainer.sampling_generator.state_dict().items())


def test_to_unit_takes_the_generators_output_only():
    with pytest.raises(ValueError, match=r"images already in \[0, 1\] need no mapping"):
        to_unit(DIGITS)
    with pytest.raises(ValueError, match=r"a torch tensor \(m, 1, 28, 28\)"):
        to_unit(torch.zeros(2, 28, 28))          # would have come back as (2, 28): one row per image


def test_the_judge_refuses_fractional_labels_instead_of_truncating_them():
    with pytest.raises(ValueError, match=r"labels must be 12 class numbers \(ints 0–9\)"):
        J.train_classifier(DIGITS, np.full(12, 0.5), epochs=1)
    with pytest.raises(TypeError, match="judge must be a DigitJudge"):
        J.predict(E.ExpressionReader(), DIGITS)


def test_smile_agreement_checks_its_readings_against_the_faces():
    params, faces = F.faces(6)
    readings = np.full((6, 4), 0.5)
    with pytest.raises(ValueError, match=r"readings must be \(6, 4\), one row of smile"):
        E.smile_agreement(readings[:3], params)
    with pytest.raises(ValueError, match=r"readings must lie in \[0, 1\]"):
        E.smile_agreement(readings * 100, params)
    with pytest.raises(ValueError, match="no face has |smile| ≥ 1"):
        E.smile_agreement(readings, params, 1.0)


@pytest.mark.parametrize("damage, reason", [
    (lambda path: path.write_bytes(b""), r"it is empty \(0 bytes\)"),
    (lambda path: path.write_text("not torch"), "it is not a file written by torch.save"),
    (lambda path: path.write_bytes(path.read_bytes()[:200]), "it is cut short or damaged"),
])
def test_a_torch_file_that_cannot_be_read_says_why_in_words(tmp_path, damage, reason):
    path = tmp_path / "file.pt"
    torch.save({"weights": torch.zeros(100)}, path)
    damage(path)
    with pytest.raises(UnreadableFile, match=reason):
        load_torch_file(path)


def test_a_missing_torch_file_stays_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_torch_file(tmp_path / "missing.pt")


def test_a_list_the_learners_function_changes_in_place_is_named():
    def receptive_field(layers):
        layers.sort()
        return part4.receptive_field(layers)
    feedback = part4.check_receptive_field(receptive_field)
    assert not feedback.passed and "changed its input `layers` in place (a `layers.pop()`" in feedback.message


def test_a_tensor_the_learners_function_changes_in_place_is_named():
    def objective(fake, target, patch_logits, l1_weight):
        fake.sub_(target)
        return l1_weight * fake.abs().mean() + torch.nn.functional.softplus(-patch_logits).mean()
    feedback = part4.check_translation_objective(objective)
    assert not feedback.passed and "changed its input `fake` in place (a `fake.mul_(…)`" in feedback.message


def test_a_right_answer_that_leaves_its_inputs_alone_still_passes():
    assert part4.check_receptive_field(lambda layers: part4.receptive_field(sorted(layers, key=lambda _: 0))).passed


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 4), st.sampled_from([1e-2, 3e-3, 1e-3 + 1e-9]))
def test_wrong_values_are_shown_where_they_differ_with_digits_that_differ(position, error):
    """The preview shows four values to 4 digits; the message also shows the largest difference, with as many
    digits as it takes for the two numbers to read differently."""
    def sigmoid_prime(z):
        s = 1 / (1 + np.exp(-z))
        out = s * (1 - s)
        out[position] += error
        return out
    message = part1.check_sigmoid_prime(sigmoid_prime).message
    assert f"the largest difference is at [{position}]: expected" in message, message
    expected, got = message.rsplit("expected ", 1)[1].split(", got ")
    assert expected != got


def test_a_shape_written_as_text_is_told_so():
    right = dict(gradient_shape=(30, 784), d_star=0.25, optimum_value=-math.log(4), sigmoid_slope_at_0=0.25,
                 receptive_field=18)
    feedback = review.check_self_test(lambda: {**right, "gradient_shape": ["30", "784"]})
    assert not feedback.passed and "the shape holds text: give whole numbers without quotes" in feedback.message
    assert review.check_self_test(lambda: {**right, "gradient_shape": np.array([30, 784])}).passed
