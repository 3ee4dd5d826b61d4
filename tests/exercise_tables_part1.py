"""The exercise tables of Part I (notebooks 01–05): for every checker, the mistakes a learner naturally makes,
each with what its message must say, and right answers other than the notebook's (see ``exercise_table.py``).

Each exercise's ``solution`` is the notebook's own solution cell, run here, so the table follows the notebook.
"""

from __future__ import annotations

import linecache
import math

import numpy as np
import torch

from bpgan import activations, costs, gradcheck
from bpgan.autodiff import Value
from bpgan.exercises import part1 as ex
from exercise_table import Exercise, right
from exercise_table import wrong as _wrong
from notebook_files import NOTEBOOK_DIR, code_cells

sigma, sigma_prime = activations.sigmoid.fn, activations.sigmoid.prime
f32 = np.float32


def wrong(label, *functions, says: str):
    """A mistake whose message must match ``says``, which may span the message's lines."""
    return _wrong(label, *functions, says=f"(?s){says}")


def notebook_solutions(number: str) -> dict:
    """The namespace after running, in order, every solution cell of notebook ``number`` ("04")."""
    path = next(NOTEBOOK_DIR.glob(f"{number}_*.ipynb"))
    namespace = {"np": np, "math": math, "torch": torch, "activations": activations, "costs": costs,
                 "gradcheck": gradcheck}
    cells = [cell for cell in code_cells(path) if "solution" in cell.metadata.get("tags", [])]
    for i, cell in enumerate(cells, 1):
        filename = f"<{path.name}, solution cell {i}>"        # readable by inspect, as a notebook cell is
        linecache.cache[filename] = (len(cell.source), None, cell.source.splitlines(True), filename)
        exec(compile(cell.source, filename, "exec"), namespace)
    return namespace


NB01, NB02, NB03, NB04, NB05 = (notebook_solutions(n) for n in ("01", "02", "03", "04", "05"))


def the_solution(namespace: dict, *names: str):
    return right("the notebook's solution", *(namespace[name] for name in names))


def tensor(array, dtype=torch.float32):
    return torch.as_tensor(np.asarray(array), dtype=dtype)


# ---- 01 · the centred difference ---------------------------------------------------------------------

def centred_in_float32(f, x, h):
    x, h = np.float32(x), np.float32(h)
    return (f(x + h) - f(x - h)) / (2 * h)


def centred_in_torch(f, x, h):
    x, h = torch.tensor(x), torch.tensor(h)            # torch's default dtype: float32
    return (f(x + h) - f(x - h)) / (2 * h)


def centred_with_own_step(f, x, h):
    h = 1e-5                                          # "a better step" — but the exercise gives h
    return (f(x + h) - f(x - h)) / (2 * h)


CENTRED_DIFFERENCE = Exercise(
    notebook="01", check=ex.check_centred_difference,
    solution=the_solution(NB01, "centred_difference"),
    mistakes=[
        wrong("the forward difference", lambda f, x, h: (f(x + h) - f(x)) / h, says="forward difference"),
        wrong("the backward difference", lambda f, x, h: (f(x) - f(x - h)) / h, says="backward difference"),
        wrong("divided by h", lambda f, x, h: (f(x + h) - f(x - h)) / h, says="divide by 2h, not h"),
        wrong("f(x − h) − f(x + h)", lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
              says="wrong way round, which flips the sign"),
        wrong("/ 2 * h", lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h, says=r"Python reads a / 2 \* h as \(a / 2\)·h"),
        wrong("no parentheses around the difference", lambda f, x, h: f(x + h) - f(x - h) / (2 * h),
              says=r"only f\(x−h\) is divided by 2h.*parentheses"),
        wrong("a sum instead of the difference", lambda f, x, h: (f(x + h) + f(x - h)) / (2 * h),
              says="adds the two values.*difference"),
        wrong("steps of h/2", lambda f, x, h: (f(x + h / 2) - f(x - h / 2)) / h, says="steps h/2 each way"),
        wrong("computed in float32", centred_in_float32,
              says=r"float32 keeps about 7 significant digits, and f\(x\+h\) − f\(x−h\).*loses.*Use float64"),
        wrong("computed in torch (float32)", centred_in_torch,
              says=r"float32 keeps about 7 significant digits.*Use float64"),
        wrong("rounded to float32 at the end", lambda f, x, h: np.float32((f(x + h) - f(x - h)) / (2 * h)),
              says="your answer is a float32 number: float32 keeps about 7 significant digits.*float64"),
        wrong("its own step instead of h", centred_with_own_step, says="is the h passed in ignored"),
    ],
    also_right=[
        right("½ (f(x+h) − f(x−h)) / h", lambda f, x, h: 0.5 * (f(x + h) - f(x - h)) / h),
        right("the mean of the forward and backward differences",
              lambda f, x, h: ((f(x + h) - f(x)) / h + (f(x) - f(x - h)) / h) / 2),
        right("np.diff of the two values, as a numpy float",
              lambda f, x, h: np.diff([f(x - h), f(x + h)])[0] / (2 * h)),
        right("the library's gradcheck.centred_difference", gradcheck.centred_difference),
    ],
)


# ---- 01 · the engine's local rules -------------------------------------------------------------------

RULE_NAMES = ("add_rule", "mul_rule", "tanh_rule", "exp_rule", "pow_rule")


def rules(**changed) -> tuple:
    """The notebook's five rules, with some replaced."""
    return tuple(changed.get(name, NB01[name]) for name in RULE_NAMES)


def rule_mistake(label, says, **changed):
    return wrong(label, *rules(**changed), says=says)


LOCAL_DERIVATIVES = Exercise(
    notebook="01", check=ex.check_local_derivatives,
    solution=the_solution(NB01, *RULE_NAMES),
    mistakes=[
        rule_mistake("mul_rule returns (a, b)", r"✗ mul_rule: the factors are swapped: ∂\(ab\)/∂a = b",
                     mul_rule=lambda a, b, out: (a, b)),
        rule_mistake("mul_rule returns (1, 1)", r"✗ mul_rule: \(1, 1\) is the rule for a \+ b",
                     mul_rule=lambda a, b, out: (1.0, 1.0)),
        rule_mistake("add_rule returns (b, a)", r"✗ add_rule: \(b, a\) is the product rule",
                     add_rule=lambda a, b, out: (b, a)),
        rule_mistake("add_rule returns (a, b)", "✗ add_rule: .*returns the inputs themselves",
                     add_rule=lambda a, b, out: (a, b)),
        rule_mistake("tanh_rule returns 1 − a²", r"1 − a² squares the input; tanh′\(a\) = 1 − tanh²\(a\)",
                     tanh_rule=lambda a, out: 1 - a ** 2),
        rule_mistake("tanh_rule returns out(1 − out)", "✗ tanh_rule: .*the sigmoid's derivative",
                     tanh_rule=lambda a, out: out * (1 - out)),
        rule_mistake("tanh_rule applies tanh to out", "✗ tanh_rule: tanh\\(out\\) applies tanh twice",
                     tanh_rule=lambda a, out: 1 - math.tanh(out) ** 2),
        rule_mistake("tanh_rule returns 1 − out", "✗ tanh_rule: 1 − out leaves out the square",
                     tanh_rule=lambda a, out: 1 - out),
        rule_mistake("tanh_rule with out*2 for out**2", "✗ tanh_rule: 1 − 2·out doubles out",
                     tanh_rule=lambda a, out: 1 - out * 2),
        rule_mistake("pow_rule as n*a**n - 1", r"✗ pow_rule: n·aⁿ − 1.*brackets",
                     pow_rule=lambda a, n, out: n * a ** n - 1),
        rule_mistake("exp_rule by the power rule", r"a·e\^\(a−1\) applies the power rule.*its own derivative",
                     exp_rule=lambda a, out: a * math.exp(a - 1)),
        rule_mistake("exp_rule returns e^out", "✗ exp_rule: e\\^out applies exp twice",
                     exp_rule=lambda a, out: math.exp(out)),
        rule_mistake("pow_rule returns n·aⁿ", "lowers the exponent by one: n·aⁿ⁻¹, not n·aⁿ",
                     pow_rule=lambda a, n, out: n * a ** n),
        rule_mistake("pow_rule without the factor n", "✗ pow_rule: the factor n is missing",
                     pow_rule=lambda a, n, out: a ** (n - 1)),
        rule_mistake("pow_rule differentiates in the exponent", "derivative with respect to the exponent n",
                     pow_rule=lambda a, n, out: out * math.log(a)),
        rule_mistake("pow_rule as n·out/a", r"✗ pow_rule: at a = 0 .*divides by a.*out/a.*a ≠ 0",
                     pow_rule=lambda a, n, out: n * out / a),
        rule_mistake("pow_rule as n·out/a in numpy floats (nan at a = 0)", r"✗ pow_rule: returned nan.*divides by a",
                     pow_rule=lambda a, n, out: n * np.float64(out) / np.float64(a)),
        rule_mistake("mul_rule as (out/a, out/b)", r"✗ mul_rule: at a = 0 .*divides by a.*∂\(ab\)/∂a is b itself",
                     mul_rule=lambda a, b, out: (out / a, out / b)),
        rule_mistake("mul_rule as (out/a, out/b) in numpy floats", r"✗ mul_rule: returned \[.*nan.*divides by",
                     mul_rule=lambda a, b, out: (np.float64(out) / np.float64(a), np.float64(out) / np.float64(b))),
        rule_mistake("pow_rule with out in place of a", "✗ pow_rule: n·outⁿ⁻¹ puts out = aⁿ where the base belongs",
                     pow_rule=lambda a, n, out: n * out ** (n - 1)),
        rule_mistake("pow_rule with the sign flipped", "✗ pow_rule: the sign is flipped",
                     pow_rule=lambda a, n, out: -n * a ** (n - 1)),
        rule_mistake("pow_rule with the factor n − 1", "✗ pow_rule: the factor is n, not n − 1",
                     pow_rule=lambda a, n, out: (n - 1) * a ** (n - 1)),
        rule_mistake("add_rule returns (1, 0)", r"✗ add_rule: ∂\(a \+ b\)/∂b is 1 too",
                     add_rule=lambda a, b, out: (1.0, 0.0)),
        rule_mistake("add_rule returns (out, out)", r"✗ add_rule: \(out, out\) returns the sum itself",
                     add_rule=lambda a, b, out: (out, out)),
        rule_mistake("mul_rule returns (out, out)", r"✗ mul_rule: \(out, out\) returns the product itself",
                     mul_rule=lambda a, b, out: (out, out)),
        rule_mistake("mul_rule returns (b, b)", r"✗ mul_rule: .*∂\(ab\)/∂b is a, the other factor",
                     mul_rule=lambda a, b, out: (b, b)),
        rule_mistake("exp_rule returns a", "✗ exp_rule: this returns the input a",
                     exp_rule=lambda a, out: a),
        rule_mistake("exp_rule returns 1", "✗ exp_rule: 1 is the derivative of a itself",
                     exp_rule=lambda a, out: 1.0),
        rule_mistake("tanh_rule returns a tuple", r"✗ tanh_rule: .*return one number for tanh, exp and \*\*",
                     tanh_rule=lambda a, out: (1 - out ** 2,)),
        rule_mistake("add_rule returns one number", r"✗ add_rule: .*the pair \(∂out/∂a, ∂out/∂b\) for \+ and ×",
                     add_rule=lambda a, b, out: 1.0),
    ],
    also_right=[
        right("tanh via cosh, exp via math.exp, mul as a list",
              *rules(tanh_rule=lambda a, out: 1 / math.cosh(a) ** 2, exp_rule=lambda a, out: math.exp(a),
                     mul_rule=lambda a, b, out: [b, a])),
        right("all five in float32",
              lambda a, b, out: (f32(1), f32(1)), lambda a, b, out: (f32(b), f32(a)),
              lambda a, out: f32(1) - f32(out) ** 2, lambda a, out: f32(out),
              lambda a, n, out: f32(n) * f32(a) ** f32(n - 1)),
        right("all five as torch float32 tensors",
              lambda a, b, out: (torch.tensor(1.0), torch.tensor(1.0)),
              lambda a, b, out: (torch.tensor(b), torch.tensor(a)),
              lambda a, out: 1 - torch.tensor(out) ** 2, lambda a, out: torch.exp(torch.tensor(a)),
              lambda a, n, out: n * torch.tensor(a) ** (n - 1)),
        right("pow_rule as n·out/a, guarded at a = 0",
              *rules(pow_rule=lambda a, n, out: n * out / a if a != 0 else n * a ** (n - 1))),
        right("pow_rule with math.pow", *rules(pow_rule=lambda a, n, out: n * math.pow(a, n - 1))),
        right("mul_rule as (out/a, out/b), guarded at 0",
              *rules(mul_rule=lambda a, b, out: (out / a if a else b, out / b if b else a))),
    ],
)


