"""The report's section for each task (a)-(h), from that task's results. Every timed figure is
printed as median (min-max) over repetitions, for every tool."""
from . import roof
from .stats import mib, ms, spread, x, xr


def busy_line(busy, labels=None):
    """The CPU busy figure recorded before each run, per tool, in run order."""
    labels = labels or {}
    parts = [f"{labels.get(name, name)} {', '.join(f'{b:.0f}' for b in values)}" for name, values in busy.items()]
    return "CPU busy (%) over the second before each run, repetition by repetition: " + "; ".join(parts) + ".\n"


def mlp(a, tools):
    out = ["## (a) MNIST MLP 784-256-128-10\n",
           "First 8,000 shipped digits train, last 2,000 test; relu; weights He-uniform "
           "(`kaiming_uniform_(relu)`); cross-entropy; reshuffled each epoch; no weight decay, no validation split, "
           "no early stop. Library path: `MlpClassifier` through `Fit::fit` (`crates/downhill-bench/src/mlp.rs`), "
           "pixels / 255, epoch time from the history's `seconds`. CLI path: the command below, epoch time from the "
           "`seconds` column of `--metrics` (pixels `--scale global-minmax`: one minimum and maximum over every "
           "training pixel, 0 and 255, so pixels / 255 as torch's). torch: `bench/peers/torch_mlp.py`, eager, at its default threads "
           "and OpenMP settings, pixels / 255. "
           f"{a[0]['epochs']} epochs; \"epoch\" is the median epoch of a run, then the median (min-max) over runs; "
           "\"first\" the first epoch (warm-up included), \"1-3\" and \"4+\" the medians of those epochs.\n",
           "Subnormal floats: with SGD momentum, the weights of relu units that stopped receiving gradient keep a "
           "momentum buffer that shrinks by 0.9 per step and becomes subnormal after about 800 steps (epoch 3-4 at "
           "batch 32); `bench/peers/subnormal_count.py` counts 540 at the end of epoch 3, 7,150 after epoch 4 and "
           "11,728 (5 % of the 235,146) after epoch 10. Arithmetic on them is slow on x86, which is why both tools' "
           "later epochs are slower in that configuration. `downhill-bench mlp --flush-denormals 1` and "
           "`torch.set_flush_denormal(True)` treat them as zero, for comparison.\n"]
    for cfg in a:
        t = cfg["tools"]
        out += [f"### {cfg['name']} (lr {cfg['lr']})\n", f"CLI: `{cfg['cli_command']}`\n",
                "| tool | epoch | first | 1-3 | 4+ | test accuracy | peak RSS | epoch / torch's |",
                "|---|---|---|---|---|---|---|---|"]
        for key, s in t.items():
            rr = cfg["ratios"].get(key)
            acc = "n/a" if s["accuracy"] is None else f"{s['accuracy']:.4f}"
            out.append(f"| {tools[key]} | {spread(s['epoch'])} | {spread(s['first_epoch'])} | {spread(s['early'])} | "
                       f"{spread(s['late'])} | {acc} | {mib(s['rss'])} | {'**' + xr(rr) + '**' if rr else ''} |")
        out.append(f"\nCLI epoch / library epoch: {xr(cfg['ratios']['cli_vs_library'])}. torch threads: {t['torch']['threads']}.\n")
        out.append(busy_line(cfg["busy"], tools))
    return "\n".join(out) + "\n"


