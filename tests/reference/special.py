#!/usr/bin/env python3
# special.py: what PyTorch float64 gives for NaN, ±inf and ±0 inputs to each op of the table,
# for the SPECIAL table of tests/core/test-ops.c.
#
# torch is not needed: each op below follows the formula PyTorch's kernel and its entry in
# tools/autograd/derivatives.yaml use, written with plain Python floats (IEEE doubles) and a
# few helpers where Python raises instead of giving IEEE's answer (1/0, log 0, sin inf).
# Every case is one program of ordinary numbers with one element of one input replaced by a
# special value; the output y is summed, so each element's adjoint is 1.
# Run `python3 tests/reference/special.py` and paste its output into SPECIAL in test-ops.c.

import math

NAN, INF = float('nan'), float('inf')
SPECIALS = [NAN, INF, -INF, 0.0, -0.0]


# ---- IEEE arithmetic where Python raises ---------------------------------------------------

def div(a, b):
    if b == 0:
        if a == 0 or math.isnan(a):
            return NAN
        return math.copysign(INF, a) * math.copysign(1.0, b)
    return a / b


def log(a):
    if math.isnan(a) or a < 0:
        return NAN
    return -INF if a == 0 else math.log(a)


def sqrt(a):
    if math.isnan(a) or a < 0:
        return NAN
    return a if a == 0 else math.sqrt(a)


def trig(f, a):
    return NAN if math.isinf(a) or math.isnan(a) else f(a)


def tmax(xs):
    """torch.max and the max inside softmax and log_softmax: NaN wins."""
    return NAN if any(math.isnan(x) for x in xs) else max(xs)


def sign(a):
    """torch.sign (sign_kernel): (0 < a) - (a < 0), so sign(NaN) = 0."""
    return float(0 < a) - float(a < 0)


def pow_scalar(a, b):
    """pow with a scalar exponent (pow_tensor_scalar_optimized_kernel): x*x for 2, x*x*x for
    3, sqrt for 0.5, std::pow otherwise."""
    if b == 2:
        return a * a
    if b == 3:
        return a * a * a
    if b == 1:
        return a
    if b == 0.5:
        return sqrt(a)
    try:
        return math.pow(a, b)
    except (ValueError, ZeroDivisionError, OverflowError):
        if a == 0 and b < 0:
            return math.copysign(INF, a) if b == int(b) and int(b) % 2 else INF
        return NAN


def sigmoid(a):
    """torch.sigmoid: 1 / (1 + exp(-a))."""
    return 1.0 / (1.0 + math.exp(-a))


# ---- the ops: forward y and the adjoints of the inputs for ȳ = 1 ----------------------------
# Each returns (y as a list, [ā, b̄] as lists); scalars are lists of one.

def unary(f, d):
    """An element-wise op of one input: y = f(a), ā = d(a, y) (the derivatives.yaml entry)."""
    def op(a):
        y = [f(x) for x in a]
        return y, [[1.0 * d(x, u) for x, u in zip(a, y)]]
    return op


UNARY = {
    'neg': unary(lambda a: -a, lambda a, u: -1.0),                       # grad.neg()
    'exp': unary(lambda a: math.exp(a), lambda a, u: u),                 # grad * result
    'log': unary(log, lambda a, u: div(1.0, a)),                         # grad.div(self)
    'sin': unary(lambda a: trig(math.sin, a), lambda a, u: trig(math.cos, a)),    # grad * self.cos()
    'cos': unary(lambda a: trig(math.cos, a), lambda a, u: -trig(math.sin, a)),   # grad * -self.sin()
    'tan': unary(lambda a: trig(math.tan, a), lambda a, u: 1.0 + u * u),  # grad * (1 + result^2)
    'sqrt': unary(sqrt, lambda a, u: div(1.0, 2.0 * u)),                 # grad / (2 * result)
    'abs': unary(abs, lambda a, u: sign(a)),                             # grad * self.sgn()
    'tanh': unary(math.tanh, lambda a, u: 1.0 - u * u),                  # tanh_backward: grad * (1 - y²)
    'sigmoid': unary(sigmoid, lambda a, u: (1.0 - u) * u),               # sigmoid_backward: grad * (1 - y) * y
    # relu = clamp_min(self, 0), which keeps NaN and -0; relu's backward is
    # threshold_backward(grad, result, 0): result <= 0 ? 0 : grad, so NaN passes the gradient.
    'relu': unary(lambda a: 0.0 if a < 0 else a, lambda a, u: 0.0 if u <= 0 else 1.0),
}


