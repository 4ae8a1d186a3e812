/* bug.c: broken engines (bug.h): the correct run's backward steps redone with one classic
 * mistake, the first step that goes wrong, its question and the gradient check it fails. */
#include "core/bug.h"
#include "core/autograd.h"
#include "core/check.h"
#include "core/format.h"
#include "core/ops.h"

#include <math.h>
#include <string.h>

static const char *const bug_names[AG_N_BUGS] = {
  "overwrite", "no-zero-grad", "forget-upstream", "wrong-local",
};

AG_DEFINE_NAME_FUNCS (AgBug, ag_bug, bug_names, AG_N_BUGS)

const char *
ag_bug_list_names (void)
{
  return "overwrite, no-zero-grad, forget-upstream or wrong-local";
}

const char *
ag_bug_describe (AgBug bug)
{
  static const char *const descriptions[AG_N_BUGS] = {
    "each adjoint is assigned (v̄ = ū·∂u/∂v) instead of accumulated (v̄ += ū·∂u/∂v)",
    "a second backward pass runs without zeroing the adjoints, so it adds onto the first",
    "each step sends the local derivative ∂u/∂v without multiplying it by ū",
    "a product's local derivatives are swapped: ∂(a·b)/∂a taken as a, ∂(a·b)/∂b as b",
  };

  g_return_val_if_fail ((guint) bug < AG_N_BUGS, "?");
  return descriptions[bug];
}

/* ---- the broken engine ------------------------------------------------------------------- */

typedef struct {
  const AgGraph *graph;
  AgBug    bug;
  double  *grads;       /* its adjoints, laid out as the graph's */
  double  *ones;        /* forget-upstream's stand-in for ū, as long as the largest node */
} Engine;

/* wrong-local's vjp of u = a·b for input @slot: the input's own value where the other's
 * belongs, over the same broadcast as the product (a scalar over anything, a row over rows). */
static void
wrong_mul_vjp (const AgGraph *g, const AgNode *u, guint slot, const double *gout, double *gin)
{
  const AgNode *x = ag_graph_node (g, ag_graph_input (g, u, slot));
  const double *X = ag_graph_value (g, ag_graph_input (g, u, slot));

  for (guint32 i = 0; i < u->shape.rows; i++)
    for (guint32 j = 0; j < u->shape.cols; j++)
      {
        const gsize ix = (gsize) (x->shape.rows == 1 ? 0 : i) * x->shape.cols
                         + (x->shape.cols == 1 ? 0 : j);
        gin[ix] += gout[(gsize) i * u->shape.cols + j] * X[ix];
      }
}

/* What the engine adds for edge u → input @slot from @gout: the vjp, or wrong-local's. */
static void
product (const Engine *e, const AgNode *u, guint slot, const double *gout, double *gin)
{
  if (e->bug == AG_BUG_WRONG_LOCAL && u->op == AG_OP_MUL)
    wrong_mul_vjp (e->graph, u, slot, gout, gin);
  else
    ag_op_info (u->op)->vjp (e->graph, u, slot, gout, gin);
}

static void
copy_step (AgTrace *out, const AgTrace *in, const AgGraph *g, guint k)
{
  const AgStep *s = ag_trace_step (in, k);
  AgStep *c = ag_trace_append (out, s->kind, s->from, s->to, s->slot, s->size,
                               s->size ? ag_trace_data (in, s->delta) : NULL,
                               s->size ? ag_trace_data (in, s->after) : NULL);

  c->local = s->local;
  if (s->sent != G_MAXSIZE && s->from != AG_NO_ID)
    {
      const guint n = ag_graph_node (g, s->from)->size;
      c->sent = out->data->len;
      g_array_append_vals (out->data, ag_trace_data (in, s->sent), n);
    }
}

static void
seed (Engine *e, AgTrace *out, AgId id)
{
  double *grad = e->grads + ag_graph_node (e->graph, id)->offset;
  const double one = 1.0;

  *grad += 1.0;    /* after the first pass, no-zero-grad's seed lands on the first's 1 */
  ag_trace_append (out, AG_STEP_SEED, AG_NO_ID, id, 0, 1, &one, grad);
}

