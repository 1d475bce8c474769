"""One module per task of issues 5 and 16: mlp (a, with e's memory figures; its CLI path in
mnist_cli), optim_step (b), logreg (c), cli_train (d), memory (e)."""
