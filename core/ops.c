/* ops.c: the op table, the one place an op is defined: each row names an op, how it is
 * written and drawn, its derivative for people, the programs its gradient check runs, and its
 * shape rule and kernels (by family in ops-elementwise.c, ops-tensor.c and ops-loss.c). */
#include "core/ops.h"
#include "core/ops-private.h"

#include <string.h>

void
ag_op_shape_error (GError **error, const char *what, const AgShape *a, const AgShape *b)
{
  g_autofree char *sa = ag_shape_to_string (*a);
  g_autofree char *sb = b ? ag_shape_to_string (*b) : NULL;

  if (b)
    g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "%s: shapes %s and %s do not fit", what, sa, sb);
  else
    g_set_error (error, AG_ERROR, AG_ERROR_SHAPE, "%s: shape %s does not fit", what, sa);
}

/* ---- the table -------------------------------------------------------------------------- */

#define ROW(OP, NAME, SYMBOL, SYNTAX, ARITY, INFER, FN) \
  .op = OP, .name = NAME, .symbol = SYMBOL, .syntax = SYNTAX, .arity = ARITY, .infer = INFER, \
  .forward = ag_kernel_##FN##_forward, .vjp = ag_kernel_##FN##_vjp, .jvp = ag_kernel_##FN##_jvp

