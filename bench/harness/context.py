"""What every task needs: paths, the peer interpreter, repetitions, and the peers' environment."""
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
    def bench_bin(self):
        return str(self.root / "target" / "release" / "downhill-bench")

    @property
    def downhill_bin(self):
        return str(self.root / "target" / "release" / "downhill")

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
