/* bench.c: `adjoint bench`, the performance figures of issues 6 and 19 (docs/performance.md).
 *
 * Every workload is a function that runs its work @reps times. The harness first finds how many
 * repetitions fill about a millisecond, then times samples of that many until the median is
 * stable, and reports the median time of one repetition with the fastest and slowest sample.
 * The machine's float64 FMA peak is measured in the same run, so a workload's GFLOP/s is also
 * given as a fraction of what this machine could do. Each workload computes a checksum (a loss,
 * a value, a count) from a fixed amount of work, separately from the timing, so the figures
 * cannot come from work that was skipped; the W2 checksum is the final loss `adjoint train`
 * prints for the same settings (the command is in the output). Nothing here asserts a time. */
#include <stdio.h>
#include "app/cli/bench.h"
#include "app/cli/bench-scaling.h"
#include "app/cli/bench-yardstick.h"
#include "app/cli/bench-edit.h"
#include "app/cli/cli-common.h"
#include "core/autograd.h"
#include "core/graph-file.h"
#include "core/format.h"
#include "core/gemm.h"
#include "core/optim.h"
#include "core/program.h"
#include "core/trace.h"
#include "core/train.h"
#include "core/vec.h"
#include "ui/draw/adj-anim.h"
#include "ui/draw/adj-layout.h"
#include "ui/draw/adj-scene.h"
#include "ui/common/adj-renderer.h"
#include "ui/lab/adj-train-lab.h"

#include <gtk/gtk.h>

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <time.h>

typedef struct {
  const char *name;          /* W1, R3, … */
  const char *what;          /* one line for people */
  const char *unit;          /* "us", "ms", "fps", "%" */
  double      value, min, max;
  double      gflops;        /* NAN where it does not apply */
  double      peak_fraction; /* NAN likewise */
  double      ref_ratio;     /* the fastest sample over the reference loop's, in the same run */
  double      target;        /* the issue's target, in @unit */
  gboolean    floor;         /* the target is a floor (fps, %), not a ceiling (time) */
  char       *skipped;       /* why it did not run (no display), or NULL */
  char       *checksum;      /* what the fixed run computed, as text */
  char       *check_command; /* a command that reproduces the checksum, or NULL */
  guint       samples;
  guint64     reps;
} BenchResult;

static void
bench_result_clear (BenchResult *r)
{
  g_free (r->checksum);
  g_free (r->check_command);
  g_free (r->skipped);
}

/* ---- small helpers for the workloads ------------------------------------------------------ */

/* The flops of the matrix products one zero-grad, forward and backward of @g does: 2·m·k·n for
 * each product forwards, and again for each input whose gradient backward computes. Element-wise
 * work is not counted, as in the usual GEMM-based figure. */
static double
graph_matmul_flops (const AgGraph *g)
{
  double flops = 0;

  for (AgId id = 0; id < ag_graph_n_nodes (g); id++)
    {
      const AgNode *n = ag_graph_node (g, id);
      const AgNode *a, *b;
      double f;

      if (n->op != AG_OP_MATMUL)
        continue;
      a = ag_graph_node (g, ag_graph_input (g, n, 0));
      b = ag_graph_node (g, ag_graph_input (g, n, 1));
      f = 2.0 * (a->shape.ndim == 1 ? 1 : a->shape.rows) * a->shape.cols *
          (b->shape.ndim == 1 ? 1 : b->shape.cols);
      flops += f;
      if (n->needs_grad && n->reaches_output)
        flops += f * ((a->needs_grad ? 1 : 0) + (b->needs_grad ? 1 : 0));
    }
  return flops;
}

/* A fixed stream of numbers in [0, 1) for the benchmark's data (splitmix64). */
static double
bench_uniform (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  z ^= z >> 31;
  return (z >> 11) * (1.0 / 9007199254740992.0);
}

static char *
format_exact (double v)
{
  GString *s = g_string_new (NULL);
  ag_json_number (s, v);
  return g_string_free (s, FALSE);
}

/* ---- W1 and W1b: a scalar function, already built or from its text ------------------------ */

/* Powell's singular function at its usual starting point (3, −1, 0, 1): f = 215 and
 * ∇f = (306, −144, −18, −310). */
static const char w1_program[] =
  "x1 = 3\nx2 = -1\nx3 = 0\nx4 = 1\n"
  "f = (x1 + 10*x2)^2 + 5*(x3 - x4)^2 + (x2 + 2*x3)^4 + 10*(x1 - x4)^4\n";

static void
w1_run (gpointer ctx, guint64 reps)
{
  AgGraph *g = ctx;

  for (guint64 r = 0; r < reps; r++)
    ag_graph_run (g, NULL, NULL);
}

static void
w1b_run (gpointer ctx, guint64 reps)
{
  for (guint64 r = 0; r < reps; r++)
    {
      AgGraph *g = ag_program_parse (w1_program, -1, NULL);
      ag_graph_run (g, NULL, NULL);
      ag_graph_free (g);
    }
}

static char *
w1_checksum (AgGraph *g)
{
  GString *s = g_string_new ("f = ");
  const char *names[] = { "x1", "x2", "x3", "x4" };

  ag_graph_run (g, NULL, NULL);
  ag_json_number (s, ag_graph_value (g, g->output)[0]);
  g_string_append (s, ", grad = [");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (i)
        g_string_append (s, ", ");
      ag_json_number (s, ag_graph_grad (g, ag_graph_lookup (g, names[i]))[0]);
    }
  g_string_append (s, "]");
  return g_string_free (s, FALSE);
}

/* ---- W2: the training lab's step ----------------------------------------------------------- */

#define W2_CHECK_STEPS 500

