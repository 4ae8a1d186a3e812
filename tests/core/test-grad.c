/* test-grad.c: `grad(y, x)` in programs (issue 18 item 3): first, second and third derivatives
 * against hand-derived values, vectors and matrices, an update written in the program, grad
 * inside a function, the gradient check over programs that use grad, the call table's "grad"
 * call, every error with its place, and `adjoint eval` and `adjoint trace` of such a program. */
#include "core/autograd.h"
#include "core/check.h"
#include "core/graph-calls.h"
#include "core/program.h"
#include "core/trace.h"
#include "tests/program-error.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static AgGraph *
run_ok (const char *program)
{
  g_autoptr (GError) error = NULL;
  AgGraph *g = ag_program_parse (program, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (g);
  /* A non-scalar output runs forward only and says so; the values are what is tested. */
  ag_graph_run (g, NULL, NULL);
  return g;
}

static double
value_of (const AgGraph *g, const char *name, guint element)
{
  const AgId id = ag_graph_lookup (g, name);

  g_assert_cmpuint (id, !=, AG_NO_ID);
  g_assert_cmpuint (element, <, ag_graph_node (g, id)->size);
  return ag_graph_value (g, id)[element];
}

typedef struct {
  const char *program;
  const char *name;
  guint       element;
  double      expected;
} ValueCase;

static const ValueCase value_cases[] = {
  /* y = x³ at 2: 3x² = 12, 6x = 12, 6 */
  { "x = 2; y = x^3; d1 = grad(y, x)", "d1", 0, 12 },
  { "x = 2; y = x^3; d2 = grad(grad(y, x), x)", "d2", 0, 12 },
  { "x = 2; y = x^3; d3 = grad(grad(grad(y, x), x), x)", "d3", 0, 6 },
  /* sin: cos, −sin */
  { "x = 0.5; d1 = grad(sin(x), x)", "d1", 0, 0.87758256189037276 },
  { "x = 0.5; d2 = grad(grad(sin(x), x), x)", "d2", 0, -0.47942553860420301 },
  /* tanh: 1 − t², −2t(1 − t²) */
  { "x = 0.5; d1 = grad(tanh(x), x)", "d1", 0, 0.78644773296592741 },
  { "x = 0.5; d2 = grad(grad(tanh(x), x), x)", "d2", 0, -0.7268619813835873 },
  /* a product of two inputs: ∂(ab + a)/∂a = b + 1, ∂/∂b = a, ∂²/∂a∂b = 1 */
  { "a = 2; b = 3; y = a*b + a; d = grad(y, a)", "d", 0, 4 },
  { "a = 2; b = 3; y = a*b + a; e = grad(y, b)", "e", 0, 2 },
  { "a = 2; b = 3; y = a*b + a; f = grad(grad(y, a), b)", "f", 0, 1 },
  /* a vector with sum: ∂Σv²/∂v = 2v */
  { "v = [1, 2, 3]; g = grad(sum(v * v), v)", "g", 2, 6 },
  { "v = [1, 2, 3]; g = grad(mean(v * v), v)", "g", 1, 4.0 / 3 },
  /* exp and log: log(eˣ·x) = x + log x; 1 + 1/x, −1/x² */
  { "x = 1.5; d1 = grad(log(exp(x) * x), x)", "d1", 0, 1 + 1 / 1.5 },
  { "x = 1.5; d2 = grad(grad(log(exp(x) * x), x), x)", "d2", 0, -1 / 2.25 },
  /* σ: σ(1 − σ) at 0 */
  { "x = 0; d = grad(sigmoid(x), x)", "d", 0, 0.25 },
  /* a quotient and a square root: ∂(x/√x)/∂x = 1/(2√x) */
  { "x = 4; d = grad(x / sqrt(x), x)", "d", 0, 0.25 },
  /* broadcasting: a scalar added to a vector gets the sum of its adjoints */
  { "b = 2; v = [1, 2, 3]; g = grad(sum((v + b)^2), b)", "g", 0, 2 * (3 + 4 + 5) },
  /* matrices: L = mean((XW)²), ∂L/∂W = Xᵀ(XW)/2 = [[5.5, 9], [2.5, 4]] */
  { "W = [[1, 2], [3, 4]]; X = [[1, 0], [2, 1]]; G = grad(mean((X @ W)^2), W)", "G", 1, 9 },
  { "W = [[1, 2], [3, 4]]; X = [[1, 0], [2, 1]]; G = grad(mean((X @ W)^2), W)", "G", 2, 2.5 },
  /* an update written in the program */
  { "W = [[1, 2], [3, 4]]; X = [[1, 0], [2, 1]]; L = mean((X @ W)^2)\nW2 = W - 0.1 * grad(L, W)",
    "W2", 3, 3.6 },
  /* grad of an intermediate node: ∂(h²)/∂h with h = 3x */
  { "x = 1; h = 3 * x; y = h^2; d = grad(y, h)", "d", 0, 6 },
  /* the lesson's f(x) = x⁴ − 3x² + x at 2: f' = 4x³ − 6x + 1 = 21, f'' = 12x² − 6 = 42,
   * f''' = 24x = 48 */
  { "x = 2; f = x^4 - 3*x^2 + x; d = grad(f, x)", "d", 0, 21 },
  { "x = 2; f = x^4 - 3*x^2 + x; d = grad(grad(f, x), x)", "d", 0, 42 },
  { "x = 2; f = x^4 - 3*x^2 + x; d = grad(grad(grad(f, x), x), x)", "d", 0, 48 },
  /* x^0 sends 0 back at 0, not 0·0^−1 (PyTorch masks it); x² at 0: 0, then 2 */
  { "x = 0; d = grad(x^0 + x, x)", "d", 0, 1 },
  { "x = 0; d = grad(x^2, x)", "d", 0, 0 },
  { "x = 0; d = grad(grad(x^2, x), x)", "d", 0, 2 },
  /* a power with a computed exponent: ∂(xʸ)/∂y = xʸ·log x = 8·log 2 */
  { "x = 2; y = 3; d = grad(x^y, y)", "d", 0, 8 * 0.69314718055994531 },
  /* cos, tan, sub and neg */
  { "x = 0.5; d = grad(cos(x), x)", "d", 0, -0.479425538604203 },
  { "x = 0.5; d = grad(tan(x), x)", "d", 0, 1.2984464104095248 },
  { "a = 2; b = 5; y = -((a - b)^2); d = grad(y, b)", "d", 0, -6 },
  /* σ'' = σ(1 − σ)(1 − 2σ): 0 at 0, −0.0909 at 1 */
  { "x = 0; d = grad(grad(sigmoid(x), x), x)", "d", 0, 0 },
  { "x = 1; d = grad(grad(sigmoid(x), x), x)", "d", 0, -0.09085774767294842 },
  /* relu and abs at PyTorch's conventions: relu'(0) = 0, sign(0) = 0; relu'' = 0 */
  { "x = 1.5; d = grad(relu(x), x)", "d", 0, 1 },
  { "x = -1; d = grad(relu(x), x)", "d", 0, 0 },
  { "x = 0; d = grad(relu(x), x)", "d", 0, 0 },
  { "x = 1.5; d = grad(grad(relu(x) * x, x), x)", "d", 0, 2 },
  { "x = -2; d = grad(abs(x), x)", "d", 0, -1 },
  { "x = 0; d = grad(abs(x), x)", "d", 0, 0 },
  { "v = [1, -2, 0]; g = grad(sum(relu(v) * v), v)", "g", 0, 2 },
  { "v = [1, -2, 0]; g = grad(sum(relu(v) * v), v)", "g", 1, 0 },
  /* sums and means along an axis: sum(A, 1) = [3, 7] sends [6, 14] to each row;
   * mean(A, 0) = [2, 3] sends [4, 6]/2 to each column */
  { "A = [[1, 2], [3, 4]]; g = grad(sum(sum(A, 1)^2), A)", "g", 1, 6 },
  { "A = [[1, 2], [3, 4]]; g = grad(sum(sum(A, 1)^2), A)", "g", 2, 14 },
  { "A = [[1, 2], [3, 4]]; g = grad(sum(sum(A, 1, True)^2), A)", "g", 2, 14 },
  { "A = [[1, 2], [3, 4]]; g = grad(sum(mean(A, 0)^2), A)", "g", 3, 3 },
  { "v = [1, 2, 3]; g = grad(sum(v, 0)^2, v)", "g", 2, 12 },
  /* dot, transpose and mse */
  { "v = [1, 2]; w = [3, 4]; g = grad(dot(v, w)^2, v)", "g", 1, 88 },
  { "A = [[1, 2], [3, 4]]; g = grad(sum(transpose(A) @ [1, 0]), A)", "g", 1, 1 },
  { "A = [[1, 2], [3, 4]]; g = grad(sum(transpose(A) @ [1, 0]), A)", "g", 2, 0 },
  { "p = [1, 2]; t = [0, 4]; g = grad(mse(p, t), p)", "g", 1, -2 },
  { "p = [1, 2]; t = [0, 4]; g = grad(mse(p, t), t)", "g", 1, 2 },
  /* a matrix times a vector: W @ x = [−1, −1], ū = 2u, ∂/∂W = ū xᵀ, ∂/∂x = Wᵀū */
  { "W = [[1, 2], [3, 4]]; x = [1, -1]; G = grad(sum((W @ x)^2), W)", "G", 1, 2 },
  { "W = [[1, 2], [3, 4]]; x = [1, -1]; G = grad(sum((W @ x)^2), W)", "G", 2, -2 },
  { "W = [[1, 2], [3, 4]]; x = [1, -1]; g = grad(sum((W @ x)^2), x)", "g", 1, -12 },
  /* a vector times a matrix: ∂Σ(v @ B)/∂B = v 1ᵀ, ∂/∂v = B 1 */
  { "v = [1, 2]; B = [[1, 2, 3], [4, 5, 6]]; G = grad(sum(v @ B), B)", "G", 3, 2 },
  { "v = [1, 2]; B = [[1, 2, 3], [4, 5, 6]]; g = grad(sum(v @ B), v)", "g", 1, 15 },
  { "v = [1, 2]; w = [3, 4]; g = grad(v @ w, w)", "g", 0, 1 },
  /* indexing sends ū back to where it took from: 2·v[1] = 4 at 1; 3·W[1,0]² = 27; a row */
  { "v = [1, 2, 3]; g = grad(v[1]^2, v)", "g", 1, 4 },
  { "v = [1, 2, 3]; g = grad(v[1]^2, v)", "g", 0, 0 },
  { "W = [[1, 2], [3, 4]]; g = grad(W[1, 0]^3, W)", "g", 2, 27 },
  { "W = [[1, 2], [3, 4]]; g = grad(sum(W[1]^2), W)", "g", 3, 8 },
  { "W = [[1, 2], [3, 4]]; g = grad(sum(W[1]^2), W)", "g", 0, 0 },
  /* lists and stack: ∂(a² + 10ab)/∂a = 2a + 10b = 34; rows and columns of a stacked matrix */
  { "a = 2; b = 3; v = [a*a, a*b]; g = grad(sum(v * [1, 10]), a)", "g", 0, 34 },
  { "p = [1, 2]; q = [3, 4]; M = stack([p, q]); g = grad(sum(M @ [1, 10]), q)", "g", 1, 10 },
  { "p = [1, 2]; q = [3, 4]; M = stack([p, q], 1); g = grad(sum(M @ [1, 10]), q)", "g", 0, 10 },
  { "p = [1, 2]; q = [3, 4]; M = stack([p, q], 1); g = grad(sum(M @ [1, 10]), p)", "g", 1, 1 },
  /* maximum: all to the larger, half each at a tie, a broadcast scalar summed back */
  { "a = 2; b = 3; g = grad(maximum(a, b) * 2, b)", "g", 0, 2 },
  { "a = 2; b = 3; g = grad(maximum(a, b) * 2, a)", "g", 0, 0 },
  { "a = 2; b = 2; g = grad(maximum(a, b), a)", "g", 0, 0.5 },
  { "v = [1, 5]; c = 3; g = grad(sum(maximum(v, c)), c)", "g", 0, 1 },
  /* lesson 25's network, neuron by neuron: grad(L, w1) is the engine's own w̄1 */
  { "def neuron(x, w, b):\n    z = dot(w, x) + b\n    return tanh(z)\nx = [1.0, -2.0]\n"
    "w1 = [0.5, -0.3]\nb1 = 0.1\nw2 = [-0.4, 0.2]\nb2 = 0.2\nh1 = neuron(x, w1, b1)\n"
    "h2 = neuron(x, w2, b2)\nh = [h1, h2]\nv = [0.7, -0.5]\nc = 0.1\ny = neuron(h, v, c)\n"
    "L = (y - 0.5)^2\nG = grad(L, w1)\n", "G", 1, -0.09278936529370717 },
  /* softmax: ∂s0/∂a0 = s0(1 − s0) = 0.25 for two equal logits; log_softmax: 1 − s0 = 0.5 */
  { "a = [1, 1]; g = grad(softmax(a)[0], a)", "g", 0, 0.25 },
  { "a = [1, 1]; g = grad(softmax(a)[0], a)", "g", 1, -0.25 },
  { "a = [1, 1]; g = grad(log_softmax(a)[0], a)", "g", 0, 0.5 },
  /* row-wise on a matrix: rows do not mix; row 1 = [0, log 3]: s = [1/4, 3/4],
   * ∂s[1,1]/∂A[1,0] = −s0·s1 = −3/16 */
  { "A = [[1, 2], [0, 1.0986122886681098]]; g = grad(softmax(A)[1, 1], A)", "g", 0, 0 },
  { "A = [[1, 2], [0, 1.0986122886681098]]; g = grad(softmax(A)[1, 1], A)", "g", 2, -0.1875 },
  /* ∂x/∂x = 1, as torch.autograd.grad(x, x) */
  { "x = 3; g = grad(x, x)", "g", 0, 1 },
  /* inside a function */
  { "def slope(x):\n    y = 3 * x^2\n    return grad(y, x)\nz = 2\ng = slope(z)", "g", 0, 12 },
};

static void
test_values (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (value_cases); i++)
    {
      const ValueCase *c = &value_cases[i];
      g_autoptr (AgGraph) g = run_ok (c->program);

      g_test_message ("%s", c->program);
      g_assert_cmpfloat_with_epsilon (value_of (g, c->name, c->element), c->expected, 1e-12);
    }
}

