/* SPDX-License-Identifier: MIT */
/*
 * runner-driver: a test driver for src/runner until the upgrade / downgrade
 * commands exist. It reads migrations from a directory in a format of its
 * own (not the migration-file format of src/migdir) and runs one runner
 * operation against a database URL.
 *
 *   runner-driver URL DIR up [TARGET]     apply files <= TARGET (head)
 *   runner-driver URL DIR down TARGET     roll back applied > TARGET (base)
 *   runner-driver URL DIR stamp VERSION   record files <= VERSION
 *   runner-driver URL DIR unstamp VERSION forget applied > VERSION
 *   runner-driver URL DIR status          one line per version
 *   runner-driver URL DIR sql-up [TARGET] / sql-down TARGET  offline script
 *
 * DIR holds NNNN_name.up.sql and NNNN_name.down.sql. A statement ends with
 * a line ending in ';'. "-- @no-transaction" flags the next statement;
 * "-- @expect VALUE" makes it a validation query expecting VALUE. The
 * checksum is FNV-1a 64 of the up file. Prints "done=N skipped=M calls=C";
 * errors as "runner-driver: file:line: message" with exit 2 (input) or 3.
 *
 * On SQLite, where a statement cannot be held up from outside, two
 * environment variables let tests see and cut the runner's statements (a
 * sqlite3_trace_v2 hook on every connection, installed with
 * sqlite3_auto_extension):
 *   RUNNER_DRIVER_TRACE=1     prints "stmt N: SQL" to stderr before the
 *                             N-th statement (1-based) the runner sends
 *   RUNNER_DRIVER_KILL_AT=N   raises SIGKILL right before the N-th
 */
#include "base/common.h"
#include "base/arena.h"
#include "base/buf.h"
#include "runner/runner.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sqlite3.h>

typedef struct list {
	rt_run_stmt *stmts;
	size_t n, cap;
	rt_run_check *checks;
	size_t nchecks, capchecks;
} list;

static long stmt_count, kill_at;
static bool trace_stmts;

/* SQLITE_TRACE_STMT: sql is the statement's text, about to run. */
static int on_trace(unsigned type, void *ctx, void *stmt, void *sql)
{
	(void)ctx;
	(void)stmt;
	if (type != SQLITE_TRACE_STMT)
		return 0;
	stmt_count++;
	if (trace_stmts)
		fprintf(stderr, "stmt %ld: %s\n", stmt_count,
			(const char *)sql);
	if (stmt_count == kill_at) {
		fflush(stderr);
		raise(SIGKILL);
	}
	return 0;
}

static int hook_connection(sqlite3 *db, char **errmsg, const void *api)
{
	(void)errmsg;
	(void)api;
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, on_trace, NULL);
	return SQLITE_OK;
}

/* Installs the hook when either variable is set. */
static void setup_trace(void)
{
	const char *t = getenv("RUNNER_DRIVER_TRACE");
	const char *k = getenv("RUNNER_DRIVER_KILL_AT");
	trace_stmts = t && *t && strcmp(t, "0") != 0;
	kill_at = k && *k ? strtol(k, NULL, 10) : 0;
	if (trace_stmts || kill_at > 0)
		sqlite3_auto_extension((void (*)(void))hook_connection);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	rt_buf b = RT_BUF_INIT;
	char chunk[4096];
	size_t n;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return rt_buf_detach(&b);
}

/* Splits text into statements and validation queries (see the header). */
static void parse(list *l, rt_arena *a, char *text)
{
	int lineno = 0, start = 0;
	bool no_tx = false;
	const char *expect = NULL;
	rt_buf cur = RT_BUF_INIT;
	char *p = text;

	while (*p) {
		char *eol = p + strcspn(p, "\n");
		size_t len = (size_t)(eol - p);
		char *line = rt_arena_strndup(a, p, len);
		lineno++;
		p = *eol ? eol + 1 : eol;
		if (cur.len == 0) {
			if (strspn(line, " \t\r") == len)
				continue;
			if (strncmp(line, "-- @no-transaction", 18) == 0) {
				no_tx = true;
				continue;
			}
			if (strncmp(line, "-- @expect ", 11) == 0) {
				expect = line + 11;
				continue;
			}
			start = lineno;
		}
		rt_buf_adds(&cur, line);
		rt_buf_addch(&cur, '\n');
		while (len && strchr(" \t\r", line[len - 1]))
			len--;
		if (!len || line[len - 1] != ';')
			continue;
		char *sql = rt_buf_detach_arena(&cur, a);
		if (expect) {
			if (l->nchecks == l->capchecks) {
				l->capchecks = l->capchecks * 2 + 4;
				l->checks = rt_xrealloc(l->checks,
							l->capchecks *
							    sizeof(*l->checks));
			}
			l->checks[l->nchecks++] =
			    (rt_run_check){sql, start, expect};
		} else {
			if (l->n == l->cap) {
				l->cap = l->cap * 2 + 4;
				l->stmts = rt_xrealloc(
				    l->stmts, l->cap * sizeof(*l->stmts));
			}
			l->stmts[l->n++] = (rt_run_stmt){sql, start, no_tx};
		}
		no_tx = false;
		expect = NULL;
	}
	rt_buf_release(&cur);
}

