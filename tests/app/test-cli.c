/* test-cli.c: the `adjoint` binary's verbs, run as a user runs them: output, JSON and exit codes. */
#include "tests/app/cli-harness.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include "core/format.h"
#include "core/train-setup.h"
#include "tests/read-back.h"
#include "tests/significant-digits.h"
#include "core/autograd.h"
#include "core/graph-file.h"
#include "core/program.h"
#include <math.h>
#include <string.h>
#include <unistd.h>

static JsonObject *
find_node (JsonArray *nodes, const char *name)
{
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *o = json_array_get_object_element (nodes, i);
      if (g_strcmp0 (json_object_get_string_member (o, "name"), name) == 0)
        return o;
    }
  g_assert_not_reached ();
}

static void
test_help (void)
{
  g_auto (Run) top = run ("--help", NULL);
  g_auto (Run) eval = run ("eval", "--help", NULL);
  g_auto (Run) bad = run ("--frobnicate", NULL);

  g_assert_cmpint (top.status, ==, 0);
  g_assert_nonnull (strstr (top.out, "Verbs:"));
  g_assert_nonnull (strstr (top.out, "optimize"));
  /* the functions come from the op table, with the PyTorch forms of an axis and a list */
  g_assert_nonnull (strstr (top.out, "log_softmax"));
  g_assert_nonnull (strstr (top.out, " maximum"));
  g_assert_nonnull (strstr (top.out, "cat([a, b], 1)"));
  /* and the language's own calls: functions and grad */
  g_assert_nonnull (strstr (top.out, "def name(a, b):"));
  g_assert_nonnull (strstr (top.out, "grad(grad(y, x), x) is the second"));
  g_assert_cmpint (eval.status, ==, 0);
  g_assert_nonnull (strstr (eval.out, "Examples:"));
  g_assert_nonnull (strstr (eval.out, "--json"));
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "unknown option"));
}

static void
test_eval (void)
{
  g_auto (Run) text = run ("eval", "-e", "x = 3; z = x^2 + x", NULL);
  g_auto (Run) json = run ("eval", "--json", "-e", "x = 3; z = x^2 + x", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonObject *o, *x;
  JsonArray *nodes;

  g_assert_cmpint (text.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^x +input +3 +7$", text.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^z +output +12 +1$", text.out, G_REGEX_MULTILINE, 0));

  g_assert_cmpint (json.status, ==, 0);
  root = parse_json (json.out);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "output"), ==, "z");
  nodes = json_object_get_array_member (o, "nodes");
  x = find_node (nodes, "x");
  g_assert_cmpstr (json_object_get_string_member (x, "role"), ==, "input");
  g_assert_cmpstr (json_object_get_string_member (x, "op"), ==, "leaf");
  g_assert_cmpfloat (json_object_get_double_member (x, "value"), ==, 3);
  g_assert_cmpfloat (json_object_get_double_member (x, "grad"), ==, 7);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (x, "shape")), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (find_node (nodes, "z"), "value"), ==, 12);
}

/* Tensors are nested arrays; NaN and infinities still make valid JSON. */
static void
test_eval_json_tensors (void)
{
  g_auto (Run) r = run ("eval", "--json", "-e", "x = [0, 1, 2]; y = sum(log(x) * 0 + x)", NULL);
  g_auto (Run) m = run ("eval", "--json", "-e", "W = [[1, 2], [3, 4]]; L = sum(W * W)", NULL);
  g_autoptr (JsonNode) root = NULL, mroot = NULL;
  JsonArray *nodes, *grad;
  JsonObject *w;

  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  nodes = json_object_get_array_member (json_node_get_object (root), "nodes");
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (find_node (nodes, "log(x)"), "value"), 0),
                   ==, "-Infinity");
  grad = json_object_get_array_member (find_node (nodes, "x"), "grad");
  g_assert_cmpstr (json_array_get_string_element (grad, 0), ==, "NaN");

  mroot = parse_json (m.out);
  w = find_node (json_object_get_array_member (json_node_get_object (mroot), "nodes"), "W");
  grad = json_object_get_array_member (w, "grad");
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (grad, 1), 0), ==, 6);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (w, "shape")), ==, 2);
}

static void
test_trace_text (void)
{
  g_auto (Run) r = run ("trace", "-e", "x = 3; y = x + 1; z = y^2", NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==,
                   "forward 1: y = x + 1 = 3 + 1 = 4\n"
                   "forward 2: z = y^2 = 4^2 = 16\n"
                   "seed 3: z̄ = 1 (the output's adjoint starts at 1, since ∂z/∂z = 1)\n"
                   "backward 4: z̄ = 1 flows to y: ȳ += 1 · 2y = 8 → ȳ = 8\n"
                   "backward 5: ȳ = 8 flows to x: x̄ += 8 · 1 = 8 → x̄ = 8\n");
}

/* A program with functions (issue 18): its trace names each call's nodes after the call,
 * `eval --json` lists the calls and each node's call, and an error in a body names its line. */
#define NEURON_PROGRAM \
  "def neuron(x, w, b):\n" \
  "    z = w * x + b\n" \
  "    return tanh(z)\n" \
  "x = 2\n" \
  "h = neuron(x, 0.5, -1)\n" \
  "y = neuron(h, 3, 0)\n"