static void
w2_setup (AgTrainSetup *setup)
{
  ag_train_setup_init (setup);
  setup->dataset = AG_DATASET_MOONS;
  setup->samples = 200;
  setup->test_fraction = 0;
  setup->n_hidden = 2;
  setup->hidden[0] = setup->hidden[1] = 16;
  setup->activation = AG_ACTIVATION_RELU;
  setup->loss = AG_LOSS_MSE;
  setup->optimizer = AG_OPTIM_SGD;
  setup->lr = 0.1;
  setup->batch = 0;
  setup->steps = W2_CHECK_STEPS;
  setup->seed = 1;
}

static const char w2_command[] =
  "adjoint train --dataset moons --samples 200 --test-fraction 0 --hidden 16,16 "
  "--activation relu --loss mse --optimizer sgd --lr 0.1 --batch 0 --seed 1 --steps 500 --json";

static void
w2_run (gpointer ctx, guint64 reps)
{
  for (guint64 r = 0; r < reps; r++)
    ag_trainer_step (ctx);
}

/* ---- W5: lab-scale training (issue 19) ------------------------------------------------------
 * Moons of 10,000 samples (8,000 for training), an MLP 2-64-64-64-1 with tanh, bce and Adam on
 * the whole training set: a step is three 8,000 × 64 tanh layers forwards and backwards, where
 * the element-wise functions weigh as much as the products. bench/pytorch_w5.py runs the same in PyTorch. */

#define W5_CHECK_STEPS 20

static void
w5_setup (AgTrainSetup *setup)
{
  ag_train_setup_init (setup);
  setup->dataset = AG_DATASET_MOONS;
  setup->samples = 10000;
  setup->test_fraction = 0.2;
  setup->n_hidden = 3;
  setup->hidden[0] = setup->hidden[1] = setup->hidden[2] = 64;
  setup->activation = AG_ACTIVATION_TANH;
  setup->loss = AG_LOSS_BCE;
  setup->optimizer = AG_OPTIM_ADAM;
  setup->lr = 0.01;
  setup->batch = 0;
  setup->steps = W5_CHECK_STEPS;
  setup->seed = 1;
}

static const char w5_command[] =
  "adjoint train --dataset moons --samples 10000 --test-fraction 0.2 --hidden 64,64,64 "
  "--activation tanh --loss bce --optimizer adam --lr 0.01 --batch 0 --seed 1 --steps 20 --json";

/* ---- W3 and W4: networks as programs, stepped by the optimizer ----------------------------- */

typedef struct {
  AgGraph     *graph;
  AgOptimizer *opt;
} Net;

static void
net_run (gpointer ctx, guint64 reps)
{
  Net *net = ctx;

  for (guint64 r = 0; r < reps; r++)
    {
      ag_graph_run (net->graph, NULL, NULL);
      ag_optimizer_step (net->opt);
    }
}

/* Builds the network of @program with its data filled from a fixed stream: features in [0, 1),
 * and targets @targets_of (row index) gives. */
static gboolean
net_init (Net *net, const char *program, AgOptimKind kind, double lr, double momentum,
          gboolean class_targets, guint n_classes, GError **error)
{
  AgOptimConfig config = ag_optim_config_default (kind, lr);
  guint64 state = 42;
  AgId X, y;

  net->graph = ag_program_parse_with (program, -1, &(AgProgramOptions) { 7, 0 }, error);
  if (net->graph == NULL)
    return FALSE;
  X = ag_graph_lookup (net->graph, "X");
  y = ag_graph_lookup (net->graph, "y");
  g_assert (X != AG_NO_ID && y != AG_NO_ID);
  for (guint i = 0; i < ag_graph_node (net->graph, X)->size; i++)
    ag_graph_value (net->graph, X)[i] = bench_uniform (&state);
  for (guint i = 0; i < ag_graph_node (net->graph, y)->size; i++)
    ag_graph_value (net->graph, y)[i] = class_targets ? (double) (i % n_classes)
                                                      : bench_uniform (&state);
  config.momentum = momentum;
  config.params_only = TRUE;
  net->opt = ag_optimizer_new (net->graph, &config);
  return TRUE;
}

static void
net_clear (Net *net)
{
  g_clear_pointer (&net->opt, ag_optimizer_free);
  g_clear_pointer (&net->graph, ag_graph_free);
}

/* The loss after @steps steps from the start, and the loss before the first. */
static char *
net_checksum (const char *program, AgOptimKind kind, double lr, double momentum,
              gboolean class_targets, guint n_classes, guint steps)
{
  Net net = { 0 };
  double first;

  if (!net_init (&net, program, kind, lr, momentum, class_targets, n_classes, NULL))
    return g_strdup ("error");
  ag_graph_run (net.graph, NULL, NULL);
  first = ag_graph_value (net.graph, net.graph->output)[0];
  net_run (&net, steps);
  ag_graph_forward (net.graph, NULL);
  {
    GString *s = g_string_new ("loss ");
    ag_json_number (s, first);
    g_string_append_printf (s, " → ");
    ag_json_number (s, ag_graph_value (net.graph, net.graph->output)[0]);
    g_string_append_printf (s, " after %u steps", steps);
    net_clear (&net);
    return g_string_free (s, FALSE);
  }
}

static const char w3_program[] =
  "data X = zeros(16, 10)\n"
  "data y = zeros(16, 1)\n"
  "param W1 = uniform(10, 32)\n"
  "param b1 = uniform(32)\n"
  "param W2 = uniform(32, 1)\n"
  "param b2 = uniform(1)\n"
  "h = relu(X @ W1 + b1)\n"
  "out = h @ W2 + b2\n"
  "loss = mse(out, y)\n";

