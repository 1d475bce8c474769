"""Task (e): peak RSS of task (a)'s processes (read with wait4 there) against the estimate
  data + parameters + optimizer state + one batch's activations,
all f32: data = 10,000 images x 784 pixels and their labels (train and test are both held);
parameters P = 784*256+256 + 256*128+128 + 128*10+10 = 235,146; Adam keeps 2P, SGD momentum P;
activations = batch x (784 input + 2*256 + 2*128 + 10) values (each layer's output before and
after relu, and the logits). The RSS of an idle `downhill-bench` process is shown apart."""
from ..proc import run_json
from ..stats import median, ratio

SIZES = [784, 256, 128, 10]
ROWS, FEATURES = 10_000, 784


def estimate(optimizer, batch):
    params = sum(i * o + o for i, o in zip(SIZES, SIZES[1:]))
    parts = {
        "data": 4 * ROWS * (FEATURES + 1),
        "parameters": 4 * params,
        "optimizer state": 4 * params * (2 if optimizer == "adam" else 1),
        "activations (one batch)": 4 * batch * (784 + 2 * 256 + 2 * 128 + 10),
    }
    return parts, sum(parts.values())


def run(ctx, mlp_results):
    idle = median([run_json([ctx.bench_bin, "idle"], cwd=ctx.root)[0]["peak_rss"] for _ in range(3)])  # not timed
    out = []
    for cfg in mlp_results:
        parts, total = estimate(cfg["optimizer"], cfg["batch"])
        rss = cfg["tools"]["library"]["rss"]
        out.append({"name": cfg["name"], "parts": parts, "estimate": total, "downhill_rss": rss,
                    "torch_rss": cfg["tools"]["torch"]["rss"], "ratio": ratio(rss, total)})
    return {"idle_rss": idle, "configs": out}
