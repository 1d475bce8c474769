#!/usr/bin/env python3
"""Reference forward/backward values for downhill-nn's `embedding` layer (issue 11), from PyTorch in float32.

Generates crates/downhill-nn/tests/data/torch_embedding.json (kept apart from torch_layers.json, whose cases
stay unchanged). Run from the repo root:
    /work/main/bench/.venv/bin/python tools/refgen/embedding_reference.py
Each case: spec `embedding(D[, padding_idx=P]), linear(O)` with num_embeddings V, a torch state (so both sides
start from the same weights), integer ids x [N, T] (as float32, repeats and the padding id included), a random
r, torch's y = model(x) and the gradients of L = sum(y * r) for every parameter. torch's `nn.Embedding` gives
the padding row no gradient; its row is zero at initialisation.
"""
import json
import os

import torch

OUT = os.path.join("crates", "downhill-nn", "tests", "data", "torch_embedding.json")


def tens(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


def case(name, v, d, o, padding_idx, n, t, seed):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Embedding(v, d, padding_idx=padding_idx), torch.nn.Linear(d, o))
    ids = torch.randint(0, v, (n, t))
    if padding_idx is not None:
        ids[0, 0] = padding_idx
    ids[-1, -1] = ids[0, 1]  # a repeat
    y = model(ids)
    r = torch.randn_like(y)
    (y * r).sum().backward()
    pad = "" if padding_idx is None else f", padding_idx={padding_idx}"
    return {
        "name": name,
        "spec": f"embedding({d}{pad}, num_embeddings={v}), linear({o})",
        "input_shape": [t],
        "state": {k: tens(p) for k, p in model.state_dict().items()},
        "x": tens(ids.float()),
        "r": tens(r),
        "y": tens(y),
        "grads": {k: tens(p.grad) for k, p in model.named_parameters()},
    }


def main():
    torch.set_num_threads(1)
    cases = [case("plain", 7, 4, 3, None, 2, 5, 1), case("padding", 6, 3, 6, 2, 3, 4, 2)]
    doc = {"torch_version": torch.__version__, "dtype": "float32", "cases": cases}
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