/* Moves a malloc'd array of n bytes into the arena. */
static void *to_arena(rt_arena *a, void *p, size_t n)
{
	void *q = rt_arena_alloc(a, n + 1);
	if (n)
		memcpy(q, p, n);
	free(p);
	return q;
}

static int cmp_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Loads DIR's migrations sorted by version; exits 2 on bad input. */
static rt_run_mig *load_dir(size_t *n_out, rt_arena *a, const char *dir)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t nn = 0;
	struct dirent *e;
	if (!d) {
		fprintf(stderr, "runner-driver: cannot open '%s': %s\n", dir,
			strerror(errno));
		exit(2);
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len > 7 && strcmp(e->d_name + len - 7, ".up.sql") == 0) {
			names = rt_xrealloc(names, (nn + 1) * sizeof(*names));
			names[nn++] = rt_arena_strdup(a, e->d_name);
		}
	}
	closedir(d);
	qsort(names, nn, sizeof(*names), cmp_name);
	rt_run_mig *m = rt_arena_alloc(a, (nn + 1) * sizeof(*m));
	for (size_t i = 0; i < nn; i++) {
		char *base =
		    rt_arena_strndup(a, names[i], strlen(names[i]) - 7);
		char *end = NULL;
		size_t len = 0;
		list up = {0}, down = {0};
		m[i].version = strtoll(base, &end, 10);
		if (end == base || *end != '_') {
			fprintf(stderr,
				"runner-driver: '%s/%s': expected NNNN_name\n",
				dir, names[i]);
			exit(2);
		}
		m[i].name = end + 1;
		m[i].path = rt_arena_printf(a, "%s/%s", dir, names[i]);
		char *text = read_file(m[i].path, &len);
		if (!text) {
			fprintf(stderr, "runner-driver: cannot read '%s'\n",
				m[i].path);
			exit(2);
		}
		uint64_t h = 1469598103934665603ULL;
		for (size_t k = 0; k < len; k++)
			h = (h ^ (unsigned char)text[k]) * 1099511628211ULL;
		m[i].checksum =
		    rt_arena_printf(a, "%016llx", (unsigned long long)h);
		parse(&up, a, text);
		free(text);
		char *dpath = rt_arena_printf(a, "%s/%s.down.sql", dir, base);
		text = read_file(dpath, &len);
		if (text) {
			m[i].down_path = dpath;
			parse(&down, a, text);
			free(text);
		}
		m[i].up = to_arena(a, up.stmts, up.n * sizeof(*up.stmts));
		m[i].nup = up.n;
		m[i].checks =
		    to_arena(a, up.checks, up.nchecks * sizeof(*up.checks));
		m[i].nchecks = up.nchecks;
		m[i].down =
		    to_arena(a, down.stmts, down.n * sizeof(*down.stmts));
		m[i].ndown = down.n;
		free(down.checks);
	}
	free(names);
	*n_out = nn;
	return m;
}

static int report(const rt_error *err, const rt_run_result *res)
{
	if (res)
		printf("done=%zu skipped=%zu calls=%zu\n", res->done,
		       res->skipped, res->calls);
	fprintf(stderr, "runner-driver: ");
	if (err->file[0])
		fprintf(stderr, "%s:%d: ", err->file, err->line);
	fprintf(stderr, "%s\n", err->msg);
	if (err->detail[0])
		fprintf(stderr, "detail: %s\n", err->detail);
	if (err->hint[0])
		fprintf(stderr, "hint: %s\n", err->hint);
	return err->code == RT_EDB || err->code == RT_EIO ? 3 : 2;
}

static long long target_of(const char *s)
{
	if (!s || strcmp(s, "head") == 0)
		return INT64_MAX;
	if (strcmp(s, "base") == 0)
		return 0;
	return strtoll(s, NULL, 10);
}