# ---- 01 · the sum over paths -------------------------------------------------------------------------

def u(x, y):
    return x * y + x


def gradient_with_the_engine(x, y):
    x, y = Value(x), Value(y)
    ((x * y + x) ** 2).backward()
    return x.grad, y.grad


def gradient_with_torch(x, y):
    x, y = torch.tensor(x, requires_grad=True), torch.tensor(y, requires_grad=True)     # float32
    ((x * y + x) ** 2).backward()
    return x.grad, y.grad


PATH_GRADIENT = Exercise(
    notebook="01", check=ex.check_path_gradient,
    solution=the_solution(NB01, "gradient"),
    mistakes=[
        wrong("only the path through x·y", lambda x, y: (2 * u(x, y) * y, 2 * u(x, y) * x),
              says="only the path through x·y"),
        wrong("only the path through + x", lambda x, y: (2 * u(x, y), 2 * u(x, y) * x),
              says="only the path through '\\+ x'"),
        wrong("no outer derivative", lambda x, y: (y + 1, x), says="outer derivative is missing"),
        wrong("2 instead of 2u", lambda x, y: (2 * (y + 1), 2 * x), says="is 2u, not 2"),
        wrong("the 2 missing", lambda x, y: (u(x, y) * (y + 1), u(x, y) * x),
              says="the 2 of ∂\\(u²\\)/∂u = 2u is missing"),
        wrong("u² for 2u", lambda x, y: ((x * y + x) ** 2 * (y + 1), (x * y + x) ** 2 * x),
              says="u² stands where ∂f/∂u belongs"),
        wrong("∂f/∂y without ∂u/∂y", lambda x, y: (2 * u(x, y) * (y + 1), 2 * u(x, y)), says="∂f/∂y is missing ∂u/∂y"),
        wrong("the two swapped", lambda x, y: (2 * u(x, y) * x, 2 * u(x, y) * (y + 1)), says="swapped"),
        wrong("only ∂f/∂x returned", lambda x, y: 2 * u(x, y) * (y + 1), says=r"return the pair \(∂f/∂x, ∂f/∂y\)"),
    ],
    also_right=[
        right("the expanded formula", lambda x, y: (2 * x * (y + 1) ** 2, 2 * x ** 2 * (y + 1))),
        right("the engine's backward() on f", gradient_with_the_engine),
        right("torch autograd (float32)", gradient_with_torch),
        right("a list of float32 numbers", lambda x, y: [f32(2 * u(x, y) * (y + 1)), f32(2 * u(x, y) * x)]),
    ],
)


# ---- 01 · the backward walk --------------------------------------------------------------------------

def topological(out, visited_as=set):
    """The notebook's order: depth-first with an explicit stack, each node after its parents."""
    order, visited, stack = [], visited_as(), [(out, False)]
    while stack:
        node, parents_listed = stack.pop()
        if parents_listed:
            order.append(node)
        elif node not in visited:
            visited.add(node) if hasattr(visited, "add") else visited.append(node)
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents)
    return order


def walk(order=topological, *, edge=None, reset=True, seed=True, seed_first=False, backwards=True):
    """A backward walk built from its parts, one of them changed: a learner's walk with one natural slip."""
    def backward_walk(out):
        nodes = order(out)
        if seed_first:
            out.grad = 1.0
        if reset:
            for node in nodes:
                node.grad = 0.0
        if seed and not seed_first:
            out.grad = 1.0
        for node in (reversed(nodes) if backwards else nodes):
            for parent, local in zip(node.parents, node.local_derivatives):
                if edge is None:
                    parent.grad += local * node.grad
                else:
                    edge(node, parent, local)
    return backward_walk


def recursive_order(out):
    order, visited = [], set()

    def visit(node):
        if node not in visited:
            visited.add(node)
            for parent in node.parents:
                visit(parent)
            order.append(node)
    visit(out)
    return order


def order_with_repeats(out):
    order, stack = [], [(out, False)]
    while stack:
        node, parents_listed = stack.pop()
        if parents_listed:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents)
    return order


def breadth_first(out):
    order, seen, queue = [], {out}, [out]
    while queue:
        node = queue.pop(0)
        order.append(node)
        for parent in node.parents:
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return order


def assign(node, parent, local):
    parent.grad = local * node.grad


def local_only(node, parent, local):
    parent.grad += local


def towards_the_output(node, parent, local):
    node.grad += local * parent.grad


def skip_out(out):
    """The reversed order without its first entry, out: range(len(order) - 2, -1, -1)."""
    order = topological(out)
    for node in order:
        node.grad = 0.0
    out.grad = 1.0
    for i in range(len(order) - 2, -1, -1):
        for parent, local in zip(order[i].parents, order[i].local_derivatives):
            parent.grad += local * order[i].grad


def walk_out_parents_only(out):
    for node in topological(out):
        node.grad = 0.0
    out.grad = 1.0
    for parent, local in zip(out.parents, out.local_derivatives):
        parent.grad += local * out.grad


def into_data(node, parent, local):
    parent.data += local * node.grad


def times_the_node(node, parent, local):
    parent.grad += local * node


def walk_by_counting_users(out):
    """Kahn's algorithm: a node is passed on once every node that uses it has added its share."""
    nodes, stack, seen = [], [out], {out}
    while stack:
        node = stack.pop()
        nodes.append(node)
        for parent in node.parents:
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    users = {node: 0 for node in nodes}
    for node in nodes:
        for parent in node.parents:
            users[parent] += 1
    for node in nodes:
        node.grad = 0.0
    out.grad = 1.0
    ready = [out]
    while ready:
        node = ready.pop()
        for parent, local in zip(node.parents, node.local_derivatives):
            parent.grad += local * node.grad
            users[parent] -= 1
            if users[parent] == 0:
                ready.append(parent)


def walk_with_a_dict(out):
    """Gradients gathered in a dict keyed by node, written into .grad at the end."""
    order = topological(out)
    grad = {node: 0.0 for node in order}
    grad[out] = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local_derivatives):
            grad[parent] += local * grad[node]
    for node, g in grad.items():
        node.grad = g


