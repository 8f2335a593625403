/* SPDX-License-Identifier: MIT */
/*
 * Python's grammar for what declares models: statements at module and
 * class level (imports, assignments, annotated assignments, classes with
 * their decorators), and every expression form (so that valid Python
 * never reads as a syntax error). Compound statements other than classes
 * (def, if, for, try, with, match, ...) are skipped by their suite.
 * Comprehensions, conditional expressions, slices and f-strings become
 * RT_PY_OTHER: they are never evaluated.
 */
#include "base/common.h"

#include "base/buf.h"
#include "py/py_int.h"

typedef struct parser {
	rt_arena *a;
	const char *path, *text;
	tok *t;
	size_t n, i;
	int depth;
	rt_error *err;
} parser;

static tok *peek(parser *p)
{
	return &p->t[p->i];
}

static tok *peek2(parser *p)
{
	return p->i + 1 < p->n ? &p->t[p->i + 1] : &p->t[p->n - 1];
}

static tok *next(parser *p)
{
	tok *t = &p->t[p->i];
	if (t->kind != T_END)
		p->i++;
	return t;
}

/* These run for every token the grammar looks at: the first byte
 * decides most of them. */
static bool is_op(const tok *t, const char *op)
{
	return t->kind == T_OP && t->s[0] == op[0] &&
	       (op[1] ? strcmp(t->s, op) == 0 : t->len == 1);
}

static bool is_kw(const tok *t, const char *kw)
{
	/* kw is a keyword or a soft keyword: the tokenizer marked those */
	return t->kind == T_NAME && (t->flags & TF_KEYWORD) &&
	       t->s[0] == kw[0] && strcmp(t->s, kw) == 0;
}

static bool accept_op(parser *p, const char *op)
{
	if (is_op(peek(p), op)) {
		next(p);
		return true;
	}
	return false;
}

static bool accept_kw(parser *p, const char *kw)
{
	if (is_kw(peek(p), kw)) {
		next(p);
		return true;
	}
	return false;
}

static const char *tok_text(const tok *t)
{
	switch (t->kind) {
	case T_END:
		return "end of file";
	case T_NEWLINE:
		return "end of line";
	case T_INDENT:
		return "indent";
	case T_DEDENT:
		return "dedent";
	case T_STRING:
		return "string";
	default:
		return t->s;
	}
}

static int fail(parser *p, const tok *t, const char *fmt, ...) RT_PRINTF(3, 4);

static int fail(parser *p, const tok *t, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rt_errorf(p->err, RT_EINPUT, "%s", msg);
	rt_error_at(p->err, p->path, t->line, t->col);
	return -1;
}

static int syntax(parser *p, const tok *t)
{
	if (t->kind == T_INDENT)
		return fail(p, t, "syntax error: unexpected indent");
	if (t->kind == T_STRING)
		return fail(p, t, "syntax error: unexpected string");
	return fail(p, t, "syntax error at '%s'", tok_text(t));
}

static int expect_op(parser *p, const char *op)
{
	tok *t = peek(p);
	if (!is_op(t, op)) {
		if (t->kind == T_NEWLINE || t->kind == T_END)
			return fail(p, t, "syntax error: expected '%s'", op);
		return fail(p, t, "syntax error at '%s': expected '%s'",
			    tok_text(t), op);
	}
	next(p);
	return 0;
}

static rt_py_expr *node(parser *p, rt_py_kind k, const tok *at)
{
	rt_py_expr *e = rt_arena_alloc(p->a, sizeof(*e));
	e->kind = k;
	e->line = at->line;
	e->col = at->col;
	return e;
}

static rt_py_expr *other(parser *p, const tok *at, const char *what)
{
	rt_py_expr *e = node(p, RT_PY_OTHER, at);
	e->s = what;
	return e;
}

typedef struct list {
	rt_py_expr **v;
	size_t n, cap;
} list;

static void list_add(parser *p, list *l, rt_py_expr *e)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;
		rt_py_expr **v = rt_arena_alloc(p->a, cap * sizeof(*v));
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = e;
}

/* Skips to the bracket that closes the one whose contents start at the
 * current token (brackets balance: the tokenizer checked). */
static void skip_to_close(parser *p)
{
	int d = 0;
	for (;;) {
		tok *t = peek(p);
		if (t->kind == T_END)
			return;
		if (t->kind == T_OP &&
		    (is_op(t, "(") || is_op(t, "[") || is_op(t, "{")))
			d++;
		if (t->kind == T_OP &&
		    (is_op(t, ")") || is_op(t, "]") || is_op(t, "}"))) {
			if (d == 0)
				return;
			d--;
		}
		next(p);
	}
}

static rt_py_expr *expr(parser *p);
static rt_py_expr *or_test(parser *p);
static rt_py_expr * bitor (parser * p);
static rt_py_expr *star_expr(parser *p);

