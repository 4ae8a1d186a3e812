/* program-def.c: functions in the program language: `def name(params):`, an indented body that
 * ends with `return EXPRESSION`, and calls expanded (inlined) into the graph, each recorded in
 * the graph's call table (graph-calls.h) so a call can be drawn folded.
 *
 * A body is read twice. At its `def` it is parsed dry, building nothing, with its parameters as
 * its only names: so its layout (indentation, the `return` at its end), its names and its calls
 * are checked where they are written, whether or not it is ever called. At each call it is
 * parsed again, for real, with its parameters bound to the argument nodes; only shapes and size
 * bounds can fail then. A body sees its parameters, its own names and the functions defined
 * above it, never the program's variables: a folded call then has exactly its arguments as
 * inputs, and a function cannot call itself, directly or round a circle. */
#include "core/program.h"
#include "core/program-private.h"
#include "core/graph-calls.h"
#include "core/ops.h"

struct AgFunction {
  char      *name;
  GPtrArray *params;        /* char *: the parameters' names, in order */
  guint      def_at;        /* the token `def` */
  guint      body_first;    /* the first token of the body */
  guint      body_end;      /* the token after it */
  guint      n_calls;       /* expanded so far: names the next call "name#n" */
  gboolean   one_line;      /* the body is on the header's line, after the ':' */
};

static void
function_free (gpointer data)
{
  AgFunction *f = data;

  g_free (f->name);
  g_ptr_array_unref (f->params);
  g_free (f);
}

void
ag_parser_functions_free (Parser *p)
{
  g_clear_pointer (&p->functions, g_hash_table_unref);
  g_clear_pointer (&p->def_tokens, g_hash_table_unref);
}

static gboolean
starts_statement (const Parser *p, guint i)
{
  return i == 0 || tok (p, i - 1)->kind == AG_TOK_END;
}

gboolean
ag_parser_at_keyword (const Parser *p, const char *keyword)
{
  const AgToken *t = peek (p);

  /* Keywords only where a statement starts and not before '=', as `param` and `data`:
   * `return = 3` assigns a variable called return. */
  return t->kind == AG_TOK_NAME && tok_equals (p, t, keyword) &&
         tok (p, p->pos + 1)->kind != AG_TOK_EQUALS;
}

/* Every `def NAME` at the start of a statement, so a call of a function defined further down
 * can say where it is. One pass over the tokens. */
void
ag_parser_scan_defs (Parser *p)
{
  p->functions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, function_free);
  p->def_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i + 1 < p->tokens->len; i++)
    {
      const AgToken *t = tok (p, i), *name = tok (p, i + 1);

      if (t->kind == AG_TOK_NAME && name->kind == AG_TOK_NAME && starts_statement (p, i) &&
          tok_equals (p, t, "def"))
        {
          char *key = tok_dup (p, name);

          if (g_hash_table_contains (p->def_tokens, key))
            g_free (key);
          else
            g_hash_table_insert (p->def_tokens, key, GUINT_TO_POINTER (i + 2));
        }
    }
}

AgFunction *
ag_parser_lookup_function (const Parser *p, const char *name)
{
  return p->functions ? g_hash_table_lookup (p->functions, name) : NULL;
}

const char *
ag_parser_function_name (const Parser *p)
{
  return p->function ? p->function->name : NULL;
}

/* ---- indentation ----------------------------------------------------------------------- */

static gboolean
first_on_line (const Parser *p, guint i)
{
  return i == 0 || tok (p, i - 1)->line < tok (p, i)->line;
}

/* The blanks before token @i on its line (it is the first there). Borrowed, with its length. */
static const char *
line_indent (const Parser *p, guint i, gsize *len)
{
  const guint32 start = tok (p, i)->start;
  guint32 j = start;

  while (j > 0 && p->text[j - 1] != '\n')
    j--;
  *len = start - j;
  return p->text + j;
}

/* "4 spaces", "1 tab", "no indentation". Owned by the caller. */
static char *
describe_indent (const char *s, gsize len)
{
  guint tabs = 0, spaces = 0;

  for (gsize k = 0; k < len; k++)
    {
      if (s[k] == '\t')
        tabs++;
      /* A no-break space is two bytes and one blank. */
      else if ((guchar) s[k] != 0xC2)
        spaces++;
    }
  if (tabs == 0 && spaces == 0)
    return g_strdup ("no indentation");
  if (tabs == 0)
    return g_strdup_printf ("%u space%s", spaces, spaces == 1 ? "" : "s");
  if (spaces == 0)
    return g_strdup_printf ("%u tab%s", tabs, tabs == 1 ? "" : "s");
  return g_strdup_printf ("%u tab%s and %u space%s", tabs, tabs == 1 ? "" : "s", spaces,
                          spaces == 1 ? "" : "s");
}

