"""One epoch of SGD for Nielsen's [784, 30, 10] network, four ways: how much batching buys.

Data: 50,000 random inputs of MNIST's shape (784 pixels in [0, 1]) with one-hot targets; quadratic cost,
sigmoid neurons, η = 3.0. Compared, for mini-batches of 10 (also 32 and 128):

- per-sample loop: the structure of Nielsen's network.py (float64): one backprop call per sample on a
  column vector, gradients summed over the mini-batch, then one update — written here independently;
- batched numpy: ``bpgan.network.Network.sgd_epoch``, one ``sgd_step`` per mini-batch (float64 and float32);
- torch autograd on the CPU with one thread (float32), ``nn.Linear`` + ``nn.Sigmoid`` + ``optim.SGD``;
All three shuffle the samples every epoch, as SGD does.
- the floor: only the five matrix products of each step (forward and backward), float64.

Each is run REPEATS times, interleaved so that a busy machine slows all alike; medians are printed.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import torch

from bpgan.network import Network

N, SIZES, ETA, REPEATS = 50_000, [784, 30, 10], 3.0, 3


def data(dtype=np.float64):
    """X (784, N) and Y (10, N), one sample per column, stored column by column (as ``as_columns`` gives)."""
    rng = np.random.default_rng(0)
    X_rows = rng.random((N, 784)).astype(dtype)
    Y_rows = np.zeros((N, 10), dtype=dtype)
    Y_rows[np.arange(N), rng.integers(0, 10, N)] = 1
    return X_rows.T, Y_rows.T


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def per_sample_epoch(X, Y, batch):
    """Nielsen's structure: for each mini-batch, backprop each sample alone, sum, then update."""
    net = Network(SIZES, seed=0)
    weights = [net.weights[2].copy(), net.weights[3].copy()]
    biases = [net.biases[2].copy(), net.biases[3].copy()]
    order = np.random.default_rng(0).permutation(N)
    for start in range(0, N, batch):
        sum_w = [np.zeros_like(w) for w in weights]
        sum_b = [np.zeros_like(b) for b in biases]
        for i in order[start:start + batch]:
            x, y = X[:, i:i + 1], Y[:, i:i + 1]
            activation, activations, zs = x, [x], []
            for w, b in zip(weights, biases):
                z = w @ activation + b
                zs.append(z)
                activation = sigmoid(z)
                activations.append(activation)
            delta = (activations[-1] - y) * sigmoid(zs[-1]) * (1 - sigmoid(zs[-1]))
            grad_b = [None, delta]
            grad_w = [None, delta @ activations[-2].T]
            s = sigmoid(zs[0])
            delta = (weights[1].T @ delta) * s * (1 - s)
            grad_b[0], grad_w[0] = delta, delta @ activations[0].T
            for k in range(2):
                sum_w[k] += grad_w[k]
                sum_b[k] += grad_b[k]
        m = min(batch, N - start)
        weights = [w - ETA / m * g for w, g in zip(weights, sum_w)]
        biases = [b - ETA / m * g for b, g in zip(biases, sum_b)]


def batched_epoch(X, Y, batch, dtype):
    Network(SIZES, seed=0, dtype=dtype).sgd_epoch(X, Y, batch_size=batch, eta=ETA, seed=0)


def torch_epoch(X_rows, Y_rows, batch):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 30), torch.nn.Sigmoid(), torch.nn.Linear(30, 10), torch.nn.Sigmoid())
    optimizer = torch.optim.SGD(model.parameters(), lr=ETA)
    order = torch.randperm(N)
    for start in range(0, N, batch):
        rows = order[start:start + batch]
        optimizer.zero_grad()
        out = model(X_rows[rows])
        cost = 0.5 * ((out - Y_rows[rows]) ** 2).sum(dim=1).mean()
        cost.backward()
        optimizer.step()


def matmul_floor_epoch(X, Y, batch):
    """Only the matrix products of each step, on consecutive batches: W²x, W³a², (W³)ᵀδ³, δ³(a²)ᵀ, δ²xᵀ."""
    rng = np.random.default_rng(0)
    W2, W3 = rng.normal(size=(30, 784)), rng.normal(size=(10, 30))
    for start in range(0, N, batch):
        x = X[:, start:start + batch]
        a2 = W2 @ x
        a3 = W3 @ a2
        d2 = W3.T @ a3
        a3 @ a2.T
        d2 @ x.T


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main() -> None:
    torch.set_num_threads(1)
    X64, Y64 = data(np.float64)
    X32, Y32 = X64.astype(np.float32), Y64.astype(np.float32)
    X_rows, Y_rows = torch.from_numpy(X32.T), torch.from_numpy(Y32.T)     # torch: one sample per row
    print(f"one SGD epoch of {SIZES} on {N:,} inputs, η = {ETA}; median of {REPEATS} interleaved runs (seconds)")
    print(f"{'mini-batch':>10} {'per-sample':>11} {'numpy f64':>10} {'numpy f32':>10} {'torch f32':>10} "
          f"{'matmul floor':>13} {'loop/numpy64':>13} {'torch/numpy64':>14}")
    for batch in (10, 32, 128):
        runs = {name: [] for name in ("per-sample", "numpy64", "numpy32", "torch", "floor")}
        for _ in range(REPEATS):
            if batch == 10:
                runs["per-sample"].append(timed(per_sample_epoch, X64, Y64, batch))
            runs["numpy64"].append(timed(batched_epoch, X64, Y64, batch, np.float64))
            runs["numpy32"].append(timed(batched_epoch, X32, Y32, batch, np.float32))
            runs["torch"].append(timed(torch_epoch, X_rows, Y_rows, batch))
            runs["floor"].append(timed(matmul_floor_epoch, X64, Y64, batch))
        median = {name: statistics.median(values) if values else float("nan") for name, values in runs.items()}
        loop_ratio = f"{median['per-sample'] / median['numpy64']:.1f}x" if runs["per-sample"] else "—"
        per_sample = f"{median['per-sample']:.2f}" if runs["per-sample"] else "—"
        print(f"{batch:>10} {per_sample:>11} {median['numpy64']:>10.2f} {median['numpy32']:>10.2f} "
              f"{median['torch']:>10.2f} {median['floor']:>13.2f} {loop_ratio:>13} "
              f"{median['torch'] / median['numpy64']:>13.1f}x")
    print("per-sample is timed at mini-batch 10 only (its cost does not depend on the batch size)")


if __name__ == "__main__":
    main()