static bool enter(parser *p, const tok *t)
{
	if (++p->depth > 4 * RT_PY_DEPTH_MAX) {
		fail(p, t, "expression nested too deeply (over %d levels)",
		     4 * RT_PY_DEPTH_MAX);
		return false;
	}
	return true;
}

/* Strings next to each other are one; an f-string among them makes the
 * whole RT_PY_OTHER. */
static rt_py_expr *strings(parser *p)
{
	tok *first = peek(p);
	bool fstr = false, bytes = (first->flags & TF_BYTES) != 0;
	size_t total = 0, i = p->i;
	while (p->t[i].kind == T_STRING) {
		fstr |= (p->t[i].flags & TF_FSTRING) != 0;
		total += p->t[i].len;
		i++;
	}
	rt_py_expr *e = node(p, bytes ? RT_PY_BYTES : RT_PY_STR, first);
	char *s = rt_arena_alloc(p->a, total + 1);
	size_t len = 0;
	while (peek(p)->kind == T_STRING) {
		tok *t = next(p);
		memcpy(s + len, t->s, t->len);
		len += t->len;
	}
	s[len] = 0;
	e->s = s;
	e->len = len;
	if (fstr) {
		e->kind = RT_PY_OTHER;
		e->s = "f-string";
		e->len = 0;
	}
	return e;
}

/* After the first element of a bracket display: a comprehension? */
static bool comp_follows(parser *p)
{
	return is_kw(peek(p), "for") ||
	       (is_kw(peek(p), "async") && is_kw(peek2(p), "for"));
}

/* ( ... ) after the "(" */
static rt_py_expr *paren(parser *p, tok *open)
{
	if (accept_op(p, ")"))
		return node(p, RT_PY_TUPLE, open);
	if (is_kw(peek(p), "yield")) {
		skip_to_close(p);
		if (expect_op(p, ")") < 0)
			return NULL;
		return other(p, open, "yield");
	}
	rt_py_expr *first = star_expr(p);
	if (!first)
		return NULL;
	if (comp_follows(p)) {
		skip_to_close(p);
		if (expect_op(p, ")") < 0)
			return NULL;
		return other(p, open, "comprehension");
	}
	if (accept_op(p, ")"))
		return first;
	list l = {0};
	list_add(p, &l, first);
	while (accept_op(p, ",")) {
		if (is_op(peek(p), ")"))
			break;
		rt_py_expr *e = star_expr(p);
		if (!e)
			return NULL;
		list_add(p, &l, e);
	}
	if (expect_op(p, ")") < 0)
		return NULL;
	rt_py_expr *t = node(p, RT_PY_TUPLE, open);
	t->items = l.v;
	t->n = l.n;
	return t;
}

static rt_py_expr *bracket(parser *p, tok *open)
{
	rt_py_expr *e = node(p, RT_PY_LIST, open);
	list l = {0};
	if (accept_op(p, "]"))
		return e;
	rt_py_expr *first = star_expr(p);
	if (!first)
		return NULL;
	if (comp_follows(p)) {
		skip_to_close(p);
		if (expect_op(p, "]") < 0)
			return NULL;
		return other(p, open, "comprehension");
	}
	list_add(p, &l, first);
	while (accept_op(p, ",")) {
		if (is_op(peek(p), "]"))
			break;
		rt_py_expr *x = star_expr(p);
		if (!x)
			return NULL;
		list_add(p, &l, x);
	}
	if (expect_op(p, "]") < 0)
		return NULL;
	e->items = l.v;
	e->n = l.n;
	return e;
}

/* { ... }: a dict (keys NULL for **x) or a set. */
static rt_py_expr *brace(parser *p, tok *open)
{
	rt_py_expr *e = node(p, RT_PY_DICT, open);
	list keys = {0}, vals = {0};
	if (accept_op(p, "}"))
		return e;
	for (bool first = true;; first = false) {
		rt_py_expr *k = NULL, *v;
		if (accept_op(p, "**")) {
			if (!first && e->kind != RT_PY_DICT)
				return syntax(p, peek(p)), NULL;
			if (!(v = bitor (p)))
				return NULL;
		} else {
			if (!(k = star_expr(p)))
				return NULL;
			if (first)
				e->kind = is_op(peek(p), ":") ? RT_PY_DICT
							      : RT_PY_SET;
			if (e->kind == RT_PY_DICT) {
				if (expect_op(p, ":") < 0)
					return NULL;
				if (!(v = expr(p)))
					return NULL;
			} else {
				v = NULL;
			}
		}
		if (first && comp_follows(p)) {
			skip_to_close(p);
			if (expect_op(p, "}") < 0)
				return NULL;
			return other(p, open, "comprehension");
		}
		list_add(p, &keys, k);
		list_add(p, &vals, v);
		if (!accept_op(p, ","))
			break;
		if (is_op(peek(p), "}"))
			break;
	}
	if (expect_op(p, "}") < 0)
		return NULL;
	e->items = keys.v;
	e->vals = e->kind == RT_PY_DICT ? vals.v : NULL;
	e->n = keys.n;
	return e;
}