def optim(b):
    out = [f"## (b) One optimizer step on {b['params']:,} parameters\n",
           f"One parameter tensor, a fixed gradient, the median of {b.get('steps', 20)} timed steps after "
           f"{b.get('warmup', 20)} untimed ones (every tool's first "
           "10-20 steps are slower while the new buffers' memory settles); then the median (min-max) over runs. downhill: "
           "`Optimizer::step` (`crates/downhill-bench/src/optim_step.rs`); torch at its default threads: `opt.step()` with "
           "its default (on CPU the per-tensor loop), `foreach=True` and `fused=True` (`bench/peers/torch_optim.py`). Adam "
           "and AdamW: torch defaults (AdamW weight decay 1e-2); SGD: lr 1e-2, momentum 0.9. The floor is the memory "
           "traffic a step must make (Adam/AdamW read p, g, m, v and write p, m, v: 28 bytes/parameter; SGD momentum "
           "20) with no arithmetic, over buffers of the same size on 2 threads, as plain zipped loops and with "
           "software prefetch (as downhill's fused steps run), the faster counted; it is timed inside the downhill "
           "run, one pass of each after every step (`optim --floor true`), because this VM's bandwidth drifts within "
           "a run by more than the gap judged. The machine's streaming rates from separate runs of `downhill-bench "
           f"bandwidth` (medians: copy {b['kernels']['copy']:.1f}, Adam pattern {b['kernels']['adam']:.1f}, SGD "
           f"pattern {b['kernels']['sgd']:.1f} GB/s counting reads + writes; best {b['rate_gbs']:.1f} GB/s).\n"]
    impls = list(b["kinds"][0]["torch"])
    label = {"fused PASSIVE": "torch fused, OMP_WAIT_POLICY=PASSIVE (extra, in no ratio)"}
    out += ["| optimizer | floor | downhill | " + " | ".join(label.get(i, f"torch {i}") for i in impls)
            + " | downhill / floor | downhill / torch fused | downhill / best torch |",
            "|---|---|---|" + "---|" * len(impls) + "---|---|---|"]
    for k in b["kinds"]:
        cells = [spread(v["seconds"], ms) if v["seconds"] is not None else f"n/a ({v['error'][:40]})" for v in k["torch"].values()]
        out.append(f"| {k['label']} ({k['bytes']} B/param) | {spread(k['floor'], ms)} | {spread(k['downhill'], ms)} | "
                   + " | ".join(cells) + f" | **{xr(k['vs_floor'])}** | **{xr(k['vs_fused'])}** | {xr(k['vs_torch_best'])} ({k['torch_best_impl']}) |")
    out.append("\n" + busy_line(b["busy"]))
    return "\n".join(out) + "\n"


def logreg(c):
    t = c["tools"]
    what = {
        "downhill": f"`LogisticRegression`, mini-batch SGD (batch {c['batch']}, lr {c['lr']}), weights from zero, no penalty",
        "sklearn": "`SGDClassifier(loss=\"log_loss\", max_iter=1, tol=None)`: per-sample SGD, `optimal` rate schedule, L2 alpha 1e-4",
        "torch": f"`nn.Linear` from zero, `BCEWithLogitsLoss`, `SGD(lr={c['lr']})`, batch {c['batch']}, default threads",
    }
    out = [f"## (c) Logistic regression, one epoch over {c['rows']:,} x {c['cols']} dense rows\n",
           "Synthetic float32 rows from `bench/peers/logreg_data.py` (x ~ N(0, 1), labels drawn from a logistic "
           "model, Bayes accuracy about 0.836), written once to bench/.cache and read by every tool. Each tool runs "
           "one epoch of its natural SGD. `fit()` is the whole estimator call (input checks, copies, set-up); "
           "\"epoch\" is downhill's history `seconds` (batches only); sklearn's epoch cannot be separated from "
           "its `fit`, torch's figure is its training loop. Accuracy is on the training rows.\n",
           "| tool | what it runs | fit() | epoch | accuracy |", "|---|---|---|---|---|"]
    for tool, s in t.items():
        out.append(f"| {tool} | {what[tool]} | {spread(s['fit_seconds'])} | {spread(s['epoch_seconds'])} | {s['train_accuracy']:.4f} |")
    out.append(f"\nRatios: downhill epoch / SGDClassifier fit **{xr(c['epoch_vs_sklearn'])}**, downhill fit() / "
               f"SGDClassifier fit **{xr(c['fit_vs_sklearn'])}**"
               + (f", downhill epoch / torch epoch **{xr(c['epoch_vs_torch'])}**" if c.get("epoch_vs_torch") else "") + ".\n")
    out.append(busy_line(c["busy"]))
    return "\n".join(out) + "\n"


def cli(d):
    if "skipped" in d:
        return f"## (d) `downhill train` on iris\n\nNot measured: {d['skipped']}.\n\n"
    out = ["## (d) `downhill train` on iris, whole process\n",
           f"Wall time from spawn to exit, median (min-max) of {d['reps']} alternating runs each (the Python figure "
           "includes starting the interpreter and importing numpy and scikit-learn, as a user would pay it).\n",
           "| command | wall | downhill / this |", "|---|---|---|"]
    for name, cmd in d["commands"].items():
        rr = d["ratios"].get(name)
        out.append(f"| `{cmd}` | {spread(d['walls'][name], ms)} | {'' if rr is None else '**' + xr(rr) + '**'} |")
    out.append("\n" + busy_line(d["busy"]))
    return "\n".join(out) + "\n\n"