static void
test_functions (void)
{
  g_auto (Run) trace = run ("trace", "--fold", "none", "-e", NEURON_PROGRAM, NULL);
  g_auto (Run) json = run ("eval", "--json", "-e", NEURON_PROGRAM, NULL);
  g_auto (Run) bad = run ("eval", "-e", "def f(x):\n    return x\ny = f(1, 2)", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonObject *o, *call;
  JsonArray *nodes, *calls, *args;

  g_assert_cmpint (trace.status, ==, 0);
  g_assert_true (g_str_has_prefix (trace.out,
                   "forward 1: 0.5 * x = 0.5 * 2 = 1\n"
                   "forward 2: neuron.z = (0.5 * x) + (-1) = 1 + (−1) = 0\n"
                   "forward 3: h = tanh(neuron.z) = tanh(0) = 0\n"
                   "forward 4: 3 * h = 3 * 0 = 0\n"
                   "forward 5: neuron#2.z = (3 * h) + 0 = 0 + 0 = 0\n"
                   "forward 6: y = tanh(neuron#2.z) = tanh(0) = 0\n"
                   "seed 7: ȳ = 1"));
  g_assert_nonnull (strstr (trace.out, "backward 8: ȳ = 1 flows to neuron#2.z: "
                                       "grad(neuron#2.z) += 1 · 1 - tanh(neuron#2.z)^2 = 1 → "
                                       "grad(neuron#2.z) = 1\n"));

  g_assert_cmpint (json.status, ==, 0);
  root = parse_json (json.out);
  o = json_node_get_object (root);
  nodes = json_object_get_array_member (o, "nodes");
  calls = json_object_get_array_member (o, "calls");
  g_assert_cmpuint (json_array_get_length (calls), ==, 2);
  call = json_array_get_object_element (calls, 1);
  g_assert_cmpstr (json_object_get_string_member (call, "function"), ==, "neuron");
  g_assert_cmpstr (json_object_get_string_member (call, "name"), ==, "neuron#2");
  g_assert_cmpint (json_object_get_int_member (call, "line"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (call, "col"), ==, 5);
  g_assert_true (json_object_get_null_member (call, "parent"));
  args = json_object_get_array_member (call, "args");
  g_assert_cmpuint (json_array_get_length (args), ==, 3);
  g_assert_cmpint (json_array_get_int_element (args, 0), ==,
                   json_object_get_int_member (find_node (nodes, "h"), "id"));
  g_assert_cmpint (json_object_get_int_member (call, "output"), ==,
                   json_object_get_int_member (find_node (nodes, "y"), "id"));
  g_assert_cmpint (json_object_get_int_member (find_node (nodes, "neuron#2.z"), "call"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (find_node (nodes, "h"), "call"), ==, 0);
  g_assert_true (json_object_get_null_member (find_node (nodes, "x"), "call"));
  g_assert_cmpfloat (json_object_get_double_member (find_node (nodes, "x"), "grad"), ==, 1.5);

  g_assert_cmpint (bad.status, ==, 2);
  g_assert_true (g_str_has_prefix (bad.err, "<program>:3:5: error: f takes 1 argument (x), "
                                            "got 2\n"));
}

static void
test_trace_json (void)
{
  g_auto (Run) r = run ("trace", "--json", "-e", "x = 3; z = x^2 + x", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonArray *steps;
  gboolean seen_backward = FALSE;
  double into_x = 0;

  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  steps = json_object_get_array_member (json_node_get_object (root), "steps");
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *s = json_array_get_object_element (steps, i);
      const char *kind = json_object_get_string_member (s, "kind");
      if (g_str_equal (kind, "forward"))
        g_assert_false (seen_backward);
      if (!g_str_equal (kind, "backward"))
        continue;
      seen_backward = TRUE;
      g_assert_true (json_object_has_member (s, "from"));
      if (g_str_equal (json_object_get_string_member (s, "to"), "x"))
        {
          into_x += json_object_get_double_member (s, "contribution");
          g_assert_cmpfloat (json_object_get_double_member (s, "grad_after"), ==, into_x);
        }
    }
  g_assert_true (seen_backward);
  g_assert_cmpfloat (into_x, ==, 7);     /* 6 through x², 1 directly */
}

static void
test_trace_forward_mode (void)
{
  g_auto (Run) r = run ("trace", "--mode", "forward", "--wrt", "x[1]", "-e",
                        "x = [1, 2]; y = x * x; L = sum(y)", NULL);
  g_auto (Run) bad = run ("trace", "--mode", "sideways", "-e", "x = 1", NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "ẋ[1] = 1 (forward mode: differentiate with respect to x[1])"));
  g_assert_true (g_regex_match_simple ("L̇ = 4$", r.out, G_REGEX_MULTILINE, 0));
  g_assert_cmpint (bad.status, ==, 2);
}

static void
test_check (void)
{
  g_auto (Run) ok = run ("check", "--json", "-e", "x = [3, -1, 0, 1]; f = sum(x^3)", NULL);
  /* relu has a kink at 0: PyTorch's relu'(0) = 0, while central differences see 1/2. */
  g_auto (Run) kink = run ("check", "-e", "x = 0; y = relu(x)", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonObject *o;

  g_assert_cmpint (ok.status, ==, 0);
  root = parse_json (ok.out);
  o = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (o, "ok"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "inputs")), ==, 4);
  g_assert_cmpfloat (json_object_get_double_member (
                       json_array_get_object_element (json_object_get_array_member (o, "inputs"), 0),
                       "analytic"), ==, 27);
  g_assert_cmpint (kink.status, ==, 1);
  g_assert_nonnull (strstr (kink.out, "FAILED"));
}

/* EXAMPLES.md: example 14 after one plain gradient step at lr 1e-3. */
static void
test_optimize (void)
{
  static const char *f14 =
    "x = [3, -1, 0, 1]\n"
    "f = (x[0] + 10*x[1])^2 + 5*(x[2] - x[3])^2 + (x[1] + 2*x[2])^4 + 10*(x[0] - x[3])^4\n";
  static const double expected[] = { 2.694, -0.856, 0.018, 1.31 };
  g_auto (Run) r = run ("optimize", "--json", "--optimizer", "sgd", "--lr", "1e-3", "--steps", "1",
                        "-e", f14, NULL);
  g_auto (Run) nolr = run ("optimize", "-e", f14, NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonArray *steps, *final;

  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  steps = json_object_get_array_member (json_node_get_object (root), "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (steps, 0), "loss"), ==, 215);
  final = json_object_get_array_member (json_object_get_object_member (json_node_get_object (root), "final"), "x");
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (final, i), expected[i], 1e-12);
  g_assert_cmpint (nolr.status, ==, 2);
  g_assert_nonnull (strstr (nolr.err, "--lr"));
}

static void
test_errors (void)
{
  g_auto (Run) syntax = run ("eval", "-e", "x = 3\ny = x +", NULL);
  g_auto (Run) both = run ("eval", "-e", "x = 1", "file.adjoint", NULL);
  g_auto (Run) missing = run ("eval", "/nonexistent/file.adjoint", NULL);
  g_auto (Run) vector = run ("trace", "-e", "x = [1, 2]; y = x * 2", NULL);
  g_auto (Run) badnum = run ("check", "--eps", "-1", "-e", "x = 1", NULL);

  g_assert_cmpint (syntax.status, ==, 2);
  g_assert_true (g_str_has_prefix (syntax.err, "<program>:2:"));
  g_assert_nonnull (strstr (syntax.err, ": error: "));
  g_assert_nonnull (strstr (syntax.err, "^"));
  g_assert_cmpstr (syntax.out, ==, "");
  g_assert_cmpint (both.status, ==, 2);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_true (g_str_has_prefix (missing.err, "/nonexistent/file.adjoint"));
  g_assert_cmpint (vector.status, ==, 2);
  g_assert_nonnull (strstr (vector.err, "sum(y)"));
  g_assert_cmpint (badnum.status, ==, 2);
}

/* A FILE may be a graph file, a plain program, or "-" for standard input. */
static void
test_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("adjoint-cli-XXXXXX", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain.txt", NULL);
  g_autofree char *graph = g_build_filename (dir, "graph.adjoint", NULL);

  g_assert_true (g_file_set_contents (plain, "a = 2\nb = a * a\n", -1, NULL));
  g_assert_true (g_file_set_contents (graph, "{\"format\": \"adjoint-graph\", \"version\": 1, "
                                              "\"program\": \"a = 5\\nb = a * a\\n\"}", -1, NULL));
  {
    g_auto (Run) p = run ("eval", plain, NULL);
    g_auto (Run) gr = run ("eval", graph, NULL);
    g_auto (Run) in = run_input ("a = 7; b = a * a", "eval", "-", NULL);
    g_assert_cmpint (p.status, ==, 0);
    g_assert_true (g_regex_match_simple ("^a +input +2 +4$", p.out, G_REGEX_MULTILINE, 0));
    g_assert_cmpint (gr.status, ==, 0);
    g_assert_true (g_regex_match_simple ("^a +input +5 +10$", gr.out, G_REGEX_MULTILINE, 0));
    g_assert_cmpint (in.status, ==, 0);
    g_assert_true (g_regex_match_simple ("^a +input +7 +14$", in.out, G_REGEX_MULTILINE, 0));
  }
  g_remove (plain);
  g_remove (graph);
  g_rmdir (dir);
}

/* Standard input past the 8 MiB bound: reading stops there, so the message gives the bound,
 * never a length it did not see ("the file is 8454144 bytes long"). */
static void
test_stdin_limit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("adjoint-cli-XXXXXX", NULL);
  g_autofree char *big = g_build_filename (dir, "big.txt", NULL);
  gsize size = (8u << 20) + 300000;
  g_autofree char *text = g_malloc (size);

  memset (text, 'a', size);
  g_assert_true (g_file_set_contents (big, text, (gssize) size, NULL));
  {
    /* Through a pipe, as `cat big.txt | adjoint eval -` (cat is left to its SIGPIPE). */
    const char *argv[] = { "/bin/sh", "-c", "cat \"$1\" | \"$0\" eval -",
                           g_getenv ("ADJOINT_BIN"), big, NULL };
    g_auto (Run) in = run_strv (argv, NULL);

    g_assert_cmpint (in.status, ==, 2);
    g_assert_cmpstr (in.out, ==, "");
    if (strstr (in.err, "standard input is longer than 8388608 bytes (8 MiB), the most a graph "
                        "file holds") == NULL || strstr (in.err, "bytes long") != NULL)
      g_error ("the message says: %s", in.err);
  }
  g_remove (big);
  g_rmdir (dir);
}

/* `adjoint train`: the JSON the issue specifies, runs that repeat bit for bit, a graph file's
 * setup and program, and flags that are refused with exit 2. */
static void
test_train (void)
{
  g_auto (Run) a = run ("train", "--dataset", "moons", "--hidden", "8,8", "--steps", "200", "--json", NULL);
  g_auto (Run) b = run ("train", "--dataset", "moons", "--hidden", "8,8", "--steps", "200", "--json", NULL);
  g_auto (Run) other = run ("train", "--seed", "7", "--steps", "200", "--json", NULL);
  g_auto (Run) text = run ("train", "--dataset", "circles", "--steps", "300", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonObject *o;
  JsonArray *steps;

  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (a.err, ==, "");
  g_assert_cmpstr (a.out, ==, b.out);          /* the same seed: the same bits */
  g_assert_cmpstr (a.out, !=, other.out);
  root = parse_json (a.out);
  o = json_node_get_object (root);
  steps = json_object_get_array_member (o, "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 201);
  for (guint k = 0; k <= 200; k++)
    {
      JsonObject *st = json_array_get_object_element (steps, k);
      g_assert_cmpint (json_object_get_int_member (st, "step"), ==, k);
      g_assert_true (isfinite (json_object_get_double_member (st, "loss")));
      g_assert_true (isfinite (json_object_get_double_member (st, "test_loss")));
    }
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (steps, 200), "loss"), <,
                     0.2 * json_object_get_double_member (json_array_get_object_element (steps, 0), "loss"));
  g_assert_cmpfloat (json_object_get_double_member (o, "train_accuracy"), >=, 0.97);
  g_assert_cmpfloat (json_object_get_double_member (o, "test_accuracy"), >=, 0.97);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "setup"), "loss"), ==, "bce");

  g_assert_cmpint (text.status, ==, 0);
  g_assert_true (g_str_has_prefix (text.out, "Training 2-8-8-1 tanh on circles (160 to train, 40 to test)"));
  g_assert_true (g_regex_match_simple ("^step 300 +loss ", text.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^train accuracy [0-9.]+ %, test accuracy [0-9.]+ %$", text.out,
                                       G_REGEX_MULTILINE, 0));

  /* Three classes take cross-entropy by themselves; regression takes mse and has no accuracy. */
  {
    g_auto (Run) s3 = run ("train", "--dataset", "spiral3", "--steps", "5", "--json", NULL);
    g_auto (Run) sine = run ("train", "--dataset", "sine", "--steps", "5", "--json", NULL);
    g_autoptr (JsonNode) r3 = parse_json (s3.out);
    g_autoptr (JsonNode) rs = parse_json (sine.out);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (r3), "setup"), "loss"), ==, "cross_entropy");
    g_assert_true (json_object_get_null_member (json_node_get_object (rs), "test_accuracy"));
  }
}

