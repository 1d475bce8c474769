#!/usr/bin/env python3
"""Byte-for-byte comparison of `downhill optimize --format json` and `downhill train` between two builds.

Issue 9 (one description per optimizer and schedule) must not change what these commands print. This
script runs the fixed list COMMANDS below with one binary and saves what each command produced, so a
run before the refactor and a run after it can be diffed:

    python3 tools/compare_outputs.py record BINARY OUTDIR     # e.g. record /tmp/downhill-before /tmp/compare-before
    python3 tools/compare_outputs.py diff DIR_A DIR_B         # exit 1 if any output or model file differs

Per command, OUTDIR/NAME/ holds `argv` (for reading), `stdout`, `stderr`, `exit_code` and `files/`:
everything the command wrote into its (fresh, temporary) working directory. A `.safetensors` model
file is saved as its header, pretty-printed JSON (the metadata values that are JSON are expanded),
plus the SHA-256 of the tensor bytes, so a metadata change shows as a readable diff.

Normalised before saving, so that two runs of one binary are identical: wall-clock times (the
summary's `time:` line, the trailing seconds of `train`'s per-epoch lines, the `seconds` column of
`--metrics` CSV) become `<T>`; the repository's `data/` path becomes `$DATA` and the working
directory `$CWD` (so the after-run may use another checkout).

`diff` reports three groups: output (stdout, stderr, exit code, written CSV), model files, and help
text (the `help-*` commands). Help text is allowed to change, so it is listed but does not fail.
Names ending in `-defaults` leave the schedule's own options unset: issue 9 may change a few of those
defaults on purpose, and each such change should be named in its closing note.
"""
import difflib
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
IRIS, WINE, CANCER, DIABETES, DIGITS = (
    str(DATA / f) for f in ["iris.csv", "wine.csv", "breast_cancer.csv", "diabetes.csv", "digits.csv"]
)


def opt(*args, steps="25"):
    """`optimize --format json` with a short trajectory; `args` are the flags as one string."""
    return ["optimize", "--format", "json", "--steps", steps, *" ".join(args).split()]


def train(data, target, *args):
    return ["train", data, "--target", target, *" ".join(args).split()]


R = "--function rosenbrock --start=-1.5,2"  # the README's race start
SGD, ADAM = "--optimizer sgd --lr 0.001", "--optimizer adam --lr 0.1"