static gboolean
has_prefix_len (const char *s, gsize len, const char *prefix, gsize prefix_len)
{
  return len >= prefix_len && memcmp (s, prefix, prefix_len) == 0;
}

static gboolean
has_char (const char *s, gsize len, char c)
{
  return memchr (s, c, len) != NULL;
}

/* Fails at token @i, whose line is indented @s, in the body of @f indented @body under a
 * `def` indented @def: more than the body, with tabs where the body has spaces (or the other
 * way), or between the two. */
static void
fail_indent (Parser *p, const AgFunction *f, guint i, const char *s, gsize len,
             const char *body, gsize body_len, const char *def, gsize def_len)
{
  g_autofree char *got = describe_indent (s, len);
  g_autofree char *want = describe_indent (body, body_len);
  g_autofree char *outer = describe_indent (def, def_len);

  if (has_char (s, len, '\t') != has_char (body, body_len, '\t') ||
      has_char (s, len, ' ') != has_char (body, body_len, ' '))
    ag_parser_fail_at (p, AG_ERROR_SYNTAX, i, "inconsistent indentation: this line is indented "
                       "with %s, the body of '%s' with %s; indent with spaces only (or tabs "
                       "only)", got, f->name, want);
  else if (has_prefix_len (s, len, body, body_len))
    ag_parser_fail_at (p, AG_ERROR_SYNTAX, i, "unexpected indent: this line is indented more "
                       "than the body of '%s' (%s, this line %s); indent its statements alike",
                       f->name, want, got);
  else
    ag_parser_fail_at (p, AG_ERROR_SYNTAX, i, "this line's indentation (%s) matches neither "
                       "the body of '%s' (%s) nor its `def` line (%s)", got, f->name, want,
                       outer);
}

/* ---- definitions ----------------------------------------------------------------------- */

/* Checks the header after `def NAME`: the parameters and the ':' ending the line. */
static gboolean
parse_params (Parser *p, AgFunction *f)
{
  const guint open = p->pos;

  if (peek (p)->kind != AG_TOK_LPAREN)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected '(' after `def %s`, e.g. "
                         "`def %s(x):`", f->name, f->name);
      return FALSE;
    }
  p->pos++;
  while (peek (p)->kind != AG_TOK_RPAREN)
    {
      g_autofree char *found = tok_describe (p, peek (p));
      char *param;

      if (ends_statement (peek (p)->kind))
        {
          ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "missing ')' to close the '(' at %u:%u",
                             tok (p, open)->line, tok (p, open)->col);
          return FALSE;
        }
      if (peek (p)->kind != AG_TOK_NAME)
        {
          ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected a parameter name in "
                             "`def %s(…)`, found %s", f->name, found);
          return FALSE;
        }
      param = tok_dup (p, peek (p));
      for (guint k = 0; k < f->params->len; k++)
        if (strcmp (g_ptr_array_index (f->params, k), param) == 0)
          {
            ag_parser_fail_at (p, AG_ERROR_NAME, p->pos, "the parameter '%s' is used twice in "
                               "`def %s(…)`: give each parameter its own name", param, f->name);
            g_free (param);
            return FALSE;
          }
      g_ptr_array_add (f->params, param);
      p->pos++;
      if (peek (p)->kind == AG_TOK_COMMA)
        p->pos++;
      else if (peek (p)->kind != AG_TOK_RPAREN && !ends_statement (peek (p)->kind))
        {
          g_autofree char *next = tok_describe (p, peek (p));
          ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected ',' or ')' between the "
                             "parameters of %s, found %s", f->name, next);
          return FALSE;
        }
    }
  p->pos++;
  if (peek (p)->kind != AG_TOK_COLON)
    {
      g_autofree char *found = tok_describe (p, peek (p));
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected ':' at the end of `def %s(…)`, "
                         "found %s", f->name, found);
      return FALSE;
    }
  p->pos++;
  if (peek (p)->kind == AG_TOK_EOF)
    return TRUE;
  if (peek (p)->kind == AG_TOK_END && p->text[peek (p)->start] == ';')
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected the body of '%s' after ':', on "
                         "this line or indented on the lines below", f->name);
      return FALSE;
    }
  /* `def sq(t): return t * t`: a body on the header's line, as Python allows. */
  f->one_line = peek (p)->kind != AG_TOK_END;
  if (!f->one_line)
    p->pos++;
  return TRUE;
}

