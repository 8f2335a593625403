/* SPDX-License-Identifier: MIT */
/*
 * The statement analyzer's driver: splits the input as psql does
 * (rt_load_split), parses each statement with libpg_query, has
 * analyze_stmt.c judge it against the schema as it is before the
 * statement, then applies the statement to that schema with the SQL
 * loader (rt_load_sql_apply), so the next statement sees it. Also the
 * places (line:col of the first token), the statement text, and the
 * "-- retort:ignore RULE" comments.
 */
#include "base/common.h"
#include "base/buf.h"
#include "plan/analyze_int.h"
#include "schema/canon_parse.h"

#include <stdarg.h>

const char *rt_work_name(rt_work w)
{
	static const char *const names[] = {"catalog", "scan",	"rewrite",
					    "index",   "fails", "depends"};
	RT_ASSERT((unsigned)w < RT_ARRAY_LEN(names));
	return names[w];
}

const char *rt_lock_mode(rt_lock l)
{
	static const char *const names[] = {
	    NULL,
	    "AccessShare",
	    "RowShare",
	    "RowExclusive",
	    "ShareUpdateExclusive",
	    "Share",
	    "ShareRowExclusive",
	    "Exclusive",
	    "AccessExclusive",
	};
	RT_ASSERT((unsigned)l < RT_ARRAY_LEN(names));
	return names[l];
}

static bool rule_in(const rt_vec *v, const char *rule)
{
	for (size_t i = 0; v && i < v->len; i++)
		if (!strcmp(v->items[i], rule))
			return true;
	return false;
}

/* The type-choice advice and hygiene rules squawk has that are not about
 * what a statement does to a live table: reported only when asked for. */
static const char *const opt_in_rules[] = {
    "prefer-bigint-over-int",
    "prefer-bigint-over-smallint",
    "prefer-identity",
    "prefer-text-field",
    "prefer-timestamptz",
    "ban-char-field",
    "require-table-schema",
    "require-enum-value-ordering",
    /* retort's runner sets both timeouts per migration (issue 8 item 2):
     * for SQL other tools run */
    "require-lock-timeout",
    "require-statement-timeout",
};

static bool opt_in(const char *rule)
{
	for (size_t i = 0; i < RT_ARRAY_LEN(opt_in_rules); i++)
		if (!strcmp(opt_in_rules[i], rule))
			return true;
	return false;
}

void rt_analyze__find(an_stmt *st, const char *rule, const char *fix,
		      const char *fmt, ...)
{
	rt_analyzer *z = st->z;
	va_list ap;
	char msg[512];

	if (rule_in(z->exclude, rule))
		return;
	if (opt_in(rule) && !rule_in(z->include, rule))
		return;
	for (size_t i = 0; i < st->r->findings.len; i++)
		if (!strcmp(((rt_finding *)st->r->findings.items[i])->rule,
			    rule))
			return; /* one finding per rule and statement */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rt_finding *f = RT_NEW(z->a, rt_finding);
	f->rule = rule;
	f->message = rt_arena_strdup(z->a, msg);
	f->fix = fix ? rt_arena_strdup(z->a, fix) : NULL;
	rt_vec_push(&st->r->findings, z->a, f);
}

/* ---- the analyzer ------------------------------------------------------ */

int rt_analyzer_new(rt_analyzer **out, rt_arena *a, const rt_schema *against,
		    const rt_analyze_opts *o, rt_error *err)
{
	rt_analyzer *z = RT_NEW(a, rt_analyzer);
	rt_schema *copy = NULL;

	memset(z, 0, sizeof(*z));
	z->a = a;
	z->version = o && o->server_version ? o->server_version : 150000;
	z->exclude = o ? o->exclude : NULL;
	z->include = o ? o->include : NULL;
	z->assume_tx = o && o->assume_in_transaction;
	z->is_empty = o ? o->is_empty : NULL;
	z->is_empty_ctx = o ? o->is_empty_ctx : NULL;
	if (against) {
		/* a copy the statements may change: the model as JSON, read
		 * back whole (every kind, as inspect --json writes it) */
		rt_buf json = RT_BUF_INIT;
		rt_schema_json(&json, against);
		int rc = rt_load_json_text(&copy, a, "<against>", json.data,
					   json.len, err);
		rt_buf_release(&json);
		if (rc < 0) {
			char why[sizeof(err->msg)];
			snprintf(why, sizeof(why), "%s", err->msg);
			return rt_errorf(err, RT_EINTERNAL,
					 "cannot copy the schema to lint "
					 "against: %s",
					 why);
		}
	} else if (rt_load_empty(&copy, a, RT_DIALECT_PG, "lint", err) < 0)
		return -1;
	z->s = copy;
	z->run = rt_load_sql_begin(a, copy, "lint");
	z->in_block = z->assume_tx;
	*out = z;
	return 0;
}