COMMANDS = [
    # --- help text: recorded, reported apart (allowed to change) ---
    ("help-optimize", ["optimize", "--help"]),
    ("help-train", ["train", "--help"]),
    ("help-compare", ["compare", "--help"]),
    ("help-optimizer-list", ["optimize", "--optimizer", "help"]),
    ("help-schedule-list", ["optimize", "--schedule", "help"]),
    ("help-function-list", ["optimize", "--function", "help"]),
    # --- optimize: every optimizer, default and non-default options ---
    ("optimize-sgd-defaults", opt(R, "--optimizer sgd")),
    ("optimize-sgd-momentum-dampening-wd", opt(R, SGD, "--momentum 0.9 --dampening 0.1 --weight-decay 0.01")),
    ("optimize-sgd-nesterov", opt(R, SGD, "--momentum 0.8 --nesterov")),
    ("optimize-momentum-maximize", opt("--function saddle --optimizer momentum --lr 0.01 --maximize")),
    ("optimize-nesterov-racer-lr", opt(R, "--optimizer nesterov:0.002")),
    ("optimize-adagrad-options", opt("--function himmelblau --optimizer adagrad --lr 0.5 --lr-decay 0.01 "
                                     "--initial-accumulator-value 0.1 --eps 1e-6 --weight-decay 0.001")),
    ("optimize-rmsprop-defaults", opt(R, "--optimizer rmsprop")),
    ("optimize-rmsprop-centered-momentum", opt(R, "--optimizer rmsprop --lr 0.01 --alpha 0.9 --centered "
                                               "--momentum 0.5 --eps 1e-6")),
    ("optimize-adadelta-rho", opt(R, "--optimizer adadelta --lr 1.0 --rho 0.8 --eps 1e-5 --weight-decay 0.01")),
    ("optimize-adam-defaults", opt("--function beale --optimizer adam")),
    ("optimize-adam-betas-amsgrad", opt("--function beale", ADAM, "--beta1 0.8 --beta2 0.99 --eps 1e-6 "
                                        "--amsgrad --weight-decay 0.01")),
    ("optimize-adam-maximize", opt("--function saddle", ADAM, "--maximize")),
    ("optimize-adamw-wd-amsgrad", opt(R, "--optimizer adamw --lr 0.05 --weight-decay 0.1 --amsgrad")),
    ("optimize-adamax-options", opt("--function matyas --optimizer adamax --lr 0.2 --beta1 0.85 --beta2 0.995 "
                                    "--eps 1e-7")),
    ("optimize-nadam-momentum-decay-decoupled", opt(R, "--optimizer nadam --lr 0.05 --momentum-decay 0.002 "
                                                    "--decoupled-weight-decay --weight-decay 0.01")),
    ("optimize-radam-defaults", opt("--function three-hump-camel --optimizer radam")),
    ("optimize-radam-decoupled", opt(R, "--optimizer radam --lr 0.1 --beta1 0.85 --decoupled-weight-decay "
                                     "--weight-decay 0.05")),
    ("optimize-lbfgs-defaults", opt(R, "--optimizer lbfgs", steps="8")),
    ("optimize-lbfgs-strong-wolfe", opt(R, "--optimizer lbfgs --lr 1 --line-search-fn strong_wolfe --max-iter 5 "
                                        "--max-eval 8 --history-size 3 --tolerance-grad 1e-5 "
                                        "--tolerance-change 1e-12", steps="8")),
    ("optimize-race-sgd-adam", opt("--function himmelblau --optimizer sgd:0.01,adam")),
    ("optimize-race-first-order-wd", opt(R, "--optimizer sgd:0.001,momentum:0.001,nesterov:0.001,adagrad,"
                                         "rmsprop:0.01,adadelta,adam:0.1,adamw:0.1,adamax,nadam,radam "
                                         "--weight-decay 0.001")),
    ("optimize-race-cosine", opt(R, "--optimizer sgd:0.001,adam:0.1 --schedule cosine --t-max 20")),
    ("optimize-clip-norm", opt("--function rastrigin --start=2.5,-1.5", ADAM, "--clip-norm 1.0")),
    ("optimize-clip-value", opt("--function ackley --start=1.5,1 --optimizer sgd --lr 0.05 --clip-value 0.5")),
    ("optimize-ill-conditioned-momentum", opt("--function ill-conditioned --optimizer momentum --lr 0.01")),
    ("optimize-adamw-defaults", opt("--function booth --optimizer adamw")),
    # --- optimize: every schedule, explicit options and options left to their defaults ---
    ("optimize-schedule-constant", opt(R, ADAM, "--schedule constant")),
    ("optimize-schedule-step-explicit", opt(R, ADAM, "--schedule step --step-size 5 --gamma 0.5")),
    ("optimize-schedule-step-gamma-default", opt(R, ADAM, "--schedule step --step-size 5")),
    ("optimize-schedule-step-defaults", opt(R, ADAM, "--schedule step")),
    ("optimize-schedule-multistep-explicit", opt(R, ADAM, "--schedule multi-step --milestones 5,10,15 --gamma 0.3")),
    ("optimize-schedule-multistep-gamma-default", opt(R, ADAM, "--schedule multistep --milestones 5,10")),
    ("optimize-schedule-multistep-defaults", opt(R, ADAM, "--schedule multi-step")),
    ("optimize-schedule-exponential-explicit", opt(R, ADAM, "--schedule exponential --gamma 0.9")),
    ("optimize-schedule-exponential-defaults", opt(R, ADAM, "--schedule exponential")),
    ("optimize-schedule-cosine-explicit", opt(R, ADAM, "--schedule cosine --t-max 20 --eta-min 0.001")),
    ("optimize-schedule-cosine-defaults", opt(R, ADAM, "--schedule cosine")),
    ("optimize-schedule-restarts-explicit", opt(R, ADAM, "--schedule cosine-restarts --t-0 5 --t-mult 2 "
                                                "--eta-min 0.001")),
    ("optimize-schedule-restarts-t0-only", opt(R, ADAM, "--schedule warm-restarts --t-0 7")),
    ("optimize-schedule-restarts-defaults", opt(R, ADAM, "--schedule cosine-restarts")),
    ("optimize-schedule-cyclic-explicit", opt(R, SGD, "--schedule cyclic --max-lr 0.003 --step-size-up 5 "
                                              "--step-size-down 3 --mode triangular2")),
    ("optimize-schedule-cyclic-exp-range", opt(R, SGD, "--schedule cyclic --max-lr 0.003 --step-size-up 4 "
                                               "--mode exp-range --gamma 0.9")),
    ("optimize-schedule-cyclic-defaults", opt(R, SGD, "--schedule cyclic --max-lr 0.003")),
    ("optimize-schedule-onecycle-explicit", opt(R, "--optimizer sgd --momentum 0.9 --schedule onecycle "
                                                "--max-lr 0.002 --total-steps 25 --pct-start 0.4 "
                                                "--anneal-strategy linear --base-momentum 0.8 --max-momentum 0.9 "
                                                "--div-factor 10 --final-div-factor 100")),
    ("optimize-schedule-onecycle-defaults", opt(R, "--optimizer adam --schedule onecycle --max-lr 0.1")),
    ("optimize-schedule-onecycle-adagrad-no-cycle", opt(R, "--optimizer adagrad --schedule onecycle --max-lr 0.5 "
                                                        "--cycle-momentum false")),
    ("optimize-schedule-linear-explicit", opt(R, ADAM, "--schedule linear --start-factor 0.5 --end-factor 0.1 "
                                              "--total-iters 10")),
    ("optimize-schedule-linear-defaults", opt(R, ADAM, "--schedule linear")),
    ("optimize-schedule-warmup-explicit", opt(R, ADAM, "--schedule linear-warmup --warmup-steps 5")),
    ("optimize-schedule-warmup-defaults", opt(R, ADAM, "--schedule warmup")),
    ("optimize-schedule-cosine-with-warmup", opt(R, ADAM, "--schedule cosine --t-max 20 --warmup-steps 5")),
    ("optimize-schedule-constant-factor-explicit", opt(R, ADAM, "--schedule constant-factor --factor 0.5 "
                                                       "--total-iters 8")),
    ("optimize-schedule-constant-factor-defaults", opt(R, ADAM, "--schedule constant-factor")),
    ("optimize-schedule-polynomial-explicit", opt(R, ADAM, "--schedule polynomial --total-iters 20 --power 2")),
    ("optimize-schedule-polynomial-defaults", opt(R, ADAM, "--schedule polynomial")),
    ("optimize-schedule-invscaling-explicit", opt(R, SGD, "--schedule invscaling --power-t 0.5")),
    ("optimize-schedule-invscaling-defaults", opt(R, SGD, "--schedule invscaling")),
    ("optimize-schedule-optimal-explicit", opt(R, "--optimizer sgd --schedule optimal --optimal-alpha 0.01")),
    ("optimize-schedule-optimal-defaults", opt(R, "--optimizer sgd --schedule optimal")),
    ("optimize-schedule-plateau-explicit", opt("--function rastrigin --start=2.5,-1.5", ADAM, "--schedule plateau "
                                               "--factor 0.5 --patience 2 --cooldown 1 --min-lr 0.01 "
                                               "--plateau-threshold 0.01")),
    ("optimize-schedule-plateau-defaults", opt("--function rastrigin --start=2.5,-1.5", ADAM, "--schedule plateau",
                                               steps="40")),
    # --- optimize: bad input (stderr and exit code must stay) ---
    ("bad-optimize-unknown-optimizer", opt(R, "--optimizer adma")),
    ("bad-optimize-no-optimizer", opt("--function booth")),
    ("bad-optimize-unknown-schedule", opt(R, ADAM, "--schedule cosin")),
    ("bad-optimize-unknown-function", opt("--function rosenbrok", ADAM)),
    ("bad-optimize-nesterov-with-adam", opt(R, "--optimizer adam --nesterov")),
    ("bad-optimize-nesterov-without-momentum", opt(R, SGD, "--nesterov")),
    ("bad-optimize-nesterov-with-dampening", opt(R, SGD, "--momentum 0.9 --nesterov --dampening 0.1")),
    ("bad-optimize-amsgrad-in-race", opt(R, "--optimizer sgd,adam --amsgrad")),
    ("bad-optimize-weight-decay-lbfgs", opt(R, "--optimizer lbfgs --weight-decay 0.1")),
    ("bad-optimize-beta1-out-of-range", opt(R, "--optimizer adam --beta1 1.5")),
    ("bad-optimize-negative-lr", opt(R, "--optimizer sgd --lr -0.1")),
    ("bad-optimize-alpha-out-of-range", opt(R, "--optimizer rmsprop --alpha 2")),
    ("bad-optimize-max-iter-zero", opt(R, "--optimizer lbfgs --max-iter 0")),
    ("bad-optimize-gamma-without-schedule", opt(R, ADAM, "--gamma 0.5")),
    ("bad-optimize-t-max-with-step", opt(R, ADAM, "--schedule step --step-size 5 --t-max 10")),
    ("bad-optimize-step-size-zero", opt(R, ADAM, "--schedule step --step-size 0")),
    ("bad-optimize-lr-with-onecycle", opt(R, ADAM, "--schedule onecycle --max-lr 0.1")),
    ("bad-optimize-onecycle-adagrad-cycle-momentum", opt(R, "--optimizer adagrad --schedule onecycle --max-lr 0.5")),
    ("bad-optimize-base-above-max-momentum", opt(R, "--optimizer sgd --momentum 0.9 --schedule onecycle "
                                                 "--max-lr 0.01 --base-momentum 0.97")),
    ("bad-optimize-pct-start-one", opt(R, "--optimizer adam --schedule onecycle --max-lr 0.1 --pct-start 1")),
    ("bad-optimize-clip-norm-and-value", opt(R, ADAM, "--clip-norm 1 --clip-value 1")),
    ("bad-optimize-start-three-numbers", opt("--function rosenbrock --start=1,2,3")),
    ("bad-optimize-steps-zero", opt(R, ADAM, steps="0")),
    # --- train: shipped datasets, models, optimizers, schedules, batch sizes, penalties ---
    ("train-iris-defaults", train(IRIS, "species", "--test-fraction 0.2")),
    ("train-iris-mlp-adam-cosine-defaults", train(IRIS, "species", "--model mlp --hidden 8 --optimizer adam "
                                                  "--lr 0.01 --schedule cosine --epochs 15 --metrics m.csv")),
    ("train-iris-plateau-early-stopping", train(IRIS, "species", "--validation-fraction 0.3 --schedule plateau "
                                                "--patience 2 --factor 0.5 --early-stopping --epochs 40 "
                                                "--metrics m.csv")),
        ("train-wine-sgd-nesterov-step", train(WINE, "cultivar", "--optimizer sgd --lr 0.05 --momentum 0.9 --nesterov "
                                           "--schedule step --step-size 5 --gamma 0.5 --batch-size 16 --epochs 15 "
                                           "--validation-fraction 0.2 --metrics m.csv")),
    ("train-wine-cyclic-defaults", train(WINE, "cultivar", "--optimizer sgd --lr 0.001 --schedule cyclic "
                                         "--max-lr 0.1 --schedule-per batch --batch-size 16 --epochs 5 --metrics m.csv")),
    ("train-wine-restarts-adadelta-clip-value", train(WINE, "cultivar", "--optimizer adadelta --rho 0.8 --schedule "
                                                      "cosine-restarts --t-0 3 --t-mult 2 --clip-value 0.5 "
                                                      "--epochs 12 --metrics m.csv")),
    ("train-cancer-logistic-l2-rmsprop", train(CANCER, "diagnosis", "--l2 1e-3 --optimizer rmsprop --centered "
                                               "--batch-size 32 --epochs 10 --test-fraction 0.2")),
    ("train-cancer-svm-l1-adagrad-exponential", train(CANCER, "diagnosis", "--model svm --l1 1e-3 --optimizer "
                                                      "adagrad --lr 0.1 --schedule exponential --gamma 0.9 "
                                                      "--batch-size 64 --epochs 8 --test-rows 469..569")),
    ("train-cancer-radam-polynomial-defaults", train(CANCER, "diagnosis", "--optimizer radam "
                                                     "--decoupled-weight-decay --weight-decay 0.01 --schedule "
                                                     "polynomial --batch-size 1 --epochs 2 --seed 3")),
    ("train-diabetes-linear-defaults", train(DIABETES, "progression", "--test-rows 354..442")),
    ("train-diabetes-huber-elastic-onecycle", train(DIABETES, "progression", "--loss huber --huber-delta 1.0 "
                                                    "--elastic-net 1e-3 --l1-ratio 0.3 --optimizer adamw "
                                                    "--weight-decay 0.01 --schedule onecycle --max-lr 0.01 "
                                                    "--epochs 10 --batch-size 32 --scale minmax --metrics m.csv")),
    ("train-diabetes-mlp-nadam-warmup", train(DIABETES, "progression", "--model mlp --hidden 16 --activation tanh "
                                              "--optimizer nadam --lr 0.005 --schedule linear-warmup "
                                              "--warmup-steps 3 --epochs 10 --batch-size 32 "
                                              "--validation-fraction 0.2 --test-fraction 0.2")),
    ("train-digits-softmax-l2-quiet", train(DIGITS, "digit", "--l2 1e-3 --tol none --epochs 5 --batch-size 64 "
                                            "--test-fraction 0.2 --metrics m.csv --quiet")),
    ("train-digits-mlp-batchnorm-dropout-clip", train(DIGITS, "digit", "--model mlp --hidden 32 --batch-norm "
                                                      "--dropout 0.1 --optimizer adam --lr 0.01 --schedule cosine "
                                                      "--t-max 40 --warmup-steps 5 --schedule-per batch "
                                                      "--clip-norm 1 --epochs 3 --batch-size 128 --metrics m.csv")),
    ("train-digits-adamax-tol", train(DIGITS, "digit", "--optimizer adamax --tol 1e-3 --n-iter-no-change 2 "
                                      "--epochs 30 --batch-size full --scale minmax --grad-tol 1e-6")),
    # --- train: bad input ---
    ("bad-train-unknown-target", train(IRIS, "nope")),
    ("bad-train-nesterov-with-adam", train(IRIS, "species", "--optimizer adam --nesterov")),
    ("bad-train-cyclic-mode", train(WINE, "cultivar", "--schedule cyclic --max-lr 0.1 --mode triangular2")),
    ("bad-train-step-defaults", train(WINE, "cultivar", "--schedule step")),
    ("bad-train-batch-size-zero", train(IRIS, "species", "--batch-size 0")),
    ("bad-train-negative-momentum", train(IRIS, "species", "--optimizer sgd --momentum -0.5")),
    ("bad-train-lbfgs", train(IRIS, "species", "--optimizer lbfgs --epochs 5")),
    ("bad-train-softmax-regression", train(DIABETES, "progression", "--model softmax")),
]