static rt_py_expr *atom(parser *p)
{
	tok *t = peek(p);
	switch (t->kind) {
	case T_NAME:
		if (rt_py__is_keyword(t->s) && !is_kw(t, "None") &&
		    !is_kw(t, "True") && !is_kw(t, "False"))
			return syntax(p, t), NULL;
		next(p);
		rt_py_expr *e = node(p, RT_PY_NAME, t);
		e->s = t->s;
		return e;
	case T_NUMBER:
		next(p);
		e = node(p, RT_PY_NUM, t);
		e->s = t->s;
		e->len = t->len;
		return e;
	case T_STRING:
		return strings(p);
	case T_OP:
		if (is_op(t, "...")) {
			next(p);
			return node(p, RT_PY_ELLIPSIS, t);
		}
		if (is_op(t, "(") || is_op(t, "[") || is_op(t, "{")) {
			if (!enter(p, t))
				return NULL;
			next(p);
			rt_py_expr *r = is_op(t, "(")	? paren(p, t)
					: is_op(t, "[") ? bracket(p, t)
							: brace(p, t);
			p->depth--;
			return r;
		}
		break;
	default:
		break;
	}
	return syntax(p, t), NULL;
}

/* Appends a keyword name (NULL for **x) to a growing array. */
static void kw_add(parser *p, const char ***kw, size_t *n, size_t *cap,
		   const char *name)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		const char **nk = rt_arena_alloc(p->a, *cap * sizeof(*nk));
		if (*n)
			memcpy(nk, *kw, *n * sizeof(*nk));
		*kw = nk;
	}
	(*kw)[(*n)++] = name;
}

/* Call arguments after "(": positional (with *x), keyword (with **x). */
static rt_py_expr *call_args(parser *p, rt_py_expr *fn, tok *open)
{
	rt_py_expr *c = node(p, RT_PY_CALL, open);
	c->a = fn;
	c->line = fn->line;
	c->col = fn->col;
	list pos = {0}, kwv = {0};
	const char **kw = NULL;
	size_t nkw = 0, capkw = 0;
	while (!is_op(peek(p), ")")) {
		tok *t = peek(p);
		if (t->kind == T_NAME && is_op(peek2(p), "=")) {
			next(p);
			next(p);
			rt_py_expr *v = expr(p);
			if (!v)
				return NULL;
			kw_add(p, &kw, &nkw, &capkw, t->s);
			list_add(p, &kwv, v);
		} else if (accept_op(p, "**")) {
			rt_py_expr *v = expr(p);
			if (!v)
				return NULL;
			kw_add(p, &kw, &nkw, &capkw, NULL);
			list_add(p, &kwv, v);
		} else {
			rt_py_expr *v = star_expr(p);
			if (!v)
				return NULL;
			if (t->kind == T_NAME && accept_op(p, ":=")) {
				if (!expr(p))
					return NULL;
				v = other(p, t, "assignment expression");
			}
			if (comp_follows(p)) {
				skip_to_close(p);
				v = other(p, t, "comprehension");
			}
			list_add(p, &pos, v);
		}
		if (!accept_op(p, ","))
			break;
	}
	if (expect_op(p, ")") < 0)
		return NULL;
	c->items = pos.v;
	c->n = pos.n;
	c->kw = kw;
	c->kwv = kwv.v;
	c->nkw = nkw;
	return c;
}

/* One subscript item: an expression or a slice. */
static rt_py_expr *subscript_item(parser *p)
{
	tok *t = peek(p);
	bool slice = false;
	if (!is_op(t, ":")) {
		rt_py_expr *e = star_expr(p);
		if (!e)
			return NULL;
		if (!is_op(peek(p), ":"))
			return e;
	}
	slice = true;
	while (accept_op(p, ":")) {
		if (!is_op(peek(p), ":") && !is_op(peek(p), ",") &&
		    !is_op(peek(p), "]") && !expr(p))
			return NULL;
	}
	(void)slice;
	return other(p, t, "slice");
}

