#!/usr/bin/env python3
# optim.py: reference numbers for tests/core/test-optim.c, from PyTorch's documented update rules.
#
# torch is not needed: plain Python floats (IEEE doubles) follow torch.optim.SGD's and
# torch.optim.Adam's single-tensor code (_single_tensor_sgd, _single_tensor_adam) line by line.
# Run `python3 tests/reference/optim.py` and paste its output into the tables of test-optim.c.

import math


def f14(x):
    """EXAMPLES.md example 14 and its gradient, by hand."""
    a = x[0] + 10 * x[1]
    b = x[2] - x[3]
    c = x[1] + 2 * x[2]
    d = x[0] - x[3]
    f = a ** 2 + 5 * b ** 2 + c ** 4 + 10 * d ** 4
    g = [2 * a + 40 * d ** 3,
         20 * a + 4 * c ** 3,
         10 * b + 8 * c ** 3,
         -10 * b - 40 * d ** 3]
    return f, g


def f15(z):
    """Example 15: x = [z0 - z1, z0^2, z1^2, z0^2 + z0 z1], f as in 14; z̄ = Jᵀ x̄."""
    x = [z[0] - z[1], z[0] ** 2, z[1] ** 2, z[0] ** 2 + z[0] * z[1]]
    f, gx = f14(x)
    gz = [gx[0] + 2 * z[0] * gx[1] + (2 * z[0] + z[1]) * gx[3],
          -gx[0] + 2 * z[1] * gx[2] + z[0] * gx[3]]
    return f, gz


def sgd(fun, p, steps, lr, momentum=0.0, nesterov=False, weight_decay=0.0):
    """torch.optim.SGD with dampening 0. Returns the losses f(p_k), k = 0..steps, and p_steps."""
    p = list(p)
    buf = None
    losses = []
    for k in range(steps + 1):
        f, g = fun(p)
        losses.append(f)
        if k == steps:
            break
        g = [gi + weight_decay * pi for gi, pi in zip(g, p)] if weight_decay != 0 else g
        if momentum != 0:
            if buf is None:
                buf = list(g)
            else:
                buf = [momentum * bi + gi for bi, gi in zip(buf, g)]
            d = [gi + momentum * bi for gi, bi in zip(g, buf)] if nesterov else buf
        else:
            d = g
        p = [pi - lr * di for pi, di in zip(p, d)]
    return losses, p


def adam(fun, p, steps, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    """torch.optim.Adam, amsgrad off (m.lerp_(g, 1 - beta1) written as beta1 m + (1 - beta1) g)."""
    b1, b2 = betas
    p = list(p)
    m = [0.0] * len(p)
    v = [0.0] * len(p)
    losses = []
    for k in range(steps + 1):
        f, g = fun(p)
        losses.append(f)
        if k == steps:
            break
        t = k + 1
        if weight_decay != 0:
            g = [gi + weight_decay * pi for gi, pi in zip(g, p)]
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]
        bias_correction1 = 1 - b1 ** t
        bias_correction2 = 1 - b2 ** t
        step_size = lr / bias_correction1
        bc2_sqrt = math.sqrt(bias_correction2)
        p = [pi - step_size * (mi / (math.sqrt(vi) / bc2_sqrt + eps))
             for pi, mi, vi in zip(p, m, v)]
    return losses, p


def show(name, result):
    losses, p = result
    print(f"/* {name} */")
    print("losses: {" + ", ".join(repr(x) for x in losses) + "}")
    print("final:  {" + ", ".join(repr(x) for x in p) + "}")


if __name__ == "__main__":
    x14 = [3.0, -1.0, 0.0, 1.0]
    z15 = [1.0, -1.0]
    show("14 sgd lr 1e-3", sgd(f14, x14, 4, 1e-3))
    show("14 momentum 0.9 lr 1e-3", sgd(f14, x14, 10, 1e-3, momentum=0.9))
    show("14 nesterov 0.9 lr 1e-3", sgd(f14, x14, 10, 1e-3, momentum=0.9, nesterov=True))
    show("14 sgd lr 1e-3 weight_decay 0.5", sgd(f14, x14, 10, 1e-3, weight_decay=0.5))
    show("14 momentum 0.9 lr 1e-3 weight_decay 0.5",
         sgd(f14, x14, 10, 1e-3, momentum=0.9, weight_decay=0.5))
    show("14 adam lr 0.05", adam(f14, x14, 20, 0.05))
    show("14 adam lr 0.05 betas (0.8, 0.99) eps 1e-6 weight_decay 0.1",
         adam(f14, x14, 20, 0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1))
    show("15 sgd lr 1e-3", sgd(f15, z15, 100, 1e-3))
    show("15 momentum 0.9 lr 1e-4", sgd(f15, z15, 10, 1e-4, momentum=0.9))
    show("15 adam lr 0.01", adam(f15, z15, 10, 0.01))
