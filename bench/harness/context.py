"""What every task needs: paths, the peer interpreter, repetitions, and the peers' environment."""
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Context:
    root: Path  # the workspace
    python: str  # the peers' interpreter
    reps: int
    quick: bool  # smaller sizes, for trying the harness itself
    torch_env: dict = field(default_factory=dict)

    @property
    def release_dir(self):
        target = os.environ.get("CARGO_TARGET_DIR")
        return (self.root / target if target else self.root / "target") / "release"

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