def walk_returning_gradients(out):
    order = topological(out)
    return {id(node): 1.0 for node in order}


BACKWARD_WALK = Exercise(
    notebook="01", check=ex.check_backward_walk,
    solution=the_solution(NB01, "backward_walk"),
    mistakes=[
        wrong("= for +=", walk(edge=assign), says=r"kept only one path's share.*parent\.grad \+= local \* node\.grad"),
        wrong("no visited set", walk(order_with_repeats), says=r"once per path.*visited"),
        wrong("breadth-first order", walk(breadth_first, backwards=False), says=r"not in topological order"),
        wrong("the order not reversed", walk(backwards=False),
              says=r"from the inputs to the output: reverse|reaches out last \(the order not reversed\)"),
        wrong("the seed forgotten", walk(seed=False), says=r"every gradient is 0.*out\.grad = 1"),
        wrong("seeded, then reset", walk(seed_first=True), says=r"every gradient is 0.*After resetting.*out\.grad = 1"),
        wrong("no reset", walk(reset=False), says=r"second call .* changed the gradients.*Reset every node's grad"),
        wrong("the local derivative alone", walk(edge=local_only), says=r"only its local derivative"),
        wrong("the edge the wrong way", walk(edge=towards_the_output), says=r"only out\.grad is set.*not into node\.grad"),
        wrong("out skipped by the walk", skip_out,
              says=r"only out\.grad is set.*starts\s+with out itself"),
        wrong("only out's parents", walk_out_parents_only, says=r"only out's own parents got gradients"),
        wrong(".data for .grad", walk(edge=into_data), says=r"changed a node's \.data"),
        wrong("the order inverted to [out]", walk(lambda out: [out]), says=r"only out's own parents|wrong gradient"),
        wrong("local * node (a Value) for local * node.grad", walk(edge=times_the_node), says=r"\.grad holds a Value"),
        wrong("recursion", walk(recursive_order), says=r"recursion limit.*explicit stack"),
        wrong("the library's backward", lambda out: out.backward(), says=r"calls Value\.backward"),
        wrong("the library's order", walk(lambda out: out.graph()), says=r"calls Value\.graph"),
        wrong("gradients returned, not set", walk_returning_gradients,
              says=r"every \.grad is still 0.*returned a dict.*not used"),
    ],
    also_right=[
        right("Kahn's algorithm: count each node's users", walk_by_counting_users),
        right("gradients in a dict, written back at the end", walk_with_a_dict),
        right("visited as a list", walk(lambda out: topological(out, visited_as=list))),
    ],
)


# ---- 04 · BP1 and BP2 on paper -------------------------------------------------------------------------

def paper(solution, **changed):
    """The notebook's paper answers with some replaced."""
    answers = {**solution(), **changed}
    return lambda: answers


BP_ON_PAPER = Exercise(
    notebook="04", check=ex.check_bp_on_paper,
    solution=the_solution(NB04, "bp_on_paper"),
    mistakes=[
        wrong("BP1 of the quadratic cost", paper(NB04["bp_on_paper"], delta_output=-0.0887),
              says=r"2 of 3 right.*\(a − y\)·σ′\(z\), BP1 of the quadratic cost"),
        wrong("BP1 with the sign flipped", paper(NB04["bp_on_paper"], delta_output=0.378), says=r"sign is flipped"),
        wrong("∂C/∂a for δ", paper(NB04["bp_on_paper"], delta_output=-1.61), says=r"∂C/∂a = −1/a"),
        wrong("z for a", paper(NB04["bp_on_paper"], delta_output=-0.5), says=r"uses z = 0\.5 for the output"),
        wrong("BP2 without σ′", paper(NB04["bp_on_paper"], delta_hidden_1=0.8, delta_hidden_2=-0.4),
              says=r"1 of 3 right.*σ′\(z\^l_1\) = σ′\(0\) = ¼ is missing.*σ′\(z\^l_2\) = σ′\(ln 3\)"),
        wrong("σ for σ′", paper(NB04["bp_on_paper"], delta_hidden_1=0.4, delta_hidden_2=-0.3),
              says=r"σ\(0\) = ½ stands where σ′\(0\).*σ\(ln 3\) = ¾ stands where"),
        wrong("the weights swapped", paper(NB04["bp_on_paper"], delta_hidden_1=-0.1, delta_hidden_2=0.15),
              says=r"w\^\{l\+1\}_2 = −1, the weight from neuron 2.*w\^\{l\+1\}_1 = 2, the weight from neuron 1"),
        wrong("the sign of w lost", paper(NB04["bp_on_paper"], delta_hidden_2=0.075), says=r"the sign is lost"),
        wrong("the two hidden errors swapped", paper(NB04["bp_on_paper"], delta_hidden_1=-0.075, delta_hidden_2=0.2),
              says=r"that is δ\^l_2, neuron 2's error — the two answers swapped\?.*that is δ\^l_1, neuron 1's error"),
        wrong("one significant digit", paper(NB04["bp_on_paper"], delta_hidden_2=-0.08), says=r"one significant digit"),
        wrong("σ′ as 1 − σ", paper(NB04["bp_on_paper"], delta_hidden_2=-0.1), says=r"or 1 − σ\(ln 3\)"),
        wrong("cut off, not rounded", paper(NB04["bp_on_paper"], delta_output=-0.377),
              says=r"close, but not right to 3 significant digits"),
        wrong("a number as text", paper(NB04["bp_on_paper"], delta_hidden_1="0.2"), says=r"this is text"),
    ],
    also_right=[
        right("exact expressions", paper(NB04["bp_on_paper"], delta_output=1 / (1 + math.exp(-0.5)) - 1,
                                         delta_hidden_1=2 * 0.4 / 4, delta_hidden_2=-0.4 * 3 / 16)),
        right("more digits, numpy floats", paper(NB04["bp_on_paper"], delta_output=np.float64(-0.37754),
                                                 delta_hidden_1=np.float32(0.2), delta_hidden_2=-0.0750)),
        right("fractions", paper(NB04["bp_on_paper"], delta_hidden_1=1 / 5, delta_hidden_2=-3 / 40)),
    ],
)


# ---- 05 · the batch's 1/m on paper ---------------------------------------------------------------------

BATCH_ON_PAPER = Exercise(
    notebook="05", check=ex.check_batch_on_paper,
    solution=the_solution(NB05, "batch_on_paper"),
    mistakes=[
        wrong("the sum for the mean", paper(NB05["batch_on_paper"], batch_gradient=0.8, bias_change=-0.08,
                                            doubled_batch_gradient=1.6),
              says=r"0 of 3 right.*that is the sum.*steps with the sum.*the sum of the eight"),
        wrong("the step's sign flipped", paper(NB05["batch_on_paper"], bias_change=0.02),
              says=r"SGD steps \*against\* the gradient"),
        wrong("η forgotten", paper(NB05["batch_on_paper"], bias_change=-0.2), says=r"η is missing"),
        wrong("divided by η", paper(NB05["batch_on_paper"], bias_change=-2), says=r"that divides by η"),
        wrong("the doubled batch doubles", paper(NB05["batch_on_paper"], doubled_batch_gradient=0.4),
              says=r"keeps the gradient's size independent of m"),
        wrong("the doubled batch halves", paper(NB05["batch_on_paper"], doubled_batch_gradient=0.1),
              says=r"so does the sum"),
        wrong("divided by m twice", paper(NB05["batch_on_paper"], batch_gradient=0.05), says=r"divided by m twice"),
        wrong("the −0.1 without its sign", paper(NB05["batch_on_paper"], batch_gradient=0.25),
              says=r"counts with its sign"),
        wrong("one answer left as ...", paper(NB05["batch_on_paper"], bias_change=...),
              says=r"not answered yet: bias_change"),
    ],
    also_right=[
        right("expressions", paper(NB05["batch_on_paper"], batch_gradient=(0.3 - 0.1 + 0.5 + 0.1) / 4,
                                   bias_change=-0.1 * (0.3 - 0.1 + 0.5 + 0.1) / 4,
                                   doubled_batch_gradient=2 * (0.3 - 0.1 + 0.5 + 0.1) / 8)),
        right("numpy means", paper(NB05["batch_on_paper"], batch_gradient=np.mean([0.3, -0.1, 0.5, 0.1]),
                                   doubled_batch_gradient=np.mean([0.3, -0.1, 0.5, 0.1] * 2))),
        right("fractions written out", paper(NB05["batch_on_paper"], batch_gradient=1 / 5, bias_change=-1 / 50)),
    ],
)


# ---- 02 · σ′ ----------------------------------------------------------------------------------------

def sigmoid_prime_float32(z):
    s = activations.sigmoid(z.astype(np.float32))
    return s * (1 - s)


def sigmoid_prime_torch(z):
    s = torch.sigmoid(tensor(z))
    return s * (1 - s)


def sigmoid_prime_naive(z):
    s = 1 / (1 + np.exp(-z))                           # overflows for z = −1000, but the result is still right
    return s * (1 - s)


def sigmoid_prime_symmetric(z):
    e = np.exp(-np.abs(z))                             # σ′ is even: never an exp of a large number
    return e / (1 + e) ** 2