static rt_py_expr *primary(parser *p)
{
	tok *start = peek(p);
	rt_py_expr *e = atom(p);
	while (e) {
		tok *t = peek(p);
		if (accept_op(p, ".")) {
			tok *n = peek(p);
			if (n->kind != T_NAME)
				return syntax(p, n), NULL;
			next(p);
			rt_py_expr *x = node(p, RT_PY_ATTR, start);
			x->a = e;
			x->s = n->s;
			e = x;
		} else if (is_op(t, "(")) {
			if (!enter(p, t))
				return NULL;
			next(p);
			e = call_args(p, e, t);
			p->depth--;
		} else if (is_op(t, "[")) {
			if (!enter(p, t))
				return NULL;
			next(p);
			rt_py_expr *x = node(p, RT_PY_SUBSCRIPT, start);
			x->a = e;
			list l = {0};
			bool tuple = false;
			for (;;) {
				rt_py_expr *it = subscript_item(p);
				if (!it)
					return NULL;
				list_add(p, &l, it);
				if (!accept_op(p, ","))
					break;
				tuple = true;
				if (is_op(peek(p), "]"))
					break;
			}
			if (expect_op(p, "]") < 0)
				return NULL;
			p->depth--;
			if (tuple) {
				rt_py_expr *tu = node(p, RT_PY_TUPLE, t);
				tu->items = l.v;
				tu->n = l.n;
				x->b = tu;
			} else {
				x->b = l.v[0];
			}
			e = x;
		} else {
			break;
		}
	}
	return e;
}

static rt_py_expr *binop(parser *p, const tok *at, const char *op,
			 rt_py_expr *l, rt_py_expr *r)
{
	if (!l || !r)
		return NULL;
	rt_py_expr *e = node(p, RT_PY_BINOP, at);
	e->line = l->line;
	e->col = l->col;
	e->s = op;
	e->a = l;
	e->b = r;
	return e;
}

static rt_py_expr *unary(parser *p, const tok *at, const char *op,
			 rt_py_expr *x)
{
	if (!x)
		return NULL;
	rt_py_expr *e = node(p, RT_PY_UNARY, at);
	e->s = op;
	e->a = x;
	return e;
}

static rt_py_expr *factor(parser *p);

static rt_py_expr *power(parser *p)
{
	tok *t = peek(p);
	rt_py_expr *e;
	if (is_kw(t, "await")) {
		next(p);
		if (!(e = unary(p, t, "await", primary(p))))
			return NULL;
	} else {
		e = primary(p);
	}
	if (e && is_op(peek(p), "**")) {
		tok *o = next(p);
		e = binop(p, o, "**", e, factor(p));
	}
	return e;
}

static rt_py_expr *factor(parser *p)
{
	tok *t = peek(p);
	if (is_op(t, "+") || is_op(t, "-") || is_op(t, "~")) {
		if (!enter(p, t))
			return NULL;
		next(p);
		rt_py_expr *x = factor(p);
		p->depth--;
		return unary(p, t, t->s, x);
	}
	return power(p);
}

/* The binary operator at t and its precedence (comparisons 0, "|" 1,
 * "^" 2, "&" 3, shifts 4, "+ -" 5, "* / // % @" 6), or -1. *two: "not
 * in" and "is not" take two tokens. */
static int binop_prec(parser *p, const tok *t, const char **op, bool *two)
{
	*two = false;
	if (t->kind == T_OP) {
		const char *s = t->s;
		*op = s;
		switch (s[0]) {
		case '|':
			return t->len == 1 ? 1 : -1;
		case '^':
			return t->len == 1 ? 2 : -1;
		case '&':
			return t->len == 1 ? 3 : -1;
		case '<':
		case '>':
			if (t->len == 2 && s[1] == s[0])
				return 4;
			return t->len == 1 || s[1] == '=' ? 0 : -1;
		case '=':
		case '!':
			return t->len == 2 && s[1] == '=' ? 0 : -1;
		case '+':
		case '-':
			return t->len == 1 ? 5 : -1;
		case '*':
		case '%':
		case '@':
			return t->len == 1 ? 6 : -1;
		case '/':
			return t->len == 1 || (t->len == 2 && s[1] == '/') ? 6
									   : -1;
		default:
			return -1;
		}
	}
	if (t->kind != T_NAME)
		return -1;
	if (is_kw(t, "in")) {
		*op = "in";
		return 0;
	}
	if (is_kw(t, "not") && is_kw(peek2(p), "in")) {
		*op = "not in";
		*two = true;
		return 0;
	}
	if (is_kw(t, "is")) {
		bool nt = is_kw(peek2(p), "not");
		*op = nt ? "is not" : "is";
		*two = nt;
		return 0;
	}
	return -1;
}

/* Binary operators by precedence climbing, from min upwards. */
static rt_py_expr *binary(parser *p, int min)
{
	rt_py_expr *e = factor(p);
	for (;;) {
		tok *t = peek(p);
		const char *op = NULL;
		bool two;
		int prec = binop_prec(p, t, &op, &two);
		if (prec < min || !e)
			return e;
		next(p);
		if (two)
			next(p);
		if (!enter(p, t))
			return NULL;
		rt_py_expr *r = binary(p, prec + 1);
		p->depth--;
		e = binop(p, t, op, e, r);
	}
}