def binary(f, da, db):
    """An element-wise op of two same-shaped inputs."""
    def op(a, b):
        y = [f(x, z) for x, z in zip(a, b)]
        return y, [[da(x, z, u) for x, z, u in zip(a, b, y)], [db(x, z, u) for x, z, u in zip(a, b, y)]]
    return op


BINARY = {
    'add': binary(lambda a, b: a + b, lambda a, b, u: 1.0, lambda a, b, u: 1.0),
    'sub': binary(lambda a, b: a - b, lambda a, b, u: 1.0, lambda a, b, u: -1.0),
    'mul': binary(lambda a, b: a * b, lambda a, b, u: b, lambda a, b, u: a),    # grad * other, grad * self
    # div_tensor_self_backward: grad / other; div_tensor_other_backward: -grad * ((self / other) / other)
    'div': binary(div, lambda a, b, u: div(1.0, b), lambda a, b, u: -div(div(a, b), b)),
    # pow_backward_self: exponent == 0 ? 0 : grad * exponent * self.pow(exponent - 1);
    # pow_backward_exponent: (self == 0 & exponent >= 0) ? 0 : grad * result * self.log()
    'pow': binary(pow_scalar,
                  lambda a, b, u: 0.0 if b == 0 else b * pow_scalar(a, b - 1.0),
                  lambda a, b, u: 0.0 if (a == 0 and b >= 0) else u * log(a)),
}


def softmax_row(a):
    """_softmax: exp(a - max) * (1 / sum), as the CPU kernel multiplies; _softmax_backward_data:
    y * (ȳ - Σ ȳ y)."""
    m = tmax(a)
    e = [math.exp(x - m) if not math.isnan(x - m) else NAN for x in a]
    s = sum(e)
    y = [x * div(1.0, s) for x in e]
    dot = sum(y)
    return y, [[u * (1.0 - dot) for u in y]]


def log_softmax(z):
    """_log_softmax: z - max - log(sum(exp(z - max)))."""
    m = tmax(z)
    s = sum(math.exp(x - m) if not math.isnan(x - m) else NAN for x in z)
    return [x - m - log(s) for x in z]


def cross_entropy(z, t):
    """cross_entropy with probabilities: -(log_softmax(z) * t).sum() / rows (one row here);
    its gradient through mul and _log_softmax_backward_data (g - exp(out) * Σ g)."""
    ls = log_softmax(z)
    loss = -sum(x * w for x, w in zip(ls, t))
    g = [-w for w in t]
    gs = sum(g)
    return [loss], [[gi - math.exp(o) * gs if not math.isnan(o) else NAN for gi, o in zip(g, ls)],
                    [-o for o in ls]]


def cross_entropy_index(z, cls):
    """cross_entropy with a class index: nll_loss(log_softmax(z), cls)."""
    ls = log_softmax(z)
    g = [-1.0 if c == cls else 0.0 for c in range(len(z))]
    return [-ls[cls]], [[gi - math.exp(o) * -1.0 if not math.isnan(o) else NAN
                         for gi, o in zip(g, ls)]]


def mean_loss(f, da, db):
    def op(a, b):
        n = len(a)
        return ([sum(f(x, z) for x, z in zip(a, b)) / n],
                [[da(x, z) / n for x, z in zip(a, b)], [db(x, z) / n for x, z in zip(a, b)]])
    return op


LOSSES = {
    # mse_loss: mean((a - b)²); mse_loss_backward: 2 (a - b) ȳ / n, the target's with a and b swapped
    'mse': mean_loss(lambda a, b: (a - b) * (a - b), lambda a, b: 2.0 * (a - b), lambda a, b: 2.0 * (b - a)),
    # binary_cross_entropy_with_logits: (1 - t) z - log_sigmoid(z), log_sigmoid(z) = min(0, z) -
    # log1p(exp(-|z|)); backward (σ(z) - t) ȳ / n, the target's -z ȳ / n
    'bce_logits': mean_loss(lambda a, b: (1.0 - b) * a - ((0.0 if not a < 0 else a) - math.log1p(math.exp(-abs(a)))),
                            lambda a, b: sigmoid(a) - b, lambda a, b: -a),
    # torch.clamp(1 - s*t, min=0).mean(): clamp keeps NaN; clamp_backward passes the gradient
    # where 1 - s*t >= 0 (NaN fails), then mul's backward multiplies it by the other input
    'hinge': mean_loss(lambda a, b: NAN if math.isnan(1.0 - a * b) else max(0.0, 1.0 - a * b),
                       lambda a, b: (-1.0 if 1.0 - a * b >= 0 else -0.0) * b,
                       lambda a, b: (-1.0 if 1.0 - a * b >= 0 else -0.0) * a),
}