static void
skip_ends (Parser *p)
{
  while (peek (p)->kind == AG_TOK_END)
    p->pos++;
}

/* Checks one statement of @f's body at the cursor, dry: not after the return, not a `def`. */
static gboolean
check_body_statement (Parser *p, AgFunction *f, guint *return_line)
{
  const guint at = p->pos;
  AgId unused;

  if (p->returned)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, at, "nothing can follow `return` in '%s': the "
                         "function ends at its return on line %u", f->name, *return_line);
      return FALSE;
    }
  if (ag_parser_at_keyword (p, "def"))
    {
      ag_parser_fail_span (p, AG_ERROR_SYNTAX, at, at + 1, "a function cannot be defined "
                           "inside another: define it above '%s'", f->name);
      return FALSE;
    }
  if (!ag_parser_parse_statement (p, &unused))
    return FALSE;
  if (p->returned && *return_line == 0)
    *return_line = tok (p, at)->line;
  return TRUE;
}

/* A body on the header's line: statements separated by ';' up to the end of the line. */
static gboolean
check_one_line_body (Parser *p, AgFunction *f, guint *return_line)
{
  f->body_first = p->pos;
  while (peek (p)->kind != AG_TOK_EOF &&
         !(peek (p)->kind == AG_TOK_END && p->text[peek (p)->start] != ';'))
    {
      if (peek (p)->kind == AG_TOK_END)
        {
          p->pos++;
          continue;
        }
      if (!check_body_statement (p, f, return_line))
        return FALSE;
    }
  skip_ends (p);
  return TRUE;
}

/* The body, dry, from the cursor (the line after the header) to the first line indented no
 * more than the `def`: one statement per line at one indentation. */
static gboolean
check_indented_body (Parser *p, AgFunction *f, guint *return_line)
{
  const guint name_at = f->def_at + 1;
  const char *def, *body;
  gsize def_len, body_len;

  def = line_indent (p, f->def_at, &def_len);
  skip_ends (p);
  if (peek (p)->kind == AG_TOK_EOF)
    {
      ag_parser_fail_span (p, AG_ERROR_SYNTAX, f->def_at, name_at, "the function '%s' has no "
                           "body: indent its statements on the lines below `def %s(…):`, the "
                           "last one `return …`", f->name, f->name);
      return FALSE;
    }
  body = line_indent (p, p->pos, &body_len);
  if (body_len <= def_len)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "expected the body of '%s' here, indented "
                         "more than its `def` on line %u", f->name, tok (p, f->def_at)->line);
      return FALSE;
    }
  if (!has_prefix_len (body, body_len, def, def_len))
    {
      g_autofree char *got = describe_indent (body, body_len);
      g_autofree char *outer = describe_indent (def, def_len);
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, p->pos, "inconsistent indentation: the body of "
                         "'%s' is indented with %s, its `def` with %s; indent with spaces only "
                         "(or tabs only)", f->name, got, outer);
      return FALSE;
    }
  f->body_first = p->pos;
  while (peek (p)->kind != AG_TOK_EOF)
    {
      const guint at = p->pos;

      if (first_on_line (p, at))
        {
          gsize len;
          const char *s = line_indent (p, at, &len);

          if (len == body_len && memcmp (s, body, len) == 0)
            ;
          else if (has_prefix_len (def, def_len, s, len))
            break;   /* back at the `def`'s level or further out: the body has ended */
          else
            {
              fail_indent (p, f, at, s, len, body, body_len, def, def_len);
              return FALSE;
            }
        }
      if (!check_body_statement (p, f, return_line))
        return FALSE;
      skip_ends (p);
    }
  return TRUE;
}

/* The body after the header, dry; it must end with its `return`. */
static gboolean
check_body (Parser *p, AgFunction *f)
{
  guint return_line = 0;

  if (!(f->one_line ? check_one_line_body (p, f, &return_line)
                    : check_indented_body (p, f, &return_line)))
    return FALSE;
  f->body_end = p->pos;
  if (!p->returned)
    {
      ag_parser_fail_span (p, AG_ERROR_SYNTAX, f->def_at, f->def_at + 1, "the function '%s' does not "
                           "end with `return`: make its last line `return EXPRESSION`", f->name);
      return FALSE;
    }
  return TRUE;
}

