"""bpgan.autodiff.Value: reverse-mode gradients equal torch.autograd's and finite differences."""

import math
import sys

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from bpgan.autodiff import Value
from bpgan.gradcheck import centred_difference

UNARY = ["exp", "log", "tanh", "sigmoid", "relu", "square", "inverse", "neg"]
BINARY = ["+", "-", "*", "/"]


def apply_unary(op, x):
    """The same operation for a Value and for a torch scalar tensor (inputs kept in a safe range)."""
    if op == "exp":
        return (x * 0.1).exp()            # bounded growth in deep random graphs
    if op == "log":
        return (x * x + 1).log()          # argument ≥ 1
    if op == "tanh":
        return x.tanh()
    if op == "sigmoid":
        return x.sigmoid()
    if op == "relu":
        return x.relu()
    if op == "square":
        return x ** 2
    if op == "inverse":
        return (x * x + 0.5) ** -1
    return -x


def apply_binary(op, x, y):
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    return x / (y * y + 1)                # divisor ≥ 1


@st.composite
def programs(draw):
    """A random expression graph: a list of steps over a growing pool of nodes (so nodes get reused)."""
    n_inputs = draw(st.integers(1, 4))
    inputs = draw(st.lists(st.floats(-2, 2), min_size=n_inputs, max_size=n_inputs))
    steps = []
    for k in range(draw(st.integers(1, 25))):
        pool = n_inputs + k
        if draw(st.booleans()):
            steps.append(("u", draw(st.sampled_from(UNARY)), draw(st.integers(0, pool - 1))))
        else:
            steps.append(("b", draw(st.sampled_from(BINARY)), draw(st.integers(0, pool - 1)),
                          draw(st.integers(0, pool - 1))))
    return inputs, steps


def run(program, leaf):
    inputs, steps = program
    nodes = [leaf(x) for x in inputs]
    for step in steps:
        if step[0] == "u":
            nodes.append(apply_unary(step[1], nodes[step[2]]))
        else:
            nodes.append(apply_binary(step[1], nodes[step[2]], nodes[step[3]]))
    # Sum everything, so that every node (and every reuse of it) reaches the output.
    total = nodes[0]
    for node in nodes[1:]:
        total = total + node
    return nodes[:len(inputs)], total


@given(programs())
def test_random_expression_graphs_match_torch_autograd_in_float64(program):
    leaves, out = run(program, Value)
    out.backward()
    torch_leaves, torch_out = run(program, lambda x: torch.tensor(x, dtype=torch.float64, requires_grad=True))
    torch_out.backward()
    assert out.data == pytest.approx(torch_out.item(), rel=1e-10, abs=1e-10)
    for leaf, torch_leaf in zip(leaves, torch_leaves):
        expected = 0.0 if torch_leaf.grad is None else torch_leaf.grad.item()
        assert leaf.grad == pytest.approx(expected, rel=1e-10, abs=1e-10)


@pytest.mark.parametrize("op", UNARY)
def test_each_unary_rule_matches_a_centred_difference(op):
    for x0 in (-1.3, -0.2, 0.7, 1.9):
        x = Value(x0)
        y = apply_unary(op, x)
        y.backward()
        numeric = centred_difference(lambda t: apply_unary(op, Value(t)).data, x0, h=1e-6)
        assert x.grad == pytest.approx(numeric, rel=1e-7, abs=1e-9)


def test_a_reused_node_accumulates_gradients_from_every_path():
    x = Value(3.0)
    y = x * x + x          # dy/dx = 2x + 1
    y.backward()
    assert x.grad == 7.0


def test_backward_twice_gives_the_same_gradients_not_double():
    x, w = Value(0.5), Value(-2.0)
    y = (x * w).tanh() + x
    y.backward()
    first = (x.grad, w.grad)
    y.backward()
    assert (x.grad, w.grad) == first


def test_backward_on_a_second_output_resets_gradients_of_shared_nodes():
    x = Value(2.0)
    f, g = x * 3, x * x
    f.backward()
    g.backward()
    assert x.grad == 4.0


def test_a_chain_of_100000_operations_is_deeper_than_the_recursion_limit_and_still_works():
    assert sys.getrecursionlimit() < 100_000
    x = Value(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.00001
    y.backward()
    assert x.grad == pytest.approx(1.00001 ** 100_000, rel=1e-9)
    assert len(y.graph()) == 200_001  # x, and a constant and a product per step


def test_graph_lists_parents_before_children():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    order = d.graph()
    assert order[-1] is d
    assert all(order.index(p) < order.index(n) for n in order for p in n.parents)


def test_numbers_mix_with_values_on_either_side():
    x = Value(4.0)
    y = 2 * x + 1 - x / 2 + 3 / x - (1 - x)
    y.backward()
    assert y.data == pytest.approx(2 * 4 + 1 - 2 + 0.75 + 3)
    assert x.grad == pytest.approx(2 - 0.5 - 3 / 16 + 1)


def test_sigmoid_is_stable_far_from_zero():
    for z, expected in ((1000.0, 1.0), (-1000.0, 0.0)):
        s = Value(z).sigmoid()
        assert s.data == expected and math.isfinite(s.data)


def test_float_makes_branches_read_the_same_for_values_and_tensors():
    assert float(Value(2.5)) == 2.5


@pytest.mark.parametrize("bad, error, message", [
    ("3", TypeError, "real number"), ([1.0], TypeError, "real number"), (True, TypeError, "real number"),
    (float("nan"), ValueError, "finite"), (float("inf"), ValueError, "finite"),
])
def test_bad_leaves_are_refused_with_a_message(bad, error, message):
    with pytest.raises(error, match=message):
        Value(bad)


def test_undefined_operations_say_why():
    with pytest.raises(ValueError, match="log needs a positive input"):
        Value(-1.0).log()
    with pytest.raises(ZeroDivisionError, match="division of a Value by zero"):
        Value(1.0) / 0
    with pytest.raises(TypeError, match="Value \\*\\* n needs a plain number"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(TypeError, match="number \\*\\* Value is not supported"):
        2 ** Value(2.0)