def matmul(a, b):
    """2×2 @ 2×2; backward Ū Bᵀ and Aᵀ Ū with Ū = ones."""
    A = [a[0:2], a[2:4]]
    B = [b[0:2], b[2:4]]
    y = [A[i][0] * B[0][j] + A[i][1] * B[1][j] for i in range(2) for j in range(2)]
    ga = [B[k][0] + B[k][1] for i in range(2) for k in range(2)]
    gb = [A[0][k] + A[1][k] for k in range(2) for j in range(2)]
    return y, [ga, gb]


# ---- the cases ------------------------------------------------------------------------------
# (program with ordinary numbers, reference function, a, b, which input and element to replace,
#  extra special values for this case)

def vec(xs):
    return '[' + ', '.join(repr(x) for x in xs) + ']'


def mat(xs):
    return '[[%r, %r], [%r, %r]]' % tuple(xs)


# The element-wise ops twice: one element (the passes' scalar path) and two (the kernels' loop).
CASES = []
for name, fn in UNARY.items():
    call = '-a' if name == 'neg' else name + '(a)'
    CASES.append(('a = 0.5; y = %s' % call, fn, [0.5], None, 'a', 0, []))
    CASES.append(('a = [0.5, 1.5]; y = %s' % call, fn, [0.5, 1.5], None, 'a', 0, []))
for name, fn in BINARY.items():
    sym = {'add': '+', 'sub': '-', 'mul': '*', 'div': '/', 'pow': '^'}[name]
    CASES.append(('a = 1.5; b = 2; y = a %s b' % sym, fn, [1.5], [2.0], 'a', 0, []))
    CASES.append(('a = 2; b = 1.5; y = a %s b' % sym, fn, [2.0], [1.5], 'b', 0, []))
    CASES.append(('a = [1.5, -1.0]; b = [2.0, 3.0]; y = a %s b' % sym, fn, [1.5, -1.0], [2.0, 3.0], 'a', 0, []))
    CASES.append(('a = [2.0, 0.5]; b = [1.5, 2.0]; y = a %s b' % sym, fn, [2.0, 0.5], [1.5, 2.0], 'b', 0, []))
V = [0.5, 1.0, 2.0]
CASES += [
    ('a = %s; y = sum(a)' % vec(V), lambda a: ([sum(a)], [[1.0] * 3]), V, None, 'a', 0, []),
    ('a = %s; y = mean(a)' % vec(V), lambda a: ([sum(a) / 3], [[1.0 / 3] * 3]), V, None, 'a', 0, []),
    ('a = %s; y = a[0]' % vec(V), lambda a: ([a[0]], [[1.0, 0.0, 0.0]]), V, None, 'a', 0, []),
    ('a = %s; y = a[1]' % vec(V), lambda a: ([a[1]], [[0.0, 1.0, 0.0]]), V, None, 'a', 0, []),
    ('a = %s; y = transpose(a)' % mat([0.5, 1, 2, 3]),
     lambda a: ([a[0], a[2], a[1], a[3]], [[1.0] * 4]), [0.5, 1, 2, 3], None, 'a', 0, []),
    ('a = %s; y = softmax(a)' % vec(V), softmax_row, V, None, 'a', 0, []),
]
W = [0.25, -1.0, 2.0]
for which in 'ab':
    CASES.append(('a = %s; b = %s; y = dot(a, b)' % (vec(V), vec(W)),
                  lambda a, b: ([sum(x * z for x, z in zip(a, b))], [list(b), list(a)]), V, W, which, 0, []))
    CASES.append(('a = 0.5; b = 2; y = [a, b]', lambda a, b: ([a[0], b[0]], [[1.0], [1.0]]),
                  [0.5], [2.0], which, 0, []))
    MA, MB = [0.5, 1.0, 2.0, 3.0], [0.5, -1.0, 2.0, 0.25]
    CASES.append(('a = %s; b = %s; y = a @ b' % (mat(MA), mat(MB)), matmul, MA, MB, which, 0, []))
    T = [0.2, 0.3, 0.5]
    CASES.append(('a = %s; b = %s; y = cross_entropy(a, b)' % (vec(V), vec(T)),
                  cross_entropy, V, T, which, 0, []))
    for name, fn in LOSSES.items():
        LA, LB = [0.5, 2.0], ([1.0, -1.0] if name == 'hinge' else [0.25, 1.0])
        extra = [1.0] if name == 'hinge' and which == 'a' else []     # the kink s·t = 1
        CASES.append(('a = %s; b = %s; y = %s(a, b)' % (vec(LA), vec(LB), name), fn, LA, LB, which, 0, extra))
