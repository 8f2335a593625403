/* SPDX-License-Identifier: MIT */
/*
 * The live PostgreSQL loader's results, once load_pg.c's fetch has copied
 * each out of libpq into the arena (libpq stays in load_pg.c): cells,
 * arrays, numbers,
 * objects' names for messages, canonical expressions (memoized) and the
 * tables by oid.
 */
#include "base/common.h"

#include <errno.h>
#include <stdlib.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/map.h"
#include "base/sql.h"
#include "base/vec.h"
#include "load/load.h"
#include "load/load_int.h"
#include "load/load_pg_int.h"
#include "schema/canon.h"
#include "schema/schema.h"

/* ---- results ----------------------------------------------------------- */

/* The first line of a libpq message, without "ERROR:  " noise. */
void rt_load__pg_first_line(char *out, size_t outsz, const char *msg)
{
	size_t n;

	if (!msg)
		msg = "";
	n = strcspn(msg, "\n");
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, msg, n);
	out[n] = '\0';
}

/* Replaces every occurrence of secret in buf (NUL-terminated, size sz)
 * with RT_REDACTED, in place. */
void rt_load__pg_scrub(char *buf, size_t sz, const char *secret)
{
	rt_buf b = RT_BUF_INIT;
	const char *p = buf, *hit;
	size_t slen;

	if (!secret || !*secret || !strstr(buf, secret))
		return;
	slen = strlen(secret);
	while ((hit = strstr(p, secret)) != NULL) {
		rt_buf_add(&b, p, (size_t)(hit - p));
		rt_buf_adds(&b, RT_REDACTED);
		p = hit + slen;
	}
	rt_buf_adds(&b, p);
	rt_load__pg_first_line(buf, sz, b.data);
	rt_buf_release(&b);
}

/*
 * Parses a PostgreSQL one-dimensional text array ("{a,\"b c\",NULL}") into
 * arena strings pushed onto out. NULL elements are skipped. Returns -1 on
 * malformed input.
 */
int rt_load__pg_parse_array(rt_vec *out, rt_arena *a, const char *s)
{
	rt_buf b = RT_BUF_INIT;
	const char *p = s;
	int rc = -1;

	if (!s)
		return 0;
	if (*p++ != '{')
		goto done;
	if (*p == '}')
		return p[1] == '\0' ? 0 : -1;
	for (;;) {
		rt_buf_reset(&b);
		if (*p == '"') {
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1])
					p++;
				rt_buf_addch(&b, *p++);
			}
			if (*p++ != '"')
				goto done;
			rt_vec_push(out, a, rt_arena_strndup(a, b.data, b.len));
		} else {
			size_t n = strcspn(p, ",}");

			if (!p[n])
				goto done;
			if (!(n == 4 && strncasecmp(p, "NULL", 4) == 0))
				rt_vec_push(out, a, rt_arena_strndup(a, p, n));
			p += n;
		}
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '}' && p[1] == '\0')
			break;
		goto done;
	}
	rc = 0;
done:
	rt_buf_release(&b);
	return rc;
}

int rt_load__pg_bad_array(const char *what, const char *object, rt_error *err)
{
	rt_errorf(err, RT_EINTERNAL, "cannot parse the %s of '%s'", what,
		  object);
	rt_error_object(err, object);
	return -1;
}