/* The backward graph is differentiable by the engine too: the adjoint of x through
 * d = grad(x³, x) is d(3x²)/dx = 6x, and central differences agree on every leaf. */
static void
test_gradient_check (void)
{
  static const char *const programs[] = {
    "x = 2; y = x^3; d = grad(y, x)",
    "x = 0.7; w = -1.3; y = tanh(w * x) * sin(x); d = grad(grad(y, x), w)",
    "W = [[1, 2], [3, 4]]; X = [[1, 0], [2, 1]]; L = mean((X @ W)^2)\nW2 = W - 0.1 * grad(L, W)\n"
    "L2 = mean((X @ W2)^2)",
    "x = 1.5; y = log(exp(x) * x) / x; d = sum(grad(y, x) * [1, 2])",
    /* the builders for relu, abs, indexing, axis sums and matrix–vector products */
    "v = [0.5, -1.2, 2]; W = [[1, 2, 0.5], [3, 4, -1]]\n"
    "y = sum(relu(v) * v) + sum(abs(v) * v) + W[1, 0]^3 + sum(sum(W, 1)^2) + sum((W @ v)^2)\n"
    "d = sum(grad(y, v) * v) + sum(grad(y, W) * W)",
    /* cross_entropy (class indices and probability rows) and max, differentiated twice: a
     * step of gradient descent on the logits written in the program */
    "Z = [[1, -2, 0.5], [3, 0.5, -1]]; data c = [2, 0]; P = [[0.2, 0.3, 0.5], [1, 0, 0]]\n"
    "L = cross_entropy(Z, c) + cross_entropy(Z, P) * max(Z)\n"
    "Z2 = Z - 0.5 * grad(L, Z)\nL2 = cross_entropy(Z2, c)",
    /* lists, stack along either axis, maximum and mean along an axis */
    "a = 0.7; b = -0.4; v = [a*a, sin(a*b)]; M = stack([v, v * 2], 1)\n"
    "y = sum(M @ [1, 3]) + maximum(a, b)^2 + sum(mean(stack([v, v]), 0)^2)\n"
    "d = grad(y, a) * grad(y, b)",
    /* softmax and log_softmax along rows, columns and a vector */
    "A = [[0.3, -1, 2], [1.5, 0.2, -0.7]]; v = [0.1, -0.4, 0.9]\n"
    "y = sum(softmax(A) * A) + sum(softmax(A, 0) * A^2) + sum(log_softmax(A) * A) + "
    "sum(softmax(v) * v^2) + sum(log_softmax(v, 0) * v)\n"
    "d = sum(grad(y, A) * A) + sum(grad(y, v) * v)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AgGraph) g = ag_program_parse (programs[i], -1, &error);
      g_autoptr (GArray) entries = NULL;

      g_assert_no_error (error);
      entries = ag_graph_check_gradients (g, AG_CHECK_EPS, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %u entries, max error %g", programs[i], entries->len,
                      ag_check_max_error (entries));
      g_assert_cmpuint (entries->len, >, 0);
      g_assert_cmpfloat (ag_check_max_error (entries), <, AG_CHECK_TOL);
    }
  {
    g_autoptr (AgGraph) g = run_ok ("x = 2; y = x^3; d = grad(y, x)");
    g_assert_cmpfloat_with_epsilon (ag_graph_grad (g, ag_graph_lookup (g, "x"))[0], 12, 1e-12);
  }
}