SIGMOID_PRIME = Exercise(
    notebook="02", check=ex.check_sigmoid_prime,
    solution=the_solution(NB02, "sigmoid_prime"),
    mistakes=[
        wrong("σ(z) itself", lambda z: sigma(z), says="returns σ\\(z\\) itself"),
        wrong("z(1 − z)", lambda z: z * (1 - z), says="z\\(1 − z\\) is σ′ written for the activation"),
        wrong("σ′ of σ(z)", lambda z: sigma(sigma(z)) * (1 - sigma(sigma(z))),
              says="this is σ′\\(a\\) with a = σ\\(z\\)"),
        wrong("σ(1 + σ)", lambda z: sigma(z) * (1 + sigma(z)), says="check the sign inside"),
        wrong("σ(σ − 1)", lambda z: sigma(z) * (sigma(z) - 1), says="wrong way round, which flips the sign"),
        wrong("−σ(1 − σ)", lambda z: -sigma(z) * (1 - sigma(z)), says="flips the sign"),
        wrong("2σ(1 − σ)", lambda z: 2 * sigma(z) * (1 - sigma(z)), says="2 times the right one.*constant factor"),
        wrong("1 − σ²", lambda z: 1 - sigma(z) ** 2, says="pattern of tanh′"),
        wrong("e^(−z)/(1 + e^(−z))", lambda z: np.exp(-z) / (1 + np.exp(-z)),
              says="is 1 − σ\\(z\\).*denominator squared"),
        wrong("σ(z)(1 − z)", lambda z: sigma(z) * (1 - z), says="the second factor is 1 − σ\\(z\\), not 1 − z"),
        wrong("e^z/(1 + e^(−z))²", lambda z: np.exp(z) / (1 + np.exp(-z)) ** 2, says="has e\\^z on top"),
        wrong("e^(−z)/(1 + e^(−z))², which overflows", lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2,
              says="NaN or inf where the answer is finite.*exp of a large number"),
        wrong("zeros, an array never filled in", lambda z: np.zeros_like(z), says="returned only zeros"),
        wrong("^ for **", lambda z: sigma(z) - sigma(z) ^ 2, says=r"TypeError.*`\^` is Python's exclusive or"),
    ],
    also_right=[
        right("in float32", sigmoid_prime_float32),
        right("in torch (float32)", sigmoid_prime_torch),
        right("σ − σ²", lambda z: sigma(z) - sigma(z) ** 2),
        right("e^(−|z|)/(1 + e^(−|z|))², symmetric", sigmoid_prime_symmetric),
        right("the naive σ, with its overflow noted", sigmoid_prime_naive, says="overflow"),
    ],
)


# ---- 02 · one layer ----------------------------------------------------------------------------------

def square(W):
    return W.shape[0] == W.shape[1]


def layer_forward_adding_into_b(W, a_prev, b):
    """A learner's `+=` that builds z in the bias's own array: right numbers, but the caller's b changes."""
    b += W @ a_prev[:, :1]
    return sigma(W @ a_prev - W @ a_prev[:, :1] + b)


def layer_forward_scaling_a_prev(W, a_prev, b):
    a_prev *= 1.0001
    return sigma(W @ a_prev / 1.0001 + b)


LAYER_FORWARD = Exercise(
    notebook="02", check=ex.check_layer_forward,
    solution=the_solution(NB02, "layer_forward"),
    mistakes=[
        wrong("no activation", lambda W, a, b: W @ a + b, says="this is z\\^l = W a \\+ b; apply the activation"),
        wrong("no bias", lambda W, a, b: sigma(W @ a), says="the bias is missing"),
        wrong("the bias subtracted", lambda W, a, b: sigma(W @ a - b), says="the bias is subtracted"),
        wrong("rows as samples", lambda W, a, b: sigma(a.T @ W.T + b.T), says="rows are samples"),
        wrong("W transposed", lambda W, a, b: sigma(W.T @ a + b),
              says="raised ValueError.*cause: .*W is transposed: w\\^l_jk is the weight \\*to\\* neuron j"),
        wrong("W transposed where it fits", lambda W, a, b: sigma((W.T if square(W) else W) @ a + b),
              says="W is transposed"),
        wrong("b transposed", lambda W, a, b: sigma(W @ a + b.T),
              says="raised ValueError.*cause: .*the bias was added as a row \\(b.T"),
        wrong("b flattened", lambda W, a, b: sigma(W @ a + b.ravel()),
              says="raised ValueError.*cause: .*the flat b.ravel\\(\\) or b\\[:, 0\\]"),
        wrong("b changed in place", layer_forward_adding_into_b, says="changed its input `b` in place"),
        wrong("a_prev scaled in place", layer_forward_scaling_a_prev, says="changed its input `a_prev` in place"),
        wrong("a list of lists", lambda W, a, b: sigma(W @ a + b).tolist(), says="returned a list; return a numpy array"),
        wrong("the bias outside σ", lambda W, a, b: sigma(W @ a) + b, says="the bias goes inside σ"),
        wrong("elementwise W * a", lambda W, a, b: sigma(W * a + b),
              says="raised ValueError.*cause: .*`\\*` multiplies entry by entry.*`@`"),
        wrong("a_prev @ W", lambda W, a, b: sigma(a @ W + b), says="cause: .*a_prev @ W multiplies in the wrong order"),
        wrong("tanh instead of σ", lambda W, a, b: np.tanh(W @ a + b), says="this applies tanh.*sigmoid"),
        wrong("σ′ instead of σ", lambda W, a, b: sigma_prime(W @ a + b), says="σ′\\(z\\^l\\), the derivative"),
        wrong("σ(−z): the minus sign twice", lambda W, a, b: 1 / (1 + np.exp(W @ a + b)), says="this is σ\\(−z\\^l\\)"),
        wrong("ReLU instead of σ", lambda W, a, b: np.maximum(0, W @ a + b), says="this applies ReLU"),
    ],
    also_right=[
        right("in float32", lambda W, a, b: activations.sigmoid(W.astype(f32) @ a.astype(f32) + b.astype(f32))),
        right("in torch (float32), with a note that later cells want an array",
              lambda W, a, b: torch.sigmoid(tensor(W) @ tensor(a) + tensor(b)), says="note: .*torch tensor.*numpy"),
        right("rows as samples, transposed back", lambda W, a, b: sigma(a.T @ W.T + b.T).T),
        right("1/(1 + e^(−z)) with np.dot", lambda W, a, b: 1 / (1 + np.exp(-(np.dot(W, a) + b)))),
        right("einsum", lambda W, a, b: sigma(np.einsum("jk,km->jm", W, a) + b)),
    ],
)


# ---- 03 · the quadratic cost -------------------------------------------------------------------------

def quadratic_cost_by_columns(a, y):
    return sum(0.5 * np.sum((y[:, x] - a[:, x]) ** 2) for x in range(a.shape[1])) / a.shape[1]


QUADRATIC_COST = Exercise(
    notebook="03", check=ex.check_quadratic_cost,
    solution=the_solution(NB03, "quadratic_cost"),
    mistakes=[
        wrong("the sum over the batch", lambda a, y: 0.5 * np.sum((y - a) ** 2),
              says="sum over the batch.*mean of the per-sample"),
        wrong("the mean over every entry", lambda a, y: 0.5 * np.mean((y - a) ** 2), says="averages over every entry"),
        wrong("the mean over every entry, no ½", lambda a, y: np.mean((y - a) ** 2),
              says="averages over every entry.*the ½ is missing"),
        wrong("no ½", lambda a, y: np.mean(np.sum((y - a) ** 2, axis=0)), says="the ½ is missing"),
        wrong("the norm, not squared", lambda a, y: 0.5 * np.mean(np.linalg.norm(y - a, axis=0)),
              says="must be squared"),
        wrong("summed along the rows", lambda a, y: 0.5 * np.mean(np.sum((y - a) ** 2, axis=1)),
              says="n_L, the number of rows.*axis=0"),
        wrong("divided by len(a)", lambda a, y: 0.5 * np.sum((y - a) ** 2) / len(a),
              says="n_L, the number of rows.*a.shape\\[1\\]"),
        wrong("the column's sum squared", lambda a, y: 0.5 * np.mean(np.sum(y - a, axis=0) ** 2),
              says="squares the column's sum"),
        wrong("one cost per sample", lambda a, y: 0.5 * np.sum((y - a) ** 2, axis=0),
              says="the cost C is a single number"),
        wrong("/ 2 * m", lambda a, y: np.sum((y - a) ** 2) / 2 * a.shape[1], says="`/ 2 \\* m` multiplies by m"),
        wrong("|y − a| for (y − a)²", lambda a, y: 0.5 * np.mean(np.sum(np.abs(y - a), axis=0)),
              says="\\|y − a\\| is not squared"),
        wrong("the cross-entropy", lambda a, y: -np.mean(np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0)),
              says="this is the cross-entropy cost"),
        wrong("the root of the cost", lambda a, y: np.sqrt(np.mean(np.sum((y - a) ** 2, axis=0))),
              says="the square root undoes the square"),
    ],
    also_right=[
        right("in float32", lambda a, y: np.mean(f32(0.5) * np.sum((y.astype(f32) - a.astype(f32)) ** 2, axis=0))),
        right("in torch (float32)", lambda a, y: 0.5 * ((tensor(y) - tensor(a)) ** 2).sum(dim=0).mean()),
        right("the sum over 2m", lambda a, y: np.sum((y - a) ** 2) / (2 * a.shape[1])),
        right("a loop over the columns", quadratic_cost_by_columns),
        right("½ mean of squared norms", lambda a, y: 0.5 * np.mean(np.linalg.norm(y - a, axis=0) ** 2)),
    ],
)


