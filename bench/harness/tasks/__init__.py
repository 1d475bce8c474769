"""One module per task of issue 5: mlp (a, with e's memory figures), optim_step (b), logreg (c),
cli_train (d), memory (e)."""
