"""The shipped MNIST sample as float32 numpy arrays: pixels / 255, labels as int64 class ids;
rows [0, split) train, the rest test (the same split as `downhill-bench mlp`)."""
import gzip
from pathlib import Path

import numpy as np


def _idx(path, dims):
    raw = gzip.decompress(Path(path).read_bytes())
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims)


def load(data_dir, split):
    d = Path(data_dir)
    images = _idx(d / "mnist-10k-images-idx3-ubyte.gz", 3).reshape(-1, 784).astype(np.float32) / 255.0
    labels = _idx(d / "mnist-10k-labels-idx1-ubyte.gz", 1).astype(np.int64)
    return images[:split], labels[:split], images[split:], labels[split:]