static void
test_train_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("adjoint-cli-XXXXXX", NULL);
  g_autofree char *graph = g_build_filename (dir, "lab.adjoint", NULL);
  g_autofree char *plot = g_build_filename (dir, "loss.png", NULL);
  /* A hand-written network: one hidden layer of 4 relu units, and a setup. */
  const char *file =
    "{\"format\": \"adjoint-graph\", \"version\": 1,\n"
    " \"program\": \"data X = zeros(10, 2)\\ndata y = zeros(10, 1)\\nparam W1 = he(2, 4)\\n"
    "param b1 = zeros(4)\\nh1 = relu(X @ W1 + b1)\\nparam W2 = he(4, 1)\\nparam b2 = zeros(1)\\n"
    "out = h1 @ W2 + b2\\nloss = bce_logits(out, y)\\n\",\n"
    " \"training\": {\"dataset\": \"blobs\", \"samples\": 100, \"optimizer\": \"sgd\", \"lr\": 0.1, "
    "\"batch\": 10, \"steps\": 50, \"seed\": 3}}\n";

  g_assert_true (g_file_set_contents (graph, file, -1, NULL));
  {
    g_auto (Run) r = run ("train", graph, "--json", "--plot", plot, NULL);
    g_autoptr (JsonNode) root = NULL;
    JsonObject *setup;

    g_assert_cmpint (r.status, ==, 0);
    root = parse_json (r.out);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "steps")), ==, 51);
    setup = json_object_get_object_member (json_node_get_object (root), "setup");
    g_assert_cmpstr (json_object_get_string_member (setup, "dataset"), ==, "blobs");
    g_assert_cmpstr (json_object_get_string_member (setup, "optimizer"), ==, "sgd");
    g_assert_cmpint (json_object_get_int_member (setup, "seed"), ==, 3);
    g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (root), "test_accuracy"), ==, 1.0);
  }
  /* The plot is a PNG of some size. */
  {
    g_autofree char *png = NULL;
    gsize len;
    g_assert_true (g_file_get_contents (plot, &png, &len, NULL));
    g_assert_cmpuint (len, >, 1000);
    g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);
  }
  /* A CSV named in the file is found next to the file, wherever the command runs. */
  {
    g_autofree char *csv = g_build_filename (dir, "points.csv", NULL);
    g_autoptr (GString) rows = g_string_new ("x1,x2,label\n");
    for (int i = 0; i < 40; i++)
      g_string_append_printf (rows, "%g,%g,%d\n", i % 2 ? 0.7 : -0.7, (i % 5) * 0.1, i % 2);
    g_assert_true (g_file_set_contents (csv, rows->str, -1, NULL));
    g_assert_true (g_file_set_contents (graph, "{\"format\": \"adjoint-graph\", \"version\": 1, "
                                        "\"program\": \"x = 1\", \"training\": {\"csv\": \"points.csv\", "
                                        "\"steps\": 20}}", -1, NULL));
    {
      g_auto (Run) r = run ("train", graph, "--hidden", "4", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "points.csv (32 to train, 8 to test)"));
    }
    g_remove (csv);
  }
  /* A broken network program is located in the file's program. */
  g_assert_true (g_file_set_contents (graph, "{\"format\": \"adjoint-graph\", \"version\": 1, "
                                      "\"program\": \"data X = zeros(4, 2)\\nout = X @ Q\\n\"}", -1, NULL));
  {
    g_auto (Run) r = run ("train", graph, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_true (g_str_has_prefix (r.err, graph));
    g_assert_nonnull (strstr (r.err, ":2:11: error: "));
  }
  g_remove (graph);
  g_remove (plot);
  g_rmdir (dir);
}