# ---- 03 · the cross-entropy's derivative ----------------------------------------------------------

def cross_entropy_derivative_by_autograd(a, y):
    a = torch.tensor(a, requires_grad=True)            # float64, as a is
    (-(torch.tensor(y) * torch.log(a) + (1 - torch.tensor(y)) * torch.log(1 - a))).sum().backward()
    return a.grad


CROSS_ENTROPY_DERIVATIVE = Exercise(
    notebook="03", check=ex.check_cross_entropy_derivative,
    solution=the_solution(NB03, "cross_entropy_derivative"),
    mistakes=[
        wrong("a − y", lambda a, y: a - y, says="a − y is δ\\^L"),
        wrong("divided by the batch size", lambda a, y: (a - y) / (a * (1 - a)) / a.shape[1],
              says="divided by the batch size"),
        wrong("the second term's sign", lambda a, y: -y / a - (1 - y) / (1 - a), says="the second term's sign"),
        wrong("(y − a)/(a(1 − a))", lambda a, y: (y - a) / (a * (1 - a)), says="the sign is flipped: d/da of −y ln a"),
        wrong("/ a * (1 - a)", lambda a, y: (a - y) / a * (1 - a), says="multiplies by \\(1 − a\\): Python reads"),
        wrong("only the first term", lambda a, y: -y / a, says="only the first term"),
        wrong("(a − y)/a", lambda a, y: (a - y) / a, says="the denominator is a\\(1 − a\\), not a"),
        wrong("(a − y)·a(1 − a)", lambda a, y: (a - y) * a * (1 - a), says="multiplies by a\\(1 − a\\), where"),
        wrong("the cost itself", lambda a, y: -(y * np.log(a) + (1 - y) * np.log(1 - a)), says="the cost C_x itself"),
        wrong("transposed", lambda a, y: ((a - y) / (a * (1 - a))).T, says="shape of a: \\(n_L, m\\)"),
    ],
    also_right=[
        right("in float32", lambda a, y: (a.astype(f32) - y.astype(f32)) / (a.astype(f32) * (1 - a.astype(f32)))),
        right("in torch (float32)", lambda a, y: (tensor(a) - tensor(y)) / (tensor(a) * (1 - tensor(a)))),
        right("the two terms, uncombined", lambda a, y: -y / a + (1 - y) / (1 - a)),
        right("torch autograd on the cost", cross_entropy_derivative_by_autograd),
    ],
)


# ---- 04 · BP1 ---------------------------------------------------------------------------------------

def output_error_scaling_a(a, z, y):
    a -= y                              # a learner's shortcut: a now holds a − y, in the caller's array too
    return a * sigma_prime(z)


OUTPUT_ERROR = Exercise(
    notebook="04", check=ex.check_output_error,
    solution=the_solution(NB04, "output_error"),
    mistakes=[
        wrong("σ′(a)", lambda a, z, y: (a - y) * sigma_prime(a), says="σ′ was applied to a"),
        wrong("no σ′", lambda a, z, y: a - y, says="σ′\\(z\\^L\\) is missing"),
        wrong("y − a", lambda a, z, y: (y - a) * sigma_prime(z), says="\\(y − a\\) has the sign flipped"),
        wrong("σ(z) for σ′(z)", lambda a, z, y: (a - y) * sigma(z), says="multiplies by σ\\(z\\)"),
        wrong("@ for ⊙", lambda a, z, y: (a - y) @ sigma_prime(z).T, says="Hadamard"),
        wrong("np.dot for ⊙", lambda a, z, y: np.dot(a - y, sigma_prime(z)),
              says="raised ValueError.*cause: .*not the matrix product `@` \\(or np.dot\\)"),
        wrong("z(1 − z)", lambda a, z, y: (a - y) * z * (1 - z), says="z\\(1 − z\\) is σ′ written for the activation"),
        wrong("divided by m", lambda a, z, y: (a - y) * sigma_prime(z) / a.shape[1], says="divided by the batch size"),
        wrong("the cross-entropy's ∂C/∂a, no σ′", lambda a, z, y: (a - y) / (a * (1 - a)),
              says="∂C/∂a of the cross-entropy.*quadratic one"),
        wrong("the cross-entropy's ∂C/∂a ⊙ σ′", lambda a, z, y: (a - y) / (a * (1 - a)) * sigma_prime(z),
              says="returns a − y.*Either σ′\\(z\\^L\\) is missing, or ∂C/∂a is the cross-entropy's.*cancels σ′"),
        wrong("½(a − y)² ⊙ σ′", lambda a, z, y: 0.5 * (a - y) ** 2 * sigma_prime(z), says="is the cost C_x itself"),
        wrong("a − y·σ′ without parentheses", lambda a, z, y: a - y * sigma_prime(z),
              says="only y is multiplied by σ′.*parentheses"),
        wrong("a scaled in place", output_error_scaling_a, says="changed its input `a` in place"),
    ],
    also_right=[
        right("in float32", lambda a, z, y: (a.astype(f32) - y.astype(f32)) * sigma_prime(z.astype(f32))),
        right("in torch (float32)", lambda a, z, y: (tensor(a) - tensor(y)) * torch.sigmoid(tensor(z))
              * (1 - torch.sigmoid(tensor(z)))),
        right("σ′ as a(1 − a)", lambda a, z, y: (a - y) * a * (1 - a)),
        right("np.multiply", lambda a, z, y: np.multiply(a - y, activations.sigmoid.prime(z))),
    ],
)


# ---- 04 · BP2 ---------------------------------------------------------------------------------------

BACKPROPAGATE_ERROR = Exercise(
    notebook="04", check=ex.check_backpropagate_error,
    solution=the_solution(NB04, "backpropagate_error"),
    mistakes=[
        wrong("no transpose", lambda W, d, z: (W @ d) * sigma_prime(z),
              says="raised ValueError.*hint: W_next is.*cause: .*the transpose is missing"),
        wrong("no transpose, where it fits", lambda W, d, z: ((W if square(W) else W.T) @ d) * sigma_prime(z),
              says="the transpose is missing"),
        wrong("σ′(a^l)", lambda W, d, z: (W.T @ d) * sigma_prime(sigma(z)), says="σ′\\(a\\^l\\)"),
        wrong("no σ′", lambda W, d, z: W.T @ d, says="the factor σ′\\(z\\^l\\) is missing"),
        wrong("the sign flipped", lambda W, d, z: -(W.T @ d) * sigma_prime(z), says="sign is flipped"),
        wrong("σ for σ′", lambda W, d, z: (W.T @ d) * sigma(z), says="multiplies by σ\\(z\\^l\\)"),
        wrong("z(1 − z)", lambda W, d, z: (W.T @ d) * z * (1 - z),
              says="z\\(1 − z\\) is σ′ written for the activation"),
        wrong("@ for ⊙", lambda W, d, z: (W.T @ d) @ sigma_prime(z),
              says="cause: .*`\\*` in numpy, not the matrix product"),
        wrong("σ′ before the weights", lambda W, d, z: W.T @ (d * sigma_prime(z)),
              says="cause: .*σ′\\(z\\^l\\) was applied to δ\\^\\{l\\+1\\} before the weights"),
        wrong("delta_next @ W_next", lambda W, d, z: (d @ W) * sigma_prime(z),
              says="cause: .*delta_next @ W_next multiplies in the wrong order"),
    ],
    also_right=[
        right("in float32", lambda W, d, z: (W.T.astype(f32) @ d.astype(f32)) * sigma_prime(z.astype(f32))),
        right("in torch (float32)", lambda W, d, z: (tensor(W).T @ tensor(d)) * torch.sigmoid(tensor(z))
              * (1 - torch.sigmoid(tensor(z)))),
        right("(δᵀ W)ᵀ", lambda W, d, z: (d.T @ W).T * sigma_prime(z)),
        right("einsum, σ′ as σ(1 − σ)", lambda W, d, z: np.einsum("kj,km->jm", W, d) * sigma(z) * (1 - sigma(z))),
    ],
)


# ---- 04 · the whole of backprop -------------------------------------------------------------------

output_error, backpropagate_error = NB04["output_error"], NB04["backpropagate_error"]


def backprop_with(*, bp1=None, bp2_range=None, bp2=None, bp3=None, bp4=None, order=None, step=False):
    """The notebook's backprop with one part swapped: each mistake below is one visible change."""
    def backprop(net, X, Y):
        zs, a = net.forward(X)
        L, m = net.L, X.shape[1]
        delta = {L: bp1(a, zs, Y, L, m) if bp1 else output_error(a[L], zs[L], Y)}
        for l in (bp2_range or (lambda L: range(L - 1, 1, -1)))(L):
            delta[l] = (bp2(net, delta, zs, a, l) if bp2 else
                        backpropagate_error(net.weights[l + 1], delta[l + 1], zs[l]))
        nabla_b = {l: (bp3(delta[l]) if bp3 else delta[l].mean(axis=1, keepdims=True)) for l in net.layer_numbers}
        nabla_w = {l: (bp4(delta, a, l, m) if bp4 else delta[l] @ a[l - 1].T / m) for l in net.layer_numbers}
        if step:
            for l in net.layer_numbers:
                net.weights[l] -= 0.1 * nabla_w[l]
        return order(nabla_w, nabla_b) if order else (nabla_w, nabla_b)
    return backprop