CASES.append(('a = %s; data b = 1; y = cross_entropy(a, b)' % vec(V),
              lambda a: cross_entropy_index(a, 1), V, None, 'a', 0, []))


# ---- the ops the later lessons need (issue 18) ----------------------------------------------

def log_softmax_op(z):
    """log_softmax; _log_softmax_backward_data: ȳ - exp(y) Σ ȳ, with ȳ = 1."""
    y = log_softmax(z)
    return y, [[1.0 - math.exp(o) * len(z) if not math.isnan(o) else NAN for o in y]]


def is_max(v, m):
    """evenly_distribute_backward's mask: equal to the maximum, or both NaN."""
    return math.isnan(v) if math.isnan(m) else v == m


def max_all(a):
    """torch.max(a); evenly_distribute_backward: ȳ / count at every maximal element."""
    m = tmax(a)
    count = sum(1 for x in a if is_max(x, m))
    return [m], [[1.0 / count if is_max(x, m) else 0.0 for x in a]]


def argmax_first(lane):
    """The index torch.max(x, dim) returns: the first maximum, or the first NaN."""
    best = 0
    for j, v in enumerate(lane):
        if math.isnan(lane[best]):
            break
        if v > lane[best] or math.isnan(v):
            best = j
    return best


def max_dim0(a):
    """torch.max(a, 0).values of a 2×2 matrix (a column at a time); the gradient goes to the
    index it returns (value_selecting_reduction_backward)."""
    y, g = [], [0.0] * 4
    for c in range(2):
        lane = [a[c], a[2 + c]]
        j = argmax_first(lane)
        y.append(lane[j])
        g[2 * j + c] += 1.0
    return y, [g]


def maximum(a, b):
    """torch.maximum (NaN wins); self: where(a == b, ȳ/2, ȳ) masked where a < b; other the
    same with the roles swapped."""
    y = [NAN if math.isnan(x) or math.isnan(z) else max(x, z) for x, z in zip(a, b)]
    ga = [0.5 if x == z else (0.0 if x < z else 1.0) for x, z in zip(a, b)]
    gb = [0.5 if x == z else (0.0 if x > z else 1.0) for x, z in zip(a, b)]
    return y, [ga, gb]


CASES += [
    ('a = %s; y = log_softmax(a)' % vec(V), log_softmax_op, V, None, 'a', 0, []),
    ('a = %s; y = max(a)' % vec(V), max_all, V, None, 'a', 0, [2.0]),        # 2.0: a tie
    ('a = %s; y = max(a, 0)' % mat([0.5, 1, 2, 3]), max_dim0, [0.5, 1, 2, 3], None, 'a', 0, [2.0]),
]
for which in 'ab':
    CASES.append(('a = [0.5, 2.0]; b = [1.0, -1.0]; y = maximum(a, b)', maximum, [0.5, 2.0],
                  [1.0, -1.0], which, 0, [1.0]))                               # 1.0: a tie
    CASES.append(('a = [0.5, 1.0]; b = [2.0]; y = cat([a, b])',
                  lambda a, b: (a + b, [[1.0] * len(a), [1.0] * len(b)]), [0.5, 1.0], [2.0], which, 0, []))


def c_double(x):
    if math.isnan(x):
        return 'NAN'
    if math.isinf(x):
        return 'INFINITY' if x > 0 else '-INFINITY'
    if x == 0:
        return '-0.0' if math.copysign(1.0, x) < 0 else '0'
    return repr(x)


def c_list(xs):
    return '{ ' + ', '.join(c_double(x) for x in xs or [0.0]) + ' }'


for program, fn, a, b, which, k, extra in CASES:
    for s in SPECIALS + extra:
        a2, b2 = list(a), (list(b) if b is not None else None)
        (a2 if which == 'a' else b2)[k] = s
        y, grads = fn(a2) if b is None else fn(a2, b2)
        gb = grads[1] if len(grads) > 1 else []
        print('  { "%s", \'%s\', %d, %s,\n    %d, %s, %s, %s },'
              % (program, which, k, c_double(s), len(y), c_list(y), c_list(grads[0]), c_list(gb)))