def memory(e):
    out = ["## (e) Peak RSS of the MNIST runs\n",
           "Peak resident set of task (a)'s library-path processes (`VmHWM`, which each process reads from "
           "/proc/self/status as it ends), against the estimate data + parameters + optimizer state + one batch's "
           "activations (f32; see bench/harness/tasks/memory.py). "
           f"An idle `downhill-bench` process peaks at {mib(e['idle_rss'])}. torch's figure includes the "
           "interpreter and torch's libraries, for reference only.\n",
           "| configuration | data | parameters | optimizer state | activations | estimate | downhill peak RSS | ratio | torch peak RSS |",
           "|---|---|---|---|---|---|---|---|---|"]
    for cfg in e["configs"]:
        p = cfg["parts"]
        out.append(f"| {cfg['name']} | {p['data'] / 2**20:.1f} MiB | {p['parameters'] / 2**20:.2f} MiB | "
                   f"{p['optimizer state'] / 2**20:.2f} MiB | {p['activations (one batch)'] / 2**20:.2f} MiB | "
                   f"{cfg['estimate'] / 2**20:.1f} MiB | {mib(cfg['downhill_rss'])} | **{x(cfg['ratio'])}** | {mib(cfg['torch_rss'])} |")
    return "\n".join(out) + "\n\n"



def _epochs(runs):
    return "; ".join(", ".join(f"{s:.2f}" for s in r["epoch_seconds"]) for r in runs)


def _seeds(accuracies):
    return ", ".join("n/a" if a is None else f"{a:.4f}" for a in accuracies)


def cnn(f, tools, machine):
    t, acc = f["tools"], f["accuracy"]
    out = ["## (f) MNIST CNN (issue 10)\n",
           "`conv2d(16, 5, padding=2), relu, max_pool2d(2), conv2d(32, 5, padding=2), relu, max_pool2d(2), flatten, "
           f"linear(10)` on the first {f['train_rows']:,} shipped digits, tested on the last 2,000; cross-entropy; "
           f"Adam lr {f['lr']} at torch's other defaults, batch {f['batch']}, reshuffled each epoch; {f['epochs']} "
           "epochs, no penalty, no validation split, no early stop. CLI path: the command below, epoch time from "
           "the `seconds` column of `--metrics`, test accuracy from its summary line; the layers drawn as torch's "
           "default initialisation; pixels at downhill's default scaling of images (`global-standard`: the "
           "training pixels' one mean and standard deviation). torch: `bench/peers/torch_cnn.py`, eager, at its default threads and "
           "OpenMP settings, torch's default initialisation, pixels / 255 normalised by the training pixels' mean and "
           "standard deviation (pytorch/examples' MNIST `Normalize`). REP is the repetition (0, 1, ...), "
           "both tools' seed. \"epoch\" is the median epoch of a run, then the median (min-max) over runs; "
           "\"first\" the first epoch (warm-up included), \"2+\" the median of the others. \"test accuracy\" is "
           "the mean over the seeds listed below the table (the timed runs' seeds, then untimed runs up to seed 7 "
           "in full runs; one run's accuracy moves with its seed by more than the target's margin).\n",
           f"CLI: `{f['cli_command']}`\n", f"torch: `{f['torch_command']}`\n",
           "| tool | epoch | first | 2+ | test accuracy | epoch / torch's |", "|---|---|---|---|---|---|"]
    for key, s in t.items():
        a = "n/a" if s["accuracy"] is None else f"{s['accuracy']:.4f}"
        rr = f["ratio"] if key == "cli" else None
        out.append(f"| {tools[key]} | {spread(s['epoch'])} | {spread(s['first_epoch'])} | {spread(s['later'])} | "
                   f"{a} | {'**' + xr(rr) + '**' if rr else ''} |")
    gap = "n/a" if acc["gap"] is None else f"{acc['gap']:.4f}"
    out += [f"\nAccuracy target (mean test accuracy after 5 epochs >= 0.975 and within 0.005 of torch's): "
            f"{acc['verdict']} (difference {gap}). torch threads: {t['torch']['threads']}.\n",
            "Test accuracy by seed (0, 1, ...): "
            + " | ".join(f"{tools[k]}: {_seeds(s.get('accuracy_seeds', []))}" for k, s in t.items()) + ".\n",
            "Epoch seconds of every run, in run order: "
            + " | ".join(f"{tools[k]}: {_epochs(s['runs'])}" for k, s in t.items()) + ".\n",
            busy_line(f["busy"], tools), _conv(f.get("conv"), t["cli"]["epoch"]["median"], machine)]
    return "\n".join(out) + "\n"


