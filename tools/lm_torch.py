#!/usr/bin/env python3
"""The PyTorch counterpart of downhill's character-level language-model training (issue 11's LSTM
and transformer targets): the same model trained by torch with the same settings, so the validation
losses and step times compare.

It mirrors `downhill train FILE.txt --layers 'embedding(64), lstm(256), linear'` (the protocol of
crates/downhill-learn/src/text/ and crates/downhill-data/src/{text,vocabulary}.rs):
  text        the whole file decoded as UTF-8 (no newline translation)
  vocabulary  every character of the file, sorted by code point
  split       cut = min(max(floor(0.9 * len), context + 1), len): characters [0, cut) train and
              [cut, len) validate
  training    each step: `batch` windows of context + 1 characters at offsets drawn uniformly from
              [0, len(train) - context - 1] (inputs x = w[:-1], targets y = w[1:]); loss = mean
              cross-entropy over every position; zero initial LSTM state per window; Adam at torch's
              defaults, constant rate, no gradient clipping (downhill's default), no weight decay.
              Offsets come from this script's seeded generator, not downhill's.
  validation  after every `eval_interval` steps and at the end (downhill's rounds), in eval mode:
              consecutive non-overlapping windows of the validation ids at offsets 0, T, 2T, ...
              (each character after the first is a target once), in chunks of 64 windows, loss =
              summed nats / targets. As in downhill's training.rs, the shorter leftover tail window
              is dropped when at least one full window exists (tiny shakespeare: the last 51 of
              111,539 targets), and used alone only when there is no full window.
  train_loss  the mean over the interval's steps of the loss measured before each step
Model: nn.Embedding(V, 64), nn.LSTM(64, 256, batch_first=True), nn.Linear(256, V), torch's init.
With --model transformer it mirrors `--layers 'embedding(E), positional_embedding,
transformer_encoder_layer(H, F, 0.0, norm_first=true, causal=true) x L, layer_norm(normalized_dims=1),
linear'`: nn.Embedding(V, E), a learned [T, E] position table (N(0, 1)), L nn.TransformerEncoderLayer(E,
H, F, 0.0, batch_first=True, norm_first=True) called with the causal mask, nn.LayerNorm(E),
nn.Linear(E, V). The optimizer flags mirror downhill's: --optimizer adamw --weight-decay,
--warmup-steps N (lr (k+1)/N for k < N) then --t-max for a cosine to --eta-min, --clip-norm.
Torch runs at its default thread count (torch.set_num_threads is never called).

Run from the repository root (the interpreter with torch):
    bench/.venv/bin/python tools/lm_torch.py                     # context 64, batch 32, 2000 steps
    bench/.venv/bin/python tools/lm_torch.py --steps 20 --eval-interval 10   # a quick check
    bench/.venv/bin/python tools/lm_torch.py --model transformer --context 128 --steps 2500 \
        --eval-interval 250 --optimizer adamw --lr 1e-3 --weight-decay 0.1 --warmup-steps 100 \
        --t-max 2500 --eta-min 1e-4 --clip-norm 1        # the transformer target's settings
Prints `step, train_loss, val_loss` lines (nats/char), then one JSON line with val_nats_per_char,
val_bits_per_char, seconds_per_step (median over the training steps after the first 10 of forward,
backward and Adam; drawing the windows and validation excluded) and torch_threads.
"""
import argparse
import json
import math
import statistics
import time

import torch
from torch import nn

CHUNK = 64  # windows per validation forward pass (downhill's next_char::CHUNK)


class CharLSTM(nn.Module):
    def __init__(self, vocab, embedding, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding)
        self.lstm = nn.LSTM(embedding, hidden, batch_first=True)
        self.linear = nn.Linear(hidden, vocab)

    def forward(self, x):
        return self.linear(self.lstm(self.embedding(x))[0])


class CharTransformer(nn.Module):
    def __init__(self, vocab, context, width, heads, feedforward, layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab, width)
        self.positions = nn.Parameter(torch.randn(context, width))
        self.blocks = nn.ModuleList(
            nn.TransformerEncoderLayer(width, heads, feedforward, 0.0, batch_first=True, norm_first=True)
            for _ in range(layers))
        self.norm = nn.LayerNorm(width)
        self.linear = nn.Linear(width, vocab)

    def forward(self, x):
        t = x.shape[1]
        h = self.embedding(x) + self.positions[:t]
        mask = nn.Transformer.generate_square_subsequent_mask(t)
        for block in self.blocks:
            h = block(h, src_mask=mask, is_causal=True)
        return self.linear(self.norm(h))