static void
test_train_errors (void)
{
  static const struct { const char *flag, *value, *message; } cases[] = {
    { "--dataset", "donut", "--dataset must be moons" },
    { "--hidden", "8,0", "--hidden must be a list of layer widths from 1 to 64, not '8,0'" },
    { "--hidden", "1,2,3,4,5,6,7", "--hidden must be a list of at most 6 layer widths" },
    { "--hidden", "eight", "--hidden must be a list of layer widths" },
    { "--activation", "swish", "--activation must be" },
    { "--loss", "l7", "--loss must be" },
    { "--optimizer", "lbfgs", "--optimizer must be" },
    { "--lr", "0", "--lr must be" },
    { "--lr", "nan", "--lr must be" },
    { "--samples", "3", "--samples must be" },
    { "--noise", "2", "--noise must be" },
    { "--batch", "-3", "--batch must be" },
    { "--steps", "-1", "--steps must be" },
    { "--seed", "-2", "--seed must be" },
    { "--momentum", "0.5", "--momentum is for --optimizer momentum" },
    { "--plot", "loss.gif", "--plot must end in" },
    { "--every", "4294967296", "--every must be between 1 and" },
    { "--csv", "/nonexistent/points.csv", "/nonexistent/points.csv" },
    { "--bogus", "1", "Unknown option" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Run) r = run ("train", cases[i].flag, cases[i].value, NULL);
      g_test_message ("%s %s: %s", cases[i].flag, cases[i].value, r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, cases[i].message));
      g_assert_cmpstr (r.out, ==, "");
    }
  {
    g_auto (Run) r = run ("train", "--dataset", "spiral3", "--loss", "bce", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "3 classes"));
  }
}

/* `adjoint bench` runs every workload and its checksums show the work was done: W1's value and
 * gradient are Powell's function's, W2's and W5's final losses are the ones `adjoint train`
 * prints for the commands the bench names, the networks' losses fall, the frames drew pixels. Nothing here
 * looks at a time: --quick takes few samples, so its figures mean nothing. */
static void
test_bench (void)
{
  static const char *const names[] = { "W1", "W1b", "W2", "W3", "W4", "W5", "R1", "R1z", "R1x", "R2", "R3",
                                       "R4" };
  /* Everything but R5, which needs a display (its own test below). */
  g_auto (Run) r = run ("bench", "--quick", "--json", "--filter", "W,R1,R2,R3,R4", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonArray *results;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.err, "error"));   /* the sanitizer build reports its suppressions */
  root = parse_json (r.out);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (root), "peak_gflops"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (root), "reference_us"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (root), "reference_gflops"), >, 0);
  results = json_object_get_array_member (json_node_get_object (root), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonObject *o = json_array_get_object_element (results, i);
      const char *checksum = json_object_get_string_member (o, "checksum");
      const double value = json_object_get_double_member (o, "value");

      g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, names[i]);
      g_assert_true (isfinite (value) && value > 0);
      g_assert_cmpfloat (json_object_get_double_member (o, "min"), <=, value);
      g_assert_cmpfloat (json_object_get_double_member (o, "max"), >=, value);
      g_assert_nonnull (json_object_get_string_member (o, "unit"));
      /* Fastest sample over the reference loop's fastest, in the same run. */
      g_assert_cmpfloat (json_object_get_double_member (o, "ref_ratio"), >, 0);
      if (names[i][0] == 'W' && names[i][1] >= '2')
        {
          const double fraction = json_object_get_double_member (o, "peak_fraction");
          g_assert_cmpfloat (json_object_get_double_member (o, "gflops"), >, 0);
          g_assert_true (fraction > 0 && fraction < 2);
        }
      else
        g_assert_true (json_node_is_null (json_object_get_member (o, "gflops")));

      if (g_str_has_prefix (names[i], "W1"))
        g_assert_cmpstr (checksum, ==, "f = 215, grad = [306, -144, -18, -310]");
      else if (strcmp (names[i], "W2") == 0 || strcmp (names[i], "W5") == 0)
        {
          /* The command the bench names, run for real: the same final loss, digit for digit. */
          g_auto (GStrv) args = g_strsplit (json_object_get_string_member (o, "check_command"), " ", -1);
          g_autoptr (GPtrArray) argv = g_ptr_array_new ();
          g_autoptr (GSubprocess) proc = NULL;
          g_autoptr (GError) error = NULL;
          g_autoptr (GMatchInfo) m = NULL;
          g_autofree char *out = NULL, *loss = NULL, *expected = NULL, *steps_json = NULL;
          guint steps = 0;

          g_assert_cmpstr (args[0], ==, "adjoint");
          g_ptr_array_add (argv, (char *) g_getenv ("ADJOINT_BIN"));
          for (guint a = 1; args[a]; a++)
            g_ptr_array_add (argv, args[a]);
          g_ptr_array_add (argv, NULL);
          proc = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
          g_assert_no_error (error);
          g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpint (sscanf (checksum, "train_loss %*s after %u steps", &steps), ==, 1);
          steps_json = g_strdup_printf ("\"steps\": %u,", steps);
          g_assert_nonnull (strstr (out, steps_json));
          {
            g_autoptr (GRegex) re = g_regex_new ("\\], \"train_loss\": ([-0-9.e]+),", 0, 0, NULL);
            g_assert_true (g_regex_match (re, out, 0, &m));
            loss = g_match_info_fetch (m, 1);
          }
          expected = g_strdup_printf ("train_loss %s after %u steps", loss, steps);
          g_assert_cmpstr (checksum, ==, expected);
        }
      else if (names[i][0] == 'W')
        {
          double before, after;
          guint steps;
          g_assert_cmpint (sscanf (checksum, "loss %lf → %lf after %u steps", &before, &after, &steps), ==, 3);
          g_assert_cmpfloat (after, <, before);
        }
      else if (strcmp (names[i], "R3") == 0)
        g_assert_true (g_str_has_prefix (checksum, "200 nodes, "));
      else if (strcmp (names[i], "R4") == 0)
        g_assert_true (g_str_has_prefix (checksum, "10000 nodes, "));
      else
        {
          const char *drawn = strstr (checksum, "; ");
          g_assert_nonnull (drawn);
          g_assert_cmpuint (g_ascii_strtoull (drawn + 2, NULL, 10), >, 1000);
        }
    }

  /* Bad flags: exit 2 with a message. */
  {
    g_auto (Run) none = run ("bench", "--filter", "Z9", NULL);
    g_auto (Run) extra = run ("bench", "more", NULL);
    g_auto (Run) unknown = run ("bench", "--fast", NULL);
    g_auto (Run) one = run ("bench", "--quick", "--json", "--filter", "W1b", NULL);
    g_assert_cmpint (none.status, ==, 2);
    g_assert_nonnull (strstr (none.err, "names no workload"));
    g_assert_cmpint (extra.status, ==, 2);
    g_assert_cmpint (unknown.status, ==, 2);
    g_assert_cmpint (one.status, ==, 0);
    g_assert_nonnull (strstr (one.out, "\"W1b\""));
    g_assert_null (strstr (one.out, "\"W1\""));
  }
}