/* Why @name cannot name a function: a built-in, an initialiser or a keyword; or NULL. */
static const char *
reserved_name (const char *name)
{
  const AgOpInfo *info = ag_op_lookup (name);

  if (info != NULL && ag_op_is_function (info))
    return "a built-in function";
  if (ag_parser_is_init_name (name))
    return "an initialiser of parameters";
  if (strcmp (name, "def") == 0 || strcmp (name, "return") == 0 || strcmp (name, "param") == 0 ||
      strcmp (name, "data") == 0)
    return "a keyword";
  return NULL;
}

/* `def NAME(PARAMS):` and its body, at the cursor; the cursor ends on the statement after it. */
gboolean
ag_parser_parse_def (Parser *p)
{
  const guint def_at = p->pos, name_at = p->pos + 1;
  g_autoptr (GHashTable) locals = NULL;
  GHashTable *globals = p->symbols;
  const AgFunction *earlier;
  const char *reserved;
  AgFunction *f;
  gboolean ok;

  if (tok (p, name_at)->kind != AG_TOK_NAME)
    {
      ag_parser_fail_at (p, AG_ERROR_SYNTAX, name_at, "expected the function's name after "
                         "'def', e.g. `def f(x):`");
      return FALSE;
    }
  f = g_new0 (AgFunction, 1);
  f->name = tok_dup (p, tok (p, name_at));
  f->params = g_ptr_array_new_with_free_func (g_free);
  f->def_at = def_at;
  if ((reserved = reserved_name (f->name)) != NULL)
    ag_parser_fail_at (p, AG_ERROR_NAME, name_at, "'%s' is %s: give your function another "
                       "name", f->name, reserved);
  else if ((earlier = ag_parser_lookup_function (p, f->name)) != NULL)
    ag_parser_fail_at (p, AG_ERROR_NAME, name_at, "the function '%s' is already defined at "
                       "line %u: give this one another name", f->name,
                       tok (p, earlier->def_at)->line);
  p->pos = name_at + 1;
  if (p->failed || !parse_params (p, f))
    {
      function_free (f);
      return FALSE;
    }

  /* The body sees its parameters only; each is bound to nothing while dry. */
  locals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint k = 0; k < f->params->len; k++)
    g_hash_table_insert (locals, g_strdup (g_ptr_array_index (f->params, k)),
                         GUINT_TO_POINTER (AG_NO_ID + 1));
  p->symbols = locals;
  p->globals = globals;
  p->function = f;
  p->dry = TRUE;
  p->returned = FALSE;
  ok = check_body (p, f);
  p->symbols = globals;
  p->globals = NULL;
  p->function = NULL;
  p->dry = FALSE;
  p->returned = FALSE;
  if (!ok)
    {
      function_free (f);
      return FALSE;
    }
  g_hash_table_insert (p->functions, f->name, f);
  return TRUE;
}

/* ---- calls ----------------------------------------------------------------------------- */

gboolean
ag_parser_explain_undefined_function (Parser *p, guint at, const char *name)
{
  const guint def_token = GPOINTER_TO_UINT (p->def_tokens ? g_hash_table_lookup (p->def_tokens,
                                                                                  name) : NULL);

  if (p->function != NULL && strcmp (name, p->function->name) == 0)
    ag_parser_fail_at (p, AG_ERROR_NAME, at, "'%s' calls itself: a function may call only "
                       "functions defined above it, so recursion is not supported", name);
  else if (def_token != 0 && p->function != NULL)
    ag_parser_fail_at (p, AG_ERROR_NAME, at, "'%s' is defined below, at line %u: a function may "
                       "call only functions defined above it, so functions cannot call each "
                       "other in a circle", name, tok (p, def_token - 1)->line);
  else if (def_token != 0)
    ag_parser_fail_at (p, AG_ERROR_NAME, at, "'%s' is defined below, at line %u: define a "
                       "function above the line that calls it", name,
                       tok (p, def_token - 1)->line);
  else
    return FALSE;
  return TRUE;
}

gboolean
ag_parser_explain_hidden_name (Parser *p, guint at, const char *name)
{
  if (p->function == NULL || p->globals == NULL || !g_hash_table_contains (p->globals, name))
    return FALSE;
  ag_parser_fail_at (p, AG_ERROR_NAME, at, "'%s' is not visible inside '%s': a function reads "
                     "only its parameters and the names it assigns; pass %s in as an argument",
                     name, p->function->name, name);
  return TRUE;
}