static const char w4_program[] =
  "data X = zeros(64, 784)\n"
  "data y = zeros(64)\n"
  "param W1 = uniform(784, 128)\n"
  "param b1 = uniform(128)\n"
  "param W2 = uniform(128, 64)\n"
  "param b2 = uniform(64)\n"
  "param W3 = uniform(64, 10)\n"
  "param b3 = uniform(10)\n"
  "h1 = relu(X @ W1 + b1)\n"
  "h2 = relu(h1 @ W2 + b2)\n"
  "out = h2 @ W3 + b3\n"
  "loss = cross_entropy(out, y)\n";

/* ---- R1–R4: the canvas and loading ---------------------------------------------------------- */

/* A program of @n_nodes scalar nodes: eight inputs, then one op per line on the line before and
 * on one of the ten before that, so every node leads to the output and the graph is a wide,
 * tangled DAG rather than a chain: the hard case for layout and drawing. */
static char *
dag_program (guint n_nodes)
{
  static const char *const binary[] = { "+", "*", "-" };
  static const char *const unary[] = { "tanh", "sin", "sigmoid" };
  GString *s = g_string_new ("# a generated graph for adjoint bench\n");
  guint64 state = 1234;

  for (guint i = 1; i <= 8; i++)
    g_string_append_printf (s, "x%u = %.2f\n", i, 0.1 * i - 0.45);
  for (guint i = 9; i <= n_nodes; i++)
    {
      guint back = 2 + (guint) (bench_uniform (&state) * 9);
      char prev[16], other[16];
      g_snprintf (prev, sizeof prev, i - 1 <= 8 ? "x%u" : "v%u", i - 1);
      g_snprintf (other, sizeof other, i <= back + 8 ? "x%u" : "v%u",
                  i <= back + 8 ? 1 + (i + back) % 8 : i - back);
      if (i % 4 == 3)
        g_string_append_printf (s, "v%u = %s(%s)\n", i, unary[(i / 4) % 3], prev);
      else
        g_string_append_printf (s, "v%u = %s %s %s\n", i, prev, binary[i % 3], other);
    }
  return g_string_free (s, FALSE);
}

typedef struct {
  AgGraph         *graph;
  AgTrace         *trace;
  AdjLayout       *layout;
  cairo_surface_t *surface;
  AdjSceneState    state;
  double           zoom;     /* 0: fitted as the canvas fits a graph it opens */
} Frame;

static gboolean
frame_init (Frame *f, guint n_nodes, gboolean mid_animation, GError **error)
{
  g_autofree char *program = dag_program (n_nodes);

  f->graph = ag_program_parse (program, -1, error);
  if (f->graph == NULL)
    return FALSE;
  f->trace = ag_trace_new ();
  ag_graph_run (f->graph, f->trace, NULL);
  f->layout = adj_layout_new (f->graph, error);
  if (f->layout == NULL)
    return FALSE;
  f->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  f->state = ADJ_SCENE_STATE_INIT (ag_trace_n_steps (f->trace));
  if (mid_animation)
    {
      /* Half-way along a backward edge: a number in flight, a node pulsing. */
      f->state.k = ag_trace_n_steps (f->trace) * 3 / 4;
      f->state.t = 0.5;
    }
  return TRUE;
}

static void
frame_clear (Frame *f)
{
  g_clear_pointer (&f->surface, cairo_surface_destroy);
  g_clear_pointer (&f->layout, adj_layout_free);
  g_clear_pointer (&f->trace, ag_trace_free);
  g_clear_pointer (&f->graph, ag_graph_free);
}

/* One frame as the canvas draws it: a fresh context on the widget's surface, the background,
 * the view fitted as the canvas fits it, the graph. */
static void
frame_run (gpointer ctx, guint64 reps)
{
  Frame *f = ctx;
  AdjView view = adj_view_fit (f->layout->width, f->layout->height, 1920, 1080, 40, 1.5);

  if (f->zoom > 0)   /* zoomed in on the middle of the drawing */
    view = (AdjView) { f->zoom, 960 - f->zoom * f->layout->width / 2, 540 - f->zoom * f->layout->height / 2 };

  for (guint64 r = 0; r < reps; r++)
    {
      cairo_t *cr = cairo_create (f->surface);
      adj_scene_paint_background (cr, f->state.theme);
      cairo_translate (cr, view.pan_x, view.pan_y);
      cairo_scale (cr, view.zoom, view.zoom);
      adj_scene_draw_graph (cr, f->graph, f->layout, f->trace, &f->state);
      cairo_destroy (cr);
    }
  cairo_surface_flush (f->surface);
}

/* How many pixels of the last frame differ from the background's. */
static char *
frame_checksum (Frame *f)
{
  const guint8 *data = cairo_image_surface_get_data (f->surface);
  const int stride = cairo_image_surface_get_stride (f->surface);
  const guint32 bg = *(const guint32 *) data;
  guint64 drawn = 0;

  for (int y = 0; y < 1080; y++)
    for (int x = 0; x < 1920; x++)
      drawn += ((const guint32 *) (data + (gsize) y * stride))[x] != bg;
  return g_strdup_printf ("%u nodes, %u steps, k = %u; %" G_GUINT64_FORMAT " of 1920×1080 pixels drawn",
                          ag_graph_n_nodes (f->graph), ag_trace_n_steps (f->trace), f->state.k, drawn);
}

static void
layout_run (gpointer ctx, guint64 reps)
{
  for (guint64 r = 0; r < reps; r++)
    adj_layout_free (adj_layout_new (ctx, NULL));
}

typedef struct {
  char    *path;
  guint    n_nodes, n_steps;
} Load;

/* What opening a file does before the first layout: read and check it, parse its program,
 * run it and record the trace. */
