#!/usr/bin/env python3
"""Reference trajectories for downhill-optim, computed with PyTorch in float64.

Generates: crates/downhill-optim/tests/data/torch_optim.json (relative to the repo root)

Top level:
  torch_version, sklearn_version
  functions  {name: formula}       the test objectives (params is a list of 1-D tensors)
  cases      [{name, optimizer, options, resolved_options, function, start, steps, clip,
               schedule, trajectory, losses, lrs, ...}]
             optimizer = torch class name lowercased; options = the exact kwargs passed;
             start and trajectory hold one flat (row-major) list per tensor; cases on a function
             with a tensor that is not 1-D also have shapes = [[dims] per tensor];
             resolved_options = param_groups[0] hyper-parameters after construction (defaults filled in);
             trajectory[k] = params after k steps (entry 0 = start), one flat list per tensor;
             losses[k] = f(trajectory[k]); lrs[k] = param_groups[0]["lr"] used by the update that
             leaves entry k.
             Per step: zero_grad, loss = f(params), backward, clip (if any), opt.step(),
             scheduler.step() (if any).
             lbfgs: each step is one opt.step(closure) (closure = zero_grad, f, backward); extra
             fields step_returns (value returned by step = loss at entry k), func_evals and n_iter
             (cumulative counters from the optimizer state after each step).
             asgd: extra field averages[k] = the averaged parameters (state["ax"]) after step k + 1.
             schedule_free_*: the optimizer is put in train mode first (the package requires it), so
             the trajectory holds y, the parameters it exposes in train mode; extra field
             eval_params[k] = the parameters in eval mode (x) after step k + 1, read by calling the
             package's optimizer.eval() and then putting y back exactly.
             Cases with a lookahead field {k, alpha} wrap the optimizer in timm's Lookahead
             (timm 1.0.31's timm/optim/lookahead.py, loaded from its file: importing the timm package
             needs torchvision, which the wrapper does not).
             Cases with row=True hold each 1-D start as a 1 x n matrix (Muon takes matrices only);
             the function reads it flattened, and shapes says [1, n].
  schedules  [{name, class, kwargs, base_lr, lrs}] lr sequences: SGD(lr=0.1) on a dummy parameter,
             lrs[k] = param_groups[0]["lr"] before step k (100 values). OneCycleLR with
             cycle_momentum also has "momentums". Two scikit-learn SGD schedules are appended
             ("sklearn_invscaling", "sklearn_optimal") with a "formula" field; they are checked
             against an actual SGDClassifier fit.

Run (from the repo root, in a venv with requirements.txt installed, see README.md):
    python tools/refgen/optim_reference.py
    python tools/refgen/optim_reference.py --keep-existing   # add new cases only
--keep-existing takes every case and schedule the current file already has from it verbatim, so
adding cases cannot move old ones (another BLAS or CPU may change a float64 result by one ulp).

Produced with torch 2.15.0 (CPU), scikit-learn 1.9.1, lion-pytorch 0.2.5 (Lion is not in torch.optim);
Rprop, ASGD and Adafactor (torch >= 2.5) added with --keep-existing; so were Muon (torch.optim.Muon) and
Schedule-Free AdamW / SGD (schedulefree 1.4.1's AdamWScheduleFree and SGDScheduleFree, not in torch.optim;
their *Reference classes, which keep x, y and z explicitly, are checked to give the same trajectories
within 1e-9, see check_schedulefree_reference); and timm 1.0.31's Lookahead around other optimizers.
"""

import argparse
import contextlib
import io
import json
import math
import os
import warnings

import numpy as np
import importlib.util

import schedulefree
import torch
from lion_pytorch import Lion
from torch.optim import lr_scheduler

DTYPE = torch.float64
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_PATH = os.path.join(REPO_ROOT, "crates", "downhill-optim", "tests", "data", "torch_optim.json")
STEPS = 100
LBFGS_STEPS = 10

# ---------------------------------------------------------------- test functions
FUNCTIONS = {
    "rosenbrock": "params = [p], p = [x, y]: (1 - x)^2 + 100 * (y - x^2)^2",
    "quadratic": "params = [p], p = [x, y]: 0.5 * (x^2 + 10 * y^2)",
    "two_tensor": "params = [a, b], a = [a0, a1, a2], b = [b0, b1]: "
    "sum_i c_i * (a_i - t_i)^2 + (b0 * b1 - 1)^2 + 0.1 * (b0^2 + b1^2), "
    "c = [1, 2, 3], t = [1, -2, 3]",
    # a 2 x 3 matrix, so Adafactor factors its second moment (row and column means)
    "matrix": "params = [W, b], W of shape [2, 3], b = [b0, b1, b2]: "
    "sum_ij C_ij * (W_ij - T_ij)^2 + sum_j (b_j + W_1j - W_0j)^2, "
    "C = [[1, 2, 3], [0.5, 1, 4]], T = [[1, -2, 3], [-1, 0.5, 2]]",
    # two matrices only (a wide and a tall one), for Muon, which takes 2-D parameters only
    "matrices": "params = [W, V], W of shape [2, 3], V of shape [3, 2]: "
    "sum_ij C_ij * (W_ij - T_ij)^2 + sum_ab ((W V)_ab - I_ab)^2, "
    "C = [[1, 2, 3], [0.5, 1, 4]], T = [[1, -2, 3], [-1, 0.5, 2]], I the 2 x 2 identity",
}

_C = torch.tensor([1.0, 2.0, 3.0], dtype=DTYPE)
_T = torch.tensor([1.0, -2.0, 3.0], dtype=DTYPE)
_CM = torch.tensor([[1.0, 2.0, 3.0], [0.5, 1.0, 4.0]], dtype=DTYPE)
_TM = torch.tensor([[1.0, -2.0, 3.0], [-1.0, 0.5, 2.0]], dtype=DTYPE)