TIME_LINE = re.compile(r"^time: [0-9.]+ s \((\d+) epochs, [0-9.]+ s per epoch\)$", re.M)
EPOCH_SECONDS = re.compile(r"^(epoch \d+/\d+ .*  lr \S+  )[0-9.]+ s$", re.M)


def normalise(text, cwd):
    text = text.replace(str(DATA), "$DATA").replace(cwd, "$CWD")
    text = TIME_LINE.sub(r"time: <T> s (\1 epochs, <T> s per epoch)", text)
    return EPOCH_SECONDS.sub(r"\1<T> s", text)


def normalise_csv(text):
    lines = text.splitlines(keepends=True)
    if not lines or not lines[0].startswith("epoch,seconds,"):
        return text
    return lines[0] + "".join(re.sub(r"^([^,]*),[^,]*,", r"\1,<T>,", line) for line in lines[1:])


def save_written(src, dest, cwd):
    """Saves a file the command wrote: text normalised, safetensors as header JSON + tensor hash."""
    raw = src.read_bytes()
    if src.suffix == ".safetensors" and len(raw) >= 8:
        n = struct.unpack("<Q", raw[:8])[0]
        header = json.loads(raw[8 : 8 + n])
        for k, v in header.get("__metadata__", {}).items():
            try:
                header["__metadata__"][k] = json.loads(v)
            except ValueError:
                pass
        text = normalise(json.dumps(header, indent=1, sort_keys=True), cwd)
        dest.with_name(dest.name + ".header.json").write_text(text + "\n")
        dest.with_name(dest.name + ".data.sha256").write_text(hashlib.sha256(raw[8 + n :]).hexdigest() + "\n")
        return
    try:
        dest.write_text(normalise_csv(normalise(raw.decode(), cwd)))
    except UnicodeDecodeError:
        dest.write_bytes(raw)