const rt_schema *rt_analyzer_schema(const rt_analyzer *z)
{
	return z->s;
}

void rt_analyze_end_file(rt_analyzer *z)
{
	if (z->in_block && z->began) {
		an_stmt st = {.z = z, .r = z->began};
		rt_analyze__find(
		    &st, "ban-uncommitted-transaction",
		    "end the file with COMMIT",
		    "this BEGIN is never committed: the transaction stays "
		    "open and holds its locks");
	}
	z->in_block = z->assume_tx;
	z->began = NULL;
	z->lock_timeout = false;
	z->statement_timeout = false;
	z->path.len = 0; /* a new session */
	z->file_gen++;	 /* tables it created are no longer new */
	z->tx_gen++;
}

/* ---- places -------------------------------------------------------------- */

/* Offset of the first token of text at or after off: blanks and comments
 * skipped; len when there is none. */
static size_t first_token(const char *text, size_t len, size_t off)
{
	while (off < len) {
		char c = text[off];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			off++;
		} else if (c == '-' && off + 1 < len && text[off + 1] == '-') {
			while (off < len && text[off] != '\n')
				off++;
		} else if (c == '/' && off + 1 < len && text[off + 1] == '*') {
			int depth = 1;
			off += 2;
			while (off < len && depth > 0) {
				if (text[off] == '*' && off + 1 < len &&
				    text[off + 1] == '/') {
					depth--;
					off += 2;
				} else if (text[off] == '/' && off + 1 < len &&
					   text[off + 1] == '*') {
					depth++;
					off += 2;
				} else {
					off++;
				}
			}
		} else {
			break;
		}
	}
	return off < len ? off : len;
}

/* Line and column (characters, 1-based) of byte off of a piece that
 * starts at line:col. */
static void place_in(const char *text, size_t off, int line, int col,
		     int *line_out, int *col_out)
{
	for (size_t i = 0; i < off && text[i]; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			line++;
			col = 1;
		} else if ((c & 0xc0) != 0x80) {
			col++;
		}
	}
	*line_out = line;
	*col_out = col;
}

/* Byte offset of 1-based character position pos in text. */
static size_t byte_of_char(const char *text, int pos)
{
	size_t i = 0;
	int n = 0;
	for (; text[i]; i++)
		if (((unsigned char)text[i] & 0xc0) != 0x80 && ++n == pos)
			return i;
	return i;
}

/* ---- "-- retort:ignore RULE[,RULE]" ---------------------------------------
 */

#define IGNORE_MARK "retort:ignore"

/* Adds the rules named by the ignore comment in line[0..n) (if any) to
 * rules; only_comment: the line must hold the comment alone. */
static void ignore_rules(rt_vec *rules, rt_arena *a, const char *line, size_t n,
			 bool only_comment)
{
	size_t i = 0;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (only_comment &&
	    (i + 1 >= n || line[i] != '-' || line[i + 1] != '-'))
		return;
	const char *dash = NULL;
	for (size_t j = i; j + 1 < n; j++)
		if (line[j] == '-' && line[j + 1] == '-') {
			dash = line + j;
			break;
		}
	if (!dash)
		return;
	const char *p = dash + 2, *end = line + n;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	size_t mlen = strlen(IGNORE_MARK);
	if ((size_t)(end - p) < mlen || memcmp(p, IGNORE_MARK, mlen) != 0)
		return;
	p += mlen;
	if (p < end && *p != ' ' && *p != '\t' && *p != '\r')
		return; /* retort:ignored, retort:ignore-file: not ours */
	bool any = false;
	while (p < end) {
		while (p < end &&
		       (*p == ' ' || *p == '\t' || *p == ',' || *p == '\r'))
			p++;
		const char *s = p;
		while (p < end && *p != ' ' && *p != '\t' && *p != ',' &&
		       *p != '\r')
			p++;
		if (p > s) {
			rt_vec_push(rules, a, rt_arena_strndup(a, s, p - s));
			any = true;
		}
	}
	if (!any)
		rt_vec_push(rules, a, (void *)"all");
}

/* The ignore comments of the statement at input[start..end): on the line
 * before its first token (alone on that line), or after its end on its
 * last line. */