static rt_py_expr * bitor (parser * p)
{
	return binary(p, 1);
}

static rt_py_expr *comparison(parser *p)
{
	return binary(p, 0);
}

static rt_py_expr *not_test(parser *p)
{
	tok *t = peek(p);
	if (is_kw(t, "not")) {
		if (!enter(p, t))
			return NULL;
		next(p);
		rt_py_expr *x = not_test(p);
		p->depth--;
		return unary(p, t, "not", x);
	}
	return comparison(p);
}

static rt_py_expr *and_test(parser *p)
{
	rt_py_expr *e = not_test(p);
	while (e && is_kw(peek(p), "and")) {
		tok *t = next(p);
		e = binop(p, t, "and", e, not_test(p));
	}
	return e;
}

static rt_py_expr *or_test(parser *p)
{
	rt_py_expr *e = and_test(p);
	while (e && is_kw(peek(p), "or")) {
		tok *t = next(p);
		e = binop(p, t, "or", e, and_test(p));
	}
	return e;
}

static rt_py_expr *lambda(parser *p, tok *t)
{
	/* parameters up to the ':' outside brackets */
	int d = 0;
	for (;;) {
		tok *x = peek(p);
		if (x->kind == T_END || x->kind == T_NEWLINE)
			return syntax(p, x), NULL;
		if (d == 0 && is_op(x, ":"))
			break;
		if (is_op(x, "(") || is_op(x, "[") || is_op(x, "{"))
			d++;
		if (is_op(x, ")") || is_op(x, "]") || is_op(x, "}")) {
			if (d == 0)
				return syntax(p, x), NULL;
			d--;
		}
		next(p);
	}
	next(p);
	tok *body = peek(p);
	rt_py_expr *b = expr(p);
	if (!b)
		return NULL;
	tok *end = peek(p);
	rt_py_expr *e = node(p, RT_PY_LAMBDA, t);
	e->b = b;
	e->s =
	    rt_arena_strndup(p->a, p->text + body->off,
			     end->off > body->off ? end->off - body->off : 0);
	return e;
}

static rt_py_expr *expr(parser *p)
{
	tok *t = peek(p);
	if (!enter(p, t))
		return NULL;
	rt_py_expr *e;
	if (is_kw(t, "lambda")) {
		next(p);
		e = lambda(p, t);
	} else {
		e = or_test(p);
		if (e && is_kw(peek(p), "if")) {
			next(p);
			if (!or_test(p) || !accept_kw(p, "else"))
				e = NULL, syntax(p, peek(p));
			else if (!expr(p))
				e = NULL;
			else
				e = other(p, t, "conditional expression");
		}
	}
	p->depth--;
	return e;
}

/* expr, or *expr */
static rt_py_expr *star_expr(parser *p)
{
	tok *t = peek(p);
	if (is_op(t, "*")) {
		next(p);
		return unary(p, t, "*", bitor (p));
	}
	return expr(p);
}

/* a, b, c without brackets (a tuple when there is a comma). */
static rt_py_expr *star_exprs(parser *p)
{
	tok *t = peek(p);
	rt_py_expr *first = star_expr(p);
	if (!first || !is_op(peek(p), ","))
		return first;
	list l = {0};
	list_add(p, &l, first);
	while (accept_op(p, ",")) {
		tok *x = peek(p);
		if (x->kind == T_NEWLINE || is_op(x, "=") || is_op(x, ";") ||
		    is_op(x, ":") || x->kind == T_END)
			break;
		rt_py_expr *e = star_expr(p);
		if (!e)
			return NULL;
		list_add(p, &l, e);
	}
	rt_py_expr *tu = node(p, RT_PY_TUPLE, t);
	tu->items = l.v;
	tu->n = l.n;
	return tu;
}

/* ---- statements -------------------------------------------------------- */

static rt_py_stmt *stmt_new(parser *p, rt_py_stmt_kind k, const tok *at)
{
	rt_py_stmt *s = rt_arena_alloc(p->a, sizeof(*s));
	s->kind = k;
	s->line = at->line;
	s->col = at->col;
	return s;
}

/* Skips the rest of a simple statement (to ';' or the line's end). */
static void skip_simple(parser *p)
{
	int d = 0;
	for (;;) {
		tok *t = peek(p);
		if (t->kind == T_END || (d == 0 && t->kind == T_NEWLINE) ||
		    (d == 0 && is_op(t, ";")))
			return;
		if (is_op(t, "(") || is_op(t, "[") || is_op(t, "{"))
			d++;
		if (is_op(t, ")") || is_op(t, "]") || is_op(t, "}"))
			d--;
		next(p);
	}
}

