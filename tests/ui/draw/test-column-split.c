/* test-column-split.c: the window's centre column keeps the canvas large (issue 15): at Text
 * Size 200 % the note and the caption grew and squeezed the canvas to a strip; split by
 * adj_column_split, the canvas keeps its share and the text panels give way. Pure. */
#include "ui/draw/adj-column-split.h"

/* Panels as in the window: note, canvas, caption, player. */
enum { NOTE, CANVAS, CAPTION, PLAYER, N_PANELS };

static int
sum (const int *v, guint n)
{
  int s = 0;
  for (guint i = 0; i < n; i++)
    s += v[i];
  return s;
}

/* Room for all: everyone natural, the canvas the rest. */
static void
test_room_for_all (void)
{
  const int min[] = { 20, 100, 30, 44 }, nat[] = { 75, 100, 53, 44 };
  int out[N_PANELS];

  adj_column_split (min, nat, N_PANELS, CANVAS, 0.5, 650, out);
  g_assert_cmpint (out[NOTE], ==, 75);
  g_assert_cmpint (out[CAPTION], ==, 53);
  g_assert_cmpint (out[PLAYER], ==, 44);
  g_assert_cmpint (out[CANVAS], ==, 650 - 75 - 53 - 44);
  g_assert_cmpint (sum (out, N_PANELS), ==, 650);
}

/* Text Size 200 % at 1280×720 (the numbers the window measured): the note wants 298 px and the
 * caption 212, which left the canvas 200 of 710. Now the canvas keeps half, the player and the
 * caption stay whole, and the note (read already; it scrolls) takes what is left. */
static void
test_large_text (void)
{
  const int min[] = { 20, 50, 40, 56 }, nat[] = { 298, 50, 212, 56 };
  int out[N_PANELS];

  adj_column_split (min, nat, N_PANELS, CANVAS, 0.5, 650, out);
  g_assert_cmpint (out[CANVAS], >=, 325);
  g_assert_cmpint (out[PLAYER], ==, 56);
  g_assert_cmpint (out[NOTE], >=, min[NOTE]);
  g_assert_cmpint (out[CAPTION], >=, min[CAPTION]);
  g_assert_cmpint (out[CAPTION], ==, 212);
  g_assert_cmpint (out[NOTE], ==, 650 - 325 - 212 - 56);
  g_assert_cmpint (out[CANVAS], ==, 325);
  g_assert_cmpint (sum (out, N_PANELS), ==, 650);

  /* A caption longer than the room: it scrolls too, the note keeps its minimum. */
  {
    const int nat2[] = { 298, 50, 400, 56 };
    adj_column_split (min, nat2, N_PANELS, CANVAS, 0.5, 650, out);
    g_assert_cmpint (out[NOTE], ==, 20);
    g_assert_cmpint (out[CAPTION], ==, 650 - 325 - 20 - 56);
    g_assert_cmpint (out[CANVAS], ==, 325);
  }
}

/* Too small for even the minimums: the others keep theirs, the canvas its own; the column
 * overflows rather than giving a panel less than it can draw in. */
static void
test_overflow (void)
{
  const int min[] = { 20, 80, 40, 56 }, nat[] = { 298, 80, 212, 56 };
  int out[N_PANELS];

  adj_column_split (min, nat, N_PANELS, CANVAS, 0.5, 150, out);
  g_assert_cmpint (out[NOTE], ==, 20);
  g_assert_cmpint (out[CAPTION], ==, 40);
  g_assert_cmpint (out[PLAYER], ==, 56);
  g_assert_cmpint (out[CANVAS], ==, 80);
}

/* For any height and fraction: the kept panel gets at least its share, the others stay within
 * their minimum and natural, and the total is the height whenever the minimums fit. */
static void
test_invariants (void)
{
  const int min[] = { 0, 30, 10, 44, 5 }, nat[] = { 400, 30, 90, 44, 5 };

  for (int h = 0; h <= 1200; h += 7)
    for (double f = 0; f <= 0.9; f += 0.15)
      {
        const int share = MAX (30, (int) (f * h));
        const gboolean fits = share + sum (min, 5) - 30 <= h;
        int out[5];

        adj_column_split (min, nat, 5, 1, f, h, out);
        /* Its share whenever the others' minimums leave it; its minimum always. */
        g_assert_cmpint (out[1], >=, fits ? share : 30);
        for (guint i = 0; i < 5; i++)
          if (i != 1)
            {
              g_assert_cmpint (out[i], >=, min[i]);
              g_assert_cmpint (out[i], <=, nat[i]);
            }
        if (fits)
          g_assert_cmpint (sum (out, 5), ==, h);
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/column-split/room-for-all", test_room_for_all);
  g_test_add_func ("/ui/column-split/large-text", test_large_text);
  g_test_add_func ("/ui/column-split/overflow", test_overflow);
  g_test_add_func ("/ui/column-split/invariants", test_invariants);
  return g_test_run ();
}