def rosenbrock(params):
    p = params[0]
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


def quadratic(params):
    p = params[0]
    return 0.5 * (p[0] ** 2 + 10 * p[1] ** 2)


def two_tensor(params):
    a, b = params
    return (_C * (a - _T) ** 2).sum() + (b[0] * b[1] - 1) ** 2 + 0.1 * (b[0] ** 2 + b[1] ** 2)


def matrix(params):
    w, b = params
    return (_CM * (w - _TM) ** 2).sum() + ((b + w[1] - w[0]) ** 2).sum()


def matrices(params):
    w, v = params
    return (_CM * (w - _TM) ** 2).sum() + ((w @ v - torch.eye(2, dtype=DTYPE)) ** 2).sum()


FN = {"rosenbrock": rosenbrock, "quadratic": quadratic, "two_tensor": two_tensor, "matrix": matrix,
      "matrices": matrices}
START = {
    "rosenbrock": [[-1.5, 2.0]],
    "quadratic": [[2.0, 1.0]],
    "two_tensor": [[0.0, 0.0, 0.0], [0.5, -0.5]],
    "matrix": [[[0.5, -0.5, 1.0], [1.0, 0.5, -0.5]], [0.0, 0.0, 0.0]],
    "matrices": [[[0.5, -0.5, 1.0], [1.0, 0.5, -0.5]], [[0.2, 0.1], [0.0, -0.3], [0.4, 0.5]]],
}

OPTIMIZERS = {
    "sgd": torch.optim.SGD,
    "adagrad": torch.optim.Adagrad,
    "rmsprop": torch.optim.RMSprop,
    "adadelta": torch.optim.Adadelta,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "adamax": torch.optim.Adamax,
    "nadam": torch.optim.NAdam,
    "radam": torch.optim.RAdam,
    "lbfgs": torch.optim.LBFGS,
    # not in torch.optim: the paper's reference implementation (lion-pytorch 0.2.5)
    "lion": Lion,
    "rprop": torch.optim.Rprop,
    "asgd": torch.optim.ASGD,
    "adafactor": torch.optim.Adafactor,
    "muon": torch.optim.Muon,
    # not in torch.optim: the paper's package (schedulefree 1.4.1)
    "schedule_free_adamw": schedulefree.AdamWScheduleFree,
    "schedule_free_sgd": schedulefree.SGDScheduleFree,
}