/* `adjoint bench --scaling` (issue 19): layout and frame time by graph size, each row the size
 * asked for laid out by the engine that size gets (--quick: the two smallest). */
static void
test_bench_scaling (void)
{
  g_auto (Run) r = run ("bench", "--scaling", "--quick", "--json", NULL);
  g_auto (Run) one = run ("bench", "--scaling", "--quick", "--json", "--nodes", "2500", NULL);
  g_auto (Run) bad = run ("bench", "--scaling", "--engine", "neato", NULL);
  g_autoptr (JsonNode) root = NULL, root1 = NULL;
  JsonArray *rows;

  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  rows = json_object_get_array_member (json_node_get_object (root), "scaling");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      g_assert_cmpint (json_object_get_int_member (o, "nodes"), ==, i == 0 ? 250 : 500);
      g_assert_cmpstr (json_object_get_string_member (o, "engine"), ==, "dot");
      g_assert_cmpfloat (json_object_get_double_member (o, "layout_ms"), >, 0);
      g_assert_cmpfloat (json_object_get_double_member (o, "frame_fitted_ms"), >, 0);
      g_assert_cmpfloat (json_object_get_double_member (o, "frame_zoom_ms"), >, 0);
    }
  g_assert_cmpint (one.status, ==, 0);
  root1 = parse_json (one.out);
  rows = json_object_get_array_member (json_node_get_object (root1), "scaling");
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "engine"), ==, "sfdp");
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--engine must be"));
}

/* R5 opens the training lab in a window and trains: with a display it counts frames and steps
 * (the headless rate beside them); without one it says it was skipped, with no number. */
static void
test_bench_lab (void)
{
  g_auto (Run) r = run ("bench", "--quick", "--json", "--filter", "R5", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonArray *results;
  const gboolean display = g_getenv ("DISPLAY") || g_getenv ("WAYLAND_DISPLAY");

  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.err, "error"));
  root = parse_json (r.out);
  results = json_object_get_array_member (json_node_get_object (root), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *o = json_array_get_object_element (results, i);
      const char *checksum = json_object_get_string_member (o, "checksum");

      g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, i == 0 ? "R5" : "R5s");
      g_assert_cmpstr (json_object_get_string_member (o, "target_is"), ==, "at least");
      if (!display || json_object_has_member (o, "skipped"))
        {
          /* No display (or one GTK cannot open): no number, and the reason. */
          g_assert_true (json_node_is_null (json_object_get_member (o, "value")));
          g_assert_false (json_object_get_boolean_member (o, "meets_target"));
          g_assert_nonnull (strstr (json_object_get_string_member (o, "skipped"), "display"));
          continue;
        }
      g_assert_cmpfloat (json_object_get_double_member (o, "value"), >, 0);
      if (i == 0)
        {
          guint64 frames = g_ascii_strtoull (checksum, NULL, 10);
          g_assert_cmpuint (frames, >, 0);
          g_assert_cmpstr (json_object_get_string_member (o, "unit"), ==, "fps");
        }
      else
        {
          guint64 steps = g_ascii_strtoull (checksum, NULL, 10);
          g_assert_cmpuint (steps, >, 0);
          g_assert_nonnull (strstr (checksum, "headless"));
          g_assert_cmpstr (json_object_get_string_member (o, "unit"), ==, "%");
        }
    }
}

/* ---- numbers that read back (issue 14) ------------------------------------------------- */

/* Doubles that once came back wrong (1e20 as −1, −0 as 0), the extremes, and random bit
 * patterns: `adjoint eval --json` writes each so that json-glib and Python's json read back
 * the same bits. */
static void
test_json_numbers (void)
{
  static const char *const fixed[] = {
    "1e20", "-1e300", "5e-324", "0.1", "9007199254740993", "-0.0", "1.7976931348623157e308",
    "-1.7976931348623157e308", "2.2250738585072014e-308", "1e18", "999999999999999999",
    "123456789012345678", "9.2233720368547758e18", "1e-7", "-2.5e-310", "0", "3", "1e21",
  };
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GString) program = g_string_new ("x = [");
  g_autoptr (GString) expected = g_string_new (NULL);
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *from_python = NULL;
  JsonArray *read;

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      double v = g_ascii_strtod (fixed[i], NULL);
      g_array_append_val (values, v);
    }
  while (values->len < 400)
    {
      guint64 bits = ((guint64) g_test_rand_int () << 32) | (guint32) g_test_rand_int ();
      double v;
      memcpy (&v, &bits, sizeof v);
      if (isfinite (v))
        g_array_append_val (values, v);
    }
  for (guint i = 0; i < values->len; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *hex = read_back_bits_hex (g_array_index (values, double, i));
      /* %.17g always reads back as the same double, so the program holds exactly these. */
      g_string_append_printf (program, "%s%s", i ? ", " : "",
                              g_ascii_formatd (buf, sizeof buf, "%.17g", g_array_index (values, double, i)));
      g_string_append_printf (expected, "%s%s", i ? " " : "", hex);
    }
  g_string_append (program, "]");

  {
    g_auto (Run) r = run ("eval", "--json", "-e", program->str, NULL);
    g_assert_cmpint (r.status, ==, 0);
    root = parse_json (r.out);
    read = json_object_get_array_member (find_node (json_object_get_array_member (
             json_node_get_object (root), "nodes"), "x"), "value");
    g_assert_cmpuint (json_array_get_length (read), ==, values->len);
    for (guint i = 0; i < values->len; i++)
      {
        g_autofree char *want = read_back_bits_hex (g_array_index (values, double, i));
        g_autofree char *got = read_back_bits_hex (json_array_get_double_element (read, i));
        g_assert_cmpstr (got, ==, want);
      }
    from_python = read_back_python_bits (r.out, "d['nodes'][0]['value']");
  }
  if (from_python == NULL)
    g_test_message ("python3 is not on PATH: json-glib only");
  else
    g_assert_cmpstr (from_python, ==, expected->str);
}