static void
load_run (gpointer ctx, guint64 reps)
{
  Load *l = ctx;

  for (guint64 r = 0; r < reps; r++)
    {
      AgGraphFile *doc = ag_graph_file_load (l->path, NULL);
      AgGraph *g = doc ? ag_program_parse (doc->program, -1, NULL) : NULL;
      AgTrace *trace = ag_trace_new ();

      if (g)
        {
          ag_graph_run (g, trace, NULL);
          l->n_nodes = ag_graph_n_nodes (g);
          l->n_steps = ag_trace_n_steps (trace);
        }
      ag_trace_free (trace);
      ag_graph_free (g);
      ag_graph_file_free (doc);
    }
}

/* ---- the verb ---------------------------------------------------------------------------- */

static gboolean
meets_target (const BenchResult *r)
{
  if (r->skipped || !isfinite (r->value))
    return FALSE;
  return r->floor ? r->value >= r->target : r->value <= r->target;
}

typedef struct {
  gboolean json, quick;
  const char *filter;
  double peak;
  double ref_s, ref_gflops;   /* the reference loop (bench-yardstick.h) in this run */
  GArray *results;   /* BenchResult */
} Bench;

static gboolean
wanted (const Bench *b, const char *name)
{
  if (b->filter == NULL)
    return TRUE;
  /* A comma-separated list of names or prefixes: "W2", "R", "W1,R4". */
  g_auto (GStrv) parts = g_strsplit (b->filter, ",", -1);
  for (guint i = 0; parts[i]; i++)
    if (parts[i][0] && g_ascii_strncasecmp (name, parts[i], strlen (parts[i])) == 0 &&
        (strlen (parts[i]) == 1 || strlen (name) == strlen (parts[i]) || g_ascii_isalpha (name[strlen (parts[i])])))
      return TRUE;
  return FALSE;
}

/* Times @fn and adds the result; @flops per repetition, 0 when it does not apply; @scale turns
 * seconds into @unit. Takes @checksum and @command. */
static void
measure (Bench *b, const char *name, const char *what, BenchFunc fn, gpointer ctx, double flops,
         const char *unit, double scale, double target, char *checksum, char *command)
{
  BenchResult r = { name, what, unit };
  double med, lo, hi;

  adj_bench_time (fn, ctx, b->quick ? 0.0005 : 0.002, b->quick ? 0.05 : 1.5, &med, &lo, &hi,
              &r.samples, &r.reps);
  r.value = med * scale;
  r.min = lo * scale;
  r.max = hi * scale;
  r.gflops = flops > 0 ? flops / med / 1e9 : NAN;
  r.peak_fraction = flops > 0 && b->peak > 0 ? r.gflops / b->peak : NAN;
  r.ref_ratio = b->ref_s > 0 ? lo / b->ref_s : NAN;   /* fastest over fastest */
  r.target = target;
  r.checksum = checksum;
  r.check_command = command;
  g_array_append_val (b->results, r);
  if (!b->json)
    {
      g_autofree char *range = g_strdup_printf ("%.3g … %.3g", r.min, r.max);
      g_autofree char *flops_s = isfinite (r.gflops) ? g_strdup_printf ("%5.1f GFLOP/s %4.1f %%", r.gflops, 100 * r.peak_fraction)
                                                     : g_strdup ("");
      printf ("%-4s %-54s %9.3g %-3s [%-17s] = %8.3g ref  target %s %-6.3g %-4s %s\n", name, what,
              r.value, unit, range, r.ref_ratio, "≤", target, meets_target (&r) ? "ok" : "MISS",
              flops_s);
      printf ("     checksum: %s\n", checksum);
      fflush (stdout);
    }
}

/* A network workload: a program trained by one optimizer, timed per step, its checksum the
 * loss before and after @check_steps steps. */
typedef struct {
  const char *name, *what, *program;
  AgOptimKind kind;
  double      lr, momentum;
  gboolean    class_targets;
  guint       n_classes;
  const char *unit;
  double      scale, target;
  guint       check_steps;
} NetBench;

static void
bench_net (Bench *b, const NetBench *w)
{
  Net net = { 0 };

  g_assert (net_init (&net, w->program, w->kind, w->lr, w->momentum, w->class_targets,
                      w->n_classes, NULL));
  measure (b, w->name, w->what, net_run, &net, graph_matmul_flops (net.graph), w->unit, w->scale,
           w->target, net_checksum (w->program, w->kind, w->lr, w->momentum, w->class_targets,
                                    w->n_classes, w->check_steps), NULL);
  net_clear (&net);
}

/* A trainer's step, as the lab takes it: timed per step, its checksum the training loss after
 * @check_steps steps, which @command (`adjoint train`) prints too. */
static void
bench_trainer (Bench *b, const char *name, const char *what, void (*setup_fn) (AgTrainSetup *),
               guint check_steps, const char *unit, double scale, double target,
               const char *command)
{
  AgTrainSetup setup;
  g_autofree char *program = NULL;
  g_autoptr (AgTrainer) check = NULL, t = NULL;
  g_autofree char *loss = NULL;
  g_autoptr (GError) error = NULL;
  AgTrainEval e;

  setup_fn (&setup);
  program = ag_train_setup_write_program (&setup, 2);
  check = ag_trainer_new (program, &setup, &error);
  g_assert (check != NULL);
  for (guint i = 0; i < check_steps; i++)
    ag_trainer_step (check);
  ag_trainer_evaluate (check, &e);
  t = ag_trainer_new (program, &setup, NULL);
  loss = format_exact (e.train_loss);
  measure (b, name, what, w2_run, t, graph_matmul_flops (ag_trainer_get_graph (t)), unit, scale,
           target, g_strdup_printf ("train_loss %s after %u steps", loss, check_steps),
           g_strdup (command));
  ag_train_setup_clear (&setup);
}