def lm(g, tools):
    out = ["## (g) Language-model training steps (issue 11)\n",
           "Tiny shakespeare (the shipped `data/tinyshakespeare.txt`), first 90 % train; each step draws `batch` "
           "windows of `context` characters at random offsets and minimises the mean next-character cross-entropy. "
           "CLI: the command below; the step figure is the `seconds` column of `--metrics` for the second of two "
           "rounds (drawing the windows, forward, backward and the optimizer step; not validation, not the first "
           "round's warm-up) over its steps. torch: `tools/lm_torch.py`, eager, at its default threads, the same "
           "model in torch's modules and the same optimizer; its figure is the median step after the first 10 "
           "(forward, backward and the optimizer step). Figures: median (min-max) over repetitions.\n"]
    for c in g:
        t = c["tools"]
        out += [f"### {c['name']}: `{c['layers']}`, context {c['context']}, batch {c['batch']}, "
                f"{c['optimizer']} lr {c['lr']}, {c['steps']} steps\n",
                f"CLI: `{c['cli_command']}`\n", f"torch: `{c['torch_command']}`\n",
                "| tool | step | step / torch's |", "|---|---|---|"]
        for key, s in t.items():
            rr = c["ratio"] if key == "cli" else None
            out.append(f"| {tools[key]} | {spread(s['step'], ms)} | {'**' + xr(rr) + '**' if rr else ''} |")
        out += [f"\ntorch threads: {c['torch_threads']}.\n", busy_line(c["busy"], tools)]
    return "\n".join(out) + "\n"


def _conv(c, cli_epoch, machine):
    head = "### The conv layers alone\n\n"
    if c is None:
        return head + "Not timed in --quick runs.\n"
    if "error" in c:
        return head + f"`{c['command']}` failed: {c['error']}\n"
    during = "" if c.get("busy_during") is None else f", {c['busy_during']:.0f} % used by other processes during it"
    _, how = roof.flops(machine, 1)
    out = [head + f"`{c['command']}` (criterion, run by the harness after the timed runs; CPU {c['busy']:.0f} % "
           f"busy before it{during}): the two conv layers of this CNN at batch 64, criterion's median time per call. "
           "FLOP per call: forward 2·N·O·OH·OW·(C/groups)·kh·kw; backward the same for dW and again for dX (conv1 "
           "computes no dX: its input is the data); biases not counted. A kernel that does fewer multiplies (Winograd) "
           f"shows the rate direct convolution would need for its time. Roof: the FMA roof {how} for the threads "
           f"used ({roof.describe(machine)}).\n",
           "| layer | pass | threads | time per call | MFLOP per call | GFLOP/s | of roof |", "|---|---|---|---|---|---|---|"]
    for r in c["rows"]:
        share = r["flop"] / r["seconds"] / roof.flops(machine, r["threads"])[0]
        out.append(f"| {r['layer']} | {r['pass']} | {r['threads']} | {ms(r['seconds'])} | {r['flop'] / 1e6:.0f} | "
                   f"**{r['gflops']:.1f}** | {share:.0%} |")
    e = c["epoch"]
    if e["seconds"] is not None:
        whole = f", against {cli_epoch:.2f} s for the CLI's whole median epoch" if cli_epoch else ""
        floor = e["flop"] / roof.flops(machine, e["threads"] or 1)[0]
        out.append(f"\nOne epoch ({e['batches']} batches) does {e['flop'] / 1e9:.1f} GFLOP in the conv layers: "
                   f"{e['seconds']:.2f} s at the {e['threads']}-thread rates above{whole}; at the roof it would "
                   f"take {floor:.2f} s.")
    return "\n".join(out) + "\n"


def stream_vw(h):
    if "skipped" in h:
        return f"## (h) Streaming vs Vowpal Wabbit\n\nNot measured: {h['skipped']}.\n\n"
    out = [f"## (h) Streaming vs Vowpal Wabbit (issue 13): {h['rows']:,} rows x 20 features, one pass\n",
           f"Whole-process wall time, median (min-max) of {h['reps']} alternating runs each; rows/s is training rows "
           f"over that median. Accuracy on {h['test_rows']:,} other rows. downhill reads LIBSVM and makes two passes "
           f"(fitting, then training); Vowpal Wabbit {h['vw_version']} reads its text format once (no cache; "
           f"its pass alone took {spread(h['vw_pass'], ms)}). Peak RSS: downhill's is an upper bound (wait4), VW's VmHWM.\n",
           "| command | wall | rows/s | test accuracy | peak RSS | downhill / this |", "|---|---|---|---|---|---|"]
    for name, cmd in h["commands"].items():
        acc = h["accuracy"][name]
        ratio = "**" + xr(h["ratio"]) + "**" if name == "Vowpal Wabbit" else ""
        out.append(f"| `{cmd}` | {spread(h['walls'][name], ms)} | {h['rows_per_second'][name]:,.0f} | "
                   f"{'n/a' if acc is None else f'{acc:.4f}'} | {mib(h['rss'][name])} | {ratio} |")
    out.append("\n" + busy_line(h["busy"]))
    return "\n".join(out) + "\n\n"