def _timm_lookahead():
    """timm.optim.Lookahead, from its file (timm's __init__ imports torchvision; this file only torch)."""
    root = importlib.util.find_spec("timm").submodule_search_locations[0]
    spec = importlib.util.spec_from_file_location("timm_lookahead", os.path.join(root, "optim", "lookahead.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Lookahead


TimmLookahead = _timm_lookahead()

# the same math with x, y and z kept explicitly (check_schedulefree_reference)
SCHEDULE_FREE_REFERENCE = {
    "schedule_free_adamw": schedulefree.AdamWScheduleFreeReference,
    "schedule_free_sgd": schedulefree.SGDScheduleFreeReference,
}

# torch's default lr for each optimizer (also checked against the constructor below)
DEFAULT_LR = {
    "sgd": 1e-3,
    "adagrad": 1e-2,
    "rmsprop": 1e-2,
    "adadelta": 1.0,
    "adam": 1e-3,
    "adamw": 1e-3,
    "adamax": 2e-3,
    "nadam": 2e-3,
    "radam": 1e-3,
    "lbfgs": 1.0,
    "lion": 1e-4,
    "rprop": 1e-2,
    "asgd": 1e-2,
    "adafactor": 1e-2,
    "muon": 1e-3,
    "schedule_free_adamw": 0.0025,
    "schedule_free_sgd": 1.0,
}


def jsonable(v):
    if isinstance(v, torch.Tensor):
        return v.item() if v.numel() == 1 else v.tolist()
    if isinstance(v, tuple):
        return [jsonable(x) for x in v]
    if isinstance(v, (bool, int, float, str)) or v is None:
        return v
    return repr(v)


def snapshot(params):
    return [p.detach().reshape(-1).tolist() for p in params]


def make_scheduler(opt, schedule):
    if schedule is None:
        return None
    return getattr(lr_scheduler, schedule["name"])(opt, **schedule["kwargs"])


def run_case(name, optimizer, options, function, clip=None, schedule=None, steps=None, row=False,
             classes=OPTIMIZERS, lookahead=None):
    start = START[function]
    if row:
        params = [torch.tensor(s, dtype=DTYPE).reshape(1, -1).requires_grad_() for s in start]

        def f(ps):
            return FN[function]([p.reshape(-1) for p in ps])
    else:
        f = FN[function]
        params = [torch.tensor(s, dtype=DTYPE, requires_grad=True) for s in start]
    opt = classes[optimizer](params, **options)
    resolved = {k: jsonable(v) for k, v in opt.param_groups[0].items() if k != "params"}
    if lookahead is not None:
        opt = TimmLookahead(opt, alpha=lookahead["alpha"], k=lookahead["k"])
    schedule_free = optimizer.startswith("schedule_free")
    if schedule_free:
        opt.train()
    sched = make_scheduler(opt, schedule)
    is_lbfgs = optimizer == "lbfgs"
    if steps is None:
        steps = LBFGS_STEPS if is_lbfgs else STEPS
    shapes = [list(p.shape) for p in params]
    multi_dim = any(len(s) != 1 for s in shapes)

    traj = [snapshot(params)]
    with torch.no_grad():
        losses = [f(params).item()]
    lrs = []
    extra = {"step_returns": [], "func_evals": [], "n_iter": []} if is_lbfgs else {}
    if optimizer == "asgd":
        extra["averages"] = []
    if schedule_free:
        extra["eval_params"] = []

    def closure():
        opt.zero_grad()
        loss = f(params)
        loss.backward()
        return loss

    for _ in range(steps):
        lrs.append(jsonable(opt.param_groups[0]["lr"]))
        if is_lbfgs:
            ret = opt.step(closure)
            st = opt.state[opt._params[0]]
            extra["step_returns"].append(ret.item())
            extra["func_evals"].append(int(st["func_evals"]))
            extra["n_iter"].append(int(st["n_iter"]))
        else:
            opt.zero_grad()
            loss = f(params)
            loss.backward()
            if clip is not None:
                if "norm" in clip:
                    torch.nn.utils.clip_grad_norm_(params, clip["norm"])
                else:
                    torch.nn.utils.clip_grad_value_(params, clip["value"])
            opt.step()
            if "averages" in extra:
                extra["averages"].append(snapshot([opt.state[p]["ax"] for p in params]))
            if schedule_free:
                extra["eval_params"].append(eval_mode_params(opt, params))
        if sched is not None:
            sched.step()
        traj.append(snapshot(params))
        with torch.no_grad():
            losses.append(f(params).item())

    case = {
        "name": name,
        "optimizer": optimizer,
        "options": {k: jsonable(v) for k, v in options.items()},
        "resolved_options": resolved,
        "function": function,
        "start": traj[0] if multi_dim else start,
        **({"shapes": shapes} if multi_dim else {}),
        "steps": steps,
        "clip": clip,
        **({"lookahead": lookahead} if lookahead is not None else {}),
        "schedule": schedule,
        "trajectory": traj,
        "losses": losses,
        "lrs": lrs,
    }
    case.update(extra)
    return case


def eval_mode_params(opt, params):
    """The parameters in the schedule-free optimizer's eval mode (x), leaving y exactly as it was."""
    y = [p.detach().clone() for p in params]
    opt.eval()
    x = snapshot(params)
    with torch.no_grad():
        for p, saved in zip(params, y):
            p.copy_(saved)
    for group in opt.param_groups:
        group["train_mode"] = True
    return x


def check_schedulefree_reference(cases):
    """The *Reference classes (x, y, z kept explicitly) give every schedule-free case's trajectory."""
    for c in cases:
        if c["optimizer"] not in SCHEDULE_FREE_REFERENCE or c["schedule"] is not None:
            continue
        with contextlib.redirect_stdout(io.StringIO()):  # they print each train/eval switch
            ref = run_case(c["name"], c["optimizer"], c["options"], c["function"],
                           classes=SCHEDULE_FREE_REFERENCE)
        for key in ("trajectory", "eval_params"):
            worst = max(abs(u - v) for s1, s2 in zip(c[key], ref[key]) for t1, t2 in zip(s1, s2)
                        for u, v in zip(t1, t2))
            assert worst < 1e-9, (c["name"], key, worst)


def build_cases():
    cases = []

    def add(name, optimizer, options, function, **kw):
        opts = dict(options)
        opts.setdefault("lr", DEFAULT_LR[optimizer])
        cases.append(run_case(name, optimizer, opts, function, **kw))

    # --- every optimizer with its defaults (lr written out explicitly)
    for opt_name in OPTIMIZERS:
        # lbfgs has its own cases; muon takes matrices; both schedule-free ones have their own below
        if opt_name in ("lbfgs", "muon") or opt_name.startswith("schedule_free"):
            continue
        for fn in ("rosenbrock", "two_tensor", "quadratic"):
            # ASGD is SGD with a slowly decaying rate: its lr 1e-2 diverges on rosenbrock, as SGD's would
            if (opt_name, fn) != ("asgd", "rosenbrock"):
                add(f"{opt_name}_defaults_{fn}", opt_name, {}, fn)
    # adadelta's default lr=1.0 barely moves in 100 steps (step size ~ sqrt(eps) at first)
    add("adadelta_lr10_rosenbrock", "adadelta", {"lr": 10.0}, "rosenbrock")
    # adam-family defaults (lr 1e-3) move ~0.1 in 100 steps; a larger lr exercises more dynamics
    add("adam_lr0.05_rosenbrock", "adam", {"lr": 0.05}, "rosenbrock")

    # --- lbfgs: 10 calls of step(closure), default max_iter=20
    for fn in ("rosenbrock", "two_tensor", "quadratic"):
        add(f"lbfgs_defaults_{fn}", "lbfgs", {}, fn)
        add(f"lbfgs_strong_wolfe_{fn}", "lbfgs", {"line_search_fn": "strong_wolfe"}, fn)
    add("lbfgs_lr0.5_history5_rosenbrock", "lbfgs", {"lr": 0.5, "history_size": 5}, "rosenbrock")

    # --- sgd options
    add("sgd_momentum0.9_rosenbrock", "sgd", {"momentum": 0.9}, "rosenbrock")
    add("sgd_momentum0.9_dampening0.5_rosenbrock", "sgd", {"momentum": 0.9, "dampening": 0.5}, "rosenbrock")
    add("sgd_nesterov_momentum0.9_rosenbrock", "sgd", {"momentum": 0.9, "nesterov": True}, "rosenbrock")
    add("sgd_weight_decay0.1_rosenbrock", "sgd", {"weight_decay": 0.1}, "rosenbrock")
    add("sgd_momentum0.9_weight_decay0.1_two_tensor", "sgd", {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.1}, "two_tensor")
    # gradient ascent on rosenbrock blows up; use the quadratic (grows geometrically, stays finite)
    add("sgd_maximize_quadratic", "sgd", {"maximize": True}, "quadratic")
    add("sgd_maximize_momentum0.9_quadratic", "sgd", {"maximize": True, "momentum": 0.9}, "quadratic")

    # --- adagrad options
    add("adagrad_weight_decay0.1_rosenbrock", "adagrad", {"weight_decay": 0.1}, "rosenbrock")
    add("adagrad_lr_decay0.01_rosenbrock", "adagrad", {"lr_decay": 0.01}, "rosenbrock")
    add("adagrad_initial_accumulator0.1_rosenbrock", "adagrad", {"initial_accumulator_value": 0.1}, "rosenbrock")
    add("adagrad_eps1e-6_rosenbrock", "adagrad", {"eps": 1e-6}, "rosenbrock")
    add("adagrad_lr0.1_all_options_two_tensor", "adagrad",
        {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.1, "initial_accumulator_value": 0.1, "eps": 1e-6}, "two_tensor")

    # --- rmsprop options
    add("rmsprop_weight_decay0.1_rosenbrock", "rmsprop", {"weight_decay": 0.1}, "rosenbrock")
    add("rmsprop_alpha0.9_rosenbrock", "rmsprop", {"alpha": 0.9}, "rosenbrock")
    add("rmsprop_centered_rosenbrock", "rmsprop", {"centered": True}, "rosenbrock")
    add("rmsprop_momentum0.9_lr0.001_rosenbrock", "rmsprop", {"lr": 1e-3, "momentum": 0.9}, "rosenbrock")
    add("rmsprop_centered_momentum0.9_lr0.001_rosenbrock", "rmsprop", {"lr": 1e-3, "centered": True, "momentum": 0.9}, "rosenbrock")
    add("rmsprop_centered_momentum0.9_two_tensor", "rmsprop", {"lr": 1e-3, "centered": True, "momentum": 0.9}, "two_tensor")

    # --- adadelta options
    add("adadelta_rho0.5_rosenbrock", "adadelta", {"rho": 0.5}, "rosenbrock")
    add("adadelta_lr0.5_rosenbrock", "adadelta", {"lr": 0.5}, "rosenbrock")
    add("adadelta_lr0.5_rho0.5_weight_decay0.1_two_tensor", "adadelta", {"lr": 0.5, "rho": 0.5, "weight_decay": 0.1}, "two_tensor")

    # --- adam options
    add("adam_weight_decay0.1_rosenbrock", "adam", {"weight_decay": 0.1}, "rosenbrock")
    add("adam_maximize_rosenbrock", "adam", {"maximize": True}, "rosenbrock")
    add("adam_amsgrad_rosenbrock", "adam", {"amsgrad": True}, "rosenbrock")
    add("adam_betas0.8_0.99_rosenbrock", "adam", {"betas": (0.8, 0.99)}, "rosenbrock")
    add("adam_eps1e-3_rosenbrock", "adam", {"eps": 1e-3}, "rosenbrock")
    add("adam_lr0.05_amsgrad_weight_decay0.1_two_tensor", "adam", {"lr": 0.05, "amsgrad": True, "weight_decay": 0.1}, "two_tensor")

    # --- adamw options
    add("adamw_weight_decay0.1_rosenbrock", "adamw", {"weight_decay": 0.1}, "rosenbrock")
    add("adamw_amsgrad_rosenbrock", "adamw", {"amsgrad": True}, "rosenbrock")
    add("adamw_lr0.05_weight_decay0.1_amsgrad_two_tensor", "adamw", {"lr": 0.05, "weight_decay": 0.1, "amsgrad": True}, "two_tensor")

    # --- adamax options
    add("adamax_weight_decay0.1_rosenbrock", "adamax", {"weight_decay": 0.1}, "rosenbrock")
    add("adamax_lr0.05_betas0.8_0.99_two_tensor", "adamax", {"lr": 0.05, "betas": (0.8, 0.99)}, "two_tensor")

    # --- nadam options
    add("nadam_momentum_decay0.008_rosenbrock", "nadam", {"momentum_decay": 0.008}, "rosenbrock")
    add("nadam_weight_decay0.1_rosenbrock", "nadam", {"weight_decay": 0.1}, "rosenbrock")
    add("nadam_decoupled_weight_decay0.1_rosenbrock", "nadam", {"weight_decay": 0.1, "decoupled_weight_decay": True}, "rosenbrock")

    # --- radam options
    add("radam_weight_decay0.1_rosenbrock", "radam", {"weight_decay": 0.1}, "rosenbrock")
    add("radam_decoupled_weight_decay0.1_rosenbrock", "radam", {"weight_decay": 0.1, "decoupled_weight_decay": True}, "rosenbrock")
    add("radam_lr0.05_decoupled_weight_decay0.1_two_tensor", "radam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}, "two_tensor")

    # --- lion options (sign steps of length lr: 0.01 crosses the rosenbrock valley in 100 steps)
    add("lion_lr0.01_rosenbrock", "lion", {"lr": 0.01}, "rosenbrock")
    add("lion_lr0.01_weight_decay0.1_rosenbrock", "lion", {"lr": 0.01, "weight_decay": 0.1}, "rosenbrock")
    add("lion_lr0.01_betas0.95_0.98_two_tensor", "lion", {"lr": 0.01, "betas": (0.95, 0.98)}, "two_tensor")
    add("lion_lr0.003_weight_decay1.0_two_tensor", "lion", {"lr": 0.003, "weight_decay": 1.0}, "two_tensor")
    # OneCycleLR cycles beta1, as for Adam, since Lion's defaults hold betas
    add("lion_onecycle_cycled_max0.01_two_tensor", "lion", {"lr": 1e-4}, "two_tensor",
        schedule={"name": "OneCycleLR", "kwargs": {"max_lr": 0.01, "total_steps": 100}})

    # --- rprop options (torch reads lr once, as the initial step sizes: the StepLR case changes the
    # recorded lr but not the steps)
    add("rprop_etas0.3_1.5_step_sizes1e-4_0.02_rosenbrock", "rprop",
        {"etas": (0.3, 1.5), "step_sizes": (1e-4, 0.02)}, "rosenbrock")
    add("rprop_step_sizes0.001_0.05_two_tensor", "rprop", {"step_sizes": (1e-3, 0.05)}, "two_tensor")
    add("rprop_lr0.1_etas0.5_2_step_sizes1e-4_1_quadratic", "rprop",
        {"lr": 0.1, "etas": (0.5, 2.0), "step_sizes": (1e-4, 1.0)}, "quadratic")
    add("rprop_maximize_quadratic", "rprop", {"maximize": True}, "quadratic")
    add("rprop_steplr_rosenbrock", "rprop", {}, "rosenbrock",
        schedule={"name": "StepLR", "kwargs": {"step_size": 10, "gamma": 0.5}})

    # --- asgd options (t0 small enough for the average to start within the 100 steps)
    add("asgd_lr0.001_rosenbrock", "asgd", {"lr": 1e-3}, "rosenbrock")
    add("asgd_lr0.001_t0_20_lambd0.1_alpha0.5_rosenbrock", "asgd",
        {"lr": 1e-3, "t0": 20.0, "lambd": 0.1, "alpha": 0.5}, "rosenbrock")
    add("asgd_lr0.05_t0_10_weight_decay0.1_two_tensor", "asgd",
        {"lr": 0.05, "t0": 10.0, "weight_decay": 0.1}, "two_tensor")
    add("asgd_lambd0.5_t0_0_two_tensor", "asgd", {"lambd": 0.5, "t0": 0.0}, "two_tensor")
    add("asgd_maximize_t0_50_quadratic", "asgd", {"maximize": True, "t0": 50.0}, "quadratic")
    # eta is computed at the end of each step from that step's lr: one step behind the schedule
    add("asgd_lr0.05_lambd0.1_t0_5_exponentiallr_two_tensor", "asgd", {"lr": 0.05, "lambd": 0.1, "t0": 5.0},
        "two_tensor", schedule={"name": "ExponentialLR", "kwargs": {"gamma": 0.97}})

    # --- adafactor options; on a matrix the second moment is factored
    add("adafactor_defaults_matrix", "adafactor", {}, "matrix")
    add("adafactor_lr0.03_weight_decay0.5_matrix", "adafactor", {"lr": 0.03, "weight_decay": 0.5}, "matrix")
    add("adafactor_lr1_beta2_decay-0.5_d2_matrix", "adafactor", {"lr": 1.0, "beta2_decay": -0.5, "d": 2.0}, "matrix")
    add("adafactor_eps1e-3_1e-2_matrix", "adafactor", {"eps": (1e-3, 1e-2)}, "matrix")
    add("adafactor_maximize_matrix", "adafactor", {"maximize": True}, "matrix")
    add("adafactor_lr0.1_weight_decay0.5_rosenbrock", "adafactor", {"lr": 0.1, "weight_decay": 0.5}, "rosenbrock")
    add("adafactor_lr1_d1.5_two_tensor", "adafactor", {"lr": 1.0, "d": 1.5}, "two_tensor")
    # the rate caps the relative step (rho = min(lr_t, 1 / sqrt(t))) and scales the decay. Larger
    # constant rates (lr 0.1 with decay 0.1 on the matrix) leave f32 runs, torch's own included, by
    # 100-700x the tolerance after ~45 steps: the near-sign steps of a fixed relative size bounce
    # around the minimum
    add("adafactor_lr0.1_weight_decay0.1_exponentiallr_matrix", "adafactor", {"lr": 0.1, "weight_decay": 0.1},
        "matrix", schedule={"name": "ExponentialLR", "kwargs": {"gamma": 0.95}})

    # --- muon: matrices only (W wide, V tall: the transposed path and lr ratio sqrt(3/2)); its
    # Newton-Schulz iteration runs in bfloat16 whatever the dtype. The row cases hold the 2-D point
    # as a 1 x 2 matrix, as `downhill optimize` steps it
    add("muon_defaults_matrices", "muon", {}, "matrices")
    add("muon_lr0.02_matrices", "muon", {"lr": 0.02}, "matrices")
    add("muon_lr0.02_momentum0.9_no_nesterov_matrices", "muon",
        {"lr": 0.02, "momentum": 0.9, "nesterov": False}, "matrices")
    add("muon_lr0.02_weight_decay0.5_match_rms_adamw_matrices", "muon",
        {"lr": 0.02, "weight_decay": 0.5, "adjust_lr_fn": "match_rms_adamw"}, "matrices")
    add("muon_lr0.01_spectral_unclamped_ns_steps3_matrices", "muon",
        {"lr": 0.01, "adjust_lr_fn": "spectral_unclamped", "ns_steps": 3}, "matrices")
    add("muon_lr0.02_ns_coefficients1.5_-0.5_0_ns_steps10_eps1e-3_matrices", "muon",
        {"lr": 0.02, "ns_coefficients": (1.5, -0.5, 0.0), "ns_steps": 10, "eps": 1e-3}, "matrices")
    add("muon_lr0.05_exponentiallr_matrices", "muon", {"lr": 0.05}, "matrices",
        schedule={"name": "ExponentialLR", "kwargs": {"gamma": 0.97}})
    add("muon_lr0.01_row_rosenbrock", "muon", {"lr": 0.01}, "rosenbrock", row=True)
    add("muon_lr0.05_weight_decay0_row_quadratic", "muon", {"lr": 0.05, "weight_decay": 0.0}, "quadratic", row=True)

    # --- schedule-free: trajectories of y (train mode), eval_params of x
    for fn in ("rosenbrock", "two_tensor", "quadratic"):
        add(f"schedule_free_adamw_defaults_{fn}", "schedule_free_adamw", {}, fn)
    add("schedule_free_adamw_lr0.05_rosenbrock", "schedule_free_adamw", {"lr": 0.05}, "rosenbrock")
    add("schedule_free_adamw_lr0.05_weight_decay0.1_warmup10_two_tensor", "schedule_free_adamw",
        {"lr": 0.05, "weight_decay": 0.1, "warmup_steps": 10}, "two_tensor")
    add("schedule_free_adamw_lr0.02_betas0.95_0.99_eps1e-6_r1_power0_matrix", "schedule_free_adamw",
        {"lr": 0.02, "betas": (0.95, 0.99), "eps": 1e-6, "r": 1.0, "weight_lr_power": 0.0}, "matrix")
    add("schedule_free_adamw_lr0.05_warmup20_r0.5_quadratic", "schedule_free_adamw",
        {"lr": 0.05, "warmup_steps": 20, "r": 0.5}, "quadratic")
    add("schedule_free_adamw_lr0.05_warmup20_rosenbrock", "schedule_free_adamw",
        {"lr": 0.05, "warmup_steps": 20}, "rosenbrock")
    add("schedule_free_sgd_defaults_two_tensor", "schedule_free_sgd", {}, "two_tensor")
    add("schedule_free_sgd_lr0.001_rosenbrock", "schedule_free_sgd", {"lr": 1e-3}, "rosenbrock")
    add("schedule_free_sgd_lr0.1_quadratic", "schedule_free_sgd", {"lr": 0.1}, "quadratic")
    add("schedule_free_sgd_lr0.05_momentum0.5_weight_decay0.1_warmup10_two_tensor", "schedule_free_sgd",
        {"lr": 0.05, "momentum": 0.5, "weight_decay": 0.1, "warmup_steps": 10}, "two_tensor")
    add("schedule_free_sgd_lr0.02_r1_power1_matrix", "schedule_free_sgd",
        {"lr": 0.02, "r": 1.0, "weight_lr_power": 1.0}, "matrix")
    # the package reads group["lr"] each step, so a torch scheduler changes it as it would ours
    add("schedule_free_sgd_lr0.05_steplr_two_tensor", "schedule_free_sgd", {"lr": 0.05}, "two_tensor",
        schedule={"name": "StepLR", "kwargs": {"step_size": 20, "gamma": 0.5}})

    # --- lookahead (timm's) around other optimizers; its first sync (step k) only creates the slow
    # weights, so the pull starts at step 2k
    add("lookahead_k5_alpha0.5_sgd_momentum0.9_rosenbrock", "sgd", {"momentum": 0.9}, "rosenbrock",
        lookahead={"k": 5, "alpha": 0.5})
    add("lookahead_k6_alpha0.5_adam_lr0.05_rosenbrock", "adam", {"lr": 0.05}, "rosenbrock",
        lookahead={"k": 6, "alpha": 0.5})
    add("lookahead_k3_alpha0.8_adamw_lr0.05_weight_decay0.1_two_tensor", "adamw", {"lr": 0.05, "weight_decay": 0.1},
        "two_tensor", lookahead={"k": 3, "alpha": 0.8})
    add("lookahead_k1_alpha0.2_sgd_lr0.05_quadratic", "sgd", {"lr": 0.05}, "quadratic",
        lookahead={"k": 1, "alpha": 0.2})
    add("lookahead_k5_alpha0.5_sgd_lr0.01_steplr_clip_norm1_two_tensor", "sgd", {"lr": 0.01}, "two_tensor",
        lookahead={"k": 5, "alpha": 0.5}, clip={"norm": 1.0},
        schedule={"name": "StepLR", "kwargs": {"step_size": 10, "gamma": 0.5}})
    add("lookahead_k4_alpha0.5_muon_lr0.02_matrices", "muon", {"lr": 0.02}, "matrices",
        lookahead={"k": 4, "alpha": 0.5})

    # --- gradient clipping
    add("adam_lr0.05_clip_norm1.0_two_tensor", "adam", {"lr": 0.05}, "two_tensor", clip={"norm": 1.0})
    add("sgd_lr0.01_momentum0.9_clip_value0.5_two_tensor", "sgd", {"lr": 0.01, "momentum": 0.9}, "two_tensor", clip={"value": 0.5})
    add("sgd_lr0.001_clip_norm1.0_rosenbrock", "sgd", {}, "rosenbrock", clip={"norm": 1.0})

    # --- schedules driving an optimizer
    sgd_m = {"lr": 1e-3, "momentum": 0.9}
    add("sgd_momentum0.9_steplr_rosenbrock", "sgd", sgd_m, "rosenbrock",
        schedule={"name": "StepLR", "kwargs": {"step_size": 10, "gamma": 0.5}})
    add("sgd_momentum0.9_cosine_tmax30_rosenbrock", "sgd", sgd_m, "rosenbrock",
        schedule={"name": "CosineAnnealingLR", "kwargs": {"T_max": 30, "eta_min": 1e-4}})
    # max_lr=0.01 with momentum 0.9 diverges on rosenbrock (inf by step ~20): use 0.002 there,
    # and max_lr=0.01 on two_tensor
    add("sgd_momentum0.9_onecycle_max0.002_rosenbrock", "sgd", sgd_m, "rosenbrock",
        schedule={"name": "OneCycleLR", "kwargs": {"max_lr": 0.002, "total_steps": 100, "cycle_momentum": False}})
    add("sgd_momentum0.9_onecycle_max0.01_two_tensor", "sgd", sgd_m, "two_tensor",
        schedule={"name": "OneCycleLR", "kwargs": {"max_lr": 0.01, "total_steps": 100, "cycle_momentum": False}})
    add("adamw_lr0.01_weight_decay0.1_exponentiallr_rosenbrock", "adamw", {"lr": 0.01, "weight_decay": 0.1}, "rosenbrock",
        schedule={"name": "ExponentialLR", "kwargs": {"gamma": 0.97}})
    # OneCycleLR with cycle_momentum at its default (True): SGD's momentum, or Adam's beta1, runs
    # 0.95 -> 0.85 -> 0.95; SGD with momentum 0 is set to 0.95 and gains a momentum buffer
    add("sgd_momentum0.9_onecycle_cycled_max0.002_rosenbrock", "sgd", sgd_m, "rosenbrock",
        schedule={"name": "OneCycleLR", "kwargs": {"max_lr": 0.002, "total_steps": 100}})
    add("sgd_momentum0_onecycle_cycled_max0.01_two_tensor", "sgd", {"lr": 1e-3}, "two_tensor",
        schedule={"name": "OneCycleLR", "kwargs": {"max_lr": 0.01, "total_steps": 100}})
    add("adam_onecycle_cycled_max0.05_rosenbrock", "adam", {"lr": 1e-3}, "rosenbrock",
        schedule={"name": "OneCycleLR", "kwargs": {"max_lr": 0.05, "total_steps": 100}})
    add("adamw_onecycle_cycled_max0.05_base0.8_two_tensor", "adamw", {"lr": 1e-3, "weight_decay": 0.1}, "two_tensor",
        schedule={"name": "OneCycleLR", "kwargs": {"max_lr": 0.05, "total_steps": 100, "base_momentum": 0.8}})

    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "duplicate case names"
    check_schedulefree_reference(cases)
    return cases


# ---------------------------------------------------------------- lr schedules alone
def lr_sequence(make_sched, steps=STEPS, base_lr=0.1, record_momentum=False):
    p = torch.zeros(1, dtype=DTYPE, requires_grad=True)
    opt = torch.optim.SGD([p], lr=base_lr)
    sched = make_sched(opt)
    lrs, moms = [], []
    for _ in range(steps):
        lrs.append(jsonable(opt.param_groups[0]["lr"]))
        moms.append(jsonable(opt.param_groups[0]["momentum"]))
        opt.step()  # no grad: a no-op, but keeps torch's step-order check quiet
        sched.step()
    return (lrs, moms) if record_momentum else lrs


def build_schedules():
    base_lr = 0.1
    out = []

    def add(name, cls, kwargs, record_momentum=False):
        make = lambda opt: getattr(lr_scheduler, cls)(opt, **kwargs)  # noqa: E731
        entry = {"name": name, "class": cls, "kwargs": kwargs, "base_lr": base_lr}
        if record_momentum:
            entry["lrs"], entry["momentums"] = lr_sequence(make, base_lr=base_lr, record_momentum=True)
        else:
            entry["lrs"] = lr_sequence(make, base_lr=base_lr)
        out.append(entry)

    add("step_lr", "StepLR", {"step_size": 7, "gamma": 0.5})
    add("multi_step_lr", "MultiStepLR", {"milestones": [10, 25, 60], "gamma": 0.3})
    add("exponential_lr", "ExponentialLR", {"gamma": 0.95})
    add("cosine_annealing_lr", "CosineAnnealingLR", {"T_max": 20, "eta_min": 0.001})
    add("cosine_annealing_warm_restarts", "CosineAnnealingWarmRestarts", {"T_0": 10, "T_mult": 2, "eta_min": 0.001})
    add("linear_lr", "LinearLR", {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 9})
    add("one_cycle_lr", "OneCycleLR", {"max_lr": 1.0, "total_steps": 100}, record_momentum=True)
    add("one_cycle_lr_no_momentum", "OneCycleLR", {"max_lr": 1.0, "total_steps": 100, "cycle_momentum": False})
    add("one_cycle_lr_linear", "OneCycleLR", {"max_lr": 1.0, "total_steps": 100, "anneal_strategy": "linear", "cycle_momentum": False})
    add("polynomial_lr", "PolynomialLR", {"total_iters": 50, "power": 2.0})
    for mode, extra in (("triangular", {}), ("triangular2", {}), ("exp_range", {"gamma": 0.99})):
        kw = {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 10, "mode": mode, "cycle_momentum": False}
        kw.update(extra)
        add(f"cyclic_lr_{mode}", "CyclicLR", kw)
    add("constant_lr", "ConstantLR", {"factor": 0.5, "total_iters": 5})

    # SequentialLR: kwargs describe the child schedulers
    seq_kwargs = {
        "schedulers": [
            {"class": "LinearLR", "kwargs": {"start_factor": 0.1, "total_iters": 9}},
            {"class": "CosineAnnealingLR", "kwargs": {"T_max": 90}},
        ],
        "milestones": [10],
    }

    def make_seq(opt):
        children = [getattr(lr_scheduler, s["class"])(opt, **s["kwargs"]) for s in seq_kwargs["schedulers"]]
        return lr_scheduler.SequentialLR(opt, schedulers=children, milestones=seq_kwargs["milestones"])

    out.append({"name": "sequential_linear_then_cosine", "class": "SequentialLR", "kwargs": seq_kwargs,
                "base_lr": base_lr, "lrs": lr_sequence(make_seq, base_lr=base_lr)})

    out.extend(sklearn_schedules())
    return out


# ---------------------------------------------------------------- scikit-learn SGD schedules
def sklearn_schedules(steps=STEPS):
    """sklearn's plain-SGD learning rates (sklearn/linear_model/_sgd_fast.pyx.tp, _plain_sgd).

    t counts samples seen and starts at 1 (self.t_ = 1.0).
      invscaling: eta = eta0 / t^power_t
      optimal:    eta = 1 / (alpha * (t0 + t - 1)), where
                  typw = sqrt(1 / sqrt(alpha)); eta0_init = typw / max(1, loss.dloss(y=1, p=-typw));
                  t0 = 1 / (eta0_init * alpha).
                  Hinge: dloss(y, p) = -y if y*p <= 1 else 0, so dloss(1, -typw) = -1,
                  max(1, -1) = 1, eta0_init = typw = alpha^(-1/4), t0 = alpha^(-3/4).
                  (The first sample uses eta = eta0_init.)
    """
    eta0, power_t, alpha = 0.1, 0.25, 1e-4
    ts = np.arange(1, steps + 1, dtype=np.float64)
    inv = eta0 / ts**power_t

    typw = math.sqrt(1.0 / math.sqrt(alpha))
    hinge_dloss = -1.0 if (1.0 * -typw) <= 1.0 else 0.0
    eta0_init = typw / max(1.0, hinge_dloss)
    t0 = 1.0 / (eta0_init * alpha)
    opt = 1.0 / (alpha * (t0 + ts - 1))

    _check_sklearn_schedule("invscaling", dict(eta0=eta0, power_t=power_t), inv)
    _check_sklearn_schedule("optimal", dict(alpha=alpha), opt)

    return [
        {
            "name": "sklearn_invscaling",
            "class": "sklearn_invscaling",
            "kwargs": {"eta0": eta0, "power_t": power_t},
            "base_lr": eta0,
            "formula": "eta_t = eta0 / t^power_t, t = 1, 2, ... (t counts samples seen, starting at 1)",
            "lrs": inv.tolist(),
        },
        {
            "name": "sklearn_optimal",
            "class": "sklearn_optimal",
            "kwargs": {"alpha": alpha, "loss": "hinge"},
            "base_lr": eta0_init,
            "t0": t0,
            "formula": "eta_t = 1 / (alpha * (t0 + t - 1)), t = 1, 2, ...; "
            "t0 = 1 / (alpha * eta0_init), eta0_init = typw / max(1, dloss(y=1, p=-typw)), "
            "typw = sqrt(1 / sqrt(alpha)); for hinge dloss(1, -typw) = -1 so eta0_init = typw = alpha^-0.25 "
            "and t0 = alpha^-0.75 (= 1000 for alpha = 1e-4; eta_1 = 10)",
            "lrs": opt.tolist(),
        },
    ]


def _check_sklearn_schedule(learning_rate, kwargs, etas):
    """Fit one epoch of SGDClassifier(hinge, no penalty, no shuffle) and replay it with `etas`."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import SGDClassifier

    rng = np.random.default_rng(0)
    n = len(etas)
    X = np.round(rng.normal(size=(n, 2)), 4)
    y01 = (X[:, 0] + 0.5 * X[:, 1] + 0.3 * rng.normal(size=n) > 0).astype(int)
    clf = SGDClassifier(loss="hinge", penalty=None, learning_rate=learning_rate, max_iter=1, tol=None,
                        shuffle=False, fit_intercept=True, average=False, **kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y01)
    ypm = np.where(y01 == 1, 1.0, -1.0)
    w, b = np.zeros(2), 0.0
    for i in range(n):
        p = X[i] @ w + b
        dloss = -ypm[i] if p * ypm[i] <= 1.0 else 0.0
        w -= etas[i] * dloss * X[i]
        b -= etas[i] * dloss
    assert np.allclose(clf.coef_[0], w, rtol=1e-10, atol=1e-12), (learning_rate, clf.coef_, w)
    assert np.allclose(clf.intercept_[0], b, rtol=1e-10, atol=1e-12), (learning_rate, clf.intercept_, b)


# ---------------------------------------------------------------- main
def check_finite(obj, path="$"):
    if isinstance(obj, float):
        assert math.isfinite(obj), f"non-finite value at {path}"
    elif isinstance(obj, dict):
        for k, v in obj.items():
            check_finite(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            check_finite(v, f"{path}[{i}]")


def check_defaults():
    p = [torch.zeros(1, requires_grad=True)]
    for name, cls in OPTIMIZERS.items():
        params = [torch.zeros(1, 1, requires_grad=True)] if name == "muon" else p  # Muon takes matrices
        assert cls(params).defaults["lr"] == DEFAULT_LR[name], name


def keep_existing(data):
    """Every case and schedule the current file has, verbatim from it (matched by name)."""
    with open(OUT_PATH) as f:
        old = json.load(f)
    for key in ("cases", "schedules"):
        kept = {e["name"]: e for e in old[key]}
        data[key] = [kept.get(e["name"], e) for e in data[key]]
        missing = set(kept) - {e["name"] for e in data[key]}
        assert not missing, f"{key} no longer generated: {sorted(missing)}"
    for key in ("torch_version", "sklearn_version", "dtype"):
        assert data[key] == old[key], f"{key}: {data[key]} here, {old[key]} in the file"


def main():
    import sklearn

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep-existing", action="store_true",
                        help="take the cases and schedules the current file has from it verbatim")
    args = parser.parse_args()
    torch.set_default_dtype(DTYPE)
    check_defaults()
    data = {
        "torch_version": torch.__version__,
        "sklearn_version": sklearn.__version__,
        "dtype": "float64",
        "functions": FUNCTIONS,
        "cases": build_cases(),
        "schedules": build_schedules(),
    }
    if args.keep_existing:
        keep_existing(data)
    check_finite(data)
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, "w") as f:
        json.dump(data, f, indent=None, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {OUT_PATH} ({os.path.getsize(OUT_PATH)} bytes, "
          f"{len(data['cases'])} cases, {len(data['schedules'])} schedules)")


if __name__ == "__main__":
    main()