def backprop_float32(net, X, Y):
    zs, a = net.forward(X)
    zs = {l: z.astype(f32) for l, z in zs.items()}
    a = {l: v.astype(f32) for l, v in a.items()}
    W = {l: net.weights[l].astype(f32) for l in net.layer_numbers}
    L, m = net.L, X.shape[1]
    delta = {L: (a[L] - Y.astype(f32)) * a[L] * (1 - a[L])}
    for l in range(L - 1, 1, -1):
        delta[l] = (W[l + 1].T @ delta[l + 1]) * a[l] * (1 - a[l])
    return ({l: delta[l] @ a[l - 1].T / f32(m) for l in net.layer_numbers},
            {l: delta[l].mean(axis=1, keepdims=True) for l in net.layer_numbers})


def backprop_by_autograd(net, X, Y):
    """torch builds the same network in float32 and differentiates the mean quadratic cost."""
    W = {l: tensor(net.weights[l]).requires_grad_() for l in net.layer_numbers}
    b = {l: tensor(net.biases[l]).requires_grad_() for l in net.layer_numbers}
    a = tensor(X)
    for l in net.layer_numbers:
        a = torch.sigmoid(W[l] @ a + b[l])
    (0.5 * ((a - tensor(Y)) ** 2).sum(dim=0).mean()).backward()
    return {l: W[l].grad for l in net.layer_numbers}, {l: b[l].grad for l in net.layer_numbers}


def backprop_sample_by_sample(net, X, Y):
    """Nielsen's structure: each column on its own, then the mean of the per-sample gradients."""
    m = X.shape[1]
    sums_w = {l: 0 for l in net.layer_numbers}
    sums_b = {l: 0 for l in net.layer_numbers}
    for x in range(m):
        nabla_w, nabla_b = NB04["backprop"](net, X[:, [x]], Y[:, [x]])
        for l in net.layer_numbers:
            sums_w[l] = sums_w[l] + nabla_w[l] / m
            sums_b[l] = sums_b[l] + nabla_b[l] / m
    return sums_w, sums_b


def keyed_from(start):
    """The notebook's backprop, its dicts re-keyed by position from ``start``."""
    def backprop(net, X, Y):
        return tuple({start + i: part[l] for i, l in enumerate(net.layer_numbers)}
                     for part in NB04["backprop"](net, X, Y))
    return backprop


def as_lists(net, X, Y):
    nabla_w, nabla_b = NB04["backprop"](net, X, Y)
    return list(nabla_w.values()), list(nabla_b.values())


BACKPROP = Exercise(
    notebook="04", check=ex.check_backprop,
    solution=the_solution(NB04, "backprop"),
    mistakes=[
        wrong("the BP2 loop one layer short", backprop_with(bp2_range=lambda L: range(L - 1, 2, -1)),
              says="raised KeyError: 2.*hint: .*BP2 must bring δ back to layer 2.*range\\(L − 1, 1, −1\\)"),
        wrong("the BP2 loop one layer too far", backprop_with(bp2_range=lambda L: range(L - 1, 0, -1)),
              says="raised KeyError.*hint: the loop reached layer 1, the input layer"),
        wrong("the BP2 loop starting at L", backprop_with(bp2_range=lambda L: range(L, 1, -1)),
              says="raised KeyError.*hint: there is no layer \\d: .*BP2 starts at l = L − 1"),
        wrong("sums over the batch", backprop_with(bp3=lambda d: d.sum(axis=1, keepdims=True),
                                                   bp4=lambda delta, a, l, m: delta[l] @ a[l - 1].T),
              says="times too large: that is the sum over the batch"),
        wrong("BP4 with a^l", backprop_with(bp4=lambda delta, a, l, m: delta[l] @ a[l].T / m),
              says="BP4 pairs δ\\^\\d with the activations of the layer before"),
        wrong("BP3 over the neurons", backprop_with(bp3=lambda d: d.mean(axis=0, keepdims=True)),
              says="mean over the n_l neurons \\(axis=0\\)"),
        wrong("BP3 without keepdims", backprop_with(bp3=lambda d: d.mean(axis=1)), says="keepdims=True"),
        wrong("BP1 with σ′(a^L)", backprop_with(bp1=lambda a, zs, Y, L, m: output_error(a[L], a[L], Y)),
              says="δ\\^L used σ′\\(a\\^L\\)"),
        wrong("BP1 without σ′", backprop_with(bp1=lambda a, zs, Y, L, m: a[L] - Y), says="leaves out σ′\\(z\\^L\\)"),
        wrong("BP1 with y − a", backprop_with(bp1=lambda a, zs, Y, L, m: output_error(Y, zs[L], a[L])),
              says="wrong sign"),
        wrong("BP1 divided by m", backprop_with(bp1=lambda a, zs, Y, L, m: output_error(a[L], zs[L], Y) / m),
              says="m = \\d times too small: the batch mean is taken twice"),
        wrong("BP2 with σ′(a^l)", backprop_with(
            bp2=lambda net, delta, zs, a, l: backpropagate_error(net.weights[l + 1], delta[l + 1], a[l])),
              says="BP2 used σ′\\(a\\^l\\)"),
        wrong("returns (nabla_b, nabla_w)", backprop_with(order=lambda w, b: (b, w)), says="the two dicts are swapped"),
        wrong("lists instead of dicts", as_lists, says="must be a dict keyed by layer number"),
        wrong("dicts keyed from 0", keyed_from(0), says="keys are \\[0, .*key it by layer number"),
        wrong("dicts keyed from 1", keyed_from(1), says="keys are \\[1, .*key it by layer number"),
        wrong("BP3 with the first column only", backprop_with(bp3=lambda d: d[:, [0]]),
              says="while every ∂C/∂W is right.*BP3"),
        wrong("BP3 as the mean of every entry", backprop_with(bp3=lambda d: np.full((d.shape[0], 1), d.mean())),
              says="while every ∂C/∂W is right.*BP3"),
        wrong("BP3 as a single number", backprop_with(bp3=lambda d: d.mean()), says="is a single number.*mean\\(axis=1"),
        wrong("BP3 divided by len(delta)", backprop_with(bp3=lambda d: d.sum(axis=1, keepdims=True) / d.shape[0]),
              says="divided by n_\\d = \\d, the number of neurons"),
        wrong("steps the weights too", backprop_with(step=True), says="changed net.weights"),
    ],
    also_right=[
        right("in float32", backprop_float32),
        right("torch autograd (float32)", backprop_by_autograd),
        right("sample by sample, then the mean", backprop_sample_by_sample),
        right("a list of the two dicts", lambda net, X, Y: list(NB04["backprop"](net, X, Y))),
    ],
)


# ---- 05 · the weight gradient -------------------------------------------------------------------

def weight_gradient_by_samples(delta, a_prev):
    return np.mean([np.outer(delta[:, x], a_prev[:, x]) for x in range(delta.shape[1])], axis=0)


WEIGHT_GRADIENT = Exercise(
    notebook="05", check=ex.check_weight_gradient,
    solution=the_solution(NB05, "weight_gradient"),
    mistakes=[
        wrong("the sum over the batch", lambda d, a: d @ a.T, says="sum over the batch.*divide by m"),
        wrong("a_prev @ delta.T", lambda d, a: a @ d.T / d.shape[1], says="transposed.*shape of W\\^l"),
        wrong("the sign flipped", lambda d, a: -d @ a.T / d.shape[1], says="sign is flipped"),
        wrong("divided by n_{l−1}", lambda d, a: d @ a.T / a.shape[0],
              says="divides by a_prev.shape\\[0\\] = n_\\{l−1\\}"),
        wrong("divided by len(delta)", lambda d, a: d @ a.T / len(d), says="divides by n_l.*delta.shape\\[1\\]"),
        wrong("elementwise *", lambda d, a: np.mean(d * a, axis=1),
              says="raised ValueError.*not the elementwise `\\*`"),
        wrong("the mean over axis 1 of the product", lambda d, a: (d @ a.T).mean(axis=1),
              says="the mean over axis 1 after the product"),
        wrong("delta.T @ a_prev", lambda d, a: d.T @ a / d.shape[1],
              says="raised ValueError.*hint: delta is \\(n_l, m\\)"),
        wrong("divided by delta.size", lambda d, a: d @ a.T / d.size, says="divides by delta.size = n_l·m"),
        wrong("/ 2 * m", lambda d, a: d @ a.T / 2 * d.shape[1], says="`/ 2 \\* m` multiplies by m"),
        wrong("a ½ too many", lambda d, a: d @ a.T / (2 * d.shape[1]), says="BP4 has no ½"),
        wrong("the product of the means", lambda d, a: d.mean(axis=1, keepdims=True) @ a.mean(axis=1, keepdims=True).T,
              says="multiplies the batch means"),
    ],
    also_right=[
        right("in float32", lambda d, a: d.astype(f32) @ a.T.astype(f32) / f32(d.shape[1])),
        right("in torch (float32)", lambda d, a: tensor(d) @ tensor(a).T / d.shape[1]),
        right("einsum", lambda d, a: np.einsum("jm,km->jk", d, a) / d.shape[1]),
        right("the mean of per-sample outer products", weight_gradient_by_samples),
    ],
)


# ---- 05 · one step ------------------------------------------------------------------------------

def sgd_update_in_place(w, nabla_w, eta):
    w -= eta * nabla_w
    return w


def sgd_update_in_place_no_return(w, nabla_w, eta):
    w -= eta * nabla_w


def sgd_update_scaling_the_gradient(w, nabla_w, eta):
    nabla_w *= eta
    return w - nabla_w


