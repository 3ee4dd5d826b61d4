"""bpgan.progress: bars that stay quiet enough for nbval, and none at all when disabled."""

from bpgan.progress import progress_bar


def test_a_bar_redraws_at_most_once_a_second_unless_asked_otherwise():
    bar = progress_bar(range(3), desc="steps")
    assert bar.mininterval >= 1.0 and list(bar) == [0, 1, 2]
    assert progress_bar(range(3), mininterval=0.1).mininterval == 0.1


def test_a_disabled_bar_is_the_plain_iterable():
    items = range(4)
    assert progress_bar(items, enabled=False) is items
