/* SPDX-License-Identifier: MIT */
/*
 * One migration file, read and written. The text is split into statements
 * as psql splits a script (rt_load_split), and the markers are read from
 * the comments between statements, so a '-- +down' inside a dollar-quoted
 * body or a literal is never taken for one. What a marker line may say is
 * in README.md, "Migration files".
 */
#include "base/common.h"
#include "migdir/migdir.h"
#include "load/load.h"

#include <errno.h>

#define VERSION_DIGITS_MAX 18 /* fits uint64_t */

static const char meta_msg[] = "psql meta-command lines (a backslash "
			       "starting a line) have no place in a "
			       "migration";

static const char markers_list[] = "-- +up, -- +down, -- +validate, "
				   "-- +notransaction, -- +expect";

bool rt_migdir_parse_name(uint64_t *version_out, const char **slug_out,
			  rt_arena *a, const char *name)
{
	size_t d = 0, n = strlen(name);
	uint64_t v = 0;
	while (name[d] >= '0' && name[d] <= '9') {
		v = v * 10 + (uint64_t)(name[d] - '0');
		d++;
		if (d > VERSION_DIGITS_MAX)
			return false;
	}
	if (d < 4 || name[d] != '_' || n < d + 1 + 4 ||
	    strcmp(name + n - 4, ".sql") != 0)
		return false;
	size_t s = d + 1, e = n - 4;
	if (e == s)
		return false;
	for (size_t i = s; i < e; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_'))
			return false;
	}
	if (version_out)
		*version_out = v;
	if (slug_out)
		*slug_out = rt_arena_strndup(a, name + s, e - s);
	return true;
}

const char *rt_migdir_file_name(rt_arena *a, uint64_t version, const char *slug)
{
	return rt_arena_printf(a, "%04llu_%s.sql", (unsigned long long)version,
			       slug);
}

const char *rt_migdir_slug(rt_arena *a, const char *message)
{
	rt_buf b = RT_BUF_INIT;
	bool gap = false;
	for (const char *p = message; *p && b.len < 40; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (gap && b.len > 0)
				rt_buf_addch(&b, '_');
			gap = false;
			rt_buf_addch(&b, c);
		} else {
			gap = true;
		}
	}
	if (b.len > 40)
		rt_buf_setlen(&b, 40);
	while (b.len > 0 && b.data[b.len - 1] == '_')
		rt_buf_setlen(&b, b.len - 1);
	if (b.len == 0)
		rt_buf_adds(&b, "migration");
	return rt_buf_detach_arena(&b, a);
}

/* ---- parsing ----------------------------------------------------------- */

enum section { S_NONE, S_UP, S_DOWN, S_VALIDATE };

typedef struct parser {
	rt_arena *a;
	const char *path;
	rt_migration *m;
	enum section cur;
	int notx_line;	 /* a pending '-- +notransaction', 0 if none */
	int expect_line; /* a pending '-- +expect', 0 if none */
	rt_migdir_check expect;
	rt_error *err;
} parser;

