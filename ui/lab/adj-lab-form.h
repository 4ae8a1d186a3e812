/* adj-lab-form.h: the training lab's setup form (data, network, training), built from the
 * template data/ui/adj-lab-form.ui. It shows a setup and edits its own copy of it: each change
 * the user makes is emitted as ::changed with what it touched; the lab then takes the form's
 * setup (adj_lab_form_get_setup()) and applies it. Only the control that moved is read, so a
 * value of a file that the controls cannot hold exactly (a seed over 999999) is kept. */
#pragma once

#include <gtk/gtk.h>
#include "core/train.h"

G_BEGIN_DECLS

#define ADJ_TYPE_LAB_FORM (adj_lab_form_get_type ())
G_DECLARE_FINAL_TYPE (AdjLabForm, adj_lab_form, ADJ, LAB_FORM, GtkWidget)

/* What a ::changed touched. */
typedef enum {
  ADJ_LAB_FORM_DATA,       /* samples, noise, test share or seed: the same network */
  ADJ_LAB_FORM_DATASET,    /* another dataset or CSV file: the loss may have to suit it */
  ADJ_LAB_FORM_NETWORK,    /* the hidden layers: the program is rewritten */
  ADJ_LAB_FORM_TRAINING,   /* activation, loss, weights, penalty, optimizer or batch */
  ADJ_LAB_FORM_LR,         /* the learning rate alone: training carries on */
} AdjLabFormChange;

GType adj_lab_form_change_get_type (void) G_GNUC_CONST;
#define ADJ_TYPE_LAB_FORM_CHANGE (adj_lab_form_change_get_type ())

GtkWidget          *adj_lab_form_new (void);

/* Shows @setup (copied); emits nothing. */
void                adj_lab_form_set_setup (AdjLabForm *self, const AgTrainSetup *setup);
/* The setup as the form holds it. Borrowed. */
const AgTrainSetup *adj_lab_form_get_setup (AdjLabForm *self);

/* The dataset thumbnails follow a dark theme. */
void                adj_lab_form_set_dark (AdjLabForm *self, gboolean dark);

G_END_DECLS