/* Skips a compound statement's header up to and including its ':'. */
static int skip_header(parser *p)
{
	int d = 0;
	for (;;) {
		tok *t = peek(p);
		if (t->kind == T_END || t->kind == T_NEWLINE)
			return fail(p, t, "syntax error: expected ':'");
		if (d == 0 && is_op(t, ":")) {
			next(p);
			return 0;
		}
		if (is_op(t, "(") || is_op(t, "[") || is_op(t, "{"))
			d++;
		if (is_op(t, ")") || is_op(t, "]") || is_op(t, "}"))
			d--;
		next(p);
	}
}

/* Skips a suite: simple statements on the header's line, or an indented
 * block. */
static int skip_suite(parser *p)
{
	if (peek(p)->kind != T_NEWLINE) {
		while (peek(p)->kind != T_NEWLINE && peek(p)->kind != T_END)
			next(p);
		next(p);
		return 0;
	}
	next(p);
	tok *t = peek(p);
	if (t->kind != T_INDENT)
		return fail(p, t, "expected an indented block");
	next(p);
	int d = 1;
	while (d > 0) {
		t = next(p);
		if (t->kind == T_INDENT)
			d++;
		else if (t->kind == T_DEDENT)
			d--;
		else if (t->kind == T_END)
			break;
	}
	return 0;
}

static int block(parser *p, rt_vec *out);

/* A dotted module name: a.b.c */
static const char *dotted_name(parser *p)
{
	tok *t = peek(p);
	if (t->kind != T_NAME)
		return syntax(p, t), NULL;
	rt_buf b = RT_BUF_INIT;
	rt_buf_adds(&b, next(p)->s);
	while (is_op(peek(p), ".") && peek2(p)->kind == T_NAME) {
		next(p);
		rt_buf_addch(&b, '.');
		rt_buf_adds(&b, next(p)->s);
	}
	const char *s = rt_buf_detach_arena(&b, p->a);
	return s;
}

typedef struct names {
	const char **n, **as;
	size_t len, cap;
} names;

static void names_add(parser *p, names *v, const char *n, const char *as)
{
	if (v->len == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 4;
		const char **a = rt_arena_alloc(p->a, cap * sizeof(*a));
		const char **b = rt_arena_alloc(p->a, cap * sizeof(*b));
		if (v->len) {
			memcpy(a, v->n, v->len * sizeof(*a));
			memcpy(b, v->as, v->len * sizeof(*b));
		}
		v->n = a;
		v->as = b;
		v->cap = cap;
	}
	v->n[v->len] = n;
	v->as[v->len] = as;
	v->len++;
}

static rt_py_stmt *import_stmt(parser *p, tok *t)
{
	rt_py_stmt *s = stmt_new(p, RT_PY_S_IMPORT, t);
	names v = {0};
	do {
		const char *n = dotted_name(p), *as = NULL;
		if (!n)
			return NULL;
		if (accept_kw(p, "as")) {
			tok *a = peek(p);
			if (a->kind != T_NAME)
				return syntax(p, a), NULL;
			as = next(p)->s;
		}
		names_add(p, &v, n, as);
	} while (accept_op(p, ","));
	s->names = v.n;
	s->asnames = v.as;
	s->nnames = v.len;
	return s;
}

static rt_py_stmt *from_stmt(parser *p, tok *t)
{
	rt_py_stmt *s = stmt_new(p, RT_PY_S_FROM, t);
	for (;;) {
		if (accept_op(p, "."))
			s->level++;
		else if (accept_op(p, "..."))
			s->level += 3;
		else
			break;
	}
	s->module = "";
	if (!is_kw(peek(p), "import")) {
		s->module = dotted_name(p);
		if (!s->module)
			return NULL;
	}
	if (!accept_kw(p, "import"))
		return syntax(p, peek(p)), NULL;
	if (accept_op(p, "*")) {
		s->star = true;
		return s;
	}
	bool paren = accept_op(p, "(");
	names v = {0};
	for (;;) {
		tok *n = peek(p);
		if (n->kind != T_NAME)
			return syntax(p, n), NULL;
		next(p);
		const char *as = NULL;
		if (accept_kw(p, "as")) {
			tok *a = peek(p);
			if (a->kind != T_NAME)
				return syntax(p, a), NULL;
			as = next(p)->s;
		}
		names_add(p, &v, n->s, as);
		if (!accept_op(p, ","))
			break;
		if (paren && is_op(peek(p), ")"))
			break;
	}
	if (paren && expect_op(p, ")") < 0)
		return NULL;
	s->names = v.n;
	s->asnames = v.as;
	s->nnames = v.len;
	return s;
}

