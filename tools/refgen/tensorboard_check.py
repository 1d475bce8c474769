#!/usr/bin/env python3
"""Does TensorBoard itself read downhill's event files? Prints what it found; asserts as it goes.

Runs the built `downhill` binary on data/iris.csv:
  train   --tensorboard W/train    (one run: 6 epochs, histograms after epochs 1, 2, 4, 6)
  compare --tensorboard W/compare  (sgd and adam: a subdirectory each, the experiment in W/compare)
then reads the files three ways:
  1. EventAccumulator (tensorboard.backend.event_processing), TensorBoard's Python reader: every
     record's CRCs (its pure-Python reader checks both), the scalars against train's --metrics CSV,
     the histograms against the trained weights (safetensors), the hparams plugin's summaries
     through tensorboard.plugins.hparams.metadata.
  2. the TensorBoard server with --load_fast=false (that same reader behind its HTTP API) and
  3. with --load_fast=true (TensorBoard's Rust data server, tensorboard_data_server, a reader of
     its own): /data/runs, the scalars and histograms routes, and the hparams plugin's
     /experiment and /session_groups, as the dashboard asks for them. Servers listen on 127.0.0.1.
  4. a control: one flipped bit in the record of epoch 3's scalars makes the Python reader stop
     there (its CRC check), so reading every step above means every record passed it.

Run from the repo root, after `cargo build -p downhill-cli`, in a venv with `pip install
tensorboard safetensors numpy`:  python tools/refgen/tensorboard_check.py [--downhill BIN]
"""
import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import numpy as np
import shutil
import struct
from safetensors.numpy import load_file
from tensorboard.backend.event_processing import event_accumulator as ea
from tensorboard.compat.proto import event_pb2
from tensorboard.plugins.hparams import metadata

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IRIS = os.path.join(REPO, "data", "iris.csv")


