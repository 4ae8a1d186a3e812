#!/usr/bin/env python3
# dataset.py: reference bits for tests/core/test-dataset.c, from a second implementation of
# core/dataset.c's generators in plain Python.
#
# Python floats are IEEE doubles and + - * /, sqrt, floor and frexp round as C's do, so if
# this script and dataset.c agree bit for bit, the data depend on nothing but those operations
# (no libm sin/cos/log, no fused multiply-add). Run `python3 tests/reference/dataset.py` and
# paste its output into the golden table of test-dataset.c.

import math
import struct

M64 = (1 << 64) - 1
SALT_GENERATE = 0x6164a01e67656e00
PI = math.pi


class Rng:
    """xoshiro256**, seeded by splitmix64."""

    def __init__(self, seed, salt):
        x = (seed ^ salt) & M64
        self.s = []
        for _ in range(4):
            x = (x + 0x9e3779b97f4a7c15) & M64
            z = x
            z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M64
            z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M64
            self.s.append(z ^ (z >> 31))

    def next(self):
        s = self.s
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M64
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform(self):
        return float(self.next() >> 11) * 2.0 ** -53

    def below(self, bound):
        threshold = ((1 << 64) - bound) % bound
        while True:
            v = self.next()
            if v >= threshold:
                return v % bound

    def normal(self):
        u1 = 1 - self.uniform()
        u2 = self.uniform()
        _, c = det_sincos(2 * PI * u2)
        return math.sqrt(-2 * det_log(u1)) * c


def det_sincos(x):
    pio2_hi = 1.57079632673412561417e+00
    pio2_lo = 6.07710050650619224932e-11
    k = float(math.floor(x * (2 / PI) + 0.5))
    r = (x - k * pio2_hi) - k * pio2_lo
    r2 = r * r
    q = k - 4 * float(math.floor(k / 4))
    sr = r * (1 + r2 * (-1.0 / 6 + r2 * (1.0 / 120 + r2 * (-1.0 / 5040 + r2 * (1.0 / 362880
         + r2 * (-1.0 / 39916800 + r2 * (1.0 / 6227020800.0 + r2 * (-1.0 / 1307674368000.0
         + r2 * (1.0 / 355687428096000.0)))))))))
    cr = 1 + r2 * (-1.0 / 2 + r2 * (1.0 / 24 + r2 * (-1.0 / 720 + r2 * (1.0 / 40320
         + r2 * (-1.0 / 3628800 + r2 * (1.0 / 479001600 + r2 * (-1.0 / 87178291200.0
         + r2 * (1.0 / 20922789888000.0 + r2 * (-1.0 / 6402373705728000.0)))))))))
    return [(sr, cr), (cr, -sr), (-sr, -cr), (-cr, sr)][int(q)]


def det_log(x):
    ln2_hi = 6.93147180369123816490e-01
    ln2_lo = 1.90821492927058770002e-10
    m, e = math.frexp(x)
    if m < 0.70710678118654752440:
        m *= 2
        e -= 1
    z = (m - 1) / (m + 1)
    z2 = z * z
    p = 1 + z2 * (1.0 / 3 + z2 * (1.0 / 5 + z2 * (1.0 / 7 + z2 * (1.0 / 9 + z2 * (1.0 / 11
        + z2 * (1.0 / 13 + z2 * (1.0 / 15 + z2 * (1.0 / 17 + z2 * (1.0 / 19 + z2 * (1.0 / 21
        + z2 * (1.0 / 23 + z2 * (1.0 / 25))))))))))))
    return e * ln2_hi + (e * ln2_lo + 2 * z * p)


KINDS = ["moons", "circles", "xor", "blobs", "spiral", "spiral3", "plane", "sine"]
N_CLASSES = {"moons": 2, "circles": 2, "xor": 2, "blobs": 2, "spiral": 2, "spiral3": 3,
             "plane": 0, "sine": 0}


def clean_point(kind, c, i, n_c, rng):
    if kind == "moons":
        t = PI * i / (n_c - 1) if n_c > 1 else 0.0
        s, co = det_sincos(t)
        return (co - 0.5, s - 0.25) if c == 0 else (0.5 - co, 0.25 - s)
    if kind == "circles":
        s, co = det_sincos(2 * PI * i / n_c)
        r = 1.0 if c == 0 else 0.5
        return r * co, r * s
    if kind == "xor":
        sign = 1.0 if rng.next() >> 63 else -1.0
        a = 0.05 + (1 - 0.05) * rng.uniform()
        b = 0.05 + (1 - 0.05) * rng.uniform()
        return sign * a, (sign if c == 1 else -sign) * b
    if kind == "blobs":
        a = -0.5 if c == 0 else 0.5
        x = a + 0.2 * rng.normal()
        return x, a + 0.2 * rng.normal()
    if kind == "spiral":
        f = i / n_c
        r = 1.5 * f
        s, co = det_sincos(3.5 * PI * f + c * PI)
        return r * s, r * co
    if kind == "spiral3":
        f = i / (n_c - 1) if n_c > 1 else 0.0
        r = 1.5 * f
        s, co = det_sincos(4.0 * c + 4 * f)
        return r * s, r * co
    raise ValueError(kind)


def generate(kind, n, noise, seed):
    rng = Rng(seed, SALT_GENERATE)
    k = N_CLASSES[kind]
    rows = []
    if k == 0:
        for _ in range(n):
            x1 = 2 * rng.uniform() - 1
            x2 = 2 * rng.uniform() - 1
            s = 0.6 * x1 - 0.3 * x2 if kind == "plane" else det_sincos(PI * x1)[0]
            rows.append([x1, x2, s + noise * rng.normal()])
    else:
        for c in range(k):
            n_c = n // k + (1 if c < n % k else 0)
            for i in range(n_c):
                p = clean_point(kind, c, i, n_c, rng)
                x1 = p[0] + noise * rng.normal()
                x2 = p[1] + noise * rng.normal()
                rows.append([x1, x2, float(c)])
    for i in range(n, 1, -1):
        j = rng.below(i)
        rows[i - 1], rows[j] = rows[j], rows[i - 1]
    return rows


def main():
    print("/* python3 tests/reference/dataset.py: kind, n = 7, noise = 0.25, seed = 2024;")
    print(" * then the first three rows (x1, x2, y) as C99 hex floats. */")
    for kind in KINDS:
        rows = generate(kind, 7, 0.25, 2024)
        print('  { "%s", {' % kind)
        for row in rows[:3]:
            print("      " + ", ".join(v.hex() for v in row) + ",")
        print("  } },")
    # A larger case: an FNV-1a hash of every value's bits, in row order, to cover many draws.
    print("/* n = 1000, noise = 0.1, seed = 7: FNV-1a over the bits of x1, x2, y, row by row. */")
    for kind in KINDS:
        h = 0xcbf29ce484222325
        for row in generate(kind, 1000, 0.1, 7):
            for v in row:
                bits = struct.unpack("<Q", struct.pack("<d", v))[0]
                h = ((h ^ bits) * 0x100000001b3) & M64
        print('  { "%s", G_GUINT64_CONSTANT (0x%016x) },' % (kind, h))

if __name__ == "__main__":
    main()
