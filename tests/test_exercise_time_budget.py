"""Exercise checkers give the learner's function a time budget: an endless loop is reported, not waited for."""

import signal
import sys
import threading
import time

import numpy as np
import pytest

from bpgan.exercises import core, part1


@pytest.fixture
def short_budget(monkeypatch):
    monkeypatch.setattr(core, "TIME_BUDGET", 0.3)


def endless_sigmoid_prime(z):
    while True:
        pass


def sleepy_sigmoid_prime(z):
    time.sleep(60)


def stubborn_sigmoid_prime(z):
    while True:
        try:
            while True:
                pass
        except KeyboardInterrupt:             # a learner's bare except swallows the first interrupt
            pass


@pytest.mark.parametrize("function", [endless_sigmoid_prime, sleepy_sigmoid_prime, stubborn_sigmoid_prime])
def test_a_function_that_never_returns_is_reported_within_its_budget(short_budget, function):
    start = time.perf_counter()
    feedback = part1.check_sigmoid_prime(function)
    assert not feedback.passed
    assert "did not return within 0.3 s — an endless loop" in feedback.message
    assert time.perf_counter() - start < 5


def test_a_right_answer_is_not_slowed_or_disturbed_by_the_budget(short_budget):
    def sigmoid_prime(z):
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s)

    assert part1.check_sigmoid_prime(sigmoid_prime).passed
    time.sleep(0.5)                            # no late interrupt arrives after the checker returned


def test_a_real_keyboard_interrupt_still_stops_the_checker():
    def interrupted(z):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        core.run_with_time_budget(interrupted, (np.zeros(3),), 5.0)


def test_off_the_main_thread_the_function_simply_runs():
    results = []
    worker = threading.Thread(target=lambda: results.append(core.run_with_time_budget(lambda: 42, (), 0.01)))
    worker.start()
    worker.join()
    assert results == [42]


def bare_except_around_a_sleep(z):
    while True:
        try:
            time.sleep(1)
        except:  # noqa: E722 — the learner's bare except, which catches the budget's own exception too
            pass


def keyboard_interrupt_swallowed_around_a_sleep(z):
    while True:
        try:
            time.sleep(0.5)
        except KeyboardInterrupt:
            pass


POOL_TASK_MAY_END = threading.Event()


def waiting_on_an_endless_pool_task(z):
    from concurrent.futures import ThreadPoolExecutor
    return ThreadPoolExecutor(1).submit(POOL_TASK_MAY_END.wait).result()    # the worker waits; the caller waits on it


@pytest.mark.parametrize("function", [bare_except_around_a_sleep, keyboard_interrupt_swallowed_around_a_sleep,
                                      waiting_on_an_endless_pool_task])
def test_code_that_swallows_interrupts_still_stops_soon_after_its_budget(short_budget, function):
    POOL_TASK_MAY_END.clear()
    start = time.perf_counter()
    try:
        feedback = part1.check_sigmoid_prime(function)
    finally:
        POOL_TASK_MAY_END.set()      # the checker cannot stop a thread the learner started: the test ends the task,
    took = time.perf_counter() - start   # or the pool's worker would keep the test process from exiting
    assert not feedback.passed and "did not return within 0.3 s" in feedback.message
    assert "TIME_BUDGET = 30" in feedback.message, "the learner is told how to allow more time"
    assert took < 0.3 + 2.0, f"stopped only after {took:.1f} s"
    assert sys.gettrace() is None and signal.getsignal(signal.SIGINT) is signal.default_int_handler
