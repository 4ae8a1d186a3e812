/* train-setup.h: a training setup (data, network, loss, optimizer) and the one table of its
 * fields: name, type, range, default and help, which drives the validator, the graph file's
 * reader and writer, `adjoint train`'s options and the lab's form.
 *
 *   guint n;
 *   const AgSetupField *fields = ag_train_setup_fields (&n);
 *   const AgSetupField *lr = ag_train_setup_find ("lr");
 *   lr->min, lr->min_open, lr->max, lr->default_value    // 0, TRUE, 10, 0.03
 *   g_autofree char *rule = ag_setup_field_dup_rule (lr); // "a number from 0 (excluded) to 10"
 *
 * A limit changes in its row only: every message quotes the row ("training.lr must be a number
 * from 0 (excluded) to 10", "--lr must be …", "learning rate must be …"). */
#pragma once

#include <json-glib/json-glib.h>
#include "core/dataset.h"
#include "core/optim.h"

G_BEGIN_DECLS

#define AG_TRAIN_MAX_LAYERS   6         /* hidden layers */
#define AG_TRAIN_MAX_WIDTH    64        /* units in a hidden layer */
#define AG_TRAIN_MAX_SAMPLES  10000u    /* samples the trainer takes (generated or read) */
#define AG_TRAIN_MAX_STEPS    10000000u

typedef enum {
  AG_ACTIVATION_RELU,
  AG_ACTIVATION_TANH,
  AG_ACTIVATION_SIGMOID,
  AG_ACTIVATION_LINEAR,
  AG_N_ACTIVATIONS
} AgActivation;

typedef enum {
  AG_LOSS_MSE,            /* mse(out, y): regression, or classes 0 and 1 (threshold 0.5) */
  AG_LOSS_BCE,            /* bce_logits(out, y): two classes, out is a logit (threshold 0) */
  AG_LOSS_CROSS_ENTROPY,  /* cross_entropy(out, y): one logit per class, y holds class indices */
  AG_LOSS_HINGE,          /* hinge(out, 2y − 1): two classes, out is a score (threshold 0) */
  AG_N_LOSSES
} AgLoss;

typedef enum {
  AG_INIT_UNIFORM,        /* U(−1/√fan_in, 1/√fan_in), torch.nn.Linear's default */
  AG_INIT_XAVIER,         /* Glorot uniform */
  AG_INIT_HE,             /* Kaiming normal */
  AG_N_INITS
} AgInit;

/* Everything a run depends on. Plain data: set the fields directly, then check them with
 * ag_train_setup_validate() (ag_trainer_new() does). The ranges are the table's. */
typedef struct {
  AgDatasetKind dataset;
  char         *csv;            /* a CSV file to read in place of @dataset, or NULL (owned) */
  guint         samples;        /* generated samples, training and test together */
  double        noise;
  double        test_fraction;  /* held out for testing */
  guint         n_hidden;       /* hidden layers, 0 to AG_TRAIN_MAX_LAYERS */
  guint         hidden[AG_TRAIN_MAX_LAYERS];
  AgActivation  activation;
  AgLoss        loss;
  AgInit        init;
  AgOptimKind   optimizer;
  double        lr;
  double        momentum;       /* μ of the momentum optimizer */
  guint         batch;          /* samples per step; 0 or ≥ the training set: the whole set */
  guint         steps;          /* how many steps a run takes (`adjoint train`, the lab's goal) */
  double        l1, l2;         /* regularisation: + l1·Σ|W| + l2·ΣW² over the weight matrices */
  guint64       seed;
} AgTrainSetup;

/* ---- the table ------------------------------------------------------------------------- */

typedef enum {
  AG_SETUP_CHOICE,   /* one of n_choices names (an enum field) */
  AG_SETUP_UINT,     /* a whole number in [min, max] */
  AG_SETUP_DOUBLE,   /* a finite number in [min, max], either end open when it says so */
  AG_SETUP_WIDTHS,   /* the hidden layers: up to max_count widths, each in [min, max] */
  AG_SETUP_SEED,     /* a whole number from 0 to 2^64 − 1 */
  AG_SETUP_FILE,     /* a file name, or none */
} AgSetupType;

typedef struct {
  const char  *name;          /* the JSON member ("test_fraction") */
  const char  *option;        /* `adjoint train --test-fraction` */
  const char  *label;         /* for people and the lab's form ("test fraction") */
  AgSetupType  type;
  double       min, max;      /* numbers and widths; choices: 0 and n_choices − 1 */
  gboolean     min_open;      /* TRUE: min itself is refused (lr > 0) */
  gboolean     max_open;      /* TRUE: max itself is refused (momentum < 1) */
  double       default_value; /* numbers and seeds; choices: the index */
  const char  *default_text;  /* widths only ("8,8"); NULL for the rest */
  guint        max_count;     /* widths: at most this many layers */
  guint        n_choices;
  const char *(*choice_name) (guint i);   /* choices: the i-th name */
  const char  *arg;           /* the option's placeholder ("LR") */
  const char  *help;          /* one line for --help and the form's tooltip */
  gboolean     network;       /* TRUE: part of the network program (a change rewrites it) */
  gsize        offset;        /* of the field in AgTrainSetup */
} AgSetupField;