int main(int argc, char **argv)
{
	rt_arena *a = rt_arena_new();
	rt_error err = RT_ERROR_INIT;
	rt_run_result res = {0};
	rt_conn *c = NULL;
	size_t n = 0, k = 0;
	int rc = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: runner-driver URL DIR OP [ARG]\n");
		return 2;
	}
	const char *url = argv[1], *op = argv[3], *arg = argv[4];
	setup_trace();
	rt_run_mig *m = load_dir(&n, a, argv[2]);
	rt_run_mig *sel = rt_arena_alloc(a, (n + 1) * sizeof(*sel));
	rt_run_opts opts = {.applied_by = getenv("USER")};
	long long target = target_of(arg);

	if (strncmp(op, "sql-", 4) == 0) {
		rt_dialect d = strncmp(url, "sqlite:", 7) == 0
				   ? RT_DIALECT_SQLITE
				   : RT_DIALECT_PG;
		rt_buf out = RT_BUF_INIT;
		bool up = strcmp(op, "sql-up") == 0;
		for (size_t i = 0; i < n; i++) {
			/* up: oldest first; down: newest first */
			const rt_run_mig *x = &m[up ? i : n - 1 - i];
			if ((x->version <= target) == up)
				sel[k++] = *x;
		}
		rt_runner_script(&out, d, up ? RT_RUN_UP : RT_RUN_DOWN, sel, k,
				 &opts);
		fputs(out.data, stdout);
		rt_buf_release(&out);
		goto done;
	}
	if (rt_conn_open(&c, url, &err) < 0) {
		rc = report(&err, NULL);
		goto done;
	}
	if (strcmp(op, "up") == 0 || strcmp(op, "stamp") == 0) {
		for (size_t i = 0; i < n; i++)
			if (m[i].version <= target)
				sel[k++] = m[i];
		if (op[0] == 'u' ? rt_runner_apply(&res, c, sel, k, &opts, &err)
				 : rt_runner_stamp(&res, c, sel, k, RT_RUN_UP,
						   &opts, &err))
			rc = report(&err, &res);
		else
			printf("done=%zu skipped=%zu calls=%zu\n", res.done,
			       res.skipped, res.calls);
	} else if (strcmp(op, "down") == 0 || strcmp(op, "unstamp") == 0) {
		rt_applied *ap = NULL;
		size_t nap = 0;
		if (!arg) {
			fprintf(stderr, "runner-driver: %s needs a target\n",
				op);
			rc = 2;
			goto done;
		}
		if (rt_runner_status(&ap, &nap, c, a, &err) < 0) {
			rc = report(&err, NULL);
			goto done;
		}
		for (size_t i = nap; i-- > 0;) {
			if (ap[i].version <= target)
				continue;
			size_t j = 0;
			while (j < n && m[j].version != ap[i].version)
				j++;
			if (j == n) {
				fprintf(stderr,
					"runner-driver: applied migration "
					"%lld has no file in '%s'\n",
					ap[i].version, argv[2]);
				rc = 2;
				goto done;
			}
			sel[k++] = m[j];
		}
		if (op[0] == 'd'
			? rt_runner_rollback(&res, c, sel, k, &opts, &err)
			: rt_runner_stamp(&res, c, sel, k, RT_RUN_DOWN, &opts,
					  &err))
			rc = report(&err, &res);
		else
			printf("done=%zu skipped=%zu calls=%zu\n", res.done,
			       res.skipped, res.calls);
	} else if (strcmp(op, "status") == 0) {
		static const char *names[] = {"pending", "applied", "edited",
					      "missing"};
		rt_applied *ap = NULL;
		rt_mig_status *st = NULL;
		size_t nap = 0, nst = 0;
		if (rt_runner_status(&ap, &nap, c, a, &err) < 0) {
			rc = report(&err, NULL);
			goto done;
		}
		rt_runner_compare(&st, &nst, a, m, n, ap, nap);
		for (size_t i = 0; i < nst; i++)
			printf("%04lld %s %s by=%s\n", st[i].version,
			       names[st[i].state],
			       st[i].file ? st[i].file->name
					  : st[i].applied->name,
			       st[i].applied ? st[i].applied->applied_by : "-");
	} else {
		fprintf(stderr, "runner-driver: unknown operation '%s'\n", op);
		rc = 2;
	}
done:
	rt_conn_close(c);
	rt_arena_free(a);
	return rc;
}
