"""The pytorch/examples VAE on MNIST-10k, downhill against torch: test negative ELBO in nats per image.

Both train on the first 8,000 shipped images (pixels / 255) and score the last 2,000:
    encoder 784 -> linear(400), relu -> (mu, log variance), 20 each; decoder 20 -> linear(400),
    relu, linear(784), sigmoid; loss = summed binary cross-entropy + KL(N(mu, sigma^2) || N(0, I));
    Adam lr 1e-3, batches of 128 shuffled rows, 10 epochs; the test loss is pytorch/examples'
    test(): one sampled code per image, summed, / 2,000.
The torch side is pytorch/examples' vae/main.py (model, loss, loop), reading the same pixels.
downhill trains through its command line: `train --model vae --layers 'linear(400), relu'
--latent 20`, then `evaluate --format json` for `neg_elbo`.

Usage: python tools/vae_mnist.py [--downhill target/release/downhill] [--seeds 3] [--samples FILE]
(--samples: downhill's `generate --samples 64 --plot FILE` picture for the first seed.)
Needs torch and numpy (tools/refgen/requirements.txt).
"""
import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from anomaly_mnist import ROOT, idx, write_csv

EPOCHS, BATCH, LR = 10, 128, 1e-3


class VAE(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(784, 400)
        self.fc21 = torch.nn.Linear(400, 20)
        self.fc22 = torch.nn.Linear(400, 20)
        self.fc3 = torch.nn.Linear(20, 400)
        self.fc4 = torch.nn.Linear(400, 784)

    def forward(self, x):
        h1 = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h1), self.fc22(h1)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z)))), mu, logvar


def loss_function(recon_x, x, mu, logvar):
    bce = F.binary_cross_entropy(recon_x, x, reduction="sum")
    return bce - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())


def torch_neg_elbo(seed, x_train, x_test):
    torch.manual_seed(seed)
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    train = torch.tensor(x_train)
    for _ in range(EPOCHS):
        model.train()
        for b in torch.randperm(len(train)).split(BATCH):
            opt.zero_grad()
            recon, mu, logvar = model(train[b])
            loss = loss_function(recon, train[b], mu, logvar)
            loss.backward()
            opt.step()
    model.eval()
    test = torch.tensor(x_test)
    with torch.no_grad():
        total = 0.0
        for b in torch.arange(len(test)).split(BATCH):
            recon, mu, logvar = model(test[b])
            total += loss_function(recon, test[b], mu, logvar).item()
    return total / len(test)


def downhill_neg_elbo(exe, seed, train_csv, test_csv, work, samples):
    model = work / f"vae{seed}.safetensors"
    subprocess.run([exe, "train", train_csv, "--model", "vae", "--target", "label", "--scale", "none",
                    "--layers", "linear(400), relu", "--latent", "20", "--optimizer", "adam", "--lr", str(LR),
                    "--batch-size", str(BATCH), "--epochs", str(EPOCHS), "--seed", str(seed), "--out", model,
                    "--quiet"], check=True, capture_output=True)
    out = subprocess.run([exe, "evaluate", model, test_csv, "--format", "json"], check=True,
                         capture_output=True, text=True)
    if samples:
        subprocess.run([exe, "generate", model, "--samples", "64", "--plot", samples, "--seed", str(seed)],
                       check=True, capture_output=True)
    return json.loads(out.stdout)["neg_elbo"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--downhill", default=str(ROOT / "target/release/downhill"))
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--samples")
    args = ap.parse_args()
    x = idx(ROOT / "data/mnist-10k-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255
    y = idx(ROOT / "data/mnist-10k-labels-idx1-ubyte.gz").astype(np.int64)
    print("| seed | downhill test neg ELBO | torch test neg ELBO | difference | downhill s | torch s |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        train_csv, test_csv = work / "train.csv", work / "test.csv"
        write_csv(train_csv, x[:8000], y[:8000])
        write_csv(test_csv, x[8000:], y[8000:])
        for seed in range(args.seeds):
            start = time.time()
            ours = downhill_neg_elbo(args.downhill, seed, train_csv, test_csv, work,
                                     args.samples if seed == 0 else None)
            ours_s = time.time() - start
            start = time.time()
            theirs = torch_neg_elbo(seed, x[:8000], x[8000:])
            theirs_s = time.time() - start
            print(f"| {seed} | {ours:.2f} | {theirs:.2f} | {ours - theirs:+.2f} | {ours_s:.1f} | {theirs_s:.1f} |",
                  flush=True)


if __name__ == "__main__":
    main()