int rt_load__pg_parse_int64(int64_t *out, const char *s)
{
	char *end;
	long long v;

	if (!s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return -1;
	*out = (int64_t)v;
	return 0;
}

static size_t hash_text(const char *s)
{
	size_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static memo_ent *memo_slot(loader *l, canon_fn fn, const char *text)
{
	size_t mask = l->memo_cap - 1;
	size_t i = hash_text(text) & mask;

	while (l->memo[i].text &&
	       !(l->memo[i].fn == fn && strcmp(l->memo[i].text, text) == 0))
		i = (i + 1) & mask;
	return &l->memo[i];
}

/*
 * The kind of references rt_schema_finish reads from a text canonicalised
 * by fn (graph.c's refs_of), or -1 when it reads none.
 */
static int refs_kind(canon_fn fn)
{
	if (fn == rt_canon_expr)
		return RT_CANON_EXPR;
	if (fn == rt_canon_index)
		return RT_CANON_INDEX;
	if (fn == rt_canon_exclude)
		return RT_CANON_EXCLUDE;
	return -1;
}

/* The key of text under fn, computed once per distinct text, and with it,
 * from the same parse, the references the graph reads later (*refs_out,
 * NULL for the kinds it does not read): it would parse the text again. */
static int canon_memo(const char **out, rt_refs **refs_out, loader *l,
		      canon_fn fn, const char *text, rt_error *err)
{
	int kind = refs_kind(fn);
	rt_refs *refs = NULL;

	memo_ent *e;

	if (l->memo_len * 2 >= l->memo_cap) {
		memo_ent *old = l->memo;
		size_t k, oldcap = l->memo_cap;

		l->memo_cap = oldcap ? oldcap * 2 : 256;
		l->memo = rt_arena_alloc(l->a, l->memo_cap * sizeof(memo_ent));
		for (k = 0; k < oldcap; k++)
			if (old[k].text)
				*memo_slot(l, old[k].fn, old[k].text) = old[k];
	}
	e = memo_slot(l, fn, text);
	if (e->text) {
		*out = e->key;
		*refs_out = e->refs;
		return 0;
	}
	if (kind >= 0) {
		refs = RT_NEW(l->a, rt_refs);
		if (rt_canon_key_refs(out, refs, l->a, (rt_canon_kind)kind,
				      text, err) < 0)
			return -1;
	} else if (fn(out, l->a, text, err) < 0) {
		return -1;
	}
	e->fn = fn;
	e->text = text;
	e->key = *out;
	e->refs = refs;
	*refs_out = refs;
	l->memo_len++;
	return 0;
}

/* The first n bytes of head, then each string up to a NULL, in the arena:
 * rt_arena_printf's "%.*s%s..." without printf, which was a tenth of the
 * conversion's time (it runs per default and per index). */
char *rt_load__pg_concat(rt_arena *a, const char *head, size_t n, ...)
{
	va_list ap;
	const char *p;
	size_t len = n;
	char *out, *d;

	va_start(ap, n);
	while ((p = va_arg(ap, const char *)) != NULL)
		len += strlen(p);
	va_end(ap);
	out = d = rt_arena_alloc(a, len + 1);
	memcpy(d, head, n);
	d += n;
	va_start(ap, n);
	while ((p = va_arg(ap, const char *)) != NULL) {
		size_t k = strlen(p);

		memcpy(d, p, k);
		d += k;
	}
	va_end(ap);
	*d = '\0';
	return out;
}

const char *rt_load__pg_obj_text(rt_arena *a, const obj_name *o)
{
	if (o->name)
		return rt_arena_printf(a, "%s.%s.%s", o->schema, o->table,
				       o->name);
	return rt_arena_printf(a, "%s.%s", o->schema, o->table);
}

/* The one occurrence of needle in hay, or NULL (none, or more than one). */
static const char *only_occurrence(const char *hay, const char *needle)
{
	const char *hit = strstr(hay, needle);

	if (hit && strstr(hit + 1, needle))
		return NULL;
	return hit;
}

/*
 * The key and references of an expression whose one string constant is
 * plain ('c1'::text, nextval('public.t1_id_seq'::regclass): the defaults
 * that differ from table to table), from those of the same text with the
 * constant replaced by a placeholder, canonicalised once per template.
 * Plain means no quote, backslash or other character the deparser would
 * escape, starting with a letter or '_': canon then never looks into it
 * (it is not a number nor a date; nextval and currval drop a leading
 * "public.", which the placeholder "public.x" shows), and the references
 * hold it only as a nextval sequence. Text with a double quote (an
 * identifier could hold the apostrophes) is not taken. Returns 1 when e
 * was filled, 0 when the text does not qualify, -1 on a canon error.
 */
static int expr_from_template(rt_expr *e, loader *l, const char *text,
			      rt_error *err)
{
	const char *q1, *q2, *ph, *kt, *hit, *val;
	const char *in_key;
	rt_refs *refs_t, *refs;
	size_t n;
	bool pub;

	if (strchr(text, '"') || !(q1 = strchr(text, '\'')) ||
	    !(q2 = strchr(q1 + 1, '\'')) || strchr(q2 + 1, '\''))
		return 0;
	n = (size_t)(q2 - q1 - 1);
	if (n == 0 || n > 200 ||
	    !((q1[1] >= 'a' && q1[1] <= 'z') ||
	      (q1[1] >= 'A' && q1[1] <= 'Z') || q1[1] == '_') ||
	    strspn(q1 + 1, "abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.$ ") != n)
		return 0;
	val = rt_arena_strndup(l->a, q1 + 1, n);
	pub = strncmp(val, "public.", 7) == 0;
	ph = pub ? "public.x" : "x";
	if (canon_memo(&kt, &refs_t, l, rt_canon_expr,
		       rt_load__pg_concat(l->a, text, (size_t)(q1 - text), "'",
					  ph, "'", q2 + 1, (const char *)NULL),
		       err) < 0)
		return -1;
	/* the constant as the key prints it */
	if ((hit = only_occurrence(kt, "'x'")) != NULL &&
	    !strstr(kt, "'public.x'"))
		in_key = pub ? val + 7 : val;
	else if (pub && (hit = only_occurrence(kt, "'public.x'")) != NULL &&
		 !strstr(kt, "'x'"))
		in_key = val;
	else
		return 0;
	e->key =
	    rt_load__pg_concat(l->a, kt, (size_t)(hit - kt), "'", in_key, "'",
			       hit + strlen(ph) + 2, (const char *)NULL);
	refs = RT_NEW(l->a, rt_refs);
	*refs = *refs_t;
	refs->sequences = (rt_vec){0};
	for (size_t k = 0; k < refs_t->sequences.len; k++) {
		const char *sq = refs_t->sequences.items[k];
		rt_vec_push(&refs->sequences, l->a,
			    (void *)(strcmp(sq, ph) == 0 ? val : sq));
	}
	e->refs = refs;
	return 1;
}

/* An rt_expr for text with its key; NULL text gives NULL. A text the
 * canonicaliser rejects is a bug (the server printed it): RT_EINTERNAL. */
int rt_load__pg_make_expr(rt_expr **out, loader *l, canon_fn canon,
			  const char *text, const char *what,
			  const obj_name *obj, rt_error *err)
{
	rt_error cerr = RT_ERROR_INIT;
	const char *object;
	rt_expr *e;
	int rc;

	*out = NULL;
	if (!text)
		return 0;
	e = RT_NEW(l->a, rt_expr);
	e->text = text;
	rc = canon == rt_canon_expr ? expr_from_template(e, l, text, &cerr) : 0;
	if (rc == 0)
		rc = canon_memo(&e->key, &e->refs, l, canon, text, &cerr);
	if (rc < 0) {
		object = rt_load__pg_obj_text(l->a, obj);
		rt_errorf(err, RT_EINTERNAL, "cannot normalise the %s of '%s'",
			  what, object);
		rt_error_detail(err, "%s: %s", cerr.msg, text);
		rt_error_object(err, object);
		return -1;
	}
	*out = e;
	return 0;
}

int rt_load__pg_cmp_table_ref(const void *x, const void *y)
{
	const table_ref *a = x, *b = y;

	return (a->oid > b->oid) - (a->oid < b->oid);
}

int rt_load__pg_cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

table_ref *rt_load__pg_find_ref(const loader *l, const char *oid_text)
{
	table_ref key;

	if (!oid_text || !l->ntables)
		return NULL;
	key.oid = strtoul(oid_text, NULL, 10);
	return bsearch(&key, l->tables, l->ntables, sizeof(key),
		       rt_load__pg_cmp_table_ref);
}

/*
 * Pushes the names of the columns numbered in text onto out: an int2[]
 * ("{1,3}") or an int2vector ("1 3"), skipping the first skip numbers,
 * then at most take of them (-1: all). Returns -1 when a number is not a
 * column of ref.
 */
int rt_load__pg_attnums_to_names(rt_vec *out, rt_arena *a, const table_ref *ref,
				 const char *text, long skip, long take)
{
	const char *p = text;

	if (!text)
		return 0;
	while (*p) {
		char *end;
		long n;

		if (*p == '{' || *p == '}' || *p == ',' || *p == ' ') {
			p++;
			continue;
		}
		n = strtol(p, &end, 10);
		if (end == p || n <= 0 || (size_t)n >= ref->natt ||
		    !ref->att[n])
			return -1;
		p = end;
		if (skip > 0) {
			skip--;
			continue;
		}
		if (take == 0)
			break;
		if (take > 0)
			take--;
		rt_vec_push(out, a, (void *)ref->att[n]);
	}
	return 0;
}