/* One backward step u → v redone by the broken engine, recorded as autograd.c records one. */
static void
backward (Engine *e, AgTrace *out, const AgStep *s)
{
  const AgNode *u = ag_graph_node (e->graph, s->from), *v = ag_graph_node (e->graph, s->to);
  const double *ubar = e->grads + u->offset;
  const double *upstream = e->bug == AG_BUG_FORGET_UPSTREAM ? e->ones : ubar;
  double *dst = e->grads + v->offset;
  AgStep *step = ag_trace_append (out, AG_STEP_BACKWARD, s->from, s->to, s->slot, v->size,
                                  NULL, NULL);
  const gsize delta_at = step->delta, after_at = step->after;
  double *delta, local = NAN;

  step->sent = out->data->len;
  g_array_append_vals (out->data, ubar, u->size);
  delta = &g_array_index (out->data, double, delta_at);
  product (e, u, s->slot, upstream, delta);
  if (e->bug == AG_BUG_OVERWRITE)
    memcpy (dst, delta, v->size * sizeof (double));
  else
    for (guint i = 0; i < v->size; i++)
      dst[i] += delta[i];
  memcpy (&g_array_index (out->data, double, after_at), dst, v->size * sizeof (double));
  if (u->size == 1 && v->size == 1)
    {
      const double one = 1.0;
      local = 0.0;
      product (e, u, s->slot, &one, &local);
    }
  g_array_index (out->steps, AgStep, out->steps->len - 1).local = local;
}

static void
replay (Engine *e, AgTrace *out, const AgTrace *correct, guint from, guint to)
{
  for (guint k = from; k < to; k++)
    {
      const AgStep *s = ag_trace_step (correct, k);

      switch (s->kind)
        {
        case AG_STEP_SEED:
          seed (e, out, s->to);
          break;
        case AG_STEP_BACKWARD:
          backward (e, out, s);
          break;
        case AG_STEP_ZERO_GRAD:
          memset (e->grads, 0, e->graph->n_elements * sizeof (double));
          copy_step (out, correct, e->graph, k);
          break;
        default:
          copy_step (out, correct, e->graph, k);
          break;
        }
    }
}

/* Where the last backward pass of @trace starts (its seed), or its length when it has none. */
static guint
last_seed (const AgTrace *trace)
{
  for (guint k = ag_trace_n_steps (trace); k-- > 0;)
    if (ag_trace_step (trace, k)->kind == AG_STEP_SEED)
      return k;
  return ag_trace_n_steps (trace);
}

AgTrace *
ag_bug_trace_new (const AgTrace *correct, const AgGraph *graph, AgBug bug)
{
  AgTrace *out = ag_trace_new ();
  guint largest = 1;
  Engine e = { .graph = graph, .bug = bug };

  g_return_val_if_fail (correct != NULL && graph != NULL && (guint) bug < AG_N_BUGS, out);
  for (AgId id = 0; id < ag_graph_n_nodes (graph); id++)
    largest = MAX (largest, ag_graph_node (graph, id)->size);
  e.grads = g_new0 (double, MAX (graph->n_elements, 1));
  e.ones = g_new (double, largest);
  for (guint i = 0; i < largest; i++)
    e.ones[i] = 1.0;

  replay (&e, out, correct, 0, ag_trace_n_steps (correct));
  if (bug == AG_BUG_NO_ZERO_GRAD)
    replay (&e, out, correct, last_seed (correct), ag_trace_n_steps (correct));
  g_free (e.grads);
  g_free (e.ones);
  return out;
}

/* Bit for bit, NaN equal to NaN: the broken engine does the same sums as the correct one
 * wherever its bug does not touch them. */
static gboolean
same_numbers (const double *a, const double *b, guint n)
{
  for (guint i = 0; i < n; i++)
    if (a[i] != b[i] && !(isnan (a[i]) && isnan (b[i])))
      return FALSE;
  return TRUE;
}

guint
ag_bug_first_wrong_step (const AgTrace *correct, const AgTrace *broken)
{
  g_return_val_if_fail (correct != NULL && broken != NULL, G_MAXUINT);
  for (guint k = 0; k < ag_trace_n_steps (broken); k++)
    {
      const AgStep *a, *b;

      if (k >= ag_trace_n_steps (correct))
        return k;
      a = ag_trace_step (correct, k);
      b = ag_trace_step (broken, k);
      if (a->kind != b->kind || a->to != b->to || a->size != b->size
          || !same_numbers (ag_trace_data (correct, a->after), ag_trace_data (broken, b->after),
                            a->size))
        return k;
    }
  return G_MAXUINT;
}

/* ---- the question ------------------------------------------------------------------------ */

/* Where to look, by what each bug does to the numbers. */
static char *
symptom_hint (AgBug bug, guint n_correct)
{
  switch (bug)
    {
    case AG_BUG_OVERWRITE:
      return g_strdup ("Look for a node that receives more than one contribution: does its "
                       "adjoint add them up?");
    case AG_BUG_NO_ZERO_GRAD:
      return g_strdup_printf ("A correct backward pass ends at step %u. What should the next "
                              "pass start from?", n_correct);
    case AG_BUG_FORGET_UPSTREAM:
      return g_strdup ("Check that each step multiplies the local derivative by the adjoint it "
                       "comes from, ū.");
    default:
      return g_strdup ("Check the steps out of a product a*b: ∂(a·b)/∂a = b and ∂(a·b)/∂b = a.");
    }
}