def run(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    assert out.returncode == 0, f"{cmd}: {out.stderr}"
    return out


def generate(downhill, work):
    train = os.path.join(work, "train")
    common = [IRIS, "--target", "species", "--hidden", "8", "--seed", "3"]
    run([downhill, "train", *common, "--batch-size", "16", "--epochs", "6", "--validation-fraction", "0.2", "--tol", "none",
         "--optimizer", "adam", "--lr", "0.01", "--tensorboard", train, "--tensorboard-histograms", "2",
         "--metrics", os.path.join(work, "epochs.csv"), "--out", os.path.join(work, "model.safetensors"),
         "--quiet"])
    run([downhill, "compare", *common, "--optimizers", "sgd:0.1,adam:0.01", "--batch-sizes", "16",
         "--epochs", "4", "--tensorboard", os.path.join(work, "compare"), "--quiet"])
    return train, os.path.join(work, "compare")


def accumulate(path):
    acc = ea.EventAccumulator(path, size_guidance={ea.SCALARS: 0, ea.HISTOGRAMS: 0})
    acc.Reload()
    return acc


def check_accumulator(train, compare, work):
    acc = accumulate(train)
    tags = acc.Tags()
    print(f"[accumulator] {train}: {len(tags['scalars'])} scalar tags, {len(tags['histograms'])} histogram tags")
    with open(os.path.join(work, "epochs.csv")) as f:
        rows = list(csv.DictReader(f))
    for tag, column in [("loss/train", "train_loss"), ("loss/validation", "val_loss"),
                        ("accuracy/validation", "val_accuracy"), ("learning_rate", "lr")]:
        events = acc.Scalars(tag)
        assert [e.step for e in events] == list(range(1, len(rows) + 1)), (tag, [e.step for e in events])
        for e, row in zip(events, rows):
            want = float(row[column])
            assert abs(e.value - want) <= 1e-5 * max(abs(want), 1e-12), (tag, e.step, e.value, want)
        print(f"[accumulator] {tag}: steps 1..{len(events)} equal the CSV's {column} "
              f"(first {events[0].value:.6g}, last {events[-1].value:.6g})")
    model = load_file(os.path.join(work, "model.safetensors"))
    weights = sorted(t for t in tags["histograms"] if t.startswith("weights/"))
    grads = sorted(t for t in tags["histograms"] if t.startswith("gradients/"))
    assert len(weights) == len(grads) > 0
    for tag in weights + grads:
        events = acc.Histograms(tag)
        assert [e.step for e in events] == [1, 2, 4, 6], (tag, [e.step for e in events])
        name = tag.split("/", 1)[1]
        n = model[name].size
        for e in events:
            h = e.histogram_value
            assert h.num == n and sum(h.bucket) == n and len(h.bucket) == len(h.bucket_limit), (tag, e.step)
        if tag.startswith("weights/"):
            last = events[-1].histogram_value
            w = model[name].astype(np.float64)
            assert (last.min, last.max) == (w.min(), w.max()), (tag, last.min, last.max, w.min(), w.max())
            assert abs(last.sum - w.sum()) <= 1e-4 * max(1.0, np.abs(w).sum()), (tag, last.sum, w.sum())
    print(f"[accumulator] {len(weights) + len(grads)} histogram tags at steps [1, 2, 4, 6]; bucket counts sum "
          f"to each parameter's size; the last weights' min/max/sum are the saved model's")
    content = acc.PluginTagToContent(metadata.PLUGIN_NAME)
    experiment = metadata.parse_experiment_plugin_data(content[metadata.EXPERIMENT_TAG])
    start = metadata.parse_session_start_info_plugin_data(content[metadata.SESSION_START_INFO_TAG])
    end = metadata.parse_session_end_info_plugin_data(content[metadata.SESSION_END_INFO_TAG])
    assert start.hparams["optimizer.name"].string_value == "adam"
    assert start.hparams["optimizer.lr"].number_value == 0.01
    assert start.hparams["stopping.max_epochs"].number_value == 6
    assert end.status == 1  # STATUS_SUCCESS
    print(f"[accumulator] hparams: experiment of {len(experiment.hparam_infos)} hparams, metrics "
          f"{[m.name.tag for m in experiment.metric_infos]}; session start optimizer.name=adam, "
          f"optimizer.lr=0.01, stopping.max_epochs=6; session end STATUS_SUCCESS")
    runs = sorted(os.listdir(compare))
    subruns = [r for r in runs if os.path.isdir(os.path.join(compare, r))]
    for r in subruns:
        a = accumulate(os.path.join(compare, r))
        assert [e.step for e in a.Scalars("loss/train")] == [1, 2, 3, 4], r
        assert metadata.SESSION_START_INFO_TAG in a.PluginTagToContent(metadata.PLUGIN_NAME)
    top = accumulate(compare).PluginTagToContent(metadata.PLUGIN_NAME)
    assert list(top) == [metadata.EXPERIMENT_TAG]
    print(f"[accumulator] {compare}: runs {subruns}, 4 epochs of loss/train each; the experiment alone in the parent")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, body=None):
    url = f"http://127.0.0.1:{port}{path}"
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def serve(logdir, load_fast):
    port = free_port()
    tb = os.path.join(os.path.dirname(sys.executable), "tensorboard")
    proc = subprocess.Popen([tb, "--logdir", logdir, "--host", "127.0.0.1", "--port", str(port),
                             f"--load_fast={load_fast}", "--reload_interval", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for _ in range(120):
        try:
            if get(port, "/data/runs"):
                time.sleep(2)  # let the first load finish
                return proc, port
        except OSError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"tensorboard --load_fast={load_fast} did not serve {logdir}: {proc.stderr.read()}")


def session_groups(port):
    experiment = get(port, "/data/plugin/hparams/experiment", {"experimentName": ""})
    cols = [{"hparam": h["name"], "includeInResult": True} for h in experiment["hparamInfos"]]
    cols += [{"metric": m["name"], "includeInResult": True} for m in experiment.get("metricInfos", [])]
    request = {"experimentName": "", "allowedStatuses": ["STATUS_SUCCESS", "STATUS_UNKNOWN", "STATUS_FAILURE",
               "STATUS_RUNNING"], "colParams": cols, "startIndex": 0, "sliceSize": 100}
    return experiment, get(port, "/data/plugin/hparams/session_groups", request)


def check_server(train, compare, load_fast):
    label = f"[server load_fast={load_fast}]"
    proc, port = serve(train, load_fast)
    try:
        runs = get(port, "/data/runs")
        assert runs == ["."], runs
        q = urllib.parse.urlencode({"run": ".", "tag": "loss/train"})
        scalars = get(port, f"/data/plugin/scalars/scalars?{q}")
        assert [s[1] for s in scalars] == [1, 2, 3, 4, 5, 6], scalars
        q = urllib.parse.urlencode({"run": ".", "tag": "weights/layers.0.weight"})
        hist = get(port, f"/data/plugin/histograms/histograms?{q}")
        assert [h[1] for h in hist] == [1, 2, 4, 6], [h[1] for h in hist]
        assert abs(sum(b[2] for b in hist[-1][2]) - 32) < 1e-6  # 4 inputs x 8 units, rebucketed
        experiment, groups = session_groups(port)
        metrics = [m["name"]["tag"] for m in experiment["metricInfos"]]
        assert metrics == ["loss/train", "loss/validation", "accuracy/validation"], metrics
        assert len(groups["sessionGroups"]) == 1
        values = groups["sessionGroups"][0]["metricValues"]
        print(f"{label} {train}: runs {runs}; loss/train at steps 1..6; weights/layers.0.weight histograms at "
              f"1, 2, 4, 6 (32 values each); hparams: {len(experiment['hparamInfos'])} hparams, metrics {metrics}, "
              f"1 session with final values {[round(v['value'], 4) for v in values]}")
    finally:
        proc.kill()
        proc.wait()
    proc, port = serve(compare, load_fast)
    try:
        runs = sorted(get(port, "/data/runs"))
        experiment, groups = session_groups(port)
        names = sorted(g["name"] for g in groups["sessionGroups"])
        differs = sorted(h["name"] for h in experiment["hparamInfos"] if h.get("differs"))
        assert len(groups["sessionGroups"]) == 2, groups
        assert "optimizer.name" in differs, differs
        print(f"{label} {compare}: runs {runs}; hparams sessions {names}; differing hparams {differs}")
    finally:
        proc.kill()
        proc.wait()


def check_corruption(train, work):
    copy = os.path.join(work, "corrupt")
    shutil.copytree(train, copy)
    (name,) = os.listdir(copy)
    path = os.path.join(copy, name)
    data = bytearray(open(path, "rb").read())
    offset, target = 0, None
    while offset < len(data):
        (n,) = struct.unpack("<Q", data[offset:offset + 8])
        event = event_pb2.Event.FromString(bytes(data[offset + 12:offset + 12 + n]))
        if event.step == 3 and any(v.tag == "loss/train" for v in event.summary.value):
            target = offset + 12 + n // 2
        offset += 16 + n
    data[target] ^= 1
    open(path, "wb").write(data)
    steps = [e.step for e in accumulate(copy).Scalars("loss/train")]
    assert steps == [1, 2], steps
    print(f"[control] one bit flipped in epoch 3's record: the Python reader keeps loss/train steps {steps} only")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--downhill", default=os.path.join(REPO, "target", "debug", "downhill"))
    args = parser.parse_args()
    import tensorboard
    print(f"tensorboard {tensorboard.__version__}")
    with tempfile.TemporaryDirectory(prefix="downhill-tb-") as work:
        train, compare = generate(args.downhill, work)
        check_accumulator(train, compare, work)
        check_corruption(train, work)
        for load_fast in ["false", "true"]:
            check_server(train, compare, load_fast)
    print("all checks passed")


if __name__ == "__main__":
    main()