static rt_py_stmt *class_stmt(parser *p, tok *t)
{
	tok *n = peek(p);
	if (n->kind != T_NAME || rt_py__is_keyword(n->s))
		return syntax(p, n), NULL;
	next(p);
	rt_py_stmt *s = stmt_new(p, RT_PY_S_CLASS, t);
	s->name = n->s;
	rt_py_expr *fn = node(p, RT_PY_NAME, n);
	fn->s = n->s;
	tok *o = peek(p);
	if (accept_op(p, "(")) {
		s->call = call_args(p, fn, o);
		if (!s->call)
			return NULL;
	} else {
		s->call = node(p, RT_PY_CALL, n);
		s->call->a = fn;
	}
	if (expect_op(p, ":") < 0)
		return NULL;
	if (peek(p)->kind != T_NEWLINE) {
		/* class X: pass */
		while (peek(p)->kind != T_NEWLINE && peek(p)->kind != T_END)
			next(p);
		next(p);
		return s;
	}
	next(p);
	tok *in = peek(p);
	if (in->kind != T_INDENT)
		return fail(p, in,
			    "expected an indented block after class "
			    "definition"),
		       NULL;
	next(p);
	if (block(p, &s->body) < 0)
		return NULL;
	return s;
}

/* A simple statement starting at t (expression, assignment, ...). */
static rt_py_stmt *simple_stmt(parser *p, tok *t)
{
	static const char *const skipped[] = {
	    "pass",	"break", "continue", "return", "raise", "global",
	    "nonlocal", "del",	 "assert",   "yield",  NULL};
	if (t->kind == T_NAME) {
		if (is_kw(t, "import")) {
			next(p);
			return import_stmt(p, t);
		}
		if (is_kw(t, "from")) {
			next(p);
			return from_stmt(p, t);
		}
		for (const char *const *k = skipped; *k; k++) {
			if (is_kw(t, *k)) {
				skip_simple(p);
				return stmt_new(p, RT_PY_S_OTHER, t);
			}
		}
	}
	rt_py_expr *first = star_exprs(p);
	if (!first)
		return NULL;
	tok *o = peek(p);
	if (is_op(o, ":")) {
		next(p);
		rt_py_stmt *s = stmt_new(p, RT_PY_S_ANN, t);
		s->targets = rt_arena_alloc(p->a, sizeof(*s->targets));
		s->targets[0] = first;
		s->ntargets = 1;
		if (!(s->annotation = expr(p)))
			return NULL;
		if (accept_op(p, "=")) {
			if (is_kw(peek(p), "yield")) {
				skip_simple(p);
				s->value = other(p, t, "yield");
			} else if (!(s->value = star_exprs(p))) {
				return NULL;
			}
		}
		return s;
	}
	if (is_op(o, "=")) {
		rt_py_stmt *s = stmt_new(p, RT_PY_S_ASSIGN, t);
		list targets = {0};
		rt_py_expr *v = first;
		while (accept_op(p, "=")) {
			list_add(p, &targets, v);
			if (is_kw(peek(p), "yield")) {
				skip_simple(p);
				v = other(p, t, "yield");
				break;
			}
			if (!(v = star_exprs(p)))
				return NULL;
		}
		s->targets = targets.v;
		s->ntargets = targets.n;
		s->value = v;
		return s;
	}
	if (o->kind == T_OP && o->len >= 2 && o->s[o->len - 1] == '=' &&
	    strcmp(o->s, "==") && strcmp(o->s, "<=") && strcmp(o->s, ">=") &&
	    strcmp(o->s, "!=")) {
		/* augmented assignment */
		next(p);
		if (!star_exprs(p))
			return NULL;
	}
	return stmt_new(p, RT_PY_S_OTHER, t);
}

static bool is_compound(parser *p, tok *t)
{
	static const char *const kws[] = {"if",	   "elif", "else",   "for",
					  "while", "try",  "except", "finally",
					  "with",  NULL};
	if (t->kind != T_NAME)
		return false;
	for (const char *const *k = kws; *k; k++)
		if (is_kw(t, *k))
			return true;
	if (is_kw(t, "async") &&
	    (is_kw(peek2(p), "for") || is_kw(peek2(p), "with")))
		return true;
	if (is_kw(t, "match") || is_kw(t, "case")) {
		/* soft keywords: a header ending in ':' before an indented
		 * block */
		int d = 0;
		for (size_t i = p->i + 1; i < p->n; i++) {
			tok *x = &p->t[i];
			if (x->kind == T_NEWLINE || x->kind == T_END)
				return i > p->i + 1 &&
				       is_op(&p->t[i - 1], ":") && d == 0 &&
				       i + 1 < p->n &&
				       p->t[i + 1].kind == T_INDENT;
			if (is_op(x, "(") || is_op(x, "[") || is_op(x, "{"))
				d++;
			if (is_op(x, ")") || is_op(x, "]") || is_op(x, "}"))
				d--;
		}
	}
	return false;
}