static void
bench_core (Bench *b)
{
  g_autoptr (GError) error = NULL;

  if (wanted (b, "W1") || wanted (b, "W1b"))
    {
      g_autoptr (AgGraph) g = ag_program_parse (w1_program, -1, &error);
      g_assert (g != NULL);
      if (wanted (b, "W1"))
        measure (b, "W1", "f(x) forward+backward, graph built", w1_run, g, 0, "us", 1e6, 0.3,
                 w1_checksum (g), NULL);
      if (wanted (b, "W1b"))
        measure (b, "W1b", "f(x) parse+build+forward+backward", w1b_run, NULL, 0, "us", 1e6, 20,
                 w1_checksum (g), NULL);
    }
  if (wanted (b, "W2"))
    bench_trainer (b, "W2", "MLP 2-16-16-1 relu, moons 200 full batch, mse, sgd", w2_setup,
                   W2_CHECK_STEPS, "us", 1e6, 15, w2_command);
  if (wanted (b, "W3"))
    bench_net (b, &(NetBench) { "W3", "MLP 10-32-1 relu, batch 16, mse, momentum", w3_program,
                                AG_OPTIM_MOMENTUM, 0.05, 0.9, FALSE, 0, "us", 1e6, 2, 200 });
  if (wanted (b, "W4"))
    bench_net (b, &(NetBench) { "W4", "MLP 784-128-64-10 relu, batch 64, softmax CE, sgd",
                                w4_program, AG_OPTIM_SGD, 0.1, 0, TRUE, 10, "ms", 1e3, 0.75, 20 });
  if (wanted (b, "W5"))
    bench_trainer (b, "W5", "MLP 2-64-64-64-1 tanh, moons 8000 full batch, bce, adam", w5_setup,
                   W5_CHECK_STEPS, "ms", 1e3, 28.0 / 3, w5_command);
}

/* R1x (issue 19): R1's frame on a graph of 10,000 nodes, the window's limit, fitted: every box
 * a few pixels wide, drawn at the level of detail that size reads at (adj-scene.c). */
static void
bench_canvas_10k (Bench *b)
{
  g_autoptr (GError) error = NULL;
  Frame f = { 0 };

  if (!frame_init (&f, 10000, FALSE, &error))
    g_error ("R1x: %s", error->message);
  /* The whole drawing, as the canvas fits one this large (below the wheel's least zoom). */
  f.zoom = MIN (1840 / f.layout->width, 1000 / f.layout->height);
  frame_run (&f, 1);
  {
    g_autofree char *drawn = frame_checksum (&f);
    measure (b, "R1x", "draw a frame, 10000 nodes, 1920×1080, fitted", frame_run, &f, 0, "ms", 1e3,
             16, g_strdup_printf ("%s; laid out by %s", drawn, adj_layout_engine_name (f.layout->engine)),
             NULL);
  }
  frame_clear (&f);
}

static void
bench_canvas (Bench *b)
{
  g_autoptr (GError) error = NULL;

  if (wanted (b, "R1") || wanted (b, "R1z"))
    {
      Frame f = { 0 };
      if (!frame_init (&f, 1000, FALSE, &error))
        g_error ("R1: %s", error->message);
      frame_run (&f, 1);
      measure (b, "R1", "draw a frame, 1000 nodes, 1920×1080, fitted", frame_run, &f, 0, "ms", 1e3, 8,
               frame_checksum (&f), NULL);
      if (wanted (b, "R1z"))
        {
          f.zoom = 1;
          frame_run (&f, 1);
          measure (b, "R1z", "the same frame at 100 % zoom (every label)", frame_run, &f, 0, "ms",
                   1e3, 8, frame_checksum (&f), NULL);
        }
      frame_clear (&f);
    }
  if (wanted (b, "R1x"))
    bench_canvas_10k (b);
  if (wanted (b, "R2"))
    {
      Frame f = { 0 };
      if (!frame_init (&f, 100, TRUE, &error))
        g_error ("R2: %s", error->message);
      frame_run (&f, 1);
      measure (b, "R2", "draw a frame mid-animation, 100 nodes", frame_run, &f, 0, "ms", 1e3, 2,
               frame_checksum (&f), NULL);
      frame_clear (&f);
    }
  if (wanted (b, "R3"))
    {
      g_autofree char *program = dag_program (200);
      g_autoptr (AgGraph) g = ag_program_parse (program, -1, NULL);
      g_autoptr (AdjLayout) layout = adj_layout_new (g, &error);
      if (layout == NULL)
        g_error ("R3: %s", error->message);
      measure (b, "R3", "lay out 200 nodes (Graphviz dot)", layout_run, g, 0, "ms", 1e3, 100,
               g_strdup_printf ("%u nodes, %u edges, drawing %.0f × %.0f pt", ag_graph_n_nodes (g),
                                layout->edges->len, layout->width, layout->height), NULL);
    }
  if (wanted (b, "R4"))
    {
      g_autofree char *program = dag_program (10000);
      g_autofree char *dir = g_dir_make_tmp ("adjoint-bench-XXXXXX", &error);
      g_autoptr (AgGraphFile) doc = ag_graph_file_new ();
      Load l = { 0 };

      if (dir == NULL)
        g_error ("R4: %s", error->message);
      l.path = g_build_filename (dir, "10k.adjoint", NULL);
      ag_graph_file_set_program (doc, program);
      if (!ag_graph_file_save (doc, l.path, &error))
        g_error ("R4: %s", error->message);
      load_run (&l, 1);
      measure (b, "R4", "load a 10,000-node file and build its trace", load_run, &l, 0, "ms", 1e3,
               100, g_strdup_printf ("%u nodes, %u steps", l.n_nodes, l.n_steps), NULL);
      g_unlink (l.path);
      g_rmdir (dir);
      g_free (l.path);
    }
}

