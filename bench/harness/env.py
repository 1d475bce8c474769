"""The Python peers' interpreter: `DOWNHILL_BENCH_PYTHON` if set, else `bench/.venv`, created and
filled on first use.

torch's Linux wheel on PyPI is a CUDA build: `libtorch.so` links `libtorch_cuda.so`, which links
cuDNN, cuBLAS, NCCL, ... so `import torch` needs those wheels even on a CPU. What it does not need
for CPU eager mode is triton (about 1 GB, only for `torch.compile`), cuSOLVER (loaded lazily by
`libtorch_cuda_linalg.so`), nvJitLink and cuda-bindings. The slim install below therefore installs
torch with `--no-deps` plus exactly the libraries its shared objects link (pinned to the versions
torch 2.15.0 requires): about 4.2 GB on disk instead of 5.6 GB. If `import torch` then fails, it
falls back to the full `pip install torch`. `DOWNHILL_BENCH_FULL_TORCH=1` skips the slim attempt.
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
VENV = BENCH / ".venv"

TORCH = "torch==2.15.0"
PEERS = ["numpy==2.4.6", "scikit-learn==1.9.1"]
# torch's pure-Python requirements (import time and lazily used parts).
TORCH_PURE = ["filelock", "typing-extensions>=4.13.0", "sympy>=1.13.3", "networkx>=2.5.1", "jinja2", "fsspec>=0.8.5"]
# The shared libraries libtorch_cpu / libtorch_cuda / libtorch_global_deps link (DT_NEEDED), at
# the versions torch 2.15.0 pins through cuda-toolkit 13.2.2 and its own requirements.
TORCH_LINKED = [
    "nvidia-cuda-runtime==13.2.86",
    "nvidia-cuda-cupti==13.2.86",
    "nvidia-cuda-nvrtc==13.2.86",
    "nvidia-cublas==13.4.1.3",
    "nvidia-cufft==12.2.0.57",
    "nvidia-cufile==1.17.1.22",
    "nvidia-cusparse==12.7.10.12",
    "nvidia-cudnn-cu13==9.26.0.51",
    "nvidia-cusparselt-cu13==0.8.1",
    "nvidia-nccl-cu13==2.30.7",
    "nvidia-nvshmem-cu13==3.7.2",
]
# Imports the peers' libraries, checks that torch computes, prints their versions (one interpreter start).
CHECK = ("import json, platform, numpy, sklearn, torch; assert (torch.ones(2) @ torch.ones(2)).item() == 2.0; "
         "print(json.dumps({'torch': torch.__version__, 'scikit-learn': sklearn.__version__, "
         "'numpy': numpy.__version__, 'python': platform.python_version()}))")
_VERSIONS = {}  # interpreter -> what CHECK printed


STARTED = time.monotonic()


def log(msg):
    print(f"[bench {time.monotonic() - STARTED:5.0f}s] {msg}", file=sys.stderr, flush=True)


def works(python):
    try:
        out = subprocess.run([python, "-c", CHECK], capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired):
        return False
    if out.returncode != 0:
        return False
    _VERSIONS[python] = json.loads(out.stdout)
    return True


def pip(python, *args):
    log("pip install " + " ".join(args))
    subprocess.run([python, "-m", "pip", "install", "--quiet", *args], check=True)


def install(python):
    pip(python, "--upgrade", "pip")
    pip(python, *PEERS)
    if os.environ.get("DOWNHILL_BENCH_FULL_TORCH") != "1":
        pip(python, *TORCH_PURE)
        pip(python, "--no-deps", TORCH, *TORCH_LINKED)
        if works(python):
            return
        log("slim torch install does not import; installing torch with all its dependencies")
    pip(python, TORCH)


def peer_python():
    """The interpreter that runs the numpy / scikit-learn / torch peers, ready to use."""
    chosen = os.environ.get("DOWNHILL_BENCH_PYTHON")
    if chosen:
        if not works(chosen):
            sys.exit(f"DOWNHILL_BENCH_PYTHON={chosen} cannot import numpy, sklearn and torch")
        return chosen
    python = str(VENV / "bin" / "python")
    if not Path(python).exists():
        log(f"creating {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    if not works(python):
        install(python)
        if not works(python):
            sys.exit(f"{python} still cannot import numpy, sklearn and torch after installing them")
    return python


def peer_versions(python):
    if python not in _VERSIONS and not works(python):
        sys.exit(f"{python} cannot import numpy, sklearn and torch")
    return _VERSIONS[python]


if __name__ == "__main__":
    print(peer_python())
