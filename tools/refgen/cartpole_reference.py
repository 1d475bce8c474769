#!/usr/bin/env python3
"""A CartPole-v1 trajectory from gymnasium, for downhill-learn's `rl::CartPole` (issue 12).

Generates crates/downhill-learn/tests/data/gymnasium_cartpole.json. Run from the repo root:
    /work/main/bench/.venv/bin/python tools/refgen/cartpole_reference.py
Each case sets the unwrapped env's state (float64), applies a fixed action sequence and records every
state after each step with its reward, terminated and truncated flags, until the episode ends. Cases:
a start near upright pushed right until it falls (terminated by the angle), a start near the right
edge pushed right (terminated by the position), and an alternating policy from rest that balances to
the 500-step time limit (truncated).
"""
import json
import os

import gymnasium as gym

OUT = os.path.join("crates", "downhill-learn", "tests", "data", "gymnasium_cartpole.json")


def run(name, start, policy):
    env = gym.make("CartPole-v1")
    env.reset(seed=0)
    env.unwrapped.state = tuple(start)
    steps = []
    for t in range(600):
        action = policy(t, env.unwrapped.state)
        _, reward, terminated, truncated, _ = env.step(action)
        steps.append({
            "action": action,
            "state": [float(v) for v in env.unwrapped.state],
            "reward": float(reward),
            "terminated": bool(terminated),
            "truncated": bool(truncated),
        })
        if terminated or truncated:
            break
    return {"name": name, "start": start, "steps": steps}


def main():
    balance = lambda t, s: 1 if s[2] + 0.5 * s[3] > 0 else 0  # noqa: E731  push towards the lean
    doc = {
        "gymnasium": gym.__version__,
        "cases": [
            run("falls_by_angle", [0.01, -0.02, 0.03, 0.04], lambda t, s: 1),
            run("leaves_the_track", [2.2, 1.5, 0.0, -0.1], lambda t, s: 1),
            run("balances_to_the_limit", [0.0, 0.0, 0.01, 0.0], balance),
        ],
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}: " + ", ".join(f"{c['name']} {len(c['steps'])} steps" for c in doc["cases"]))


if __name__ == "__main__":
    main()