def record(binary, outdir):
    binary, outdir = str(Path(binary).resolve()), Path(outdir)
    if outdir.exists():
        shutil.rmtree(outdir)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUST_")} | {"NO_COLOR": "1"}
    for name, argv in COMMANDS:
        d = outdir / name
        (d / "files").mkdir(parents=True)
        with tempfile.TemporaryDirectory(prefix="downhill-compare-") as cwd:
            cwd = os.path.realpath(cwd)
            p = subprocess.run([binary, *argv], cwd=cwd, env=env, capture_output=True, text=True,
                               stdin=subprocess.DEVNULL, timeout=600)
            for f in sorted(Path(cwd).rglob("*")):
                if f.is_file():
                    dest = d / "files" / f.relative_to(cwd)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    save_written(f, dest, cwd)
            (d / "stdout").write_text(normalise(p.stdout, cwd))
            (d / "stderr").write_text(normalise(p.stderr, cwd))
        (d / "exit_code").write_text(f"{p.returncode}\n")
        (d / "argv").write_text(" ".join(["downhill", *argv]).replace(str(DATA), "$DATA") + "\n")
        print(f"{p.returncode:>3}  {name}")
    print(f"recorded {len(COMMANDS)} commands in {outdir}")


def files_of(d):
    return {str(f.relative_to(d)) for f in d.rglob("*") if f.is_file()} if d.is_dir() else set()