/* "Step 6 is the first wrong one: it leaves x̄ = 6 where the correct engine has x̄ = 7." */
static char *
reveal_text (const AgTrace *correct, const AgTrace *broken, const AgGraph *g, guint k)
{
  const AgStep *b = ag_trace_step (broken, k);
  g_autofree char *sentence = ag_trace_describe_step (broken, g, k);
  GString *s = g_string_new (NULL);

  g_string_printf (s, "Step %u is the first wrong one (%s): ", k + 1, sentence);
  if (k >= ag_trace_n_steps (correct))
    g_string_append_printf (s, "the correct engine stops after step %u, and this one runs the "
                            "backward pass again on adjoints it never zeroed.",
                            ag_trace_n_steps (correct));
  else
    {
      const AgStep *c = ag_trace_step (correct, k);
      g_string_append (s, "it leaves ");
      ag_trace_append_marked_name (s, g, b->to, FALSE);
      g_string_append (s, " = ");
      ag_format_human (s, *ag_trace_data (broken, b->after));
      g_string_append (s, " where the correct engine has ");
      ag_trace_append_marked_name (s, g, c->to, FALSE);
      g_string_append (s, " = ");
      ag_format_human (s, *ag_trace_data (correct, c->after));
      g_string_append (s, ".");
    }
  return g_string_free (s, FALSE);
}

AgQuestion *
ag_bug_question_new (const AgTrace *correct, const AgTrace *broken, const AgGraph *graph,
                     AgBug bug)
{
  const guint first = ag_bug_first_wrong_step (correct, broken);
  const guint start = last_seed (correct);
  const AgStep *wrong;
  AgQuestion *q;
  GString *s;

  g_return_val_if_fail (graph != NULL, NULL);
  if (first == G_MAXUINT)
    return NULL;
  wrong = ag_trace_step (broken, first);
  q = g_new0 (AgQuestion, 1);
  q->kind = AG_QUESTION_FIRST_WRONG_STEP;
  q->id = g_strdup ("first-wrong-step");
  q->step = AG_QUESTION_NO_STEP;
  q->node = q->from = q->to = AG_NO_ID;
  q->expected = first + 1;
  q->prompt = g_strdup_printf ("This backward pass was done by a broken engine. Which of its "
                               "%u steps is the first wrong one? Answer with the step's number.",
                               ag_trace_n_steps (broken));
  q->hints[0] = g_strdup_printf ("The forward steps (1 to %u) are right. From step %u on, check "
                                 "each step against the chain rule: v̄ += ū·∂u/∂v.",
                                 start, start + 1);
  q->hints[1] = symptom_hint (bug, ag_trace_n_steps (correct));
  s = g_string_new (NULL);
  if (wrong->kind == AG_STEP_SEED)
    g_string_append (s, "It is a seed: the start of a backward pass, where ");
  else
    g_string_append_printf (s, "It is a step that sends to %s, where ",
                            ag_graph_display_name (graph, wrong->to));
  ag_trace_append_marked_name (s, graph, wrong->to, FALSE);
  g_string_append (s, " comes out wrong.");
  q->hints[2] = g_string_free (s, FALSE);
  q->reveal = reveal_text (correct, broken, graph, first);
  return q;
}

/* ---- the gradient check ------------------------------------------------------------------ */

/* Element @element of @id's adjoint at the end of @trace: the last seed or backward step into
 * it, or 0. */
static double
final_adjoint_element (const AgTrace *trace, AgId id, guint element)
{
  for (guint k = ag_trace_n_steps (trace); k-- > 0;)
    {
      const AgStep *s = ag_trace_step (trace, k);
      if (s->to == id && (s->kind == AG_STEP_BACKWARD || s->kind == AG_STEP_SEED))
        return ag_trace_data (trace, s->after)[element];
    }
  return 0;
}

GArray *
ag_bug_check_gradients (AgGraph *graph, AgBug bug, double eps, GError **error)
{
  g_autoptr (GArray) entries = ag_graph_check_gradients (graph, eps, error);
  g_autoptr (AgTrace) correct = NULL;
  g_autoptr (AgTrace) broken = NULL;

  if (entries == NULL)
    return NULL;
  correct = ag_trace_new ();
  if (!ag_graph_run (graph, correct, error))
    return NULL;
  broken = ag_bug_trace_new (correct, graph, bug);
  for (guint i = 0; i < entries->len; i++)
    {
      AgCheckEntry *e = &g_array_index (entries, AgCheckEntry, i);
      e->analytic = final_adjoint_element (broken, e->node, e->element);
      e->rel_error = ag_check_relative_error (e->analytic, e->numeric);
    }
  return g_steal_pointer (&entries);
}
