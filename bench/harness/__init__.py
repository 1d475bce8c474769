"""The comparison harness behind `python3 bench/run.py` (standard library only; the peers run in
the benchmark virtualenv)."""