/* Statements up to the block's DEDENT (or the end of the file). */
static int block(parser *p, rt_vec *out)
{
	for (;;) {
		tok *t = peek(p);
		if (t->kind == T_END)
			return 0;
		if (t->kind == T_DEDENT) {
			next(p);
			return 0;
		}
		if (t->kind == T_NEWLINE) {
			next(p);
			continue;
		}
		if (t->kind == T_INDENT)
			return fail(p, t, "syntax error: unexpected indent");
		size_t ndeco = 0;
		while (is_op(t, "@")) {
			next(p);
			if (!expr(p))
				return -1;
			if (peek(p)->kind != T_NEWLINE)
				return syntax(p, peek(p));
			next(p);
			ndeco++;
			t = peek(p);
		}
		if (is_kw(t, "class")) {
			next(p);
			rt_py_stmt *s = class_stmt(p, t);
			if (!s)
				return -1;
			s->ndecorators = ndeco;
			rt_vec_push(out, p->a, s);
			continue;
		}
		if (is_kw(t, "def") ||
		    (is_kw(t, "async") && is_kw(peek2(p), "def"))) {
			if (is_kw(t, "async"))
				next(p);
			next(p);
			tok *n = peek(p);
			if (n->kind != T_NAME)
				return syntax(p, n);
			rt_py_stmt *s = stmt_new(p, RT_PY_S_DEF, t);
			s->name = n->s;
			s->ndecorators = ndeco;
			if (skip_header(p) < 0 || skip_suite(p) < 0)
				return -1;
			rt_vec_push(out, p->a, s);
			continue;
		}
		if (ndeco)
			return fail(
			    p, t,
			    "syntax error: a decorator must be followed "
			    "by a class or a function");
		if (is_compound(p, t)) {
			if (skip_header(p) < 0 || skip_suite(p) < 0)
				return -1;
			rt_vec_push(out, p->a, stmt_new(p, RT_PY_S_OTHER, t));
			continue;
		}
		for (;;) {
			rt_py_stmt *s = simple_stmt(p, t);
			if (!s)
				return -1;
			rt_vec_push(out, p->a, s);
			if (!accept_op(p, ";"))
				break;
			t = peek(p);
			if (t->kind == T_NEWLINE || t->kind == T_END)
				break;
		}
		t = peek(p);
		if (t->kind != T_NEWLINE && t->kind != T_END)
			return syntax(p, t);
		next(p);
	}
}

/* rt_py_parse with the token array toks (reused; the caller frees). */
static int parse_toks(rt_py_module **out, rt_arena *a, tokens *toks,
		      const char *path, const char *text, size_t len,
		      rt_error *err)
{
	if (rt_py__lex(toks, a, path, text, len, err) < 0)
		return -1;
	parser p = {.a = a,
		    .path = path,
		    .text = text,
		    .t = toks->v,
		    .n = toks->n,
		    .err = err};
	rt_py_module *m = rt_arena_alloc(a, sizeof(*m));
	m->path = rt_arena_strdup(a, path);
	int rc = block(&p, &m->body);
	if (rc == 0 && peek(&p)->kind != T_END)
		rc = syntax(&p, peek(&p));
	if (rc == 0)
		*out = m;
	return rc;
}

int rt_py_parse(rt_py_module **out, rt_arena *a, const char *path,
		const char *text, size_t len, rt_error *err)
{
	tokens toks = {0};
	int rc = parse_toks(out, a, &toks, path, text, len, err);
	rt_py__tokens_release(&toks);
	return rc;
}

int rt_py_parse_reuse(rt_py_module **out, rt_arena *a, rt_py_reuse *buf,
		      const char *path, const char *text, size_t len,
		      rt_error *err)
{
	tokens toks = {.v = buf->v, .cap = buf->cap};
	int rc = parse_toks(out, a, &toks, path, text, len, err);
	buf->v = toks.v;
	buf->cap = toks.cap;
	return rc;
}

void rt_py_reuse_release(rt_py_reuse *buf)
{
	tokens toks = {.v = buf->v, .cap = buf->cap};
	rt_py__tokens_release(&toks);
	buf->v = NULL;
	buf->cap = 0;
}

const char *rt_py_dotted(rt_arena *a, const rt_py_expr *e)
{
	if (!e)
		return NULL;
	if (e->kind == RT_PY_NAME)
		return e->s;
	if (e->kind != RT_PY_ATTR)
		return NULL;
	const char *base = rt_py_dotted(a, e->a);
	if (!base)
		return NULL;
	return rt_arena_printf(a, "%s.%s", base, e->s);
}

rt_py_expr *rt_py_kwarg(const rt_py_expr *call, const char *name)
{
	if (!call || call->kind != RT_PY_CALL)
		return NULL;
	for (size_t i = 0; i < call->nkw; i++)
		if (call->kw[i] && call->kw[i][0] == name[0] &&
		    strcmp(call->kw[i], name) == 0)
			return call->kwv[i];
	return NULL;
}