/* The rows, in the order files write them. Static; @n_fields receives how many. */
const AgSetupField *ag_train_setup_fields (guint *n_fields);
/* The row whose name or option is @name ("test_fraction" or "test-fraction"), or NULL. */
const AgSetupField *ag_train_setup_find   (const char *name);

/* What a value of the row must be: "a whole number from 4 to 10000", "a number from 0
 * (excluded) to 10", "relu, tanh, sigmoid or linear", "a list of at most 6 layer widths from 1
 * to 64". Messages quote it after "must be" (for widths, the half that broke: "a list of at
 * most 6 layer widths" or "a list of layer widths from 1 to 64"). Owned by the caller. */
char    *ag_setup_field_dup_rule    (const AgSetupField *field);
/* The default as text: "0.03", "8,8", "moons", "none". Owned by the caller. */
char    *ag_setup_field_dup_default (const AgSetupField *field);
/* The field's value in @setup as text, in the form ag_setup_field_set_text() reads. Owned. */
char    *ag_setup_field_dup_text    (const AgSetupField *field, const AgTrainSetup *setup);
/* TRUE when @value lies in the row's range (numbers, widths and choice indices). */
gboolean ag_setup_field_accepts     (const AgSetupField *field, double value);
/* Reads @text (a command-line value: "0.03", "16,16" or "none", "relu", a seed up to 2^64 − 1)
 * into the field of @setup. FALSE with AG_ERROR_ARGUMENT "WHO must be RULE, not 'TEXT'", @who
 * naming the field as the caller's user knows it (e.g. "--lr"), and @setup unchanged. */
gboolean ag_setup_field_set_text    (const AgSetupField *field, AgTrainSetup *setup,
                                     const char *text, const char *who, GError **error);

/* ---- the setup ------------------------------------------------------------------------- */

/* The defaults of the table: two moons (200 samples, noise 0.1, 20 % held out), two hidden
 * layers of 8 tanh units, Xavier weights, binary cross-entropy, Adam at 0.03, batches of 32,
 * 300 steps. */
void     ag_train_setup_init     (AgTrainSetup *setup);
void     ag_train_setup_clear    (AgTrainSetup *setup);   /* frees the owned fields */
void     ag_train_setup_copy     (AgTrainSetup *dest, const AgTrainSetup *src);
/* FALSE with AG_ERROR_ARGUMENT and the table's message: "LABEL must be RULE". */
gboolean ag_train_setup_validate (const AgTrainSetup *setup, GError **error);
/* TRUE when any field of the table but the one named @except (NULL: none) differs between @a
 * and @b; with @network_only, only the fields that are part of the network program. */
gboolean ag_train_setup_differs  (const AgTrainSetup *a, const AgTrainSetup *b, const char *except,
                                  gboolean network_only);
/* Makes the loss suit data with @n_classes classes (0: regression targets): mse for targets,
 * cross-entropy for three or more classes; two classes keep their loss unless it is mse, which
 * becomes bce. */
void     ag_train_setup_fit_loss (AgTrainSetup *setup, guint n_classes);

/* Names as files, flags and JSON write them, and as the network program calls them (defined in
 * train.c beside that program). Static strings; FALSE for unknown names. */
const char *ag_activation_to_string   (AgActivation a);   /* "relu", "tanh", "sigmoid", "linear" */
gboolean    ag_activation_from_string (const char *name, AgActivation *a);
const char *ag_loss_to_string         (AgLoss l);         /* "mse", "bce", "cross_entropy", "hinge" */
gboolean    ag_loss_from_string       (const char *name, AgLoss *l);
const char *ag_init_to_string         (AgInit i);         /* "uniform", "xavier", "he" */
gboolean    ag_init_from_string       (const char *name, AgInit *i);
/* "mean squared error", "binary cross-entropy", … for people. Static. */
const char *ag_loss_describe          (AgLoss l);

/* The setup as the graph file's "training" object (docs/file-format.md), a member per row.
 * Owned by the caller. */
JsonNode *ag_train_setup_to_json   (const AgTrainSetup *setup);
/* Reads what ag_train_setup_to_json() wrote into @setup (initialised first with the defaults,
 * so a missing or null member keeps its default; unknown members are ignored, for newer
 * files). FALSE with AG_ERROR_FORMAT, and @setup cleared, when a member has the wrong type or
 * range: "training.NAME must be RULE". */
gboolean  ag_train_setup_from_json (JsonNode *node, AgTrainSetup *setup, GError **error);

/* The dataset the setup names: generated from the seed, or read from its CSV file (at most
 * AG_TRAIN_MAX_SAMPLES rows). Owned by the caller; NULL with @error set. */
AgDataset *ag_train_setup_load_data (const AgTrainSetup *setup, GError **error);

G_END_DECLS
