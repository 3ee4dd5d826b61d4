"""Bad input anywhere in the public API gets a clear error that names what was expected — never a silent
wrong answer. One test per kind of mistake a learner makes, and a property test over random bad values."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpgan.network import Network

X, Y = np.zeros((2, 4)), np.zeros((2, 4))


@pytest.mark.parametrize("eta", [float("nan"), float("inf"), -1.0, 0.0, "0.1", True])
@pytest.mark.parametrize("how", ["sgd_step", "sgd_epoch", "train"])
def test_a_learning_rate_must_be_positive_and_finite_everywhere(eta, how):
    net = Network([2, 2])
    calls = {"sgd_step": lambda: net.sgd_step(X, Y, eta),
             "sgd_epoch": lambda: net.sgd_epoch(X, Y, batch_size=2, eta=eta),
             "train": lambda: net.train(X, Y, epochs=1, batch_size=2, eta=eta, progress=False)}
    before = net.weights[2].copy()
    with pytest.raises(ValueError, match=r"eta \(the learning rate η\) must be a positive, finite number"):
        calls[how]()
    assert np.array_equal(net.weights[2], before), "a refused step must not have changed the weights"


@pytest.mark.parametrize("scale", [float("nan"), float("inf"), "1"])
def test_a_gradient_scale_must_be_finite(scale):
    with pytest.raises(ValueError, match="scale must be a finite number"):
        Network([2, 2]).input_gradient(X, Y, scale=scale)


def test_an_integer_dtype_is_refused_instead_of_rounding_every_weight_to_zero():
    with pytest.raises(TypeError, match="dtype must be a float type .* integer weights would all round to 0"):
        Network([2, 2], dtype=np.int64)
    assert Network([2, 2], dtype=np.float32).weights[2].dtype == np.float32


@pytest.mark.parametrize("seed", [-1, 1.5, "0", None, 2**32, True])
def test_a_bad_seed_names_the_seed_everywhere(seed):
    from bpgan.exercises import part1
    from bpgan.gan import ring
    from bpgan.network import minibatches

    calls = [lambda: Network([2, 2], seed=seed), lambda: next(minibatches(4, 2, 1, seed=seed)),
             lambda: ring.ring_trainer(seed, width=4, depth=1)]
    if seed is not None:                                   # a checker's seed None means fresh inputs, not a mistake
        calls.append(lambda: part1.check_sigmoid_prime(lambda z: z, seed=seed))
    for call in calls:
        with pytest.raises((TypeError, ValueError), match=r"seed must be a whole number in \[0, 2\*\*32\)"):
            call()


def test_cross_entropy_refuses_targets_outside_zero_one():
    net = Network([2, 2], cost="cross-entropy")
    with pytest.raises(ValueError, match=r"cross-entropy cost needs targets Y in \[0, 1\]; got values from 0 to 5"):
        net.backprop(X, np.array([[5.0, 0, 0, 0], [0, 0, 0, 0]]))


@pytest.mark.parametrize("labels, error, message", [
    (np.array(["1", "0", "1", "0"]), TypeError, "labels must be class numbers"),
    (np.array([0.0, 1.0, 0.0, 1.0]), TypeError, "labels must be class numbers"),
    (np.array([0, 1, 2, 0]), ValueError, r"labels must lie in 0..1"),
    (np.array([0, -1, 0, 0]), ValueError, r"labels must lie in 0..1"),
])
def test_accuracy_refuses_labels_that_are_not_class_numbers(labels, error, message):
    with pytest.raises(error, match=message):
        Network([2, 2]).accuracy(X, labels)


@pytest.mark.parametrize("call", [
    lambda net: net.feedforward(np.zeros((2, 0))),
    lambda net: net.backprop(np.zeros((2, 0)), np.zeros((2, 0))),
    lambda net: net.cost_value(np.zeros((2, 0)), np.zeros((2, 0))),
    lambda net: net.sgd_step(np.zeros((2, 0)), np.zeros((2, 0)), 0.1),
    lambda net: net.accuracy(np.zeros((2, 0)), np.zeros(0, dtype=int)),
])
def test_an_empty_batch_gets_one_clear_error_everywhere(call):
    with pytest.raises(ValueError, match=r"X holds no samples \(shape \(2, 0\)\): a batch needs at least one column"):
        call(Network([2, 2]))


bad_numbers = st.one_of(st.just(float("nan")), st.just(float("inf")), st.just(-float("inf")),
                        st.floats(max_value=0, allow_nan=False), st.text(max_size=3), st.none(), st.booleans())


@given(eta=bad_numbers)
def test_any_bad_learning_rate_is_refused_by_name(eta):
    with pytest.raises(ValueError, match="eta"):
        Network([2, 2]).sgd_step(X, Y, eta)


@given(value=st.floats(allow_nan=True, allow_infinity=True) | st.integers(-10, 10) | st.text(max_size=2))
def test_a_training_input_either_works_or_is_refused_by_name(value):
    """X filled with any one value: a finite number trains, anything else is refused naming X."""
    net = Network([2, 2])
    batch = np.array([[value] * 3] * 2)
    try:
        net.sgd_step(batch, np.zeros((2, 3)), 0.1)
    except (TypeError, ValueError) as error:
        assert "X" in str(error)
    else:
        assert isinstance(value, (int, float)) and math.isfinite(value)
        assert all(np.isfinite(w).all() for w in net.weights.values())


def test_output_error_takes_an_activation_by_name_like_everything_else():
    from bpgan import activations, costs

    z = np.array([[0.3, -1.2]])
    a, y = activations.sigmoid(z), np.array([[0.0, 1.0]])
    for cost in (costs.quadratic, costs.cross_entropy):
        np.testing.assert_allclose(cost.output_error(z, a, y, "sigmoid"), cost.output_error(z, a, y, activations.sigmoid))
    with pytest.raises(ValueError, match="unknown activation 'sigmod'"):
        costs.quadratic.output_error(z, a, y, "sigmod")


def test_prelu_takes_any_real_number_including_numpy_integers():
    from bpgan import activations

    assert activations.prelu(np.int64(1)).name == "prelu(alpha=1)"
    with pytest.raises(TypeError, match="alpha must be a finite number"):
        activations.prelu(float("nan"))


@pytest.mark.parametrize("compute, error, message", [
    (lambda V: V(1e200) * V(1e200), OverflowError, r"\* gave inf .* too large for a float"),
    (lambda V: V(1e200) ** 2, OverflowError, r"\(1e\+200\) \*\* 2 is too large"),
    (lambda V: V(710.0).exp(), OverflowError, r"exp\(710\) is too large"),
    (lambda V: V(-8.0) ** (1 / 3), ValueError, "a negative number to a fractional power has no real value"),
    (lambda V: V(1e308) + V(1e308), OverflowError, r"\+ gave inf"),
])
def test_the_autodiff_engine_refuses_overflow_and_complex_results(compute, error, message):
    from bpgan.autodiff import Value

    with pytest.raises(error, match=message):
        compute(Value)
    assert (Value(-8.0) ** 3).data == -512                # integer powers of negatives stay allowed


@pytest.mark.parametrize("images, hint", [
    (np.full((2, 28, 28), -0.5), "a generator's tanh output"),
    (np.full((2, 28, 28), 255.0), "pixel values 0–255"),
])
def test_the_judge_refuses_images_outside_zero_one_instead_of_scoring_them(images, hint):
    from bpgan.metrics.judge import as_images

    with pytest.raises(ValueError, match=rf"images must lie in \[0, 1\].*{hint}"):
        as_images(images)


def test_drawing_checks_what_is_asked_and_who_is_asked():
    from bpgan.gan import conditional
    from bpgan.gan.digits import digit_trainer
    from bpgan.metrics import judge as judging

    images = np.random.default_rng(0).random((64, 28, 28)).astype(np.float32)
    labels = np.arange(64) % 10
    run = conditional.conditional_trainer(images, labels, seed=0)
    for n in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="n .* must be a positive whole number"):
            conditional.draw(run.trainer, "7", n)
    with pytest.raises(ValueError, match="whole class numbers; got fractions such as 7.9"):
        conditional.draw_batch(run.trainer, [7.9], [0])
    assert conditional.condition_vectors(np.array([7.0]), [2]).argmax(dim=1).tolist() == [7]
    with pytest.raises(ValueError, match="not conditional"):
        conditional.draw(digit_trainer(images, seed=0), "7", 3)
    with pytest.raises(ValueError, match="labels must be 64 digit classes"):
        judging.accuracy(judging.DigitJudge(), images, labels.astype(str))


@pytest.mark.parametrize("prompt, digit, thickness", [
    ("７", 7, "regular"), ("粗的７", 7, "thick"), ("7️⃣", 7, "regular"), ("a thick 7️⃣", 7, "thick"),
    ("seven\u200b", 7, "regular"), ("ＴＨＩＮ　ｓｅｖｅｎ", 7, "thin"),
])
def test_prompts_typed_with_a_chinese_input_method_or_emoji_are_understood(prompt, digit, thickness):
    from bpgan.gan.text import Condition, parse_prompt

    assert parse_prompt(prompt) == Condition(digit, thickness)


def test_a_long_pasted_prompt_gets_a_short_error():
    from bpgan.gan.text import PromptError, parse_prompt

    with pytest.raises(PromptError) as caught:
        parse_prompt("lorem ipsum dolor " * 50_000)
    message = str(caught.value)
    assert len(message) < 800 and "(900,000 characters)" in message and "and 149,995 more" in message
    with pytest.raises(PromptError, match=r"unknown word '\\x07' in 'seven \\x07'"):
        parse_prompt("seven \x07")


def test_any_error_while_reading_a_cache_means_rebuild_with_a_warning(tmp_path):
    from bpgan.files import read_or_rebuild

    path = tmp_path / "cache.bin"
    path.write_text("old")
    written = []

    def broken_read(p):
        raise AttributeError("'str' object has no attribute 'detach'")

    with pytest.warns(UserWarning, match=r"the cached thing at .* was not used \(AttributeError: 'str' object"):
        value = read_or_rebuild(path, broken_read, lambda: 42, lambda p, v: written.append(v), "thing")
    assert value == 42 and written == [42]


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGALRM"), reason="the probe tool times calls with SIGALRM")
def test_every_probe_of_the_bad_input_tool_gets_a_clear_error():
    """tools/probe_inputs.py feeds ~360 bad inputs to the public API; none may pass silently, hang or crash oddly."""
    import importlib.util

    from notebook_files import ROOT

    spec = importlib.util.spec_from_file_location("probe_inputs", ROOT / "tools" / "probe_inputs.py")
    probe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probe)
    outcomes = [(entry, description, *probe.outcome(call)) for entry, description, call in probe.probes()]
    assert len(outcomes) >= 350
    assert [o for o in outcomes if o[2] != "clear"] == []
