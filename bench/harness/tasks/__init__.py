"""One module per task of issues 5, 16 and 10: mlp (a, with e's memory figures; its CLI path in
mnist_cli), optim_step (b), logreg (c), cli_train (d), memory (e), cnn (f; its CLI path in cnn_cli,
its conv layers' throughput in conv_bench)."""