/* The parameters as "(x, w, b)". */
static char *
params_text (const AgFunction *f)
{
  GString *s = g_string_new ("(");

  for (guint k = 0; k < f->params->len; k++)
    g_string_append_printf (s, "%s%s", k ? ", " : "", (const char *) f->params->pdata[k]);
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

/* The bounds on expanding calls: a call inside a call inside … (each a C frame of the
 * parser), how many calls there are, and how many tokens they read in all (a function that
 * calls the one above twice doubles the work at each level). */
static gboolean
check_call_bounds (Parser *p, const AgFunction *f, guint name_at, guint close)
{
  const gsize body = f->body_end - f->body_first;

  if (p->call_depth >= AG_MAX_CALL_DEPTH)
    ag_parser_fail_span (p, AG_ERROR_LIMIT, name_at, close, "calls nested too deeply: more than "
                         "%d calls inside each other", AG_MAX_CALL_DEPTH);
  else if (p->n_calls >= AG_MAX_CALLS)
    ag_parser_fail_span (p, AG_ERROR_LIMIT, name_at, close, "the program makes more than %d "
                         "calls of functions", AG_MAX_CALLS);
  else if ((p->expanded_tokens += MIN (body, (gsize) AG_MAX_CALL_TOKENS)) > AG_MAX_CALL_TOKENS)
    ag_parser_fail_span (p, AG_ERROR_LIMIT, name_at, close, "the program's calls of functions "
                         "are too long to expand (more than %u tokens in all)",
                         AG_MAX_CALL_TOKENS);
  return !p->failed;
}

/* Parses @f's body for real from its first token until its `return`, in a call already open
 * in the graph; the returned node in @output. */
static gboolean
expand_body (Parser *p, AgFunction *f, const char *call_name, guint name_at, const GArray *args,
             AgId *output)
{
  g_autoptr (GHashTable) locals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Parser saved = *p;
  gboolean ok = TRUE;

  for (guint k = 0; k < f->params->len; k++)
    g_hash_table_insert (locals, g_strdup (g_ptr_array_index (f->params, k)),
                         GUINT_TO_POINTER (g_array_index (args, AgId, k) + 1));
  if (p->globals == NULL)
    p->globals = p->symbols;
  p->symbols = locals;
  p->function = f;
  p->call_name = call_name;
  p->call_line = tok (p, name_at)->line;
  p->call_col = tok (p, name_at)->col;
  p->call_first_node = ag_graph_n_nodes (p->graph);
  p->call_depth++;
  p->returned = FALSE;
  p->pos = f->body_first;
  while (ok && !p->returned)
    {
      AgId unused;

      skip_ends (p);
      /* Checked at the `def`: the body ends with its return. */
      g_assert (peek (p)->kind != AG_TOK_EOF);
      ok = ag_parser_parse_statement (p, &unused);
    }
  *output = p->returned_id;
  p->pos = saved.pos;
  p->symbols = saved.symbols;
  p->globals = saved.globals;
  p->function = saved.function;
  p->call_name = saved.call_name;
  p->call_line = saved.call_line;
  p->call_col = saved.call_col;
  p->call_first_node = saved.call_first_node;
  p->call_depth = saved.call_depth;
  p->returned = saved.returned;
  p->returned_id = saved.returned_id;
  return ok;
}

gboolean
ag_parser_call_function (Parser *p, AgFunction *f, const GArray *args, guint name_at,
                         guint close, Expr *out)
{
  const AgToken *a = tok (p, name_at), *b = tok (p, close);
  g_autofree char *call_name = NULL;
  AgId output;
  guint call;

  *out = (Expr) { AG_NO_ID, name_at, close, FALSE };
  if (args->len != f->params->len)
    {
      g_autofree char *params = params_text (f);
      ag_parser_fail_span (p, AG_ERROR_SYNTAX, name_at, close, "%s takes %u argument%s %s, "
                           "got %u", f->name, f->params->len, f->params->len == 1 ? "" : "s",
                           params, args->len);
      return FALSE;
    }
  if (p->dry)
    return TRUE;
  if (!check_call_bounds (p, f, name_at, close) || !ag_parser_enter (p, name_at))
    return FALSE;
  p->n_calls++;
  f->n_calls++;
  call_name = f->n_calls == 1 ? g_strdup (f->name)
                              : g_strdup_printf ("%s#%u", f->name, f->n_calls);
  call = ag_graph_begin_call (p->graph, f->name, call_name, a->line, a->col,
                              b->cpos + b->nchars - a->cpos,
                              (const AgId *) (void *) args->data, args->len);
  if (!expand_body (p, f, call_name, name_at, args, &output))
    return FALSE;
  ag_graph_end_call (p->graph, call, output);
  ag_parser_leave (p);
  out->id = output;
  return TRUE;
}