/* `adjoint train`'s options are the setup table's rows: each limit is taken at its edge and
 * refused just past it, with the rule core/train-setup.c writes (test-train-setup.c checks
 * the validator and the file reader the same way). A bad --plot folder stops every run
 * before training, so "accepted" shows as the complaint about --plot. */
static void
test_train_setup_limits (void)
{
  guint n, runs = 0;
  const AgSetupField *fields = ag_train_setup_fields (&n);
  g_autofree char *plot = g_build_filename (g_get_tmp_dir (), "adjoint-no-such-dir", "x.png", NULL);

  for (guint i = 0; i < n; i++)
    {
      const AgSetupField *f = &fields[i];
      g_autofree char *rule = ag_setup_field_dup_rule (f);
      g_autofree char *flag = g_strconcat ("--", f->option, NULL);
      struct { double v; gboolean ok; } probes[4];

      if (f->type != AG_SETUP_UINT && f->type != AG_SETUP_DOUBLE)
        continue;
      if (f->type == AG_SETUP_UINT)
        {
          probes[0].v = f->min, probes[0].ok = TRUE;
          probes[1].v = f->min - 1, probes[1].ok = FALSE;
          probes[2].v = f->max, probes[2].ok = TRUE;
          probes[3].v = f->max + 1, probes[3].ok = FALSE;
        }
      else
        {
          probes[0].v = f->min, probes[0].ok = !f->min_open;
          probes[1].v = nextafter (f->min, f->min_open ? INFINITY : -INFINITY), probes[1].ok = f->min_open;
          probes[2].v = f->max, probes[2].ok = !f->max_open;
          probes[3].v = nextafter (f->max, f->max_open ? -INFINITY : INFINITY), probes[3].ok = f->max_open;
        }
      for (guint k = 0; k < G_N_ELEMENTS (probes); k++)
        {
          g_autoptr (GString) value = g_string_new (NULL);
          g_autofree char *message = NULL;
          const char *argv[] = { g_getenv ("ADJOINT_BIN"), "train", "--plot", plot, flag, NULL,
                                 "--optimizer", "momentum", NULL };

          if (f->type == AG_SETUP_UINT)
            g_string_append_printf (value, "%.0f", probes[k].v);
          else
            ag_json_number (value, probes[k].v);
          argv[5] = value->str;
          if (!g_str_equal (f->name, "momentum"))
            argv[6] = NULL;
          message = g_strdup_printf ("%s must be %s, not '%s'", flag, rule, value->str);
          {
            g_auto (Run) r = run_strv (argv, NULL);
            g_test_message ("%s %s: %s", flag, value->str, r.err);
            g_assert_cmpint (r.status, ==, 2);
            g_assert_cmpstr (r.out, ==, "");
            if (probes[k].ok)
              g_assert_nonnull (strstr (r.err, "--plot: the folder"));
            else
              g_assert_nonnull (strstr (r.err, message));
          }
          runs++;
        }
    }
  g_assert_cmpuint (runs, >=, 9 * 4);
}

/* `adjoint optimize` takes the optimizer's settings within the trainer's own limits (the setup
 * table): momentum below 1, at most 10,000,000 steps, the optimizers the table names. */
