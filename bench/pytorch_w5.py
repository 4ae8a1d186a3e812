#!/usr/bin/env python3
# pytorch_w5.py: the PyTorch side of `adjoint bench`'s W5 (and W4), to run beside it on the
# same machine (docs/performance.md). One thread, as the bench; float64 and float32.
#
#   python3 bench/pytorch_w5.py              # W5 and W4, float64 and float32 (Debian: python3-torch)
#   build/app/adjoint bench --filter W4,W5   # then Adjoint, in the same session
#
# W5: two moons, 10,000 samples (8,000 train), MLP 2-64-64-64-1 tanh, BCEWithLogitsLoss, Adam
# (lr 0.01), the whole training set each step; the time of one step (zero_grad, forward,
# backward, Adam), no test evaluation. W4: MLP 784-128-64-10 relu, batch 64, cross-entropy, SGD.
# Prints the median of repeated timings with the fastest and slowest.
import math
import statistics
import time

import torch

torch.set_num_threads(1)


def moons(n, noise=0.1, seed=1):
    g = torch.Generator().manual_seed(seed)
    half = n // 2
    t = torch.rand(n, generator=g) * math.pi
    x = torch.empty(n, 2)
    x[:half, 0], x[:half, 1] = torch.cos(t[:half]), torch.sin(t[:half])
    x[half:, 0], x[half:, 1] = 1 - torch.cos(t[half:]), 0.5 - torch.sin(t[half:])
    x += noise * torch.randn(n, 2, generator=g)
    y = torch.cat([torch.zeros(half), torch.ones(n - half)]).unsqueeze(1)
    return x, y


def time_steps(step, min_samples=15, budget_s=5.0):
    for _ in range(3):
        step()                      # warm up the allocator and the kernels' dispatch
    times, start = [], time.perf_counter()
    while len(times) < min_samples or (time.perf_counter() - start < budget_s and len(times) < 200):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), max(times)


def w5(dtype):
    torch.manual_seed(1)
    x, y = moons(10000)
    x, y = x[:8000].to(dtype), y[:8000].to(dtype)
    layers, width = [], 2
    for _ in range(3):
        layers += [torch.nn.Linear(width, 64), torch.nn.Tanh()]
        width = 64
    net = torch.nn.Sequential(*layers, torch.nn.Linear(64, 1)).to(dtype)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    loss_fn = torch.nn.BCEWithLogitsLoss()

    def step():
        opt.zero_grad(set_to_none=False)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
    return time_steps(step)


def w4(dtype):
    torch.manual_seed(1)
    x = torch.rand(64, 784, dtype=dtype)
    y = torch.arange(64) % 10
    net = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64),
                              torch.nn.ReLU(), torch.nn.Linear(64, 10)).to(dtype)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=False)
        loss_fn(net(x), y).backward()
        opt.step()
    return time_steps(step)


if __name__ == "__main__":
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} thread")
    for name, fn in (("W5", w5), ("W4", w4)):
        for dtype in (torch.float64, torch.float32):
            med, lo, hi = fn(dtype)
            print(f"{name} {str(dtype):14s} {med * 1e3:8.3f} ms a step  [{lo * 1e3:.3f} … {hi * 1e3:.3f}]")