SGD_UPDATE = Exercise(
    notebook="05", check=ex.check_sgd_update,
    solution=the_solution(NB05, "sgd_update"),
    mistakes=[
        wrong("gradient ascent", lambda w, g, eta: w + eta * g, says="gradient ascent"),
        wrong("no η", lambda w, g, eta: w - g, says="learning rate η is missing"),
        wrong("only the change", lambda w, g, eta: -eta * g, says="only the change"),
        wrong("divided by η", lambda w, g, eta: w - g / eta, says="divides by η"),
        wrong("η·w", lambda w, g, eta: w - eta * w, says="the step uses w itself"),
        wrong("divided by the number of columns", lambda w, g, eta: w - eta * g / w.shape[1],
              says="gradient of the mean cost already"),
        wrong("in place, without return", sgd_update_in_place_no_return, says="returned None.*`return` statement"),
        wrong("η(w − ∇w)", lambda w, g, eta: eta * (w - g), says="scales the weights by η too"),
        wrong("w(1 − η∇w)", lambda w, g, eta: w * (1 - eta * g), says="multiplies the weights by the step"),
        wrong("∇w − ηw", lambda w, g, eta: g - eta * w, says="swaps the roles of the weights and the gradient"),
        wrong("(∇w)²", lambda w, g, eta: w - eta * g ** 2, says="the gradient is squared"),
        wrong("w − η/∇w", lambda w, g, eta: w - eta / g, says="η/∇w divides by the gradient"),
        wrong("(w − η)∇w", lambda w, g, eta: (w - eta) * g, says="subtracts η from the weights"),
        wrong("ηw − ∇w", lambda w, g, eta: eta * w - g, says="ηw − ∇w scales the weights"),
        wrong("w unchanged", lambda w, g, eta: w.copy(), says="came back unchanged"),
        wrong("the gradient changed in place", sgd_update_scaling_the_gradient, says="changed its input `nabla_w` in place"),
    ],
    also_right=[
        right("in float32", lambda w, g, eta: (w.astype(f32) - f32(eta) * g.astype(f32))),
        right("in torch (float32)", lambda w, g, eta: tensor(w) - eta * tensor(g)),
        right("in place, returned", sgd_update_in_place),
        right("np.subtract", lambda w, g, eta: np.subtract(w, np.multiply(eta, g))),
    ],
)


# ---- 05 · the training loop -----------------------------------------------------------------------

sgd_update = NB05["sgd_update"]


def loop(*, order=None, cut=None, step=None, batch=None, update=None, gradients=None):
    """An epoch of SGD with one part swapped for a variant, so each mistake below is one visible change.

    order(rng, n) gives the order of the samples, cut(order, n, batch_size) the mini-batches,
    batch(X, Y, columns) the arrays handed to backprop, gradients(net, X, Y) the backprop used,
    step(m, eta) the step size for a mini-batch of m and update(net, nabla_w, nabla_b, step) the change
    of the parameters.
    """
    order = order or (lambda rng, n: rng.permutation(n))
    cut = cut or (lambda o, n, size: [o[start:start + size] for start in range(0, n, size)])
    batch = batch or (lambda X, Y, columns: (X[:, columns], Y[:, columns]))
    step = step or (lambda m, eta: eta)
    gradients = gradients or (lambda net, X, Y: net.backprop(X, Y))

    def update_all(net, nabla_w, nabla_b, size):
        for l in net.layer_numbers:
            net.weights[l] = net.weights[l] - size * nabla_w[l]
            net.biases[l] = net.biases[l] - size * nabla_b[l]

    update = update or update_all

    def epoch(net, X, Y, batch_size, eta, rng):
        n = X.shape[1]
        for columns in cut(order(rng, n), n, batch_size):
            nabla_w, nabla_b = gradients(net, *batch(X, Y, columns))
            update(net, nabla_w, nabla_b, step(len(columns), eta))
    return epoch


def per_sample_then_mean(net, X, Y, batch_size, eta, rng):
    """Nielsen's structure: backprop each sample alone, sum, then one step with η/m — right, only slower."""
    order = rng.permutation(X.shape[1])
    for start in range(0, len(order), batch_size):
        columns = order[start:start + batch_size]
        sums_w = {l: 0 for l in net.layer_numbers}
        sums_b = {l: 0 for l in net.layer_numbers}
        for i in columns:
            nabla_w, nabla_b = net.backprop(X[:, [i]], Y[:, [i]])
            for l in net.layer_numbers:
                sums_w[l] = sums_w[l] + nabla_w[l]
                sums_b[l] = sums_b[l] + nabla_b[l]
        for l in net.layer_numbers:
            net.weights[l] -= eta / len(columns) * sums_w[l]
            net.biases[l] -= eta / len(columns) * sums_b[l]


def shuffled_copies(net, X, Y, batch_size, eta, rng):
    """Shuffle the columns of X and Y together, then take consecutive slices — right."""
    order = rng.permutation(X.shape[1])
    X, Y = X[:, order], Y[:, order]
    for start in range(0, X.shape[1], batch_size):
        nabla_w, nabla_b = net.backprop(X[:, start:start + batch_size], Y[:, start:start + batch_size])
        for l in net.layer_numbers:
            net.weights[l] -= eta * nabla_w[l]
            net.biases[l] -= eta * nabla_b[l]


def shuffle_in_place(rng, n):
    indices = np.arange(n)
    rng.shuffle(indices)
    return indices


def two_calls_per_batch(net, X, Y, batch_size, eta, rng):
    """Asks backprop twice for the same mini-batch at the same weights — wasteful, but the step is right."""
    order = rng.permutation(X.shape[1])
    for start in range(0, len(order), batch_size):
        columns = order[start:start + batch_size]
        nabla_w = net.backprop(X[:, columns], Y[:, columns])[0]
        nabla_b = net.backprop(X[:, columns], Y[:, columns])[1]
        step_every_layer(net, nabla_w, nabla_b, eta)


def with_own_backprop(net, X, Y, batch_size, eta, rng):
    """The notebook's loop with the learner's own backprop of notebook 04, which starts with net.forward."""
    n = X.shape[1]
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        batch = order[start:start + batch_size]
        nabla_w, nabla_b = NB04["backprop"](net, X[:, batch], Y[:, batch])
        step_every_layer(net, nabla_w, nabla_b, eta)


def printing_the_cost(net, X, Y, batch_size, eta, rng):
    """The notebook's loop with the own backprop, printing the cost of all of X (a forward pass over X) as it goes."""
    n = X.shape[1]
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        batch = order[start:start + batch_size]
        nabla_w, nabla_b = NB04["backprop"](net, X[:, batch], Y[:, batch])
        step_every_layer(net, nabla_w, nabla_b, eta)
        cost = costs.quadratic.value(net.feedforward(X), Y)
        assert np.isfinite(cost)


def in_float32(net, X, Y, batch_size, eta, rng):
    """Parameters kept in float32 after every step."""
    order = rng.permutation(X.shape[1])
    for start in range(0, X.shape[1], batch_size):
        batch = order[start:start + batch_size]
        nabla_w, nabla_b = net.backprop(X[:, batch], Y[:, batch])
        for l in net.layer_numbers:
            net.weights[l] = (net.weights[l] - eta * nabla_w[l]).astype(np.float32)
            net.biases[l] = (net.biases[l] - eta * nabla_b[l]).astype(np.float32)


def with_sgd_step(net, X, Y, batch_size, eta, rng):
    """The notebook's loop with the library's step in place of backprop and sgd_update — right."""
    order = rng.permutation(X.shape[1])
    for start in range(0, X.shape[1], batch_size):
        batch = order[start:start + batch_size]
        net.sgd_step(X[:, batch], Y[:, batch], eta)


def library_epoch(net, X, Y, batch_size, eta, rng):
    net.sgd_epoch(X, Y, batch_size=batch_size, eta=eta, seed=int(rng.integers(1000)))


def update_loop_variable(net, nabla_w, nabla_b, size):
    for l, w in net.weights.items():
        w = w - size * nabla_w[l]                     # rebinds the name; the network keeps its weights  # noqa: F841


def update_weights_only(net, nabla_w, nabla_b, size):
    for l in net.layer_numbers:
        net.weights[l] = net.weights[l] - size * nabla_w[l]


def update_biases_only(net, nabla_w, nabla_b, size):
    for l in net.layer_numbers:
        net.biases[l] = net.biases[l] - size * nabla_b[l]


def skip_output_layer(net, nabla_w, nabla_b, size):
    for l in range(2, net.L):
        net.weights[l] = net.weights[l] - size * nabla_w[l]
        net.biases[l] = net.biases[l] - size * nabla_b[l]


def update_after_the_loop(net, X, Y, batch_size, eta, rng):
    order = rng.permutation(X.shape[1])
    for start in range(0, len(order), batch_size):
        columns = order[start:start + batch_size]
        nabla_w, nabla_b = net.backprop(X[:, columns], Y[:, columns])
    for l in net.layer_numbers:                       # dedented one level too far
        net.weights[l] = sgd_update(net.weights[l], nabla_w[l], eta)
        net.biases[l] = sgd_update(net.biases[l], nabla_b[l], eta)


def update_after_each_sample(net, X, Y, batch_size, eta, rng):
    order = rng.permutation(X.shape[1])
    for start in range(0, len(order), batch_size):
        for i in order[start:start + batch_size]:
            nabla_w, nabla_b = net.backprop(X[:, [i]], Y[:, [i]])
            step_every_layer(net, nabla_w, nabla_b, eta)


