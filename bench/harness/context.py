"""What every task needs: paths, the peer interpreter, repetitions, the quiet-machine rule, the
run's time limit (quick mode) and whether torch also runs with OMP_WAIT_POLICY=PASSIVE (an extra,
never a headline)."""
import os
from dataclasses import dataclass, field
from pathlib import Path

from .quiet import Quiet
from .time_limit import TimeLimit


@dataclass
class Context:
    root: Path  # the workspace
    python: str  # the peers' interpreter
    reps: int
    quick: bool  # smaller sizes, the headline rows only
    bin_dir: Path | None = None  # the release binaries (default: target/release)
    quiet: Quiet = field(default_factory=Quiet)
    time_limit: TimeLimit = field(default_factory=TimeLimit)
    torch_passive: bool = False  # also time torch with OMP_WAIT_POLICY=PASSIVE, labelled as such

    @property
    def target_dir(self):
        """cargo's target directory (CARGO_TARGET_DIR, else target/): `cargo bench` results live there."""
        return self.root / (os.environ.get("CARGO_TARGET_DIR") or "target")

    @property
    def release_dir(self):
        if self.bin_dir is not None:
            return Path(self.bin_dir)
        return self.target_dir / "release"

    @property
    def bench_bin(self):
        return str(self.release_dir / "downhill-bench")

    @property
    def downhill_bin(self):
        return str(self.release_dir / "downhill")

    @property
    def peers(self):
        return self.root / "bench" / "peers"

    @property
    def cache(self):
        path = self.root / "bench" / ".cache"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def peer(self, script, *args):
        return [self.python, str(self.peers / script), *map(str, args)]
