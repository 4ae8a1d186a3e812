#!/usr/bin/env python3
# gen-example-17.py: writes data/examples/17-training-step.adjoint, one training step of a
# Linear(10, 32) → ReLU → Linear(32, 1) network with an MSE loss on a batch of 16.
#
# Deterministic (a fixed seed, plain Python), so rerunning it rewrites the same bytes:
#   python3 tools/gen-example-17.py [OUTPUT]
# Weights are drawn as torch.nn.Linear draws them (Kaiming-uniform with a = √5, i.e. uniform in
# ±1/√fan_in, the bias too) and every number is rounded to 4 decimals so the file stays readable.
# The seed is one whose first-layer pre-activations all stay well away from ReLU's kink at 0,
# so central differences (which straddle the kink otherwise) agree with backpropagation.
import json
import math
import os
import random
import sys

SEED = 8
BATCH, N_IN, N_HIDDEN = 16, 10, 32
KINK_MARGIN = 1e-3     # smallest |pre-activation| accepted; checks use ε = 1e-6


def r4(v):
    v = round(v, 4)
    return 0.0 if v == 0 else v     # no "-0.0000"


def draw(seed):
    rng = random.Random(seed)
    X = [[r4(rng.gauss(0, 1)) for _ in range(N_IN)] for _ in range(BATCH)]
    # Targets from a fixed teacher: a smooth function of a few features, plus a little noise.
    y = [[r4(0.5 * x[0] - 0.3 * x[3] + 0.8 * math.tanh(x[5] + x[7]) + 0.05 * rng.gauss(0, 1))]
         for x in X]
    bound1 = 1 / math.sqrt(N_IN)
    W1 = [[r4(rng.uniform(-bound1, bound1)) for _ in range(N_IN)] for _ in range(N_HIDDEN)]
    b1 = [r4(rng.uniform(-bound1, bound1)) for _ in range(N_HIDDEN)]
    bound2 = 1 / math.sqrt(N_HIDDEN)
    W2 = [[r4(rng.uniform(-bound2, bound2)) for _ in range(N_HIDDEN)]]
    b2 = [0.1]
    return X, y, W1, b1, W2, b2


def margin(X, W1, b1):
    return min(abs(sum(w * x for w, x in zip(W1[j], X[i])) + b1[j])
               for i in range(BATCH) for j in range(N_HIDDEN))


def num(v):
    return f"{v:7.4f}"


def matrix(name, rows, prefix, per_line=None):
    """`prefix NAME = [[…], …]`, one row per line, aligned under the first."""
    head = f"{prefix}{name} = ["
    pad = " " * len(head)
    lines = []
    for i, row in enumerate(rows):
        lines.append((head if i == 0 else pad) + vector(row, len(head) + 1, per_line))
    return ",\n".join(lines) + "]"


def vector(values, indent, per_line=None):
    """[a, b, …], wrapped every @per_line values (aligned at column @indent)."""
    per_line = per_line or len(values)
    chunks = [", ".join(num(v) for v in values[k:k + per_line])
              for k in range(0, len(values), per_line)]
    return "[" + (",\n" + " " * indent).join(chunks) + "]"


def program(X, y, W1, b1, W2, b2):
    parts = [
        "# One training step of a small network: Linear(10, 32) → ReLU → Linear(32, 1),",
        "# mean squared error, a batch of 16. Written by tools/gen-example-17.py (seed %d)." % SEED,
        "",
        "# The batch: 16 examples (rows) of 10 features, and the 16 targets.",
        matrix("X", X, "data "),
        matrix("y", y, "data "),
        "",
        "# Layer 1: 32 neurons. Weights uniform in ±1/√10, as torch.nn.Linear draws them.",
        matrix("W1", W1, "param "),
        "param b1 = " + vector(b1, len("param b1 = ["), 8),
        "h = relu(X @ transpose(W1) + b1)      # 16×32: every example's hidden layer",
        "",
        "# Layer 2: one output neuron (weights uniform in ±1/√32).",
        matrix("W2", W2, "param ", 8),
        "param b2 = [0.1]",
        "pred = h @ transpose(W2) + b2         # 16×1: one prediction per example",
        "",
        "loss = mse(pred, y)                   # the mean of the 16 squared errors",
    ]
    return "\n".join(parts) + "\n"


def main():
    X, y, W1, b1, W2, b2 = draw(SEED)
    m = margin(X, W1, b1)
    if m < KINK_MARGIN:
        sys.exit(f"seed {SEED}: a pre-activation is {m:g} from ReLU's kink; choose another seed")
    doc = {
        "format": "adjoint-graph",
        "version": 1,
        "title": "A training step",
        "note": ("This is what one step of training computes. A batch of 16 examples flows "
                 "forward through a linear layer (10 inputs, 32 neurons), a ReLU and a second "
                 "linear layer to 16 predictions, and the mean squared error turns them into one "
                 "number, the loss. Backward then gives every weight and bias its gradient: the "
                 "direction that would raise the loss fastest. An optimizer steps each parameter "
                 "the other way; the data X and y get no gradient. `adjoint check` compares each "
                 "of the 385 gradients with central differences."),
        "program": program(X, y, W1, b1, W2, b2),
        "captions": {
            "0": ("Before any step. Watch the shapes: X is 16×10, the hidden layer h is 16×32, "
                  "the predictions 16×1, and the loss a single number."),
            "8": "The forward pass is done: the loss is the mean of the 16 squared errors.",
            "9": "Backward starts: the loss's adjoint is 1.",
            "12": ("b2 collects the sum of the 16 predictions' adjoints: a bias added to every row "
                   "receives a contribution from every row."),
            "16": ("Through the ReLU: where a neuron was off (pre-activation below 0) the gradient "
                   "is blocked; where it was on, it passes unchanged."),
            "20": "Every parameter now holds its gradient. X and y, the data, got none.",
        },
    }
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "data", "examples",
        "17-training-step.adjoint")
    with open(out, "w", encoding="utf-8") as f:
        f.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {out} (smallest |pre-activation| {m:.4f})")


if __name__ == "__main__":
    main()