static void ignores_of(rt_vec *rules, rt_arena *a, const char *input,
		       size_t len, size_t start, size_t end)
{
	size_t bol = start;
	while (bol > 0 && input[bol - 1] != '\n')
		bol--;
	if (bol > 0) {
		size_t pb = bol - 1;
		while (pb > 0 && input[pb - 1] != '\n')
			pb--;
		ignore_rules(rules, a, input + pb, bol - 1 - pb, true);
	}
	size_t eol = end;
	while (eol < len && input[eol] != '\n')
		eol++;
	if (eol > end)
		ignore_rules(rules, a, input + end, eol - end, false);
}

static void apply_ignores(rt_stmt_analysis *r, const rt_vec *rules, rt_arena *a)
{
	if (!rules->len)
		return;
	bool all = rule_in(rules, "all");
	size_t keep = 0;
	for (size_t i = 0; i < r->findings.len; i++) {
		rt_finding *f = r->findings.items[i];
		if (all || rule_in(rules, f->rule))
			rt_vec_push(&r->ignored, a, f);
		else
			r->findings.items[keep++] = f;
	}
	r->findings.len = keep;
}

/* ---- statements ------------------------------------------------------------
 */

/* Statements that cannot change what the model holds: not applied. */
static bool changes_nothing(const PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_INSERT_STMT:
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
	case PG_QUERY__NODE__NODE_DELETE_STMT:
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
	case PG_QUERY__NODE__NODE_CLUSTER_STMT:
	case PG_QUERY__NODE__NODE_REINDEX_STMT:
	case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
	case PG_QUERY__NODE__NODE_LOCK_STMT:
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
	case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
	case PG_QUERY__NODE__NODE_COPY_STMT:
	case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
		return true;
	default:
		return false;
	}
}

static void *arena_alloc(void *data, size_t n)
{
	return rt_arena_alloc(data, n);
}

static void arena_nofree(void *data, void *p)
{
	(void)data;
	(void)p;
}

/* Parses piece text into scratch: the tree, or NULL with *msg and
 * *cursor (1-based character, 0: none) set. */
static PgQuery__ParseResult *parse(rt_arena *scratch, const char *text,
				   const char **msg, int *cursor,
				   rt_parse_hold *hold)
{
	PgQuery__ParseResult *tree = NULL;
	switch (rt_canon_parse(scratch, text, RT_LOAD_DEPTH_MAX, &tree, msg,
			       cursor, hold)) {
	case RT_PARSE_OK:
		return tree;
	case RT_PARSE_ERROR:
		return NULL;
	case RT_PARSE_TOO_DEEP:
		*msg = rt_arena_printf(scratch,
				       "statement nested too deeply (over %d "
				       "levels)",
				       RT_LOAD_DEPTH_MAX);
		*cursor = 0;
		return NULL;
	case RT_PARSE_NOT_HERE:
		break;
	}
	PgQueryProtobufParseResult pr = pg_query_parse_protobuf(text);
	if (pr.error) {
		*msg = rt_arena_strdup(scratch, pr.error->message);
		*cursor = pr.error->cursorpos;
	} else {
		ProtobufCAllocator alloc = {arena_alloc, arena_nofree, scratch};
		tree = pg_query__parse_result__unpack(
		    &alloc, pr.parse_tree.len,
		    (const uint8_t *)pr.parse_tree.data);
		if (!tree) {
			*msg = "cannot read the parse tree";
			*cursor = 0;
		}
	}
	pg_query_free_protobuf_parse_result(pr);
	return tree;
}

/* The statement text from its first token, without the trailing ';' and
 * blanks, in a. */
static const char *stmt_text(rt_arena *a, const char *text, size_t from,
			     size_t to)
{
	while (to > from && (text[to - 1] == ';' || text[to - 1] == ' ' ||
			     text[to - 1] == '\n' || text[to - 1] == '\t' ||
			     text[to - 1] == '\r'))
		to--;
	return rt_arena_strndup(a, text + from, to - from);
}