static void
test_optimize_limits (void)
{
  static const struct { const char *flag, *value, *message; } cases[] = {
    { "--momentum", "1", "--momentum must be a number from 0 to 1 (excluded), not '1'" },
    { "--momentum", "-0.5", "--momentum must be a number from 0 to 1 (excluded), not '-0.5'" },
    { "--steps", "10000001", "--steps must be a whole number from 0 to 10000000, not '10000001'" },
    { "--optimizer", "lbfgs", "--optimizer must be sgd, momentum or adam, not 'lbfgs'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *optimizer = g_str_equal (cases[i].flag, "--optimizer") ? cases[i].value : "momentum";
      g_auto (Run) r = run ("optimize", "-e", "x = 5; f = (x - 2)^2", "--lr", "0.1", "--optimizer", optimizer,
                            cases[i].flag, cases[i].value, NULL);
      g_test_message ("%s %s: %s", cases[i].flag, cases[i].value, r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, cases[i].message));
      g_assert_cmpstr (r.out, ==, "");
    }
  {
    g_auto (Run) r = run ("optimize", "-e", "x = 5; f = (x - 2)^2", "--lr", "0.1", "--optimizer", "momentum",
                          "--momentum", "0.99", "--steps", "1", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
}

/* ---- a failed export leaves the old file, and says why (issue 17) ------------------------- */

/* A real full disk: a 64 KiB tmpfs (in a user and mount namespace of its own, so no privilege
 * is needed where the kernel allows them; skipped elsewhere) holding the good old files and a
 * filler that leaves 8 KiB (errors go to the pipe: the tmpfs has no room for them). `export` (one step, and every step as a PDF) and `train --plot`
 * each fail with "no space left on the device", and every old file is byte for byte as it
 * was, with nothing else left beside it. */
static void
test_export_full_disk (void)
{
  static const char script[] =
    "mount -t tmpfs -o size=64k tmpfs \"$0\" || exit 77\n"
    "cd \"$0\" || exit 1\n"
    "for f in step.png all.pdf loss.png; do echo \"the good old $f\" > $f; done\n"
    "dd if=/dev/zero of=fill bs=1k count=56 2>/dev/null\n"
    "P='x = 3; y = x + 1; z = y^2'\n"
    "\"$1\" export -e \"$P\" -o step.png --step 2 --width 1600 2>&1; echo \"step $?\"\n"
    "\"$1\" export -e \"$P\" -o all.pdf --all-steps --width 1600 2>&1; echo \"all $?\"\n"
    "\"$1\" train --dataset circles --steps 20 --plot loss.png 2>&1 >/dev/null; echo \"loss $?\"\n"
    "for f in step.png all.pdf loss.png; do\n"
    "  echo \"the good old $f\" | cmp -s - $f && echo \"same $f\"\n"
    "done\n"
    "echo \"files\" *\n";
  g_autofree char *dir = g_dir_make_tmp ("adjoint-cli-XXXXXX", NULL);
  const char *argv[] = { "unshare", "-rm", "sh", "-c", script, dir, g_getenv ("ADJOINT_BIN"), NULL };
  g_autofree char *unshare = g_find_program_in_path ("unshare");
  g_auto (Run) r = { 0 };

  if (unshare == NULL)
    {
      g_test_skip ("no unshare(1) to mount a small tmpfs with");
      g_rmdir (dir);
      return;
    }
  r = run_strv (argv, NULL);
  g_rmdir (dir);
  if (r.status != 0)
    {
      g_test_skip ("user and mount namespaces are not allowed here: no tmpfs to fill");
      return;
    }
  g_assert_nonnull (strstr (r.out, "step 2"));
  g_assert_nonnull (strstr (r.out, "all 2"));
  g_assert_true (g_regex_match_simple ("^loss [1-9]", r.out, G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (r.out, "same step.png"));
  g_assert_nonnull (strstr (r.out, "same all.pdf"));
  g_assert_nonnull (strstr (r.out, "same loss.png"));
  g_assert_nonnull (strstr (r.out, "files all.pdf fill loss.png step.png\n"));
  g_assert_nonnull (strstr (r.out, "could not write step.png: no space left on the device"));
  g_assert_nonnull (strstr (r.out, "could not write all.pdf: no space left on the device"));
  g_assert_nonnull (strstr (r.out, "could not write loss.png: no space left on the device"));
  g_assert_null (strstr (r.out, "output stream"));
}

/* A folder that is not there, and one the user may not write in (as root, whom no mode
 * stops, the export runs as nobody through setpriv(1) when it is there). */
static void
test_export_folder_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("adjoint-cli-XXXXXX", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "missing", "step.png", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *refused = g_build_filename (locked, "step.png", NULL);
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");

  {
    g_auto (Run) r = run ("export", "-e", "x = 3; y = x^2", "-o", nowhere, NULL);
    g_autofree char *missing = g_path_get_dirname (nowhere);

    g_assert_cmpint (r.status, !=, 0);
    g_assert_nonnull (strstr (r.err, nowhere));
    g_assert_nonnull (strstr (r.err, "no such folder"));
    g_assert_nonnull (strstr (r.err, missing));
    g_assert_null (strstr (r.err, "output stream"));
  }

  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (locked, 0555), ==, 0);
  if (geteuid () != 0 || setpriv != NULL)
    {
      const char *as_nobody[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                  g_getenv ("ADJOINT_BIN"), "export", "-e", "x = 3; y = x^2",
                                  "-o", refused, NULL };
      const char *as_me[] = { g_getenv ("ADJOINT_BIN"), "export", "-e", "x = 3; y = x^2", "-o",
                              refused, NULL };
      g_auto (Run) r = run_strv (geteuid () == 0 ? as_nobody : as_me, NULL);

      g_assert_cmpint (r.status, !=, 0);
      g_assert_nonnull (strstr (r.err, refused));
      g_assert_nonnull (strstr (r.err, "permission denied"));
      g_assert_false (g_file_test (refused, G_FILE_TEST_EXISTS));
    }
  else
    g_test_message ("root without setpriv(1): no permission to be denied");
  g_assert_cmpint (g_rmdir (locked), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A large program (issue 17): eval's table summarises a tensor of more than 1000 elements as
 * numpy prints an array, its first and last 3 rows and columns around "…" (a 2048 × 2048
 * program printed 138 MB); --full prints every element; --json is never shortened; trace's
 * sentences stay short and its --json whole. 512 × 512 keeps the run quick. */
#define LARGE_N 512
#define LARGE_PROGRAM "param W = ones(512, 512)\ny = sum(W @ W)"

static void
test_eval_large_summary (void)
{
  g_auto (Run) r = run ("eval", "-e", LARGE_PROGRAM, NULL);
  g_auto (Run) edge = run ("eval", "-e", "param a = ones(1000)\nparam b = ones(1001)\ny = sum(a) + sum(b)", NULL);
  const char *sum = "1.342×10⁸";   /* 512³ = 134 217 728, for people */

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (strlen (r.out), <, 4096);
  g_assert_nonnull (strstr (r.out, "[[1, 1, 1, …, 1, 1, 1], [1, 1, 1, …, 1, 1, 1], [1, 1, 1, …, 1, 1, 1], …, "
                                   "[1, 1, 1, …, 1, 1, 1], [1, 1, 1, …, 1, 1, 1], [1, 1, 1, …, 1, 1, 1]]"));
  g_assert_nonnull (strstr (r.out, "[[512, 512, 512, …, 512, 512, 512], "));   /* W @ W */
  g_assert_nonnull (strstr (r.out, "[[1024, 1024, 1024, …, 1024, 1024, 1024], "));   /* W̄ */
  g_assert_nonnull (strstr (r.out, sum));
  /* numpy's threshold: 1000 elements are printed whole, 1001 summarised. */
  g_assert_cmpint (edge.status, ==, 0);
  g_assert_nonnull (strstr (edge.out, "[1, 1, 1, …, 1, 1, 1]"));
  g_assert_cmpuint (strlen (edge.out), >, 2 * 1000 * 3);
}

static void
test_eval_large_full (void)
{
  g_auto (Run) r = run ("eval", "-e", LARGE_PROGRAM, "--full", NULL);
  g_auto (Run) j = run ("eval", "-e", LARGE_PROGRAM, "--json", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonArray *nodes, *w;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.out, "…"));
  /* W, W @ W and their adjoints, every element: at least "1, " for each. */
  g_assert_cmpuint (strlen (r.out), >, 4u * LARGE_N * LARGE_N * 3);

  g_assert_cmpint (j.status, ==, 0);
  g_assert_null (strstr (j.out, "…"));
  root = parse_json (j.out);
  nodes = json_object_get_array_member (json_node_get_object (root), "nodes");
  w = json_object_get_array_member (json_array_get_object_element (nodes, 0), "value");
  g_assert_cmpuint (json_array_get_length (w), ==, LARGE_N);
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (w, LARGE_N - 1)), ==, LARGE_N);
  w = json_object_get_array_member (json_array_get_object_element (nodes, 0), "grad");
  g_assert_cmpuint (json_array_get_length (w), ==, LARGE_N);
}

static void
test_trace_large (void)
{
  g_auto (Run) r = run ("trace", "-e", LARGE_PROGRAM, NULL);
  g_auto (Run) j = run ("trace", "-e", LARGE_PROGRAM, "--json", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonArray *steps, *value;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (strlen (r.out), <, 4096);
  g_assert_nonnull (strstr (r.out, "…"));
  g_assert_cmpint (j.status, ==, 0);
  root = parse_json (j.out);
  steps = json_object_get_array_member (json_node_get_object (root), "steps");
  value = json_object_get_array_member (json_array_get_object_element (steps, 0), "value");
  g_assert_cmpuint (json_array_get_length (value), ==, LARGE_N);
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (value, 0)), ==, LARGE_N);
}

/* `adjoint trace --full` writes every element in its sentences; without it a tensor is cut to
 * 2 rows and 5 columns. */
static void
test_trace_full (void)
{
  static const char program[] = "W = [[1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 8], "
                                "[1, 2, 3, 4, 5, 6, 7, 8]]\ny = sum(W * 2)";
  static const char whole[] = "forward 1: W * 2 = [[2, 4, 6, 8, 10, 12, 14, 16], "
                              "[2, 4, 6, 8, 10, 12, 14, 16], [2, 4, 6, 8, 10, 12, 14, 16]]\n";
  g_auto (Run) cut = run ("trace", "-e", program, NULL);
  g_auto (Run) full = run ("trace", "-e", program, "--full", NULL);

  g_assert_cmpint (cut.status, ==, 0);
  g_assert_true (g_str_has_prefix (cut.out, "forward 1: W * 2 = [[2, 4, …, 14, 16], …]\n"));
  g_assert_cmpint (full.status, ==, 0);
  g_assert_true (g_str_has_prefix (full.out, whole));
  g_assert_null (strstr (full.out, "…"));
}

/* Issue 15: `adjoint trace` prints numbers for people. Lesson 18's gradients vanish to 10⁻¹³:
 * no number in its text has more than 4 significant digits; --digits asks for more. */