def schedule(a):
    """downhill's linear warm-up in front of a cosine (or a constant rate), as a factor of --lr."""
    def factor(k):
        if k < a.warmup_steps:
            return (k + 1) / a.warmup_steps
        if a.t_max is None:
            return 1.0
        k -= a.warmup_steps
        eta = a.eta_min / a.lr
        return eta + (1 - eta) * (1 + math.cos(math.pi * min(k, a.t_max) / a.t_max)) / 2
    return factor


def loss_of(model, x, y):
    logits = model(x)
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))


def validation_windows(ids, t):
    """Downhill's validation windows: the full consecutive ones, else the tail alone."""
    targets = len(ids) - 1
    full = targets // t
    if full > 0:
        x = ids[: full * t].view(full, t)
        y = ids[1 : full * t + 1].view(full, t)
    else:
        x, y = ids[:targets].view(1, targets), ids[1:].view(1, targets)
    return x, y


@torch.no_grad()
def validate(model, x, y):
    model.eval()
    total = sum(loss_of(model, x[i : i + CHUNK], y[i : i + CHUNK]).item() * y[i : i + CHUNK].numel()
                for i in range(0, len(x), CHUNK))
    model.train()
    return total / y.numel()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default="data/tinyshakespeare.txt")
    p.add_argument("--context", type=int, default=64)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--eval-interval", type=int, default=100)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--embedding", type=int, default=64)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--model", choices=["lstm", "transformer"], default="lstm")
    p.add_argument("--width", type=int, default=128, help="transformer: E")
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--feedforward", type=int, default=512)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--optimizer", choices=["adam", "adamw"], default="adam")
    p.add_argument("--weight-decay", type=float, default=None, help="default: the optimizer's torch default")
    p.add_argument("--warmup-steps", type=int, default=0)
    p.add_argument("--t-max", type=int, default=None, help="cosine after the warm-up (none: constant)")
    p.add_argument("--eta-min", type=float, default=0.0)
    p.add_argument("--clip-norm", type=float, default=None)
    a = p.parse_args()

    with open(a.data, "rb") as f:
        text = f.read().decode("utf-8")
    t = a.context
    if len(text) < t + 1:
        raise SystemExit(f"{a.data} has {len(text)} characters; context {t} needs at least {t + 1}")
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    ids = torch.tensor([index[c] for c in text], dtype=torch.long)
    cut = min(max(int(len(text) * 0.9), t + 1), len(text))
    train, val = ids[:cut], ids[cut:]
    x_val, y_val = validation_windows(val, t)

    torch.manual_seed(a.seed)
    if a.model == "lstm":
        model = CharLSTM(len(chars), a.embedding, a.hidden)
    else:
        model = CharTransformer(len(chars), t, a.width, a.heads, a.feedforward, a.layers)
    kind = torch.optim.Adam if a.optimizer == "adam" else torch.optim.AdamW
    decay = {} if a.weight_decay is None else {"weight_decay": a.weight_decay}
    opt = kind(model.parameters(), lr=a.lr, **decay)
    lr_schedule = torch.optim.lr_scheduler.LambdaLR(opt, schedule(a))
    offsets_rng = torch.Generator().manual_seed(a.seed + 1)
    span = torch.arange(t + 1)
    print(f"{len(text)} characters, vocabulary {len(chars)}, train {len(train)}, "
          f"validation {len(val)} ({y_val.numel()} targets), torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads", flush=True)
    print("step, train_loss, val_loss", flush=True)

    step_seconds, interval_losses, val_loss = [], [], math.nan
    for step in range(1, a.steps + 1):
        offsets = torch.randint(0, len(train) - t, (a.batch,), generator=offsets_rng)
        windows = train[offsets[:, None] + span]
        started = time.perf_counter()
        loss = loss_of(model, windows[:, :-1], windows[:, 1:])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if a.clip_norm is not None:
            nn.utils.clip_grad_norm_(model.parameters(), a.clip_norm)
        opt.step()
        lr_schedule.step()
        step_seconds.append(time.perf_counter() - started)
        interval_losses.append(loss.item())
        if step % a.eval_interval == 0 or step == a.steps:
            val_loss = validate(model, x_val, y_val)
            train_loss = sum(interval_losses) / len(interval_losses)
            print(f"{step}, {train_loss:.4f}, {val_loss:.4f}", flush=True)
            interval_losses = []

    timed = step_seconds[10:] or step_seconds
    print(json.dumps({
        "val_nats_per_char": val_loss,
        "val_bits_per_char": val_loss / math.log(2),
        "seconds_per_step": statistics.median(timed),
        "torch_threads": torch.get_num_threads(),
    }))


if __name__ == "__main__":
    main()