/* ---- R5: the training lab in a window ------------------------------------------------------
 * The lab trains two moons (W2's settings) "as fast as it goes" in a window of 1600 × 1000, as a
 * lecturer runs it. After a warm-up, it counts the frames the window's frame clock paints and
 * the training steps taken over a few seconds, then times the same trainer headless in the
 * same process: the fps, and the window's steps per second as a share of headless. It needs a
 * display; without one the result says so and is not a number. */

typedef struct {
  GtkWidget   *window;
  AdjTrainLab *lab;
  guint64      frames;
  gboolean     counting, timed_out;
} Lab;

static void
lab_after_paint_cb (GdkFrameClock *clock, Lab *l)
{
  if (l->counting)
    l->frames++;
}

/* Seconds of CPU the calling thread has used: what a frame costs the main thread, which a
 * loaded machine disturbs less than the frame rate. */
static double
bench_thread_cpu (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* R5's figure from @frames painted in @window_s seconds by @clock, the main thread having used
 * @cpu_s seconds of CPU. */
static void
lab_fps_result (BenchResult *fps, GdkFrameClock *clock, guint64 frames, double window_s,
                double cpu_s)
{
  gint64 refresh_us = 0, presentation = 0;
  double clock_hz;

  fps->value = fps->min = fps->max = frames / window_s;
  fps->samples = 1;
  fps->reps = frames;
  /* A window cannot paint faster than its frame clock: 60 fps means every frame a 60 Hz clock
   * offers, which GDK's own clock without a display rate (Xvfb's) spaces 16,667 µs apart, 59.999
   * a second. So the target is every frame the clock offered, to within one at the edges of the
   * measurement, and never above 60. */
  gdk_frame_clock_get_refresh_info (clock, gdk_frame_clock_get_frame_time (clock), &refresh_us,
                                    &presentation);
  clock_hz = refresh_us > 0 ? 1e6 / refresh_us : 60.0;
  fps->target = (floor (window_s * MIN (60.0, clock_hz)) - 1) / window_s;
  fps->checksum = g_strdup_printf ("%" G_GUINT64_FORMAT " frames in %.2f s while training, of %.0f "
                                   "the frame clock offered (%.3f a second); GSK_RENDERER=%s; "
                                   "the main thread's CPU %.2f ms a frame",
                                   frames, window_s, floor (window_s * clock_hz), clock_hz,
                                   g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "(GTK's choice)",
                                   frames ? 1e3 * cpu_s / frames : NAN);
}

/* Steps a second of @t headless (the median step). */
static double
headless_steps_per_s (Bench *b, AgTrainer *t, BenchResult *r)
{
  double med, lo, hi;

  adj_bench_time (w2_run, t, b->quick ? 0.0005 : 0.002, b->quick ? 0.05 : 1.0, &med, &lo, &hi,
                  &r->samples, &r->reps);
  return 1.0 / med;
}

static void
bench_lab (Bench *b)
{
  BenchResult fps = { "R5", "training lab: frames per second while training", "fps" };
  BenchResult share = { "R5s", "training lab: steps/s in the window vs headless", "%" };
  const double warm_s = b->quick ? 0.3 : 1.0, run_s = b->quick ? 0.6 : 4.0;
  g_autoptr (AdjDocument) doc = NULL;
  g_autoptr (AgTrainer) headless = NULL;
  AgTrainSetup setup;
  Lab l = { 0 };
  GdkFrameClock *clock;
  guint64 step0, steps;
  double t0, window_s, window_rate, headless_rate, headless_before, cpu0, cpu_s;
  gulong handler;

  fps.target = 60;   /* issue 19 (55 in issue 6); below, no more than the frame clock offers */
  fps.floor = TRUE;
  share.target = 90;   /* issue 19 (80 in issue 6) */
  share.floor = TRUE;
  fps.gflops = fps.peak_fraction = share.gflops = share.peak_fraction = NAN;
  fps.ref_ratio = share.ref_ratio = NAN;
  /* A measurement window: no accessibility bus (a display without a session bus, such as
   * xvfb-run's, would only warn about it). */
  g_setenv ("GTK_A11Y", "none", FALSE);
  adj_renderer_apply_default ();   /* the renderer the window gets (ui/common/adj-renderer.h) */
  if (!gtk_init_check ())
    {
      fps.value = fps.min = fps.max = share.value = share.min = share.max = NAN;
      fps.skipped = g_strdup ("no display: run it on a desktop, or under xvfb-run for a software-rendered figure");
      share.skipped = g_strdup (fps.skipped);
      fps.checksum = g_strdup ("skipped");
      share.checksum = g_strdup ("skipped");
      if (!b->json)
        printf ("R5   skipped: %s\n", fps.skipped);
      g_array_append_val (b->results, fps);
      g_array_append_val (b->results, share);
      return;
    }

  w2_setup (&setup);
  doc = adj_document_new ();
  l.window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (l.window), "adjoint bench: R5");
  gtk_window_set_default_size (GTK_WINDOW (l.window), 1600, 1000);
  l.lab = ADJ_TRAIN_LAB (adj_train_lab_new (doc));
  adj_train_lab_set_setup (l.lab, &setup);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (l.lab), ADJ_TYPE_TRAIN_LAB, "speed")), ADJ_TRAIN_LAB_FASTEST_SPEED);
  gtk_window_set_child (GTK_WINDOW (l.window), GTK_WIDGET (l.lab));
  gtk_window_present (GTK_WINDOW (l.window));
  adj_bench_spin (0.2);
  clock = gtk_widget_get_frame_clock (l.window);
  g_assert (clock != NULL && adj_train_lab_get_trainer (l.lab) != NULL);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (lab_after_paint_cb), &l);

  /* The same network headless, the lab's own program and setup in this process, timed before
   * and after the window: on a shared machine the rate drifts, by a fifth within a minute
   * here, and the mean of both sides is what the window's rate is held to. */
  headless = ag_trainer_new (adj_document_get_program (doc), adj_train_lab_get_setup (l.lab), NULL);
  g_assert (headless != NULL);
  headless_before = headless_steps_per_s (b, headless, &share);

  adj_train_lab_set_playing (l.lab, TRUE);
  adj_bench_spin (warm_s);
  l.counting = TRUE;
  step0 = ag_trainer_get_step (adj_train_lab_get_trainer (l.lab));
  t0 = adj_bench_now ();
  cpu0 = bench_thread_cpu ();
  adj_bench_spin (run_s);
  window_s = adj_bench_now () - t0;
  cpu_s = bench_thread_cpu () - cpu0;
  l.counting = FALSE;
  steps = ag_trainer_get_step (adj_train_lab_get_trainer (l.lab)) - step0;
  adj_train_lab_set_playing (l.lab, FALSE);
  g_signal_handler_disconnect (clock, handler);
  window_rate = steps / window_s;

  headless_rate = (headless_before + headless_steps_per_s (b, headless, &share)) / 2;

  lab_fps_result (&fps, clock, l.frames, window_s, cpu_s);
  share.value = share.min = share.max = 100.0 * window_rate / headless_rate;
  share.checksum = g_strdup_printf ("%" G_GUINT64_FORMAT " steps in %.2f s in the window "
                                    "(%.0f steps/s); headless %.0f steps/s (%.0f before, %.0f after)",
                                    steps, window_s, window_rate, headless_rate, headless_before,
                                    2 * headless_rate - headless_before);
  for (guint i = 0; i < 2; i++)
    {
      const BenchResult *r = i == 0 ? &fps : &share;
      if (!b->json)
        {
          printf ("%-4s %-46s %9.3g %-3s %-19s  target %s %-6g %-4s\n", r->name, r->what, r->value,
                  r->unit, "", "≥", r->target, meets_target (r) ? "ok" : "MISS");
          printf ("     checksum: %s\n", r->checksum);
          fflush (stdout);
        }
    }
  g_array_append_val (b->results, fps);
  g_array_append_val (b->results, share);

  gtk_window_destroy (GTK_WINDOW (l.window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  ag_train_setup_clear (&setup);
}

/* ---- R6–R8: editing a 2,000-node program in a window (bench-edit.c) ----------------------- */

static void
bench_edit (Bench *b)
{
  static const char *const names[] = { "R6", "R7", "R8" };
  static const char *const whats[] = { "change a number, 2,000 nodes, until drawn",
                                       "add a statement, 2,000 nodes: longest stall",
                                       "add a statement, 2,000 nodes, until laid out" };
  static const double targets[] = { 30, 16, 1000 };
  AdjBenchEdit edit;

  adj_bench_edit_run (b->quick, &edit);
  for (guint i = 0; i < 3; i++)
    {
      BenchResult r = { names[i], whats[i], "ms", edit.value[i], edit.min[i], edit.max[i], NAN, NAN, NAN,
                        targets[i], FALSE, g_strdup (edit.skipped), g_strdup (edit.checksum[i]), NULL,
                        edit.samples[i], edit.samples[i] };
      if (!wanted (b, names[i]))
        continue;
      if (!b->json && r.skipped)
        printf ("%-4s skipped: %s\n", r.name, r.skipped);
      else if (!b->json)
        {
          g_autofree char *range = g_strdup_printf ("%.3g … %.3g", r.min, r.max);
          printf ("%-4s %-54s %9.3g %-3s [%-17s]  %u edits       target %s %-6.3g %-4s\n", r.name, r.what,
                  r.value, r.unit, range, r.samples, "≤", r.target, meets_target (&r) ? "ok" : "MISS");
          printf ("     checksum: %s\n", r.checksum);
          fflush (stdout);
        }
      g_array_append_val (b->results, r);
    }
  adj_bench_edit_clear (&edit);
}

static void
add_string_or_null (JsonBuilder *jb, const char *name, const char *value)
{
  json_builder_set_member_name (jb, name);
  if (value)
    json_builder_add_string_value (jb, value);
  else
    json_builder_add_null_value (jb);
}

static void
add_result (JsonBuilder *jb, const BenchResult *r)
{
  const struct { const char *key; double v; } nums[] = {
    { "value", r->value }, { "min", r->min }, { "max", r->max }, { "gflops", r->gflops },
    { "peak_fraction", r->peak_fraction }, { "ref_ratio", r->ref_ratio }, { "target", r->target },
  };

  json_builder_begin_object (jb);
  add_string_or_null (jb, "name", r->name);
  add_string_or_null (jb, "what", r->what);
  add_string_or_null (jb, "unit", r->unit);
  for (guint j = 0; j < G_N_ELEMENTS (nums); j++)
    adj_cli_add_number_or_null (jb, nums[j].key, nums[j].v);
  json_builder_set_member_name (jb, "meets_target");
  json_builder_add_boolean_value (jb, meets_target (r));
  json_builder_set_member_name (jb, "samples");
  json_builder_add_int_value (jb, r->samples);
  json_builder_set_member_name (jb, "reps");
  json_builder_add_int_value (jb, (gint64) r->reps);
  add_string_or_null (jb, "checksum", r->checksum);
  add_string_or_null (jb, "check_command", r->check_command);
  add_string_or_null (jb, "target_is", r->floor ? "at least" : "at most");
  if (r->skipped)
    add_string_or_null (jb, "skipped", r->skipped);
  json_builder_end_object (jb);
}

static void
print_json (const Bench *b, const char *isa)
{
  g_autoptr (JsonBuilder) jb = json_builder_new ();

  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "peak_gflops");
  json_builder_add_double_value (jb, b->peak);
  add_string_or_null (jb, "peak_isa", isa);
  json_builder_set_member_name (jb, "reference_us");
  json_builder_add_double_value (jb, b->ref_s * 1e6);
  json_builder_set_member_name (jb, "reference_gflops");
  json_builder_add_double_value (jb, b->ref_gflops);
  json_builder_set_member_name (jb, "results");
  json_builder_begin_array (jb);
  for (guint i = 0; i < b->results->len; i++)
    add_result (jb, &g_array_index (b->results, BenchResult, i));
  json_builder_end_array (jb);
  json_builder_end_object (jb);
  adj_cli_print_json (jb);
}

