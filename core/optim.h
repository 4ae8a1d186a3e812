/* optim.h: optimizers with PyTorch's update rules (torch.optim.SGD and Adam). */
#pragma once

#include "core/graph.h"

G_BEGIN_DECLS

typedef enum {
  AG_OPTIM_SGD,         /* p ← p − lr·g */
  AG_OPTIM_MOMENTUM,    /* v ← μv + g (v = g at the first step), p ← p − lr·v */
  AG_OPTIM_ADAM,        /* torch.optim.Adam, bias-corrected */
} AgOptimKind;

typedef struct {
  AgOptimKind kind;
  double lr;
  double momentum;       /* μ: used by AG_OPTIM_MOMENTUM, and by AG_OPTIM_SGD when not 0
                          * (one rule, as torch.optim.SGD) */
  gboolean nesterov;     /* d = g + μv in place of v */
  double beta1, beta2;   /* for Adam */
  double eps;            /* for Adam */
  double weight_decay;   /* L2, added to the gradient as in PyTorch */
  gboolean params_only;  /* update `param` leaves only, not inputs (the trainer: an input such
                          * as `alpha = 0.01` is a setting, not a weight) */
} AgOptimConfig;

/* PyTorch's defaults for @kind with learning rate @lr. */
AgOptimConfig ag_optim_config_default (AgOptimKind kind, double lr);
/* "sgd", "momentum", "adam" → kind; FALSE for anything else. */
gboolean      ag_optim_kind_from_string (const char *name, AgOptimKind *kind);
const char   *ag_optim_kind_to_string (AgOptimKind kind);

typedef struct _AgOptimizer AgOptimizer;

/* An optimizer over every input and parameter of @graph (parameters only with params_only) (which it borrows: keep the graph alive
 * and do not add nodes to it). All state is allocated here, none in a step. As in PyTorch, a
 * leaf the output does not depend on has no gradient and is left alone (no weight decay). */
AgOptimizer *ag_optimizer_new   (AgGraph *graph, const AgOptimConfig *config);
void         ag_optimizer_free  (AgOptimizer *opt);   /* NULL-safe */
/* One update from the adjoints now in the graph. Does not zero them. */
void         ag_optimizer_step  (AgOptimizer *opt);
/* Changes the learning rate without touching the state. */
void         ag_optimizer_set_lr (AgOptimizer *opt, double lr);
void         ag_optimizer_reset (AgOptimizer *opt);   /* forget momentum and moments */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgOptimizer, ag_optimizer_free)

G_END_DECLS