static int analyze_piece(rt_analyzer *z, rt_vec *out, const char *name,
			 const char *input, size_t len, const rt_load_piece *pc,
			 rt_error *err)
{
	rt_arena *scratch = rt_arena_new();
	rt_parse_hold hold = {0};
	const char *msg = NULL;
	int cursor = 0, rc = 0;
	size_t tok = first_token(pc->text, pc->len, 0);
	PgQuery__ParseResult *tree;

	if (tok >= pc->len)
		goto done; /* blanks and comments only */
	tree = parse(scratch, pc->text, &msg, &cursor, &hold);
	if (!tree) {
		int line, col;
		size_t at = cursor > 0 ? byte_of_char(pc->text, cursor) : tok;
		place_in(pc->text, at, pc->line, pc->col, &line, &col);
		rt_errorf(err, RT_EINPUT, "%s", msg);
		rt_error_at(err, name, line, col);
		rc = -1;
		goto done;
	}
	bool apply = false;
	for (size_t i = 0; i < tree->n_stmts; i++) {
		PgQuery__RawStmt *raw = tree->stmts[i];
		if (!raw->stmt)
			continue;
		size_t from =
		    first_token(pc->text, pc->len, (size_t)raw->stmt_location);
		size_t to = raw->stmt_len ? (size_t)raw->stmt_location +
						(size_t)raw->stmt_len
					  : pc->len;
		if (to > pc->len)
			to = pc->len;
		rt_stmt_analysis *r = RT_NEW(z->a, rt_stmt_analysis);
		memset(r, 0, sizeof(*r));
		r->file = name;
		place_in(pc->text, from, pc->line, pc->col, &r->line, &r->col);
		r->sql = stmt_text(z->a, pc->text, from, to);
		r->in_transaction = true;
		an_stmt st = {.z = z, .r = r, .scratch = scratch};
		rt_analyze__stmt(&st, raw->stmt);
		r->blocks_reads = r->lock >= RT_LOCK_ACCESS_EXCLUSIVE;
		r->blocks_writes = r->lock >= RT_LOCK_SHARE;
		rt_vec rules = {0};
		ignores_of(&rules, scratch, input, len, pc->off + from,
			   i + 1 == tree->n_stmts ? pc->off + pc->len
						  : pc->off + to);
		apply_ignores(r, &rules, z->a);
		rt_vec_push(out, z->a, r);
		apply = apply || !changes_nothing(raw->stmt);
	}
	rt_canon_parse_release(&hold);
	if (apply) {
		/* the schema the next statement sees; a statement the model
		 * contradicts (ALTER of a table it does not hold) changes
		 * nothing and is no error here: it was analyzed
		 * conservatively */
		rt_error ignored = RT_ERROR_INIT;
		(void)rt_load_sql_apply(z->run, name, pc->text, pc->line,
					pc->col, &ignored);
	}
done:
	if (rc < 0)
		rt_canon_parse_release(&hold);
	rt_arena_free(scratch);
	return rc;
}

int rt_analyze_text(rt_analyzer *z, rt_vec *out, const char *name,
		    int first_line, const char *text, size_t len, rt_error *err)
{
	rt_arena *pieces_arena = rt_arena_new();
	rt_vec pieces = {0};
	int rc = 0;

	if (rt_load_split(&pieces, pieces_arena, name, text, len, err) < 0) {
		if (err->line > 0)
			err->line += first_line - 1;
		rc = -1;
		goto done;
	}
	for (size_t i = 0; i < pieces.len && rc == 0; i++) {
		rt_load_piece pc = *(rt_load_piece *)pieces.items[i];
		pc.line += first_line - 1;
		rc = analyze_piece(z, out, name, text, len, &pc, err);
	}
done:
	rt_arena_free(pieces_arena);
	return rc;
}

/* ---- the rules ------------------------------------------------------------
 */

const char *const rt_analyze_rules[] = {
    "adding-auto-increment-field",
    "adding-exclusion-constraint",
    "adding-field-with-default",
    "adding-field-with-domain",
    "adding-foreign-key-constraint",
    "adding-generated-field",
    "adding-not-nullable-field",
    "adding-primary-key-constraint",
    "adding-required-field",
    "attach-partition-scan",
    "ban-alter-domain-with-add-constraint",
    "ban-char-field",
    "ban-concurrent-index-creation-in-transaction",
    "ban-create-domain-with-constraint",
    "ban-drop-column",
    "ban-drop-database",
    "ban-drop-not-null",
    "ban-drop-table",
    "ban-duplicate-column-assignments",
    "ban-truncate",
    "ban-truncate-cascade",
    "ban-uncommitted-transaction",
    "cannot-run-in-transaction",
    "changing-column-type",
    "concurrent-index-on-partitioned-table",
    "constraint-missing-not-valid",
    "delete-without-where",
    "disallowed-unique-constraint",
    "drop-cascade",
    "enum-value-used-in-transaction",
    "identifier-too-long",
    "partition-locks-parent",
    "prefer-bigint-over-int",
    "prefer-bigint-over-smallint",
    "prefer-identity",
    "prefer-robust-stmts",
    "prefer-text-field",
    "prefer-timestamptz",
    "renaming-column",
    "renaming-table",
    "require-concurrent-index-creation",
    "require-concurrent-index-deletion",
    "require-concurrent-partition-detach",
    "require-concurrent-refresh",
    "require-concurrent-reindex",
    "require-enum-value-ordering",
    "require-lock-timeout",
    "require-statement-timeout",
    "require-table-schema",
    "table-rewrite",
    "transaction-nesting",
    "unknown-statement",
    "update-without-where",
    NULL,
};

