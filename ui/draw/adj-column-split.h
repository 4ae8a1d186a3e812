/* adj-column-split.h: how a column of panels shares its height when one of them (the graph
 * canvas) must keep a good part of it, as a pure function. The others (the lesson's note, the
 * caption, the player) get their natural heights while that leaves the kept panel its share;
 * otherwise they give way from the top down to their minimums (a panel that can scroll has a
 * small one): the note above the canvas first, the caption and the player below it last. No
 * GTK.
 *
 *   int min[] = { 20, 0, 20, 56 }, nat[] = { 300, 0, 212, 56 }, out[4];
 *   adj_column_split (min, nat, 4, 1, 0.5, 650, out);   // out[1] >= 325
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Heights for @n panels stacked in @height pixels: @minimum and @natural are each panel's
 * (for the column's width); panel @keep gets at least @keep_fraction of @height (and at least
 * its minimum) and all that is left over; every other panel gets at least its minimum and at
 * most its natural height, what is spare going to the last panel first, then the one before. When even the minimums do not fit, the kept panel gets what the
 * others' minimums leave (at least its own minimum): the column then overflows. Writes @out
 * (n entries). */
void adj_column_split (const int *minimum, const int *natural, guint n, guint keep,
                       double keep_fraction, int height, int *out);

G_END_DECLS
