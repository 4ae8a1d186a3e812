#!/usr/bin/env python3
# fit-tanh.py: the coefficients of core/vec.c's tanh, and their error. Needs mpmath (Debian's
# python3-mpmath). Interpolation at Chebyshev nodes in 60 digits, rounded to doubles:
#   g(t) = (tanh(√t)/√t − 1)/t on t ∈ [0, 0.625²], degree 11: tanh x = x + x·t·g(t)
#   h(r) = (eˣ − 1 − r)/r²     on r ∈ [−ln 2/2, ln 2/2], degree 9: eʳ = 1 + r + r²·h(r)
# The error printed is that of the rounded polynomial, relative to x (tanh) and to eʳ (exp).
import mpmath as mp

mp.mp.dps = 60


def fit(f, lo, hi, degree):
    nodes = [(lo + hi) / 2 + (hi - lo) / 2 * mp.cos(mp.pi * (k + mp.mpf(1) / 2) / (degree + 1))
             for k in range(degree + 1)]
    a = mp.matrix([[t ** j for j in range(degree + 1)] for t in nodes])
    c = mp.lu_solve(a, mp.matrix([f(t) for t in nodes]))
    return [float(cj) for cj in c]


def g(t):
    if t == 0:
        return mp.mpf(-1) / 3
    x = mp.sqrt(t)
    return (mp.tanh(x) / x - 1) / t


def h(r):
    if r == 0:
        return mp.mpf(1) / 2
    return (mp.exp(r) - 1 - r) / r ** 2


def horner(c, t):
    s = mp.mpf(0)
    for cj in reversed(c):
        s = s * t + mp.mpf(cj)
    return s


T, L = mp.mpf(0.625) ** 2, mp.log(2) / 2
cg, ch = fit(g, 0, T, 11), fit(h, -L, L, 9)
err_g = max(abs(t * (horner(cg, t) - g(t))) for t in (T * i / 4000 for i in range(4001)))
err_h = max(abs(r * r * (horner(ch, r) - h(r))) / mp.exp(r)
             for r in (L * (i / 2000 - 1) for i in range(4001)))
print("tanh g, t^0 first:", ", ".join(repr(c) for c in cg))
print("  error relative to x:", mp.nstr(err_g, 3))
print("exp h, r^0 first:", ", ".join(repr(c) for c in ch))
print("  error relative to e^r:", mp.nstr(err_h, 3))
