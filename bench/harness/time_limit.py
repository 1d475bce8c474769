"""Quick mode's wall-time limit. The run is split into groups (one per `alternate` call: task (a)
has one per configuration, (b), (c) and (d) one each), each with a weight (the MNIST groups, with
three tools and torch's start-up, weigh 2, the others 1). A group gets its weight's share of the
time left when it starts, and stops starting new repetitions once another one would overrun that
share; time a group leaves unused goes to the later ones. Every tool keeps at least one repetition,
so a single very slow run (torch on a loaded machine can take 10-25x its quiet time) can still push
the run past the limit; the report shows how many repetitions each figure has."""
import time


class TimeLimit:
    def __init__(self, seconds=None, weight=1):
        """`weight`: the sum of the weights of the groups the run will start."""
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.weight_left = weight

    def share(self, weight=1):
        """Seconds the group that starts now may take (infinite without a limit)."""
        if self.deadline is None:
            return float("inf")
        return max(0.0, self.deadline - time.monotonic()) * weight / max(weight, self.weight_left)

    def done(self, weight=1):
        self.weight_left -= weight
