"""Choosing the learning rate and step count from validation measurements (no torch here).

A validation point is a dict with `step`, `loss` (mean token loss of the replies) and `accuracy`
(share of replies the model reproduces exactly). Points are ranked by accuracy first, then by
loss: on classification-like data (short replies) accuracy decides, and where no reply is
reproduced yet (long replies) every accuracy is 0 and the loss decides.
"""


def is_better(point: dict, best: dict, min_delta: float) -> bool:
    """Whether `point` beats `best`: higher accuracy, or the same accuracy and a loss lower by more than min_delta."""
    if point["accuracy"] != best["accuracy"]:
        return point["accuracy"] > best["accuracy"]
    return point["loss"] < best["loss"] - min_delta


class EarlyStopping:
    """Tracks the best validation point of one run; `stopped` once `patience` evaluations in a row did not beat it.

    A loss that is no longer a number (the run diverged) stops at once.
    """

    def __init__(self, patience: int, min_delta: float = 0.01) -> None:
        self.patience = patience
        self.min_delta = min_delta
        self.best = None
        self.misses = 0
        self.stopped = False

    def update(self, point: dict) -> bool:
        """Records a validation point; returns True when it is the run's new best."""
        if point["loss"] != point["loss"] or point["loss"] == float("inf"):
            self.stopped = True
            return False
        if self.best is None or is_better(point, self.best, self.min_delta):
            self.best = point
            self.misses = 0
            return True
        self.misses += 1
        self.stopped = self.misses >= self.patience
        return False


def choose_trial(trials: list) -> int:
    """Index of the trial whose best point is best (the earlier trial, i.e. the lower rate, on a tie); -1 when none has one."""
    chosen = -1
    for index, trial in enumerate(trials):
        best = trial.get("best")
        if best is None:
            continue
        if chosen < 0 or is_better(best, trials[chosen]["best"], 0.0):
            chosen = index
    return chosen