static int fail_at(parser *p, int line, rt_error *err)
{
	rt_error_at(err, p->path, line, 0);
	return -1;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* The marker line's text for messages: from "--" to the end, no \r. */
static const char *shown(parser *p, const char *s, size_t n)
{
	while (n > 0 && blank(s[n - 1]))
		n--;
	if (n > 80)
		n = 80;
	return rt_arena_strndup(p->a, s, n);
}

static const char *section_name(enum section s)
{
	return s == S_UP ? "-- +up" : s == S_DOWN ? "-- +down" : "-- +validate";
}

/* A pending per-statement marker is refused when its statement is
 * missing (another marker or the end of the file came first). */
static int check_pending(parser *p)
{
	if (p->notx_line) {
		rt_errorf(p->err, RT_EINPUT,
			  "'-- +notransaction' is not followed by a statement "
			  "of its section");
		return fail_at(p, p->notx_line, p->err);
	}
	if (p->expect_line) {
		rt_errorf(p->err, RT_EINPUT,
			  "'-- +expect' is not followed by a query of its "
			  "section");
		return fail_at(p, p->expect_line, p->err);
	}
	return 0;
}

/* words of rest[0..n): the next one into *w / *wn, advancing *rest. */
static bool next_word(const char **rest, const char *end, const char **w,
		      size_t *wn)
{
	const char *s = *rest;
	while (s < end && blank(*s))
		s++;
	if (s == end)
		return false;
	const char *e = s;
	while (e < end && !blank(*e))
		e++;
	*w = s;
	*wn = (size_t)(e - s);
	*rest = e;
	return true;
}

static bool is_uint(const char *s, size_t n, uint64_t *v)
{
	if (n == 0 || n > VERSION_DIGITS_MAX)
		return false;
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return true;
}

static bool word_eq(const char *w, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(w, lit, n) == 0;
}

static int parse_expect(parser *p, const char *rest, const char *end,
			const char *line_text, int line)
{
	const char *w, *w2;
	size_t n, n2;
	rt_migdir_check *c = &p->expect;
	memset(c, 0, sizeof(*c));
	const char *r = rest;
	if (!next_word(&r, end, &w, &n))
		goto bad;
	if (word_eq(w, n, "true")) {
		if (next_word(&r, end, &w2, &n2))
			goto bad;
		c->expect = RT_MIGDIR_EXPECT_TRUE;
	} else if (word_eq(w, n, "value")) {
		while (r < end && blank(*r))
			r++;
		const char *e = end;
		while (e > r && blank(e[-1]))
			e--;
		if (e == r)
			goto bad;
		c->expect = RT_MIGDIR_EXPECT_VALUE;
		c->value = rt_arena_strndup(p->a, r, (size_t)(e - r));
	} else if (is_uint(w, n, &c->rows)) {
		if (!next_word(&r, end, &w2, &n2) ||
		    !(word_eq(w2, n2, "rows") || word_eq(w2, n2, "row")))
			goto bad;
		if (next_word(&r, end, &w2, &n2))
			goto bad;
		c->expect = RT_MIGDIR_EXPECT_ROWS;
	} else {
		goto bad;
	}
	p->expect_line = line;
	return 0;
bad:
	rt_errorf(p->err, RT_EINPUT,
		  "malformed expectation '%s' (expected '-- +expect true', "
		  "'-- +expect N rows' or '-- +expect value TEXT')",
		  line_text);
	return fail_at(p, line, p->err);
}

/* A '--' comment at the start of a line: s[0..n) from the dashes to the
 * end of the line. Header text, a marker, or an ordinary comment. */
static int comment_line(parser *p, const char *s, size_t n, int line)
{
	const char *end = s + n, *q = s + 2;
	while (end > q && end[-1] == '\r')
		end--;
	while (q < end && blank(*q))
		q++;
	if (q == end || *q != '+') {
		if (p->cur == S_NONE) {
			const char *h = s + 2;
			if (h < end && *h == ' ')
				h++;
			rt_vec_push(
			    &p->m->header, p->a,
			    rt_arena_strndup(p->a, h, (size_t)(end - h)));
		}
		return 0;
	}
	const char *text = shown(p, s, (size_t)(end - s));
	const char *w = q + 1, *we = w;
	while (we < end && !blank(*we))
		we++;
	size_t wn = (size_t)(we - w);
	const char *rest = we;
	enum section sec = S_NONE;
	if (word_eq(w, wn, "up"))
		sec = S_UP;
	else if (word_eq(w, wn, "down"))
		sec = S_DOWN;
	else if (word_eq(w, wn, "validate"))
		sec = S_VALIDATE;
	if (sec != S_NONE) {
		if (check_pending(p) < 0)
			return -1;
		rt_migdir_section *ms = sec == S_UP	? &p->m->up
					: sec == S_DOWN ? &p->m->down
							: NULL;
		int first = ms ? ms->line : p->m->validate_line;
		if (first) {
			rt_errorf(p->err, RT_EINPUT,
				  "section '%s' appears twice (first at line "
				  "%d)",
				  section_name(sec), first);
			return fail_at(p, line, p->err);
		}
		const char *o;
		size_t on;
		bool notx = false;
		while (next_word(&rest, end, &o, &on)) {
			if (!ms) {
				rt_errorf(p->err, RT_EINPUT,
					  "'-- +validate' takes no options, "
					  "found '%.*s'",
					  (int)on, o);
				return fail_at(p, line, p->err);
			}
			if (!word_eq(o, on, "notransaction")) {
				rt_errorf(p->err, RT_EINPUT,
					  "unknown option '%.*s' after '%s' "
					  "(options: notransaction)",
					  (int)on, o, section_name(sec));
				return fail_at(p, line, p->err);
			}
			notx = true;
		}
		if (ms) {
			ms->present = true;
			ms->line = line;
			ms->notransaction = notx;
		} else {
			p->m->has_validate = true;
			p->m->validate_line = line;
		}
		p->cur = sec;
		return 0;
	}
	if (word_eq(w, wn, "notransaction")) {
		const char *o;
		size_t on;
		if (next_word(&rest, end, &o, &on)) {
			rt_errorf(p->err, RT_EINPUT,
				  "'-- +notransaction' takes no options, "
				  "found '%.*s'",
				  (int)on, o);
			return fail_at(p, line, p->err);
		}
		if (p->cur != S_UP && p->cur != S_DOWN) {
			rt_errorf(p->err, RT_EINPUT,
				  "'-- +notransaction' marks a statement of "
				  "'-- +up' or '-- +down', not of %s",
				  p->cur == S_NONE ? "the header"
						   : "'-- +validate'");
			return fail_at(p, line, p->err);
		}
		if (p->notx_line) {
			rt_errorf(p->err, RT_EINPUT,
				  "'-- +notransaction' twice before one "
				  "statement (first at line %d)",
				  p->notx_line);
			return fail_at(p, line, p->err);
		}
		p->notx_line = line;
		return 0;
	}
	if (word_eq(w, wn, "expect")) {
		if (p->cur != S_VALIDATE) {
			rt_errorf(p->err, RT_EINPUT,
				  "'-- +expect' belongs in '-- +validate', "
				  "before a query");
			return fail_at(p, line, p->err);
		}
		if (p->expect_line) {
			rt_errorf(p->err, RT_EINPUT,
				  "two '-- +expect' lines before one query "
				  "(first at line %d)",
				  p->expect_line);
			return fail_at(p, line, p->err);
		}
		return parse_expect(p, rest, end, text, line);
	}
	rt_errorf(p->err, RT_EINPUT, "unknown marker '%s' (markers: %s)", text,
		  markers_list);
	return fail_at(p, line, p->err);
}

/* Is the line at s (up to end) a marker line: blanks, "--", blanks, '+'? */
static bool marker_line(const char *s, const char *end)
{
	while (s < end && blank(*s))
		s++;
	if (end - s < 2 || s[0] != '-' || s[1] != '-')
		return false;
	s += 2;
	while (s < end && blank(*s))
		s++;
	return s < end && *s == '+';
}

/* Does s[0..n), the start of a statement, end outside any literal,
 * quoted name, dollar quote, comment and parenthesis, so that a ';'
 * there would end the statement? The splitter decides. */
static bool top_level(rt_arena *a, const char *s, size_t n)
{
	rt_vec pieces = {0};
	rt_error err = RT_ERROR_INIT;
	/* after a newline, as in the file: a byte-order mark at the very
	 * start of the input is one the splitter skips */
	char *t = rt_arena_printf(a, "\n%.*s;\nx", (int)n, s);
	if (rt_load_split(&pieces, a, "", t, n + 4, &err) < 0 ||
	    pieces.len != 2)
		return false;
	return ((const rt_load_piece *)pieces.items[0])->len == n + 2;
}

/* The offset of the first marker line of sql[0..n) that is not inside a
 * literal, a dollar quote or a comment (after its first line), or n. */
static size_t marker_inside(rt_arena *a, const char *sql, size_t n)
{
	const char *end = sql + n;
	for (const char *s = sql; s < end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		if (s != sql && marker_line(s, le) &&
		    top_level(a, sql, (size_t)(s - sql)))
			return (size_t)(s - sql);
		if (!nl)
			break;
		s = nl + 1;
	}
	return n;
}

/* The statement sql[0..n) at line: refused when a marker line is inside
 * it (the ';' before the marker is missing, most likely). */
static int no_marker_inside(parser *p, const char *sql, size_t n, int line)
{
	size_t at = marker_inside(p->a, sql, n);
	if (at == n)
		return 0;
	int mline = line;
	for (size_t i = 0; i < at; i++)
		if (sql[i] == '\n')
			mline++;
	const char *d = sql + at, *le = memchr(d, '\n', n - at);
	while (blank(*d))
		d++;
	rt_errorf(p->err, RT_EINPUT,
		  "marker '%s' inside the statement that starts at line %d "
		  "(a ';' missing before it?)",
		  shown(p, d, (size_t)((le ? le : sql + n) - d)), line);
	return fail_at(p, mline, p->err);
}

static int statement(parser *p, const char *sql, size_t n, int line, int col)
{
	if (n == 0)
		return 0; /* an empty statement (";;"), as psql skips it */
	if (no_marker_inside(p, sql, n, line) < 0)
		return -1;
	const char *text = rt_arena_strndup(p->a, sql, n);
	switch (p->cur) {
	case S_NONE:
		rt_errorf(p->err, RT_EINPUT,
			  "statement before the first section marker "
			  "('-- +up')");
		return fail_at(p, line, p->err);
	case S_UP:
	case S_DOWN: {
		rt_migdir_stmt *st = RT_NEW(p->a, rt_migdir_stmt);
		st->sql = text;
		st->line = line;
		st->col = col;
		st->notransaction = p->notx_line != 0;
		p->notx_line = 0;
		rt_vec_push(p->cur == S_UP ? &p->m->up.stmts
					   : &p->m->down.stmts,
			    p->a, st);
		return 0;
	}
	case S_VALIDATE: {
		rt_migdir_check *c = RT_NEW(p->a, rt_migdir_check);
		if (p->expect_line)
			*c = p->expect;
		else
			c->expect = RT_MIGDIR_EXPECT_TRUE;
		c->sql = text;
		c->line = line;
		p->expect_line = 0;
		rt_vec_push(&p->m->checks, p->a, c);
		return 0;
	}
	}
	return 0;
}

/* One piece of the split: the comments before a statement, then it. */
static int piece(parser *p, const rt_load_piece *pc, bool last)
{
	const char *t = pc->text;
	size_t i = 0, n = pc->len;
	int line = pc->line;
	bool bol = pc->col == 1;
	size_t ls = 0;	   /* where line starts in t */
	bool first = true; /* line is pc's first: it starts at pc->col */
	while (i < n) {
		char c = t[i];
		if (c == '\n') {
			line++;
			bol = true;
			i++;
			ls = i;
			first = false;
		} else if (blank(c)) {
			i++;
		} else if (c == '-' && i + 1 < n && t[i + 1] == '-') {
			const char *nl = memchr(t + i, '\n', n - i);
			size_t e = nl ? (size_t)(nl - t) : n;
			if (bol) {
				if (comment_line(p, t + i, e - i, line) < 0)
					return -1;
			} else if (marker_line(t + i, t + e)) {
				rt_errorf(p->err, RT_EINPUT,
					  "marker '%s' must be on a line of "
					  "its own",
					  shown(p, t + i, e - i));
				return fail_at(p, line, p->err);
			}
			i = e;
		} else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
			size_t depth = 0;
			while (i < n) {
				if (i + 1 < n && t[i] == '/' &&
				    t[i + 1] == '*') {
					depth++;
					i += 2;
				} else if (i + 1 < n && t[i] == '*' &&
					   t[i + 1] == '/') {
					i += 2;
					if (--depth == 0)
						break;
				} else {
					if (t[i] == '\n') {
						line++;
						ls = i + 1;
						first = false;
					}
					i++;
				}
			}
			bol = false;
		} else {
			break;
		}
	}
	if (i == n)
		return 0;
	size_t e = n;
	while (e > i && (blank(t[e - 1]) || t[e - 1] == '\n'))
		e--;
	if (e > i && t[e - 1] == ';')
		e--;
	while (e > i && (blank(t[e - 1]) || t[e - 1] == '\n'))
		e--;
	if (e > i && t[i] == '\\') {
		/* a psql meta-command after a ';' on the same line (at the
		 * start of a line the splitter blanks it, caught before) */
		rt_errorf(p->err, RT_EINPUT, "%s", meta_msg);
		return fail_at(p, line, p->err);
	}
	/* only the last piece can end without its ';': inside a quote,
	 * a comment or parentheses that the file never closes */
	if (last && e > i && !top_level(p->a, t + i, e - i)) {
		rt_errorf(p->err, RT_EINPUT,
			  "the statement that starts at line %d never ends: "
			  "an unclosed quote, comment or parenthesis",
			  line);
		return fail_at(p, line, p->err);
	}
	/* the column in characters, as the SQL loader counts them */
	int col = first ? pc->col : 1;
	for (size_t k = ls; k < i; k++)
		if (((unsigned char)t[k] & 0xc0) != 0x80)
			col++;
	return statement(p, t + i, e - i, line, col);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int rt_migdir_parse(rt_migration **out, rt_arena *a, const char *path,
		    const char *text, size_t len, rt_error *err)
{
	const char *name = base_name(path);
	rt_migration *m = RT_NEW(a, rt_migration);
	rt_vec pieces = {0};
	if (!rt_migdir_parse_name(&m->version, &m->slug, a, name)) {
		rt_errorf(err, RT_EINPUT,
			  "'%s' is not a migration file name (NNNN_slug.sql: "
			  "4 or more digits, a slug of a-z, 0-9 and _)",
			  name);
		rt_error_at(err, path, 0, 0);
		return -1;
	}
	m->name = rt_arena_strdup(a, name);
	if (rt_load_split(&pieces, a, path, text, len, err) < 0)
		return -1;
	parser p = {.a = a, .path = path, .m = m, .cur = S_NONE, .err = err};
	for (size_t i = 0; i < pieces.len; i++) {
		const rt_load_piece *pc = pieces.items[i];
		if (memcmp(pc->text, text + pc->off, pc->len) != 0) {
			/* the splitter blanked a psql meta-command line */
			int line = pc->line;
			for (size_t k = 0; k < pc->len; k++) {
				if (pc->text[k] != text[pc->off + k])
					break;
				if (pc->text[k] == '\n')
					line++;
			}
			rt_errorf(err, RT_EINPUT, "%s", meta_msg);
			return fail_at(&p, line, err);
		}
		if (piece(&p, pc, i + 1 == pieces.len) < 0)
			return -1;
	}
	if (check_pending(&p) < 0)
		return -1;
	if (!m->up.present) {
		rt_errorf(err, RT_EINPUT,
			  "no '-- +up' section (sections: -- +up, -- +down, "
			  "-- +validate)");
		rt_error_at(err, path, 0, 0);
		return -1;
	}
	*out = m;
	return 0;
}

int rt_migdir_read(rt_migration **out, rt_arena *a, const char *path,
		   rt_error *err)
{
	FILE *f = fopen(path, "rb");
	rt_buf b = RT_BUF_INIT;
	int rc = -1;
	char chunk[65536];
	size_t n;
	if (!f)
		return rt_errorf(err, RT_EIO, "cannot open '%s': %s", path,
				 strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_add(&b, chunk, n);
	if (ferror(f)) {
		rt_errorf(err, RT_EIO, "cannot read '%s': %s", path,
			  strerror(errno));
		goto done;
	}
	rc = rt_migdir_parse(out, a, path, b.data, b.len, err);
done:
	fclose(f);
	rt_buf_release(&b);
	return rc;
}

/* ---- writing ----------------------------------------------------------- */

/* Does sql + tail read back as exactly one statement equal to sql? The
 * splitter decides, as the parser does: a following statement must start
 * where sql + tail ends. */
static bool reads_back(rt_arena *a, const char *sql, const char *tail)
{
	rt_vec pieces = {0};
	rt_error err = RT_ERROR_INIT;
	char *t =
	    rt_arena_printf(a, "\n%s%s\nx", sql, tail); /* see top_level */
	size_t n = strlen(t), want = 1 + strlen(sql) + strlen(tail);
	if (rt_load_split(&pieces, a, "", t, n, &err) < 0 || pieces.len != 2)
		return false;
	const rt_load_piece *p = pieces.items[0];
	return p->len == want && memcmp(p->text, t, want) == 0;
}

/*
 * Does every one of sql[0..n) read back with the tail ";", as reads_back
 * would find one by one? One split of them all, each after a newline as
 * reads_back puts it, then "\nx": the splitter starts each statement
 * afresh after a ';' and decides where it ends from its own bytes up to
 * that ';' (a dollar quote or comment left open runs into the next one and
 * moves every later end), so the pieces fall at the expected places
 * exactly when each statement alone would. One pass over the section
 * instead of a split per statement (3,000 of them at 1,000 tables: 17 M
 * instructions of a revision). false: some statement does not, or the
 * input is refused whole; the caller then asks reads_back one by one.
 */
/*
 * Is sql plain enough that the splitter surely ends it at a ';' put right
 * after it (reads_back(sql, ";") true) without running it? Outside quotes
 * no ';', '$', '-', '/' or '\\' (no comment, dollar quote or psql
 * meta-command can start), every quote closed (a doubled quote inside
 * stands for itself; no backslash anywhere, so E'' escapes change
 * nothing), parentheses closed as the splitter counts them (a ')' too
 * many is ignored), no "begin" anywhere (the splitter's BEGIN ATOMIC
 * blocks start at that word only), and fewer bytes than the splitter's
 * token bound (its nesting estimate cannot exceed the tokens). false
 * says nothing: the splitter decides.
 */
static bool plain_stmt(const char *sql)
{
	size_t parens = 0;
	if (strlen(sql) >= RT_LOAD_EXPR_MAX)
		return false;
	for (const char *p = sql; *p; p++) {
		char c = *p;
		if (c == ';' || c == '$' || c == '-' || c == '/' || c == '\\')
			return false;
		if (c == '(') {
			parens++;
		} else if (c == ')') {
			if (parens > 0)
				parens--;
		} else if (c == '\'' || c == '"') {
			for (p++;; p++) {
				if (!*p || *p == '\\')
					return false;
				if (*p == c) {
					if (p[1] != c)
						break;
					p++;
				}
			}
		} else if ((c == 'b' || c == 'B') &&
			   strncasecmp(p, "begin", 5) == 0) {
			return false;
		}
	}
	return parens == 0;
}

static bool all_read_back(rt_arena *a, const char *const *sql, size_t n)
{
	size_t plain = 0;
	while (plain < n && plain_stmt(sql[plain]))
		plain++;
	if (plain == n)
		return true;
	rt_buf t = RT_BUF_INIT;
	rt_vec pieces = {0};
	rt_error err = RT_ERROR_INIT;
	size_t *at = rt_arena_alloc(a, (n + 1) * sizeof(*at));
	bool ok = false;
	for (size_t i = 0; i < n; i++) {
		at[i] = t.len;
		rt_buf_addch(&t, '\n');
		rt_buf_adds(&t, sql[i]);
		rt_buf_addch(&t, ';');
	}
	at[n] = t.len;
	rt_buf_adds(&t, "\nx");
	if (rt_load_split(&pieces, a, "", t.data, t.len, &err) < 0 ||
	    pieces.len != n + 1)
		goto done;
	for (size_t i = 0; i < n; i++) {
		const rt_load_piece *p = pieces.items[i];
		/* (the text too: the splitter blanks a psql meta-command
		 * line) */
		if (p->off != at[i] || p->len != at[i + 1] - at[i] ||
		    memcmp(p->text, t.data + at[i], p->len) != 0)
			goto done;
	}
	ok = true;
done:
	rt_buf_release(&t);
	return ok;
}

/* Writes sql with its tail; all_ok: all_read_back found that it reads
 * back with ";" (the checks before reads_back still apply). */
static int write_stmt(rt_buf *out, rt_arena *a, const char *sec, size_t idx,
		      const char *sql, bool all_ok, rt_error *err)
{
	size_t n = strlen(sql);
	bool ok = n > 0 && !blank(sql[0]) && sql[0] != '\n' &&
		  !blank(sql[n - 1]) && sql[n - 1] != '\n' &&
		  !(sql[0] == '-' && sql[1] == '-') &&
		  !(sql[0] == '/' && sql[1] == '*');
	if (ok && marker_inside(a, sql, n) != n)
		ok = false;
	const char *tail = NULL;
	if (ok && all_ok)
		tail = ";";
	else if (ok)
		tail = reads_back(a, sql, ";")	   ? ";"
		       : reads_back(a, sql, "\n;") ? "\n;"
						   : NULL;
	if (!tail)
		return rt_errorf(err, RT_EINPUT,
				 "statement %zu of '%s' cannot be written as "
				 "one statement of a migration file (empty, "
				 "blanks or a comment at either end, several "
				 "statements, an unclosed quote or comment, "
				 "or a marker line)",
				 idx + 1, sec);
	rt_buf_adds(out, sql);
	rt_buf_adds(out, tail);
	rt_buf_addch(out, '\n');
	return 0;
}

static int write_section(rt_buf *out, rt_arena *a, const char *name,
			 const rt_migdir_section *s, rt_error *err)
{
	const char **sql = rt_arena_alloc(a, (s->stmts.len + 1) * sizeof(*sql));
	for (size_t i = 0; i < s->stmts.len; i++)
		sql[i] = ((const rt_migdir_stmt *)s->stmts.items[i])->sql;
	bool all_ok = all_read_back(a, sql, s->stmts.len);
	rt_buf_addf(out, "%s%s\n", name,
		    s->notransaction ? " notransaction" : "");
	for (size_t i = 0; i < s->stmts.len; i++) {
		const rt_migdir_stmt *st = s->stmts.items[i];
		if (i > 0)
			rt_buf_addch(out, '\n');
		if (st->notransaction)
			rt_buf_adds(out, "-- +notransaction\n");
		if (write_stmt(out, a, name, i, st->sql, all_ok, err) < 0)
			return -1;
	}
	return 0;
}

/* A header line or expected value reads back whole: no newline, and no
 * carriage return at its end (the reader drops that one). */
static bool one_line_text(const char *s)
{
	size_t n = strlen(s);
	return !strchr(s, '\n') && !(n > 0 && s[n - 1] == '\r');
}

int rt_migdir_write(rt_buf *out, const rt_migration *m, rt_error *err)
{
	rt_arena *a = rt_arena_new();
	int rc = -1;
	for (size_t i = 0; i < m->header.len; i++) {
		const char *h = m->header.items[i];
		const char *q = h;
		while (blank(*q))
			q++;
		if (!one_line_text(h) || *q == '+') {
			rt_errorf(err, RT_EINPUT, "header line %zu %s", i + 1,
				  *q == '+' ? "would read as a marker"
					    : "holds a line break");
			goto done;
		}
		/* (pieces, not rt_buf_addf: a line per change, 1,000s) */
		rt_buf_adds(out, h[0] ? "-- " : "--");
		rt_buf_adds(out, h);
		rt_buf_addch(out, '\n');
	}
	if (m->header.len > 0)
		rt_buf_addch(out, '\n');
	if (!m->up.present) {
		rt_errorf(err, RT_EINPUT,
			  "a migration needs its '-- +up' "
			  "section");
		goto done;
	}
	if (write_section(out, a, "-- +up", &m->up, err) < 0)
		goto done;
	if (m->down.present) {
		rt_buf_addch(out, '\n');
		if (write_section(out, a, "-- +down", &m->down, err) < 0)
			goto done;
	}
	if (m->has_validate) {
		const char **sql =
		    rt_arena_alloc(a, (m->checks.len + 1) * sizeof(*sql));
		for (size_t i = 0; i < m->checks.len; i++)
			sql[i] =
			    ((const rt_migdir_check *)m->checks.items[i])->sql;
		bool all_ok = all_read_back(a, sql, m->checks.len);
		rt_buf_adds(out, "\n-- +validate\n");
		for (size_t i = 0; i < m->checks.len; i++) {
			const rt_migdir_check *c = m->checks.items[i];
			if (i > 0)
				rt_buf_addch(out, '\n');
			switch (c->expect) {
			case RT_MIGDIR_EXPECT_TRUE:
				rt_buf_adds(out, "-- +expect true\n");
				break;
			case RT_MIGDIR_EXPECT_ROWS:
				rt_buf_addf(out, "-- +expect %llu %s\n",
					    (unsigned long long)c->rows,
					    c->rows == 1 ? "row" : "rows");
				break;
			case RT_MIGDIR_EXPECT_VALUE: {
				const char *v = c->value ? c->value : "";
				size_t n = strlen(v);
				if (n == 0 || !one_line_text(v) ||
				    blank(v[0]) || blank(v[n - 1])) {
					rt_errorf(
					    err, RT_EINPUT,
					    "query %zu of '-- +validate': "
					    "the expected value must be "
					    "one line, not empty, with "
					    "no blanks at either end",
					    i + 1);
					goto done;
				}
				rt_buf_adds(out, "-- +expect value ");
				rt_buf_adds(out, v);
				rt_buf_addch(out, '\n');
				break;
			}
			}
			if (write_stmt(out, a, "-- +validate", i, c->sql,
				       all_ok, err) < 0)
				goto done;
		}
	}
	rc = 0;
done:
	rt_arena_free(a);
	return rc;
}
