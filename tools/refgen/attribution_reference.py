#!/usr/bin/env python3
"""Reference attributions for downhill-learn's `attribution` module (issue 12), from captum in float32.

Generates crates/downhill-learn/tests/data/captum_attribution.json. Run from the repo root:
    /work/main/bench/.venv/bin/python tools/refgen/attribution_reference.py
Each model is a small torch MLP `linear(8), tanh, linear(O)` on 4 inputs whose state dict (torch names,
which downhill's spec-built stack shares under the `layers.` prefix) is stored with it, and x [6, 4]
random rows. Kinds:
  softmax     O = 3, the score of class c is logit c; target = each row's predicted class, or class 2
  binary      O = 1, the score of class c is -z (c = 0) or +z (c = 1): captum runs on cat(-z, z)
  regression  O = 1, the score is the output (target 0)
Each case gives captum's attributions: Saliency (abs), InputXGradient, IntegratedGradients with method
gausslegendre (n_steps 50 with a zeros baseline, 7 with the rows' mean) and its convergence delta.
SmoothGrad draws noise, so it has no case here (its tests are in Rust).
"""
import json
import os

import torch
from captum.attr import IntegratedGradients, InputXGradient, Saliency

OUT = os.path.join("crates", "downhill-learn", "tests", "data", "captum_attribution.json")


def tens(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


def model_case(kind, outputs, seed):
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, outputs))
    x = torch.randn(6, 4)
    if kind == "binary":
        forward = lambda v: torch.cat([-net(v), net(v)], dim=1)  # noqa: E731
    else:
        forward = net
    targets = {"regression": [None], "binary": ["predicted", 0], "softmax": ["predicted", 2]}[kind]
    cases = []
    for target in targets:
        if target is None:
            t, classes = 0, None
        elif target == "predicted":
            t = forward(x).argmax(dim=1)
            classes = t.tolist()
        else:
            t, classes = target, [target] * x.shape[0]
        ig = IntegratedGradients(forward)
        zeros = ig.attribute(x, target=t, n_steps=50, method="gausslegendre", return_convergence_delta=True)
        mean = x.mean(dim=0, keepdim=True).expand_as(x)
        meaned = ig.attribute(x, baselines=mean, target=t, n_steps=7, method="gausslegendre",
                              return_convergence_delta=True)
        cases.append({
            "target": target,
            "classes": classes,
            "saliency": tens(Saliency(forward).attribute(x, target=t)),
            "input_x_gradient": tens(InputXGradient(forward).attribute(x, target=t)),
            "integrated_gradients_zeros_50": tens(zeros[0]),
            "delta_zeros_50": [float(v) for v in zeros[1].tolist()],
            "integrated_gradients_mean_7": tens(meaned[0]),
            "delta_mean_7": [float(v) for v in meaned[1].tolist()],
        })
    return {
        "kind": kind,
        "spec": f"linear(8), tanh, linear({outputs})",
        "state": {k: tens(p) for k, p in net.state_dict().items()},
        "x": tens(x),
        "cases": cases,
    }


def main():
    import captum
    doc = {
        "torch": torch.__version__,
        "captum": captum.__version__,
        "models": [model_case("softmax", 3, 1), model_case("binary", 1, 2), model_case("regression", 1, 3)],
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