def short_diff(a, b, label, limit=20):
    if not a.exists() or not b.exists():
        return [f"    {label}: only in {'A' if a.exists() else 'B'}"]
    try:
        la, lb = a.read_text().splitlines(), b.read_text().splitlines()
    except UnicodeDecodeError:
        return [f"    {label}: binary content differs"]
    lines = list(difflib.unified_diff(la, lb, f"A/{label}", f"B/{label}", n=1, lineterm=""))
    more = [f"    ... {len(lines) - limit} more diff lines"] if len(lines) > limit else []
    return ["    " + line[:200] for line in lines[:limit]] + more


def diff(dir_a, dir_b):
    a, b = Path(dir_a), Path(dir_b)
    names = sorted({p.name for p in a.iterdir() if p.is_dir()} | {p.name for p in b.iterdir() if p.is_dir()})
    groups = {"output": [], "model file": [], "help text": []}
    for name in names:
        by_group = {}
        for rel in sorted(files_of(a / name) | files_of(b / name)):
            fa, fb = a / name / rel, b / name / rel
            if rel == "argv" or (fa.is_file() and fb.is_file() and fa.read_bytes() == fb.read_bytes()):
                continue
            group = "help text" if name.startswith("help-") else "model file" if ".safetensors" in rel else "output"
            by_group.setdefault(group, []).extend(short_diff(fa, fb, rel))
        for group, lines in by_group.items():
            groups[group].append((name, lines))
    for group, entries in groups.items():
        print(f"== {group}: {len(entries)} of {len(names)} commands differ")
        for name, lines in entries:
            print(f"  {name}")
            print("\n".join(lines))
    return 1 if groups["output"] or groups["model file"] else 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "record":
        return record(sys.argv[2], sys.argv[3])
    if len(sys.argv) == 4 and sys.argv[1] == "diff":
        return diff(sys.argv[2], sys.argv[3])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