/* --scaling: the table instead of the workloads. */
static int
bench_scaling_main (const char *engine, guint nodes, gboolean json, gboolean quick, char *filter)
{
  static const char *const engines[] = { "dot", "dot-fast", "sfdp" };
  int which = -1;

  g_free (filter);
  for (guint i = 0; engine && i < G_N_ELEMENTS (engines); i++)
    if (strcmp (engine, engines[i]) == 0)
      which = (int) i;   /* AdjLayoutEngine's order */
  if (engine && which < 0)
    {
      fprintf (stderr, "adjoint bench: error: --engine must be dot, dot-fast or sfdp, not '%s'\n", engine);
      return ADJ_EXIT_BAD_INPUT;
    }
  adj_bench_scaling (dag_program, which, nodes, json, quick);
  return ADJ_EXIT_OK;
}

int
adj_bench_main (int argc, char **argv)
{
  gboolean json = FALSE, quick = FALSE, no_blas = FALSE, scaling = FALSE;
  char *filter = NULL;
  g_autofree char *engine = NULL;
  int nodes = 0;
  const GOptionEntry entries[] = {
    ADJ_CLI_JSON_OPTION (json),
    { "filter", 0, 0, G_OPTION_ARG_STRING, &filter, "Run only these workloads: names or prefixes, comma-separated (W2, R, W1,R4)", "NAME" },
    { "no-blas", 0, 0, G_OPTION_ARG_NONE, &no_blas, "Run every matrix product on the built-in kernels, not CBLAS", NULL },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Few short samples: checks that every workload runs, not a measurement", NULL },
    { "scaling", 0, 0, G_OPTION_ARG_NONE, &scaling, "Instead of the workloads: layout and frame time for 250 to 10,000 nodes", NULL },
    { "engine", 0, 0, G_OPTION_ARG_STRING, &engine, "With --scaling: lay every size out with dot, dot-fast or sfdp, not the engine the size gets", "NAME" },
    { "nodes", 0, 0, G_OPTION_ARG_INT, &nodes, "With --scaling: this size only", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("");
  g_autoptr (GError) error = NULL;
  Bench b = { 0 };
  const char *isa = "none";
  static const char *const names[] = { "W1", "W1b", "W2", "W3", "W4", "W5", "R1", "R1z", "R1x", "R2", "R3",
                                       "R4", "R5", "R5s", "R6", "R7", "R8" };
  gboolean any = FALSE;

  g_set_prgname ("adjoint bench");
  g_option_context_set_summary (ctx, "Measures the core and the canvas (docs/performance.md): the median time of "
                                "each workload, its spread, GFLOP/s and the fraction of this machine's "
                                "float64 FMA peak, its ratio to a plain reference loop timed in the same run, "
                                "and a checksum of the work.");
  g_option_context_set_description (ctx, "Examples:\n  adjoint bench\n  adjoint bench --filter W2 --json\n");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "adjoint bench: error: %s\nTry 'adjoint bench --help'.\n", error->message);
      g_free (filter);
      return ADJ_EXIT_BAD_INPUT;
    }
  if (argc > 1)
    {
      fprintf (stderr, "adjoint bench: error: unexpected argument '%s'\nTry 'adjoint bench --help'.\n", argv[1]);
      g_free (filter);
      return ADJ_EXIT_BAD_INPUT;
    }
  if (scaling)
    return bench_scaling_main (engine, MAX (nodes, 0), json, quick, filter);
  b.json = json;
  b.quick = quick;
  b.filter = filter;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    any |= wanted (&b, names[i]);
  if (!any)
    {
      fprintf (stderr, "adjoint bench: error: --filter '%s' names no workload (W1, W1b, W2, W3, W4, W5, "
               "R1, R1z, R1x, R2, R3, R4, R5, R6, R7, R8)\n", filter);
      g_free (filter);
      return ADJ_EXIT_BAD_INPUT;
    }
  ag_gemm_set_blas (!no_blas);
  b.results = g_array_new (FALSE, TRUE, sizeof (BenchResult));
  g_array_set_clear_func (b.results, (GDestroyNotify) bench_result_clear);
  b.peak = adj_bench_measure_peak (&isa);
  b.ref_s = adj_bench_measure_reference (&b.ref_gflops);
  if (!json)
    printf ("float64 FMA peak of one core: %.1f GFLOP/s (%s), measured now\n"
            "reference (\"ref\"): a plain scalar 64×64×64 triple loop, %.1f µs (%.2f GFLOP/s), measured now;\n"
            "  \"= N ref\" is a workload's fastest sample over the reference's\n"
            "matrix products: %s\ntanh, sigmoid, exp, log: %s\n\n", b.peak, isa, b.ref_s * 1e6,
            b.ref_gflops, ag_gemm_describe (), ag_vec_describe ());
  bench_core (&b);
  bench_canvas (&b);
  if (wanted (&b, "R5") || wanted (&b, "R5s"))
    bench_lab (&b);
  if (wanted (&b, "R6") || wanted (&b, "R7") || wanted (&b, "R8"))
    bench_edit (&b);
  if (json)
    print_json (&b, isa);
  g_array_unref (b.results);
  g_free (filter);
  return ADJ_EXIT_OK;
}
