/* optim.c: SGD, momentum and Adam, update for update as torch.optim computes them. */
#include "core/optim.h"
#include "core/simd.h"

#include <math.h>
#include <string.h>

struct _AgOptimizer {
  /* borrowed */
  AgGraph      *graph;
  /* owned */
  AgOptimConfig config;
  AgId         *leaves;     /* the differentiable leaves, in node order */
  guint         n_leaves;
  gsize         n_state;    /* elements over all leaves */
  double       *buf;        /* SGD: the momentum buffer v; Adam: the first moment m */
  double       *sq;         /* Adam: the second moment v; NULL otherwise */
  guint64       t;          /* updates since creation or reset */
};

AgOptimConfig
ag_optim_config_default (AgOptimKind kind, double lr)
{
  /* torch.optim.SGD: momentum 0, dampening 0, nesterov off, weight_decay 0.
   * torch.optim.Adam: betas (0.9, 0.999), eps 1e-8, weight_decay 0.
   * "momentum" is SGD with the μ = 0.9 every course uses. */
  AgOptimConfig c = {
    .kind = kind,
    .lr = lr,
    .momentum = kind == AG_OPTIM_MOMENTUM ? 0.9 : 0.0,
    .nesterov = FALSE,
    .beta1 = 0.9,
    .beta2 = 0.999,
    .eps = 1e-8,
    .weight_decay = 0.0,
  };
  return c;
}

static const char *const kind_names[] = { "sgd", "momentum", "adam" };

AG_DEFINE_NAME_FUNCS (AgOptimKind, ag_optim_kind, kind_names, G_N_ELEMENTS (kind_names))

static gboolean
optimizes (const AgOptimConfig *config, const AgNode *n)
{
  return config->params_only ? n->op == AG_OP_LEAF && n->role == AG_ROLE_PARAM
                             : ag_node_is_differentiable_leaf (n);
}

AgOptimizer *
ag_optimizer_new (AgGraph *graph, const AgOptimConfig *config)
{
  AgOptimizer *opt;
  guint n_leaves = 0;

  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail ((guint) config->kind <= AG_OPTIM_ADAM, NULL);

  opt = g_new0 (AgOptimizer, 1);
  opt->graph = graph;
  opt->config = *config;
  for (AgId id = 0; id < ag_graph_n_nodes (graph); id++)
    if (optimizes (config, ag_graph_node (graph, id)))
      n_leaves++;
  opt->leaves = g_new (AgId, n_leaves);
  for (AgId id = 0; id < ag_graph_n_nodes (graph); id++)
    {
      const AgNode *n = ag_graph_node (graph, id);
      if (!optimizes (config, n))
        continue;
      opt->leaves[opt->n_leaves++] = id;
      opt->n_state += n->size;
    }
  opt->buf = g_new0 (double, opt->n_state);
  if (config->kind == AG_OPTIM_ADAM)
    opt->sq = g_new0 (double, opt->n_state);
  return opt;
}

void
ag_optimizer_free (AgOptimizer *opt)
{
  if (opt == NULL)
    return;
  g_free (opt->leaves);
  g_free (opt->buf);
  g_free (opt->sq);
  g_free (opt);
}

/* torch.optim.SGD (_single_tensor_sgd), dampening 0:
 *   g ← g + wd·p
 *   v ← g at the first step, then μv + g
 *   d ← g + μv (nesterov) or v
 *   p ← p − lr·d
 * @buf is NULL when μ = 0: then d = g. The settings are read into locals and each case has
 * its own loop, so the loops vectorise (the same operations in the same order as PyTorch's). */
