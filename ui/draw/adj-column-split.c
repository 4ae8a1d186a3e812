/* adj-column-split.c: a column's heights with one panel kept large (see adj-column-split.h). */
#include "ui/draw/adj-column-split.h"

#include <math.h>

void
adj_column_split (const int *minimum, const int *natural, guint n, guint keep,
                  double keep_fraction, int height, int *out)
{
  int others_min = 0, reserve, spare, used = 0;

  g_return_if_fail (keep < n);
  for (guint i = 0; i < n; i++)
    if (i != keep)
      {
        out[i] = MAX (minimum[i], 0);
        others_min += out[i];
      }
  reserve = MAX (MAX (minimum[keep], 0), (int) floor (CLAMP (keep_fraction, 0.0, 1.0) * height));
  spare = height - reserve - others_min;

  /* What is spare goes to the panels from the bottom up: the player, then the caption, and
   * the note at the top gives way first (it says what the reader has already read). */
  for (guint j = n; j-- > 0 && spare > 0;)
    if (j != keep && natural[j] > out[j])
      {
        const int give = MIN (natural[j] - out[j], spare);

        out[j] += give;
        spare -= give;
      }

  for (guint i = 0; i < n; i++)
    if (i != keep)
      used += out[i];
  out[keep] = MAX (MAX (minimum[keep], 0), height - used);
}