def backprop_per_layer(net, X, Y, batch_size, eta, rng):
    order = rng.permutation(X.shape[1])
    for start in range(0, len(order), batch_size):
        columns = order[start:start + batch_size]
        for l in net.layer_numbers:
            nabla_w, nabla_b = net.backprop(X[:, columns], Y[:, columns])    # after the previous layer moved
            net.weights[l] = sgd_update(net.weights[l], nabla_w[l], eta)
            net.biases[l] = sgd_update(net.biases[l], nabla_b[l], eta)


def step_every_layer(net, nabla_w, nabla_b, eta):
    """One SGD step of every layer with the notebook's own sgd_update: the part the loops below share."""
    for l in net.layer_numbers:
        net.weights[l] = sgd_update(net.weights[l], nabla_w[l], eta)
        net.biases[l] = sgd_update(net.biases[l], nabla_b[l], eta)


def never_calls_backprop(net, X, Y, batch_size, eta, rng):
    for l in net.layer_numbers:
        net.weights[l] = net.weights[l] * 0.5


def x_and_y_shuffled_separately(net, X, Y, batch_size, eta, rng):
    X, Y = X[:, rng.permutation(X.shape[1])], Y[:, rng.permutation(Y.shape[1])]
    for start in range(0, X.shape[1], batch_size):
        nabla_w, nabla_b = net.backprop(X[:, start:start + batch_size], Y[:, start:start + batch_size])
        step_every_layer(net, nabla_w, nabla_b, eta)


def backprop_on_all_of_x(net, X, Y, batch_size, eta, rng):
    n = X.shape[1]
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        batch = order[start:start + batch_size]  # noqa: F841 — cut, but never used
        nabla_w, nabla_b = net.backprop(X, Y)
        step_every_layer(net, nabla_w, nabla_b, eta)


def own_backprop_on_all_of_x(net, X, Y, batch_size, eta, rng):
    n = X.shape[1]
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        batch = order[start:start + batch_size]  # noqa: F841 — cut, but never used
        nabla_w, nabla_b = NB04["backprop"](net, X, Y)
        step_every_layer(net, nabla_w, nabla_b, eta)


def x_and_y_shuffled_in_place(net, X, Y, batch_size, eta, rng):
    """Shuffles the caller's X and Y themselves: right steps, but the notebook's X_train no longer matches
    its labels afterwards."""
    order = rng.permutation(X.shape[1])
    X[...], Y[...] = X[:, order], Y[:, order]
    for start in range(0, X.shape[1], batch_size):
        nabla_w, nabla_b = net.backprop(X[:, start:start + batch_size], Y[:, start:start + batch_size])
        step_every_layer(net, nabla_w, nabla_b, eta)


def permutation_of_batch_size(net, X, Y, batch_size, eta, rng):
    order = rng.permutation(batch_size)                  # batch_size indices, where n were meant
    for start in range(0, X.shape[1], batch_size):
        columns = order[start:start + batch_size]
        if len(columns):
            nabla_w, nabla_b = net.backprop(X[:, columns], Y[:, columns])
            step_every_layer(net, nabla_w, nabla_b, eta)


def permutation_of_batch_size_unguarded(net, X, Y, batch_size, eta, rng):
    order = rng.permutation(batch_size)
    for start in range(0, X.shape[1], batch_size):
        nabla_w, nabla_b = net.backprop(X[:, order[start:start + batch_size]], Y[:, order[start:start + batch_size]])
        step_every_layer(net, nabla_w, nabla_b, eta)


SGD_EPOCH = Exercise(
    notebook="05", check=ex.check_sgd_epoch,
    solution=the_solution(NB05, "sgd_epoch"),
    mistakes=[
        wrong("no shuffle", loop(order=lambda rng, n: np.arange(n)), says="not shuffled"),
        wrong("a fresh generator every epoch", loop(order=lambda rng, n: np.random.default_rng(0).permutation(n)),
              says="both epochs took the samples in the same order"),
        wrong("the global generator", loop(order=lambda rng, n: np.random.permutation(n)),
              says="equally seeded rngs shuffled differently"),
        wrong("the last mini-batch left out",
              loop(cut=lambda o, n, size: [o[start:start + size] for start in range(0, n - size + 1, size)]),
              says="the last, smaller mini-batch was left out: \\d of the \\d+"),
        wrong("the range stops too early",
              loop(cut=lambda o, n, size: [o[start:start + size] for start in range(0, n - size, size)]),
              says="never used"),
        wrong("overlapping mini-batches",
              loop(cut=lambda o, n, size: [o[start:start + size] for start in range(0, n, size - 1)]),
              says="used more than once"),
        wrong("indices drawn with repetition", loop(order=lambda rng, n: rng.integers(0, n, n)),
              says="used more than once"),
        wrong("np.array_split into n // size pieces", loop(cut=lambda o, n, size: np.array_split(o, n // size)),
              says="the mini-batches held"),
        wrong("only the mini-batches' order shuffled",
              loop(order=lambda rng, n: np.concatenate([np.arange(s, min(s + 4, n))
                                                        for s in rng.permutation(range(0, n, 4))])),
              says="only the order of the mini-batches"),
        wrong("the sum of the gradients", loop(step=lambda m, eta: eta * m),
              says="the sum of the mini-batch's per-sample gradients"),
        wrong("divided by m again", loop(step=lambda m, eta: eta / m),
              says="divided by the mini-batch size once too often"),
        wrong("gradient ascent", loop(step=lambda m, eta: -eta), says="gradient ascent"),
        wrong("no η", loop(step=lambda m, eta: 1.0), says="learning rate η is missing"),
        wrong("assigned to a loop variable", loop(update=update_loop_variable), says="assigning to a loop variable"),
        wrong("the weights only", loop(update=update_weights_only), says="the biases never changed"),
        wrong("the biases only", loop(update=update_biases_only), says="only the biases changed"),
        wrong("range(2, net.L)", loop(update=skip_output_layer), says="layer \\d never changed.*range\\(2, net.L\\)"),
        wrong("rows for columns", loop(batch=lambda X, Y, columns: (X[columns], Y[columns])),
              says="raised IndexError.*hint: X\\[batch\\] picks rows"),
        wrong("one sample per row", loop(batch=lambda X, Y, columns: (X[:, columns].T, Y[:, columns])),
              says="raised ValueError.*one sample per row"),
        wrong("inputs changed on the way", loop(batch=lambda X, Y, columns: (X[:, columns] / 2, Y[:, columns])),
              says="not columns of X"),
        wrong("X and Y shuffled separately", x_and_y_shuffled_separately, says="do not belong to its inputs"),
        wrong("X and Y shuffled in place", x_and_y_shuffled_in_place, says="reordered the data `X` or `Y` in place"),
        wrong("rng.permutation(batch_size)", permutation_of_batch_size, says="only samples 0 to \\d were ever used"),
        wrong("rng.permutation(batch_size), empty batches kept", permutation_of_batch_size_unguarded,
              says="holds no samples.*hint: an empty mini-batch.*rng.permutation\\(n\\)"),
        wrong("the update after the loop", update_after_the_loop, says="changed only once in the epoch"),
        wrong("a step after each sample", update_after_each_sample, says="changed after every single sample"),
        wrong("backprop once per layer", backprop_per_layer, says="between two backprop calls on the same mini-batch"),
        wrong("never calls backprop", never_calls_backprop, says="net.backprop was never called"),
        wrong("nabla_w and nabla_b swapped", loop(gradients=lambda net, X, Y: net.backprop(X, Y)[::-1]),
              says="stepped with the biases' gradient.*\\(nabla_w, nabla_b\\), in that order"),
        wrong("the library's own epoch", library_epoch, says="calls net.sgd_epoch, the library's own training loop"),
        wrong("net.backprop on all of X", backprop_on_all_of_x,
              says="net.backprop was given all \\d+ samples.*X\\[:, batch\\]"),
        wrong("the own backprop on all of X", own_backprop_on_all_of_x,
              says="no mini-batch ever went through the network: every forward pass went over all \\d+ samples"),
        wrong("the own backprop, mini-batches of rows",
              loop(batch=lambda X, Y, columns: (X[columns], Y[columns]),
                   gradients=lambda net, X, Y: NB04["backprop"](net, X, Y)),
              says="raised IndexError.*hint: X\\[batch\\] picks rows"),
    ],
    also_right=[
        right("backprop per sample, then the mean", per_sample_then_mean),
        right("X and Y shuffled together, then sliced", shuffled_copies),
        right("rng.shuffle of the indices", loop(order=shuffle_in_place)),
        right("backprop asked twice per mini-batch", two_calls_per_batch),
        right("the own backprop of notebook 04", with_own_backprop),
        right("the own backprop, printing the cost of all of X", printing_the_cost),
        right("parameters kept in float32", in_float32),
        right("the library's step, net.sgd_step, on each mini-batch", with_sgd_step),
    ],
)


EXERCISES = [CENTRED_DIFFERENCE, LOCAL_DERIVATIVES, BACKWARD_WALK, PATH_GRADIENT, SIGMOID_PRIME, LAYER_FORWARD,
             QUADRATIC_COST, CROSS_ENTROPY_DERIVATIVE, OUTPUT_ERROR, BACKPROPAGATE_ERROR, BP_ON_PAPER, BACKPROP,
             BATCH_ON_PAPER, WEIGHT_GRADIENT, SGD_UPDATE, SGD_EPOCH]