static void
test_trace_lesson_18_digits (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("ADJOINT_EXAMPLES_DIR"),
                                            "18-vanishing-gradients.adjoint", NULL);
  g_auto (Run) r = run ("trace", path, NULL);
  g_auto (Run) eight = run ("trace", path, "--digits", "8", NULL);
  g_auto (Run) bad = run ("trace", path, "--digits", "18", NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "h̅0̅ = 1.143×10⁻¹³"));
  g_assert_cmpint (max_significant_digits (r.out), ==, 4);
  g_assert_cmpint (eight.status, ==, 0);
  g_assert_cmpint (max_significant_digits (eight.out), ==, 8);
  g_assert_nonnull (strstr (eight.out, "forward 1: h1 = sigmoid(h0) = sigmoid(0.5) = 0.62245933\n"));
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--digits must be from 1 to 17"));
}

/* `adjoint trace --json` still writes exact doubles: every value and contribution of lesson 18
 * reads back bit for bit as the run in this process computed it. */
static void
test_trace_json_exact (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("ADJOINT_EXAMPLES_DIR"),
                                            "18-vanishing-gradients.adjoint", NULL);
  g_auto (Run) r = run ("trace", path, "--json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (AgGraphFile) doc = ag_graph_file_load (path, &error);
  g_autoptr (AgGraph) g = NULL;
  g_autoptr (AgTrace) t = ag_trace_new ();
  g_autoptr (JsonNode) root = NULL;
  JsonArray *steps;
  guint exact_long = 0;

  g_assert_no_error (error);
  g = ag_program_parse (doc->program, -1, &error);
  g_assert_no_error (error);
  ag_graph_zero_grad (g, NULL);
  g_assert_true (ag_graph_run (g, t, &error));
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  steps = json_object_get_array_member (json_node_get_object (root), "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, ag_trace_n_steps (t));
  for (guint k = 0; k < ag_trace_n_steps (t); k++)
    {
      JsonObject *o = json_array_get_object_element (steps, k);
      const AgStep *s = ag_trace_step (t, k);
      const char *key = s->kind == AG_STEP_FORWARD ? "value" : "grad_after";
      double after = *ag_trace_data (t, s->after);

      if (!json_object_has_member (o, key))
        continue;
      g_assert_true (json_object_get_double_member (o, key) == after);
      if (json_object_has_member (o, "contribution"))
        g_assert_true (json_object_get_double_member (o, "contribution") == *ag_trace_data (t, s->delta));
      {
        char four[G_ASCII_DTOSTR_BUF_SIZE];
        exact_long += after != g_ascii_strtod (g_ascii_formatd (four, sizeof four, "%.4g", after), NULL);
      }
    }
  /* Most of them need more than 4 digits: the JSON is not the people's text. */
  g_assert_cmpuint (exact_long, >, 30);
}

/* `adjoint eval` prints a table for people (4 significant digits, or --digits), --json exact. */
static void
test_eval_digits (void)
{
  g_auto (Run) four = run ("eval", "-e", "x = 2; y = sin(x^2)", NULL);
  g_auto (Run) exact = run ("eval", "-e", "x = 2; y = sin(x^2)", "--digits", "17", NULL);

  g_assert_cmpint (four.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^x +input +2 +−2.615$", four.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^y +output +−0.7568 +1$", four.out, G_REGEX_MULTILINE, 0));
  g_assert_cmpint (exact.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^x +input +2 +−2.6145744834544478$", exact.out,
                                       G_REGEX_MULTILINE, 0));
}

/* `trace --json` gives each step's anchor and, when the lesson has one, its caption; an old
 * file's numbered captions are placed on their steps; one whose step is gone is listed apart. */
static void
test_trace_json_captions (void)
{
  g_autofree char *dir = g_dir_make_tmp ("adjoint-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "old.adjoint", NULL);
  const char *old = "{\"format\": \"adjoint-graph\", \"version\": 1, "
                    "\"program\": \"x = 3\\nz = x^2 + x\\n\", "
                    "\"captions\": {\"0\": \"two paths\", \"5\": \"the direct path\", "
                    "\"forward:gone\": \"a deleted line\"}}";
  g_autoptr (JsonNode) root = NULL;
  JsonObject *obj;
  JsonArray *steps;

  g_assert_true (g_file_set_contents (path, old, -1, NULL));
  {
    g_auto (Run) r = run ("trace", path, "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    root = parse_json (r.out);
  }
  obj = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (obj, "start_caption"), ==, "two paths");
  steps = json_object_get_array_member (obj, "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      JsonObject *s = json_array_get_object_element (steps, i);
      g_assert_true (json_object_has_member (s, "anchor"));
      g_assert_cmpint (json_object_has_member (s, "caption"), ==, i == 4);
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (steps, 4), "anchor"),
                   ==, "backward:z->x");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (steps, 4), "caption"),
                   ==, "the direct path");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "unplaced_captions"),
                                                  "forward:gone"), ==, "a deleted line");
  g_remove (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("ADJOINT_BIN"));
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/eval/text", test_eval);
  g_test_add_func ("/cli/eval/json-tensors", test_eval_json_tensors);
  g_test_add_func ("/cli/trace/text", test_trace_text);
  g_test_add_func ("/cli/trace/json", test_trace_json);
  g_test_add_func ("/cli/functions", test_functions);
  g_test_add_func ("/cli/trace/json-captions", test_trace_json_captions);
  g_test_add_func ("/cli/trace/forward-mode", test_trace_forward_mode);
  g_test_add_func ("/cli/trace/full", test_trace_full);
  g_test_add_func ("/cli/trace/lesson-18-digits", test_trace_lesson_18_digits);
  g_test_add_func ("/cli/trace/json-exact", test_trace_json_exact);
  g_test_add_func ("/cli/eval/digits", test_eval_digits);
  g_test_add_func ("/cli/check", test_check);
  g_test_add_func ("/cli/optimize", test_optimize);
  g_test_add_func ("/cli/optimize/limits", test_optimize_limits);
  g_test_add_func ("/cli/errors", test_errors);
  g_test_add_func ("/cli/files", test_files);
  g_test_add_func ("/cli/stdin-limit", test_stdin_limit);
  g_test_add_func ("/cli/train/json", test_train);
  g_test_add_func ("/cli/train/file", test_train_file);
  g_test_add_func ("/cli/train/errors", test_train_errors);
  g_test_add_func ("/cli/train/setup-limits", test_train_setup_limits);
  g_test_add_func ("/cli/json-numbers", test_json_numbers);
  g_test_add_func ("/cli/bench", test_bench);
  g_test_add_func ("/cli/bench-scaling", test_bench_scaling);
  g_test_add_func ("/cli/bench/lab", test_bench_lab);
  g_test_add_func ("/cli/export/full-disk", test_export_full_disk);
  g_test_add_func ("/cli/export/folder-errors", test_export_folder_errors);
  g_test_add_func ("/cli/eval/large-summary", test_eval_large_summary);
  g_test_add_func ("/cli/eval/large-full", test_eval_large_full);
  g_test_add_func ("/cli/trace/large", test_trace_large);
  return g_test_run ();
}
