"""Task (h)'s peer: Vowpal Wabbit's one pass over a text-format file, as `vw --loss_function
logistic -d TRAIN -f MODEL` does it (no cache: no -c; its defaults otherwise: adaptive, normalised,
invariant updates, 18 bits), through the Python package's `Workspace` and `run_parser`; or, apart
and untimed, the accuracy of MODEL on TEST (`-t -i MODEL`, raw scores, sign against the ±1 label).
Prints one JSON line: for `train` the seconds of the pass alone, the rows it read and VmHWM; for
`test` the accuracy.

    python bench/peers/vw_stream.py train TRAIN.vw MODEL_PATH
    python bench/peers/vw_stream.py test TEST.vw MODEL_PATH
"""
import json
import sys
import time

from vowpalwabbit import Workspace


def vm_hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return None


def train(data, model):
    start = time.perf_counter()
    vw = Workspace(f"--loss_function logistic -d {data} -f {model} --quiet")
    vw.run_parser()
    rows = vw.get_weighted_examples()
    vw.finish()
    return {"seconds": time.perf_counter() - start, "rows": rows, "rss": vm_hwm()}


def test(data, model):
    scorer = Workspace(f"-t -i {model} --quiet")
    right = total = 0
    with open(data) as f:
        for line in f:
            label = 1 if line.split(" ", 1)[0] == "1" else -1
            score = scorer.predict(line)
            right += (score > 0) == (label > 0)
            total += 1
    scorer.finish()
    return {"accuracy": right / max(total, 1)}


def main():
    mode, data, model = sys.argv[1:4]
    print(json.dumps(train(data, model) if mode == "train" else test(data, model)))


if __name__ == "__main__":
    main()