/* grad(y, x) equals the engine's own backward pass (autograd.c's kernels) on every op the
 * builders cover, each input of each program: the builders are checked against code written
 * separately, not only against themselves. */
static void
test_matches_engine (void)
{
  static const struct { const char *program; const char *wrt[4]; } cases[] = {
    { "a = [0.5, -1.2, 2]; b = [1.5, 0.3, -0.7]\n"
      "y = sum(a * b - a / (b + 3) + (-a)^2 + exp(a) * log(b + 2) + sin(a) * cos(b))",
      { "a", "b" } },
    { "a = [0.5, -1.2, 2]; y = sum(tan(a) + sqrt(a + 2) + abs(a) * a + tanh(a) + sigmoid(a) + "
      "relu(a) * a + heaviside(a) * a)", { "a" } },
    { "A = [[0.3, -1, 2], [1.5, 0.2, -0.7]]; v = [0.1, -0.4, 0.9]; w = [2, -1]\n"
      "y = sum((A @ v)^2) + sum((w @ A)^2) + dot(v, v) * 0.5 + sum(transpose(A) @ w) + "
      "sum(sum(A, 0)^2) + sum(mean(A, 1, True)^3) + mean(A)",
      { "A", "v", "w" } },
    { "A = [[0.3, -1, 2], [1.5, 0.2, -0.7]]; v = [0.1, -0.4, 0.9]\n"
      "y = sum(softmax(A) * A) + sum(softmax(A, 0) * A^2) + sum(log_softmax(A) * A) + "
      "sum(softmax(v) * v^2) + sum(log_softmax(v) * v)", { "A", "v" } },
    { "a = 0.7; b = -0.4; v = [a * a, sin(a * b), b]; M = stack([v, v * 2], 1)\n"
      "N = stack([v, v^2]); y = sum(M @ [1, 3]) + sum(N @ v) + maximum(a, b)^2 + "
      "sum(maximum(v, 0.1)) + v[1] * M[2, 0] + sum(N[1]) + mse(v, [1, 2, 3])",
      { "a", "b" } },
    { "p = [1, 2]; t = [0, 4]; y = mse(p, t) * mse(t, p * p)", { "p", "t" } },
    { "a = [0.5, -1]; b = [2, 0.3, 1.5]; A = [[1, 2], [3, 4]]; B = [[0.5, -1]]; C = [[2], [-3]]\n"
      "v = cat([a, b * b, a]); M = cat([A, B * A[0]], 0); N = cat([C, A, C * C], 1)\n"
      "y = sum(v * [1, 2, 3, 4, 5, 6, 7]) + sum(M @ a) + sum(N @ [b[0], b[1], a[0], b[2]])",
      { "a", "b", "A", "B" } },
    { "C = [[2], [-3]]; A = [[1, 2], [3, 4]]; b = [2, 0.3, 1.5]\n"
      "N = cat([C, A, C * C], 1); y = sum((N @ [2, 0.3, 1.5, -1])^2)", { "C" } },
    { "z = [[1, -2], [3, 0.5]]; t = [1, 0.25]; s = [0.5, -1.5, 2]; u = [1, 0.5, -1]\n"
      "y = bce_logits(z, t) + hinge(s, u) * hinge(u * 3, s)", { "z", "t", "s", "u" } },
    /* max shares ū evenly at a tie (v has two 3s); cross_entropy with probability rows, class
     * indices (a matrix and a vector of logits) */
    { "v = [1, 3, -2, 3]; A = [[0.5, 2], [-1, 1.5]]; y = max(v * v) + max(A) * max(v)",
      { "v", "A" } },
    { "Z = [[1, -2, 0.5], [3, 0.5, -1]]; P = [[0.2, 0.3, 0.5], [1, 0, 0]]; data c = [2, 0]\n"
      "z = [0.3, -0.7, 1.1]; data k = 1\n"
      "y = cross_entropy(Z, P) + cross_entropy(Z * 2, c) + cross_entropy(z, k) * "
      "cross_entropy(z, [0.1, 0.6, 0.3])", { "Z", "P", "z" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint k = 0; k < G_N_ELEMENTS (cases[i].wrt) && cases[i].wrt[k]; k++)
      {
        g_autoptr (AgGraph) plain = run_ok (cases[i].program);
        g_autofree char *with = g_strdup_printf ("%s\nG = grad(y, %s)", cases[i].program,
                                                 cases[i].wrt[k]);
        g_autoptr (AgGraph) g = run_ok (with);
        const AgId x = ag_graph_lookup (plain, cases[i].wrt[k]);

        g_test_message ("%s: d/d%s", cases[i].program, cases[i].wrt[k]);
        g_assert_cmpuint (ag_graph_node (g, ag_graph_lookup (g, "G"))->size, ==,
                          ag_graph_node (plain, x)->size);
        for (guint e = 0; e < ag_graph_node (plain, x)->size; e++)
          {
            const double want = ag_graph_grad (plain, x)[e];
            g_assert_cmpfloat_with_epsilon (value_of (g, "G", e), want,
                                            1e-12 * MAX (1, fabs (want)));
          }
      }
}

/* Each grad is one call named grad, grad#2, … of the function "grad", with y and x as its
 * arguments and its nodes inside it, so the canvas folds it; the output is the derivative. */
static void
test_call_table (void)
{
  g_autoptr (AgGraph) g = run_ok ("x = 2; y = x^3; d1 = grad(y, x); d2 = grad(d1, x)");
  const AgId x = ag_graph_lookup (g, "x"), y = ag_graph_lookup (g, "y");
  const AgId d1 = ag_graph_lookup (g, "d1"), d2 = ag_graph_lookup (g, "d2");
  const AgCall *c;

  g_assert_cmpuint (ag_graph_n_calls (g), ==, 2);
  c = ag_graph_call (g, 0);
  g_assert_cmpstr (c->function, ==, "grad");
  g_assert_cmpstr (c->name, ==, "grad");
  g_assert_cmpuint (c->n_args, ==, 2);
  g_assert_cmpuint (ag_graph_call_arg (g, 0, 0), ==, y);
  g_assert_cmpuint (ag_graph_call_arg (g, 0, 1), ==, x);
  g_assert_cmpuint (c->output, ==, d1);
  g_assert_cmpuint (c->line, ==, 1);
  g_assert_cmpuint (c->col, ==, 22);
  g_assert_cmpuint (c->len, ==, 10);
  g_assert_true (ag_graph_call_contains (g, 0, d1));
  g_assert_false (ag_graph_call_contains (g, 0, y));
  g_assert_cmpstr (ag_graph_call (g, 1)->name, ==, "grad#2");
  g_assert_cmpuint (ag_graph_call_arg (g, 1, 0), ==, d1);
  g_assert_cmpuint (ag_graph_call (g, 1)->output, ==, d2);
  g_assert_cmpuint (ag_graph_lookup_call (g, "grad#2"), ==, 1);
}

/* Constants are worked out while building, so the drawing reads like the textbook: the
 * derivative of x⁴ − 3x² + x is 4x³ + (−6)x + 1, not 1·4·x³ + (−1)·3·2·x + 1; and a
 * derivative that is an existing node (∂(w·x)/∂x = w) still gets its own, inside the call. */
static void
test_folded_constants (void)
{
  g_autoptr (AgGraph) g = run_ok ("x = 2; f = x^4 - 3*x^2 + x; d = grad(f, x)");
  g_autoptr (AgGraph) h = run_ok ("w = 5; x = 2; y = w * x; d = grad(y, x)");
  const AgId d = ag_graph_lookup (g, "d");
  gboolean cube = FALSE, linear = FALSE;

  for (AgId id = ag_graph_lookup (g, "f") + 1; id < d; id++)
    {
      const char *label = ag_graph_display_name (g, id);
      cube |= g_strcmp0 (label, "4 * (x^3)") == 0;
      linear |= g_strcmp0 (label, "(−6) * x") == 0;
    }
  g_assert_true (cube && linear);
  /* −6, −6x, 1, 1 + −6x, 3, x³, 4, 4x³ and their sum d: no product of constants, and no
   * constant left unused (each would be drawn, dangling) */
  g_assert_cmpuint (d - ag_graph_lookup (g, "f"), ==, 9);
  for (AgId id = ag_graph_lookup (g, "f") + 1; id < d; id++)
    {
      gboolean used = FALSE;

      for (AgId later = id + 1; later <= d; later++)
        for (guint s = 0; s < ag_graph_node (g, later)->n_inputs; s++)
          used |= ag_graph_input (g, ag_graph_node (g, later), s) == id;
      g_assert_true (used);
    }
  g_assert_cmpuint (ag_graph_lookup (h, "d"), !=, ag_graph_lookup (h, "w"));
  g_assert_cmpfloat (value_of (h, "d", 0), ==, 5);
  g_assert_true (ag_graph_call_contains (h, 0, ag_graph_lookup (h, "d")));
}

static const ErrorCase error_cases[] = {
  { "v = [1, 2]\ng = grad(v * v, v)", AG_ERROR_NOT_SCALAR, 2, 5, 14,
    "grad(y, x) needs y to be one number, not a tensor shaped [2]: take sum(y) or mean(y) "
    "first, as PyTorch's backward does" },
  { "x = 1; g = grad(x)", AG_ERROR_SYNTAX, 1, 12, 7,
    "grad takes 2 arguments (y, x): the number to differentiate and what to differentiate it "
    "by, got 1" },
  { "x = 1; y = x + 1; g = grad(y, x, x)", AG_ERROR_SYNTAX, 1, 23, 13,
    "grad takes 2 arguments (y, x): the number to differentiate and what to differentiate it "
    "by, got 3" },
  { "x = 1; w = 2\ny = 3 * x\ng = grad(y, w)", AG_ERROR_NAME, 3, 5, 10,
    "'y' does not depend on 'w': its derivative would be 0 everywhere, which is almost always "
    "a mistake in the program (PyTorch raises too, unless allow_unused)" },
  { "x = 1; y = 3 * x\ng = grad(grad(y, x), x)", AG_ERROR_NAME, 2, 5, 19,
    "'grad(y, x)' does not depend on 'x': its derivative would be 0 everywhere, which is "
    "almost always a mistake in the program (PyTorch raises too, unless allow_unused)" },
  { "A = [[1, 2], [3, 0]]; y = sum(max(A, 1))\ng = grad(y, A)", AG_ERROR_ARGUMENT, 2, 5, 10,
    "grad cannot yet differentiate through 'max' along an axis: its derivative has no builder "
    "made of ops (core/grad-build.c)" },
  { "z = [[1, 2], [3, 0]]; data t = [1, 0]; L = cross_entropy(z, t * 1)\ng = grad(L, t)",
    AG_ERROR_ARGUMENT, 2, 5, 10,
    "cross_entropy's class indices take no gradient: give the targets as probability rows to "
    "differentiate by them" },
  { "x = 1; y = x + 1; g = grad(y, x", AG_ERROR_SYNTAX, 1, 32, 1,
    "missing ')' to close the '(' at 1:27" },
  { "def f(x):\n    return grad(x)\ny = f(1)", AG_ERROR_SYNTAX, 2, 12, 7,
    "grad takes 2 arguments (y, x): the number to differentiate and what to differentiate it "
    "by, got 1" },
};

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    assert_program_error (&error_cases[i]);
}

static char *
run_cli (const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("ADJOINT_BIN"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  return out;
}

/* `adjoint eval FILE` of a program whose grad is wrong: exit 2 and FILE:line:col: error. */
static void
test_cli_errors (void)
{
  static const struct { const char *program, *expect; } cases[] = {
    { "v = [1, 2]\ng = grad(v * v, v)\n",
      ":2:5: error: grad(y, x) needs y to be one number, not a tensor shaped [2]" },
    { "x = 1; w = 2\ny = 3 * x\ng = grad(y, w)\n",
      ":3:5: error: 'y' does not depend on 'w'" },
    { "A = [[1, 2], [3, 0]]; y = sum(max(A, 1))\ng = grad(y, A)\n",
      ":2:5: error: grad cannot yet differentiate through 'max' along an axis" },
    { "x = 1\ng = grad(x)\n",
      ":2:5: error: grad takes 2 arguments (y, x)" },
  };

  if (g_getenv ("ADJOINT_BIN") == NULL)
    {
      g_test_skip ("ADJOINT_BIN is not set");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("test-grad-XXXXXX", &error);
      g_autofree char *path = NULL, *err = NULL, *want = NULL;
      g_autoptr (GSubprocess) proc = NULL;

      g_assert_no_error (error);
      path = g_build_filename (dir, "bad.adjoint", NULL);
      g_assert_true (g_file_set_contents (path, cases[i].program, -1, NULL));
      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error, g_getenv ("ADJOINT_BIN"), "eval", path, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
      g_assert_no_error (error);
      g_test_message ("%s", err);
      g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
      want = g_strconcat (path, cases[i].expect, NULL);
      g_assert_nonnull (strstr (err, want));
      g_unlink (path);
      g_rmdir (dir);
    }
}

static void
test_cli (void)
{
  const char *program = "x = 2; y = x^3; d = grad(y, x); d2 = grad(d, x)";
  g_autofree char *eval = NULL, *folded = NULL, *open = NULL;

  if (g_getenv ("ADJOINT_BIN") == NULL)
    {
      g_test_skip ("ADJOINT_BIN is not set");
      return;
    }
  eval = run_cli ((const char *const[]) { "eval", "-e", program, "--json", NULL });
  g_assert_nonnull (strstr (eval, "\"name\": \"d\""));
  g_assert_nonnull (strstr (eval, "\"value\": 12"));
  folded = run_cli ((const char *const[]) { "trace", "-e", program, "--fold", "all", NULL });
  g_assert_nonnull (strstr (folded, "forward 2: d = grad(y, x) = 12\n"));
  g_assert_nonnull (strstr (folded, "forward 3: d2 = grad(d, x) = 12\n"));
  /* ∂d2/∂x = ∂(6x)/∂x = 6, sent back by the folded call to x */
  g_assert_nonnull (strstr (folded, "grad#2 sends d̅" "2̅ = 1 back to x"));
  g_assert_nonnull (strstr (folded, "= 1 · 6 = 6"));
  open = run_cli ((const char *const[]) { "trace", "-e", program, "--fold", "none", NULL });
  /* Open, the derivative's own nodes step: 3x² then 6x, the constants worked out */
  g_assert_nonnull (strstr (open, "forward 3: d = 3 * (x^2) = 3 * 4 = 12\n"));
  g_assert_nonnull (strstr (open, "forward 4: d2 = 6 * x = 6 * 2 = 12\n"));
  g_assert_nonnull (strstr (open, "backward 6: d̅" "2̅ = 1 flows to x: x̄ += 1 · 6 = 6"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/grad/values", test_values);
  g_test_add_func ("/grad/gradient-check", test_gradient_check);
  g_test_add_func ("/grad/matches-engine", test_matches_engine);
  g_test_add_func ("/grad/call-table", test_call_table);
  g_test_add_func ("/grad/folded-constants", test_folded_constants);
  g_test_add_func ("/grad/errors", test_errors);
  g_test_add_func ("/grad/cli", test_cli);
  g_test_add_func ("/grad/cli-errors", test_cli_errors);
  return g_test_run ();
}