KERNEL_CLONES static void
sgd_update (const AgOptimConfig *c, gboolean first, gsize size, double *restrict p,
            const double *restrict grad, double *restrict buf)
{
  const double wd = c->weight_decay, mu = c->momentum, lr = c->lr;

  if (buf == NULL && wd == 0)
    for (gsize i = 0; i < size; i++)
      p[i] = p[i] - lr * grad[i];
  else if (buf == NULL)
    for (gsize i = 0; i < size; i++)
      p[i] = p[i] - lr * (grad[i] + wd * p[i]);
  else if (first)
    for (gsize i = 0; i < size; i++)
      {
        const double g = wd == 0 ? grad[i] : grad[i] + wd * p[i];
        buf[i] = g;
        p[i] = p[i] - lr * (c->nesterov ? g + mu * g : g);
      }
  else if (!c->nesterov && wd == 0)
    for (gsize i = 0; i < size; i++)
      {
        buf[i] = mu * buf[i] + grad[i];
        p[i] = p[i] - lr * buf[i];
      }
  else
    {
      const gboolean nesterov = c->nesterov;
      for (gsize i = 0; i < size; i++)
        {
          const double g = wd == 0 ? grad[i] : grad[i] + wd * p[i];
          buf[i] = mu * buf[i] + g;
          p[i] = p[i] - lr * (nesterov ? g + mu * buf[i] : buf[i]);
        }
    }
}

/* torch.optim.Adam (_single_tensor_adam), amsgrad off, for update number @t (1-based):
 *   g ← g + wd·p
 *   m ← β1·m + (1 − β1)·g            (PyTorch writes m.lerp_(g, 1 − β1): equal up to rounding)
 *   v ← β2·v + (1 − β2)·g²
 *   p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε) */
KERNEL_CLONES static void
adam_update (const AgOptimConfig *c, guint64 t, gsize size, double *restrict p,
             const double *restrict grad, double *restrict m, double *restrict v)
{
  const double bias_correction1 = 1 - pow (c->beta1, (double) t);
  const double bias_correction2 = 1 - pow (c->beta2, (double) t);
  const double step_size = c->lr / bias_correction1;
  const double bias_correction2_sqrt = sqrt (bias_correction2);
  const double wd = c->weight_decay, beta1 = c->beta1, beta2 = c->beta2, eps = c->eps;

  for (gsize i = 0; i < size; i++)
    {
      const double g = wd == 0 ? grad[i] : grad[i] + wd * p[i];
      double denom;

      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      denom = sqrt (v[i]) / bias_correction2_sqrt + eps;
      p[i] = p[i] - step_size * (m[i] / denom);
    }
}

void
ag_optimizer_step (AgOptimizer *opt)
{
  AgGraph *g;
  gsize offset = 0;

  g_return_if_fail (opt != NULL);
  g = opt->graph;
  opt->t++;

  for (guint k = 0; k < opt->n_leaves; k++)
    {
      const AgId id = opt->leaves[k];
      const AgNode *n = ag_graph_node (g, id);
      double *p = ag_graph_value (g, id);
      const double *grad = ag_graph_grad (g, id);
      double *buf = opt->buf + offset;

      offset += n->size;
      /* A leaf the output does not depend on has no gradient at all (None in PyTorch), and
       * PyTorch's optimizers skip it: no decay, no momentum. */
      if (!n->reaches_output)
        continue;
      if (opt->config.kind == AG_OPTIM_ADAM)
        adam_update (&opt->config, opt->t, n->size, p, grad, buf, opt->sq + (buf - opt->buf));
      else
        sgd_update (&opt->config, opt->t == 1, n->size, p, grad,
                    opt->config.momentum != 0 ? buf : NULL);
    }
}

void
ag_optimizer_set_lr (AgOptimizer *opt, double lr)
{
  g_return_if_fail (opt != NULL);
  opt->config.lr = lr;
}

void
ag_optimizer_reset (AgOptimizer *opt)
{
  g_return_if_fail (opt != NULL);
  opt->t = 0;
  memset (opt->buf, 0, opt->n_state * sizeof (double));
  if (opt->sq)
    memset (opt->sq, 0, opt->n_state * sizeof (double));
}
