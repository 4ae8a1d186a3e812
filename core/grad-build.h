/* grad-build.h: symbolic reverse mode: `grad(y, x)` in a program as ordinary graph nodes. */
#pragma once

#include "core/graph.h"

G_BEGIN_DECLS

/* Adds to @graph the nodes that compute ∂y/∂x: the adjoint of every node between @x and @y,
 * from ȳ = 1 back to x̄, each op's vector–Jacobian product written with ops of the table
 * (ū·b for a product, ū·(1 − u²) for tanh, ū @ Bᵀ for a matrix product, …). The nodes are
 * ordinary: the graph runs them forward and differentiates them like any other, so
 * grad(grad(y, x), x) is the second derivative. x̄ (shaped like @x) goes to @out.
 * @y_text and @x_text (or NULL for the nodes' names) are how the program wrote them, for the
 * message when y does not depend on x.
 *
 * Fails (AG_ERROR_NOT_SCALAR, AG_ERROR_NAME or AG_ERROR_ARGUMENT, no location: the caller
 * places it) when @y is not one number, when @y does not depend on @x (the derivative would be
 * 0 everywhere; PyTorch raises too), or when an op on the way has no builder yet (naming it). */
gboolean ag_grad_build (AgGraph *graph, AgId y, AgId x, const char *y_text, const char *x_text,
                        AgId *out, GError **error);

G_END_DECLS