const AgOpInfo ag_op_table[AG_N_OPS] = {
  [AG_OP_LEAF] = { .op = AG_OP_LEAF, .name = "leaf", .symbol = "", .syntax = AG_SYNTAX_LEAF },
  [AG_OP_ADD] = { ROW (AG_OP_ADD, "add", "+", AG_SYNTAX_INFIX, 2, ag_infer_broadcast, add),
    .derivative = { "1", "1" },
    .checks = { "a = [0.5, -1.5, 2]; b = [1.5, 0.25, -0.75]; y = a + b",
                "a = 0.7; b = [[1, 2], [3, 4]]; y = a + b",
                "a = [[1, 2, 3], [4, 5, 6]]; b = [0.5, -1, 2]; y = a + b" } },
  [AG_OP_SUB] = { ROW (AG_OP_SUB, "sub", "−", AG_SYNTAX_INFIX, 2, ag_infer_broadcast, sub),
    .derivative = { "1", "-1" },
    .checks = { "a = [0.5, -1.5, 2]; b = [1.5, 0.25, -0.75]; y = a - b",
                "a = [[1, 2], [3, 4]]; b = 0.3; y = a - b",
                "a = [0.5, -1]; b = [[1, 2], [3, 4], [5, 6]]; y = a - b" } },
  [AG_OP_MUL] = { ROW (AG_OP_MUL, "mul", "×", AG_SYNTAX_INFIX, 2, ag_infer_broadcast, mul),
    .derivative = { "{b}", "{a}" },
    .checks = { "a = 3; b = -2; y = a * b",
                "a = [0.5, -1.5, 2]; b = [1.5, 0.25, -0.75]; y = a * b",
                "a = 1.3; b = [[1, -2], [3, 4]]; y = a * b",
                "a = [[1, 2, 3], [4, 5, 6]]; b = [0.5, -1, 2]; y = a * b" } },
  [AG_OP_DIV] = { ROW (AG_OP_DIV, "div", "÷", AG_SYNTAX_INFIX, 2, ag_infer_broadcast, div),
    .derivative = { "1/{b}", "-{a}/{b}^2" },
    .checks = { "a = [0.5, -1.5, 2]; b = [1.5, 0.75, -0.75]; y = a / b",
                "a = [[1, 2], [3, 4]]; b = 1.7; y = a / b" } },
  [AG_OP_NEG] = { ROW (AG_OP_NEG, "neg", "−", AG_SYNTAX_PREFIX, 1, ag_infer_same, neg),
    .derivative = { "-1" },
    .checks = { "a = [0.5, -1.5, 2]; y = -a" } },
  [AG_OP_POW] = { ROW (AG_OP_POW, "pow", "^", AG_SYNTAX_INFIX, 2, ag_infer_broadcast, pow),
    .derivative = { "{b}·{a}^({b}-1)", "{a}^{b}·ln {a}" },
    .checks = { "a = [0.5, 1.5, 2]; b = [1.5, 2.25, -0.75]; y = a ^ b",
                "a = 1.3; b = 2.5; y = a ^ b",
                "a = [[1.5, 2], [0.5, 3]]; b = 3; y = a ^ b" } },
  [AG_OP_EXP] = { ROW (AG_OP_EXP, "exp", "exp", AG_SYNTAX_CALL, 1, ag_infer_same, exp),
    .derivative = { "exp({a})" },
    .checks = { "a = [0.5, -1.5, 2]; y = exp(a)" } },
  [AG_OP_LOG] = { ROW (AG_OP_LOG, "log", "log", AG_SYNTAX_CALL, 1, ag_infer_same, log),
    .derivative = { "1/{a}" },
    .checks = { "a = [0.5, 1.5, 2]; y = log(a)" } },
  [AG_OP_SIN] = { ROW (AG_OP_SIN, "sin", "sin", AG_SYNTAX_CALL, 1, ag_infer_same, sin),
    .derivative = { "cos({a})" },
    .checks = { "a = [0.5, -1.5, 2]; y = sin(a)" } },
  [AG_OP_COS] = { ROW (AG_OP_COS, "cos", "cos", AG_SYNTAX_CALL, 1, ag_infer_same, cos),
    .derivative = { "-sin({a})" },
    .checks = { "a = [0.5, -1.5, 2]; y = cos(a)" } },
  [AG_OP_TAN] = { ROW (AG_OP_TAN, "tan", "tan", AG_SYNTAX_CALL, 1, ag_infer_same, tan),
    .derivative = { "1 + tan({a})^2" },
    .checks = { "a = [0.5, -1.2, 1]; y = tan(a)" } },
  [AG_OP_SQRT] = { ROW (AG_OP_SQRT, "sqrt", "√", AG_SYNTAX_CALL, 1, ag_infer_same, sqrt),
    .derivative = { "1/(2·sqrt({a}))" },
    .checks = { "a = [0.5, 1.5, 2]; y = sqrt(a)" } },
  [AG_OP_ABS] = { ROW (AG_OP_ABS, "abs", "|·|", AG_SYNTAX_CALL, 1, ag_infer_same, abs),
    .derivative = { "sign({a})" },
    .checks = { "a = [0.5, -1.5, 2]; y = abs(a)" } },
  [AG_OP_TANH] = { ROW (AG_OP_TANH, "tanh", "tanh", AG_SYNTAX_CALL, 1, ag_infer_same, tanh),
    .derivative = { "1 - tanh({a})^2" },
    .checks = { "a = [0.5, -1.5, 2]; y = tanh(a)" } },
  [AG_OP_SIGMOID] = { ROW (AG_OP_SIGMOID, "sigmoid", "σ", AG_SYNTAX_CALL, 1, ag_infer_same, sigmoid),
    .derivative = { "σ({a})·(1 - σ({a}))" },
    .checks = { "a = [0.5, -1.5, 2]; y = sigmoid(a)", "a = [[-30, 30], [0.25, -0.25]]; y = sigmoid(a)" } },
  [AG_OP_RELU] = { ROW (AG_OP_RELU, "relu", "ReLU", AG_SYNTAX_CALL, 1, ag_infer_same, relu),
    .derivative = { "1 if {a} > 0, else 0" },
    .checks = { "a = [0.5, -1.5, 2]; y = relu(a)", "a = [[1, -2], [-3, 4]]; y = relu(a)" } },
  [AG_OP_SUM] = { ROW (AG_OP_SUM, "sum", "Σ", AG_SYNTAX_CALL, 1, ag_infer_reduce, sum),
    .call = AG_CALL_REDUCE,
    .derivative = { "1 for each element" },
    .checks = { "a = [0.5, -1.5, 2]; y = sum(a)", "a = [[1, 2], [3, 4]]; y = sum(a)",
                "a = [[1, 2, 3], [4, 5, 6]]; y = sum(a, 0)",
                "a = [[1, 2, 3], [4, 5, 6]]; y = sum(a, -1, keepdim=True)" } },
  [AG_OP_MEAN] = { ROW (AG_OP_MEAN, "mean", "mean", AG_SYNTAX_CALL, 1, ag_infer_reduce, mean),
    .call = AG_CALL_REDUCE,
    .derivative = { "1/n for each element" },
    .derivative_axis = "1/n for each element, n the length of axis {d}",
    .checks = { "a = [0.5, -1.5, 2]; y = mean(a)", "a = [[1, 2, 3], [3, 4, 5]]; y = mean(a)",
                "a = [[1, 2, 3], [3, 4, 5]]; y = mean(a, 1)",
                "a = [[1, 2, 3], [3, 4, 5]]; y = mean(a, dim=0, keepdim=True)" } },
  [AG_OP_DOT] = { ROW (AG_OP_DOT, "dot", "·", AG_SYNTAX_CALL, 2, ag_infer_dot, dot),
    .derivative = { "{b}", "{a}" },
    .checks = { "a = [0.5, -1.5, 2]; b = [1.5, 0.25, -0.75]; y = dot(a, b)" } },
  [AG_OP_MATMUL] = { ROW (AG_OP_MATMUL, "matmul", "@", AG_SYNTAX_INFIX, 2, ag_infer_matmul, matmul),
    .derivative = { "ū·{b}ᵀ", "{a}ᵀ·ū" },
    .checks = { "a = [[1, 2, 3], [4, 5, 6]]; b = [[0.5, -1], [2, 0.25], [-1.5, 1]]; y = a @ b",
                "a = [0.5, -1, 2]; b = [[1, 2], [3, 4], [5, 6]]; y = a @ b",
                "a = [[1, 2, 3], [4, 5, 6]]; b = [0.5, -1, 2]; y = a @ b",
                "a = [0.5, -1, 2]; b = [1.5, 0.25, -0.75]; y = a @ b" } },
  [AG_OP_TRANSPOSE] = { ROW (AG_OP_TRANSPOSE, "transpose", "ᵀ", AG_SYNTAX_CALL, 1, ag_infer_transpose, transpose),
    .derivative = { "ūᵀ" },
    .checks = { "a = [[1, 2, 3], [4, 5, 6]]; y = transpose(a)", "a = [1, 2]; y = transpose(a)" } },
  [AG_OP_INDEX] = { ROW (AG_OP_INDEX, "index", "[ ]", AG_SYNTAX_INDEX, 1, ag_infer_index, index),
    .derivative = { "1 at the chosen element, 0 elsewhere" },
    .checks = { "a = [0.5, -1.5, 2]; y = a[1]", "a = [[1, 2, 3], [4, 5, 6]]; y = a[1]",
                "a = [[1, 2, 3], [4, 5, 6]]; y = a[0, 2]" } },
  [AG_OP_STACK] = { ROW (AG_OP_STACK, "stack", "[…]", AG_SYNTAX_LIST, -1, ag_infer_stack, stack),
    .call = AG_CALL_LIST,
    .derivative = { "1 at this input's place" },
    .checks = { "a = 0.5; b = -1.5; y = [a, b * a, 2]",
                "a = [1, 2]; b = [3, -4]; y = [a, b, a * b]",
                "a = [1, 2, 3]; b = [3, -4, 0.5]; y = stack([a, b], 1)",
                "a = 0.5; b = -1.5; y = stack((a, b * a))" } },
  [AG_OP_MSE] = { ROW (AG_OP_MSE, "mse", "MSE", AG_SYNTAX_CALL, 2, ag_infer_pair_loss, mse),
    .derivative = { "2({a} - {b})/n", "-2({a} - {b})/n" },
    .checks = { "a = [2, 4, 6]; b = [1, 5, 2.5]; y = mse(a, b)",
                "a = [[1, 2], [3, 4]]; b = [0.5, 1]; y = mse(a, b)" } },
  [AG_OP_SOFTMAX] = { ROW (AG_OP_SOFTMAX, "softmax", "softmax", AG_SYNTAX_CALL, 1, ag_infer_along, softmax),
    .call = AG_CALL_AXIS,
    .derivative = { "diag({u}) - {u}·{u}ᵀ" },
    .derivative_axis = "diag({u}) - {u}·{u}ᵀ along axis {d}",
    .checks = { "a = [0.5, -1.5, 2]; y = softmax(a)", "a = [[1, 2, 3], [3, 1, -2]]; y = softmax(a)",
                "a = [[1, 2, 3], [3, 1, -2]]; y = softmax(a, 0)" } },
  [AG_OP_CROSS_ENTROPY] = { ROW (AG_OP_CROSS_ENTROPY, "cross_entropy", "CE", AG_SYNTAX_CALL, 2, ag_infer_cross_entropy, cross_entropy),
    .derivative = { "(softmax({a})·Σ{b} - {b})/rows", "-log softmax({a})/rows" },
    .checks = { "a = [0.5, -1.5, 2]; b = [0.2, 0.3, 0.5]; y = cross_entropy(a, b)",
                "a = [[1, 2, 3], [3, 1, -2]]; b = [[0, 0, 1], [0.5, 0.5, 0]]; y = cross_entropy(a, b)",
                "a = [[1, 2, 3], [3, 1, -2]]; data b = [2, 0]; y = cross_entropy(a, b)",
                "a = [0.5, -1.5, 2]; data b = 1; y = cross_entropy(a, b)" } },
  [AG_OP_BCE_LOGITS] = { ROW (AG_OP_BCE_LOGITS, "bce_logits", "BCE", AG_SYNTAX_CALL, 2, ag_infer_pair_loss, bce_logits),
    .derivative = { "(σ({a}) - {b})/n", "-{a}/n" },
    .checks = { "a = [0.5, -1.5, 2]; b = [1, 0, 0.25]; y = bce_logits(a, b)",
                "a = [[1, -2], [3, 0.5]]; data b = [1, 0]; y = bce_logits(a, b)",
                "a = [[40, -40], [-35, 0.5]]; data b = [[1, 0], [0, 1]]; y = bce_logits(a, b)" } },
  [AG_OP_HINGE] = { ROW (AG_OP_HINGE, "hinge", "hinge", AG_SYNTAX_CALL, 2, ag_infer_pair_loss, hinge),
    .derivative = { "-{b}/n where {a}·{b} ≤ 1, else 0", "-{a}/n where {a}·{b} ≤ 1, else 0" },
    .checks = { "a = [0.5, -1.5, 2]; b = [1, 0.5, -1]; y = hinge(a, b)",
                "a = [[0.5, -1.5], [2, 0.25]]; data b = [[1, 1], [1, -1]]; y = hinge(a, b)" } },
  [AG_OP_LOG_SOFTMAX] = { ROW (AG_OP_LOG_SOFTMAX, "log_softmax", "log softmax", AG_SYNTAX_CALL, 1, ag_infer_along, log_softmax),
    .call = AG_CALL_AXIS,
    .derivative = { "1 - softmax({a}) on the diagonal, -softmax({a}) off it" },
    .derivative_axis = "1 - softmax({a}) on the diagonal, -softmax({a}) off it, along axis {d}",
    .checks = { "a = [0.5, -1.5, 2]; y = log_softmax(a)",
                "a = [[1, 2, 3], [3, 1, -2]]; y = log_softmax(a)",
                "a = [[1, 2, 3], [3, 1, -2]]; y = log_softmax(a, dim=0)" } },
  [AG_OP_CAT] = { ROW (AG_OP_CAT, "cat", "cat", AG_SYNTAX_CALL, -1, ag_infer_cat, cat),
    .call = AG_CALL_LIST,
    .derivative = { "1 at this input's place" },
    .checks = { "a = [0.5, -1.5]; b = [2, 1, 3]; y = cat([a, b * a[0]])",
                "a = [[1, 2], [3, 4]]; b = [[0.5, -1]]; y = cat([a, b, a * 2], 0)",
                "a = [[1, 2], [3, 4]]; b = [[0.5, -1, 3], [2, 0.25, -2]]; y = cat((a, b), dim=1)" } },
  [AG_OP_MAX] = { ROW (AG_OP_MAX, "max", "max", AG_SYNTAX_CALL, 1, ag_infer_reduce, max),
    .call = AG_CALL_REDUCE,
    .derivative = { "1 at the largest element (ties share it evenly), else 0" },
    .derivative_axis = "1 at the first largest element along axis {d}, else 0",
    .checks = { "a = [0.5, -1.5, 2]; y = max(a)", "a = [[1, 4, 3], [6, 2, 5]]; y = max(a, 1)",
                "a = [[1, 4, 3], [6, 2, 5]]; y = max(a, 0, True)" } },
  [AG_OP_MAXIMUM] = { ROW (AG_OP_MAXIMUM, "maximum", "maximum", AG_SYNTAX_CALL, 2, ag_infer_broadcast, maximum),
    .derivative = { "1 if {a} > {b}, ½ if equal, else 0", "1 if {b} > {a}, ½ if equal, else 0" },
    .checks = { "a = [0.5, -1.5, 2]; b = [1.5, -2, 1]; y = maximum(a, b)",
                "a = [[1, -2], [3, 0.5]]; b = 0.7; y = maximum(a, b)",
                "a = [[1, -2, 3], [3, 0.5, -1]]; b = [0.5, 0, 2]; y = max(a, b)" } },
  /* relu's derivative as a node: what grad(y, x) writes for relu's backward. */
  [AG_OP_HEAVISIDE] = { ROW (AG_OP_HEAVISIDE, "heaviside", "H", AG_SYNTAX_CALL, 1, ag_infer_same, heaviside),
    .derivative = { "0" },
    .checks = { "a = [0.5, -1.5, 2]; y = heaviside(a)" } },
};

const AgOpInfo *
ag_op_info (AgOp op)
{
  g_return_val_if_fail ((guint) op < AG_N_OPS, &ag_op_table[AG_OP_LEAF]);
  return &ag_op_table[op];
}

gboolean
ag_op_is_function (const AgOpInfo *info)
{
  g_return_val_if_fail (info != NULL, FALSE);
  return info->syntax == AG_SYNTAX_CALL || info->call == AG_CALL_LIST;
}

const AgOpInfo *
ag_op_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  for (guint i = 1; i < AG_N_OPS; i++)
    if (strcmp (ag_op_table[i].name, name) == 0)
      return &ag_op_table[i];
  return NULL;
}