const char *const rt_analyze_rule_help[] = {
    "ADD COLUMN serial / identity rewrites the table (R19)",
    "ADD EXCLUDE builds an index under ACCESS EXCLUSIVE (R46)",
    "ADD COLUMN with a volatile default rewrites the table (R15)",
    "ADD COLUMN of a constrained domain rewrites the table (R20)",
    "a validated foreign key scans under SHARE ROW EXCLUSIVE (R40)",
    "ADD COLUMN ... GENERATED ... STORED rewrites the table (R18)",
    "SET NOT NULL scans the table unless a valid CHECK proves it (R30)",
    "ADD PRIMARY KEY builds an index under ACCESS EXCLUSIVE (R44)",
    "ADD COLUMN NOT NULL without a default fails on rows (R16)",
    "ATTACH PARTITION scans the partition to prove its bound (R79)",
    "ALTER DOMAIN ADD CONSTRAINT scans every column of it (R65)",
    "char(n) columns (opt-in advice)",
    "CREATE INDEX CONCURRENTLY inside a transaction block fails (R50)",
    "a domain with a CHECK (R20, R65)",
    "DROP COLUMN loses the column's values (R22)",
    "DROP SCHEMA / DATABASE",
    "DROP NOT NULL lets readers see NULLs (R32)",
    "DROP TABLE loses all rows (R05)",
    "UPDATE assigning one column twice fails",
    "TRUNCATE empties the table under ACCESS EXCLUSIVE (R06)",
    "TRUNCATE CASCADE empties the referencing tables too (R06)",
    "BEGIN without COMMIT in a file",
    "a statement that cannot run in a transaction block, inside one (1h)",
    "ALTER COLUMN TYPE that rewrites, rebuilds indexes or depends on "
    "TimeZone (R26-R28)",
    "CREATE INDEX CONCURRENTLY on a partitioned table fails (R59)",
    "ADD CHECK without NOT VALID scans; VALIDATE in the same transaction "
    "(R37-R39)",
    "DELETE without WHERE",
    "ADD UNIQUE builds an index under ACCESS EXCLUSIVE (R43, R21)",
    "DROP TYPE ... CASCADE drops columns (R64)",
    "a new enum value is unusable until COMMIT (R61)",
    "a name over 63 bytes is cut",
    "CREATE TABLE ... PARTITION OF takes ACCESS EXCLUSIVE on the parent "
    "(R03)",
    "32-bit integer columns (opt-in advice)",
    "16-bit integer columns (opt-in advice)",
    "serial columns (opt-in advice)",
    "a non-transactional statement that cannot be rerun (1h)",
    "varchar(n) columns (opt-in advice)",
    "timestamp without time zone columns (opt-in advice)",
    "RENAME COLUMN breaks clients (R23)",
    "RENAME TABLE breaks clients (R07)",
    "CREATE INDEX blocks writes for the build (R49)",
    "DROP INDEX takes ACCESS EXCLUSIVE (R51)",
    "DETACH PARTITION takes ACCESS EXCLUSIVE on the parent (R80)",
    "REFRESH MATERIALIZED VIEW blocks reads (R74)",
    "REINDEX blocks writes (R53)",
    "ADD VALUE without BEFORE/AFTER (opt-in advice)",
    "a traffic-blocking lock without lock_timeout (opt-in: retort's "
    "runner sets it)",
    "a scan, rewrite or index build without statement_timeout (opt-in)",
    "CREATE TABLE without a schema (opt-in)",
    "SET LOGGED/UNLOGGED, SET TABLESPACE, VACUUM FULL, CLUSTER rewrite "
    "(R09-R11)",
    "BEGIN inside a transaction, COMMIT of the runner's",
    "a statement whose locks retort cannot tell (DO, CALL, ...)",
    "UPDATE without WHERE rewrites every row in one transaction",
    NULL,
};
