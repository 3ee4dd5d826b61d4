"""Numbers that judge a generator.

- :mod:`bpgan.metrics.modes`   modes covered and high-quality samples on the 8-Gaussian ring (notebook 08)
- :mod:`bpgan.metrics.judge`   a frozen digit classifier, trained once on the real train split and cached (09–10)
- :mod:`bpgan.metrics.scores`  what the judge says of a batch: class coverage, confidence, Fréchet distance,
  precision and recall
- :mod:`bpgan.metrics.uncertainty`  exact tests and a bootstrap interval for comparisons over a few seeds (08)
"""

from bpgan.metrics.modes import Coverage, mode_coverage
from bpgan.metrics.scores import PrecisionRecall, class_coverage, frechet_distance, mean_confidence, precision_recall

__all__ = ["Coverage", "PrecisionRecall", "class_coverage", "frechet_distance", "mean_confidence", "mode_coverage",
           "precision_recall"]
