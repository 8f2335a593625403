/* SPDX-License-Identifier: MIT */
/*
 * The live PostgreSQL loader: reads pg_catalog with a fixed number of
 * queries (one per object kind, all tables at once, the rows nearly raw)
 * sent in one pipeline in one REPEATABLE READ READ ONLY transaction, then
 * the index definitions and checks it needs, one per group (q_printed),
 * and fills a fresh rt_schema. libpq stays in this file: every result is
 * copied into the arena and cleared by fetch().
 */
#include "base/common.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/map.h"
#include "base/sql.h"
#include "base/vec.h"
#include "load/load.h"
#include "load/load_int.h"
#include "schema/canon.h"
#include "schema/schema.h"

/* A query result copied out of the PGresult: n rows of ncols cells, NULL
 * for SQL NULL, all in the arena. */
typedef struct pg_rows {
	size_t n, ncols;
	const char **cells;
} pg_rows;

typedef struct table_ref {
	unsigned long oid;
	rt_table *t;
	const char **att; /* column names by attnum (NULL: dropped) */
	rt_column **col;  /* the columns by attnum (NULL: dropped) */
	bool *generated;  /* by attnum: a generated column (load_defaults) */
	size_t natt;	  /* 1 + the highest attnum */
} table_ref;

/* An object's name for messages ("schema.table" or "schema.table.name"),
 * spelled out only when a message needs it: most rows never do, and
 * printing it for each of them was a visible part of the client's time. */
typedef struct obj_name {
	const char *schema, *table, *name; /* name NULL: the table itself */
} obj_name;

typedef int (*canon_fn)(const char **out, rt_arena *a, const char *text,
			rt_error *err);

/* A canonical key already computed: the same default or check text recurs
 * on many tables (now(), 'new'::status), and canon parses are the bulk of
 * the client's time. */
typedef struct memo_ent {
	canon_fn fn;
	const char *text, *key;
	rt_refs *refs; /* what text refers to, or NULL (see make_expr) */
} memo_ent;

typedef struct loader {
	PGconn *conn[2];      /* the two connections (see steps) */
	bool broken[2];	      /* PQconsumeInput failed (wait_result) */
	bool single;	      /* the second could not connect (see steps) */
	const char *snapshot; /* the first one's, the second imports it */
	rt_arena *a;
	rt_schema *s;
	const char *where; /* redacted conninfo, for messages */
	int version;	   /* PQserverVersion */
	size_t nqueries;
	table_ref *tables; /* sorted by oid, in the arena */
	size_t ntables;
	memo_ent *memo; /* open addressing, in the arena */
	size_t memo_cap, memo_len;
	const char *probes; /* q_first's probe letters (PROBES) */
	pg_rows depends;    /* q_depends, applied after rt_schema_finish */
	rt_map shapes;	    /* index shape -> index_shape * (load_indexes) */
	rt_map rels; /* "schema\0table" -> its spelling in an index key */
	pg_rows idx; /* q_indexes, converted when their texts come */
	size_t *idx_leader; /* per row: the row printed for it (itself
			       when printed alone), or SIZE_MAX: skipped */
	bool *idx_grouped;  /* per row: its text is its group's (a tail) */
	rt_buf idx_oids;    /* the indexes q_printed prints, "{oid,...}" */
	struct check_row *checks; /* the checks, converted by load_checks */
	size_t nchecks;
	rt_buf chk_oids;    /* the checks q_printed prints */
	struct fk_row *fks; /* foreign keys to tables not loaded (load_fks) */
	size_t nfks;
	rt_buf fk_oids;		  /* their oids, for q_printed */
	bool columns_loaded;	  /* load_columns has run (defaults_sql) */
	struct comment *comments; /* q_enums' comments, sorted (comment_of) */
	size_t ncomments;
	struct collation_ent *colls; /* q_enums' collations, by oid */
	size_t ncolls;
} loader;

/* A collation of q_enums, by oid (coll_of). */
typedef struct collation_ent {
	unsigned long oid;
	const char *schema, *name; /* schema NULL: pg_catalog */
} collation_ent;

/* A comment of q_enums, by comment_key: on object oid (column sub, or 0)
 * of catalog cls, 'r' pg_class, 't' pg_type or 'c' pg_constraint. */
typedef struct comment {
	uint64_t key;
	const char *text;
} comment;

/* A foreign key of q_constraints to a table retort does not load, waiting
 * for that table's names (q_printed). */
typedef struct fk_row {
	rt_constraint *c;
	obj_name on;
	const char *oid;
} fk_row;

/* A check of q_constraints, waiting for its expression (q_printed): its
 * own, or its group's first check's (lead). */
typedef struct check_row {
	rt_constraint *c;
	obj_name on;
	const char *oid;
	size_t lead; /* index into loader.checks */
} check_row;

/* ---- SQL text ---------------------------------------------------------- */

/* The SQL is laid out for reading, not by clang-format. */
/* clang-format off */


/* A schema retort manages: not pg_catalog, pg_toast, pg_temp_N,
 * pg_toast_temp_N (user schemas may not start with "pg_") nor
 * information_schema. n is the pg_namespace alias. */
#define USER_NS(n)                                                             \
	"(" n ".nspname <> 'information_schema' AND " n ".nspname NOT LIKE "  \
	"'pg\\_%')"

/* The object (catalog cls, oid expression o) is not part of an
 * extension. Every 'e' dependency refers to a pg_extension row: saying so
 * lets the server read only those rows through pg_depend_reference_index
 * instead of every pg_depend row of the catalog cls. */
#define NOT_EXT(cls, o)                                                        \
	"NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.refclassid = "         \
	"'pg_extension'::regclass AND e.deptype = 'e' AND e.classid = '" cls  \
	"'::regclass AND e.objid = " o ")"

/* c (pg_class) joined with n (its pg_namespace) is a managed table: not
 * the runner's tracking table (RT_TRACKING_TABLE, in any schema). */
#define MANAGED_TABLE                                                          \
	"c.relkind IN ('r', 'p') AND c.relname <> '" RT_TRACKING_TABLE       \
	"' AND " USER_NS("n") " AND " NOT_EXT("pg_class", "c.oid")

/* The comment on an object, joined as dsc (obj_description per row is an
 * SQL function call per row, ten times slower). */
#define DESC_JOIN(cls, o, sub)                                                 \
	"LEFT JOIN pg_description dsc ON dsc.classoid = '" cls                \
	"'::regclass AND dsc.objoid = " o " AND dsc.objsubid = " sub "\n"

#define Q_BEGIN "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

/* The first connection's first statement: its transaction's snapshot,
 * which the second connection imports (SET TRANSACTION SNAPSHOT). */
#define Q_SNAPSHOT "SELECT pg_export_snapshot()"

/* The oids of the schemas USER_NS takes, as an array for "= ANY": an
 * init plan evaluated once (IN's semi join or hashed subplan per use cost
 * the probes 0.4 ms more, planning included). */
#define USER_NS_OIDS                                                           \
	"(ARRAY(SELECT n.oid FROM pg_namespace n WHERE " USER_NS("n") "))"

/*
 * The probes of q_first: one letter for each kind of which the catalogs
 * hold a row that a branch of q_definitions (def_branches,
 * grant_branches), q_depends or q_unmanaged (unmanaged_branches) could
 * take. Each probe's condition is a SUPERSET of its branches' (no
 * extension test, fewer joins), so that a branch left out has no rows;
 * a probe that finds too much only costs the branch's time. pg_class,
 * pg_type and pg_proc are scanned once each for all their letters, the
 * other catalogs are asked for one row. Letters:
 *   pg_class: c composite types, v views and materialized views, m
 *     materialized views, o tables' storage parameters or replica
 *     identity, G relation ACLs, F foreign tables;
 *   pg_type: d domains, T type ACLs, B base types that are not arrays;
 *   pg_proc: f functions and procedures, A aggregates and window
 *     functions, P function ACLs;
 *   r range types, u rules other than _RETURN, k a clustered index, t
 *   user triggers, y policies, N schema ACLs, S extended statistics, E
 *   event triggers, U publications, W foreign-data wrappers, V foreign
 *   servers, X default privileges.
 */
#define PROBES                                                                 \
	"concat(\n"                                                          \
	"  (SELECT concat(CASE WHEN bool_or(c.relkind = 'c') THEN 'c' END,\n" \
	"    CASE WHEN bool_or(c.relkind IN ('v', 'm')) THEN 'v' END,\n"     \
	"    CASE WHEN bool_or(c.relkind = 'm') THEN 'm' END,\n"             \
	"    CASE WHEN bool_or(c.relkind IN ('r', 'p')) THEN 'o' END,\n"     \
	"    CASE WHEN bool_or(c.relacl IS NOT NULL) THEN 'G' END,\n"        \
	"    CASE WHEN bool_or(c.relkind = 'f') THEN 'F' END)\n"             \
	"    FROM pg_class c\n"                                               \
	"    WHERE (c.relkind IN ('c', 'v', 'm', 'f') OR c.relacl IS NOT NULL\n" \
	"      OR (c.relkind IN ('r', 'p') AND (c.reloptions IS NOT NULL\n"   \
	"      OR c.relreplident <> 'd')))\n"                                 \
	"    AND c.relnamespace = ANY " USER_NS_OIDS "),\n"                       \
	"  (SELECT concat(CASE WHEN bool_or(t.typtype = 'd') THEN 'd' END,\n" \
	"    CASE WHEN bool_or(t.typacl IS NOT NULL) THEN 'T' END,\n"        \
	"    CASE WHEN bool_or(t.typtype = 'b') THEN 'B' END)\n"             \
	"    FROM pg_type t\n"                                                \
	"    WHERE (t.typtype = 'd' OR t.typacl IS NOT NULL\n"                \
	"      OR (t.typtype = 'b' AND t.typnamespace = ANY " USER_NS_OIDS "\n"   \
	"      AND (t.typelem = 0 OR NOT EXISTS (SELECT 1 FROM pg_type el\n"   \
	"        WHERE el.oid = t.typelem AND el.typarray = t.oid))))\n"      \
	"    AND t.typnamespace = ANY " USER_NS_OIDS "),\n"                       \
	"  (SELECT concat(CASE WHEN bool_or(p.prokind IN ('f', 'p'))\n"      \
	"      THEN 'f' END,\n"                                              \
	"    CASE WHEN bool_or(p.prokind IN ('a', 'w')) THEN 'A' END,\n"     \
	"    CASE WHEN bool_or(p.proacl IS NOT NULL) THEN 'P' END)\n"        \
	"    FROM pg_proc p WHERE p.pronamespace = ANY " USER_NS_OIDS "),\n"     \
	"  CASE WHEN EXISTS (SELECT 1 FROM pg_range r\n"                      \
	"    JOIN pg_type t ON t.oid = r.rngtypid\n"                         \
	"    WHERE t.typnamespace = ANY " USER_NS_OIDS ") THEN 'r' END,\n"       \
	"  CASE WHEN EXISTS (SELECT 1 FROM pg_rewrite r\n"                    \
	"    JOIN pg_class c ON c.oid = r.ev_class\n"                        \
	"    WHERE r.rulename <> '_RETURN'\n"                                \
	"    AND c.relnamespace = ANY " USER_NS_OIDS ") THEN 'u' END,\n"         \
	"  CASE WHEN EXISTS (SELECT 1 FROM pg_index i\n"                      \
	"    WHERE i.indisclustered) THEN 'k' END,\n"                        \
	"  CASE WHEN EXISTS (SELECT 1 FROM pg_trigger g\n"                    \
	"    WHERE NOT g.tgisinternal AND g.tgparentid = 0) THEN 't' END,\n" \
	"  CASE WHEN EXISTS (SELECT 1 FROM pg_policy) THEN 'y' END,\n"       \
	"  CASE WHEN EXISTS (SELECT 1 FROM pg_namespace n\n"                  \
	"    WHERE n.nspacl IS NOT NULL AND " USER_NS("n") ") THEN 'N' END,\n" \
	"  CASE WHEN EXISTS (SELECT 1 FROM pg_statistic_ext) THEN 'S' END,\n" \
	"  CASE WHEN EXISTS (SELECT 1 FROM pg_event_trigger) THEN 'E' END,\n" \
	"  CASE WHEN EXISTS (SELECT 1 FROM pg_publication) THEN 'U' END,\n"  \
	"  CASE WHEN EXISTS (SELECT 1 FROM pg_foreign_data_wrapper)\n"       \
	"    THEN 'W' END,\n"                                                \
	"  CASE WHEN EXISTS (SELECT 1 FROM pg_foreign_server) THEN 'V' END,\n" \
	"  CASE WHEN EXISTS (SELECT 1 FROM pg_default_acl) THEN 'X' END)"

/*
 * The first query of the load after the snapshot (Q_SNAPSHOT), on the
 * first connection: the schemas ('n'), the extensions ('x'; plpgsql is
 * installed in every database by template1: not the user's), the
 * collations ('c', the columns load_collation reads) and the probes ('p',
 * PROBES: which kinds the later queries are sent for). One statement for
 * the four keeps the load at 15 (the column defaults have their own,
 * q_defaults).
 */
static const char q_first[] =
	"SELECT 'n' AS k, n.nspname::text AS a, dsc.description AS b,\n"
	"  NULL::text AS c, NULL::text AS d, NULL::text AS e,\n"
	"  NULL::text AS f, NULL::text AS g, NULL::text AS h\n"
	"FROM pg_namespace n\n"
	DESC_JOIN("pg_namespace", "n.oid", "0")
	"WHERE " USER_NS("n") " AND " NOT_EXT("pg_namespace", "n.oid") "\n"
	"UNION ALL\n"
	"SELECT 'x', x.extname, n.nspname, x.extversion, NULL, NULL, NULL,\n"
	"  NULL, NULL\n"
	"FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace\n"
	"WHERE x.extname <> 'plpgsql'\n"
	"UNION ALL\n"
	"SELECT 'c', n.nspname, c.collname, c.collprovider::text,\n"
	"  c.collcollate, c.collctype, @ICULOCALE@,\n"
	"  CASE WHEN c.collisdeterministic THEN 't' ELSE 'f' END,\n"
	"  dsc.description\n"
	"FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace\n"
	DESC_JOIN("pg_collation", "c.oid", "0")
	"WHERE " USER_NS("n") " AND " NOT_EXT("pg_collation", "c.oid") "\n"
	"UNION ALL\n"
	"SELECT 'p', " PROBES ", NULL, NULL, NULL, NULL, NULL, NULL, NULL";

/*
 * The enum types ('e' rows: oid, schema, name, labels), then the comments
 * on the objects of pg_class (tables, their columns, indexes, sequences:
 * 'r'), pg_type (enum types: 't') and pg_constraint ('c') that the loader
 * converts, as (class, oid, subid, text) rows for the client's map
 * (comment_of). Every object a user creates has an oid from
 * FirstNormalObjectId (16384) up, so the older rows (the catalogs' own,
 * most of pg_description in a small database) are left out. Read here,
 * before tables, columns, indexes, constraints and sequences are converted
 * (this result comes first on its connection), so that none of their
 * queries joins pg_description: at 1,000 tables those joins cost 10.3 ms
 * of backend CPU (columns 4.4, indexes 2.9, constraints 2.1, sequences
 * 1.2, tables 0.9, per query in a fresh backend), these 2,000 rows about
 * 1.3 (bench_load.py's backend CPU per statement). Then every collation ('l': oid, schema unless pg_catalog,
 * name), by whose oid the columns name theirs (coll_of): joining
 * pg_collation and its schema to every column cost 4.2 of q_columns' 30
 * ms, these 800 rows (a server with ICU) 0.5.
 */
static const char q_enums[] =
	"SELECT 'e' AS k, t.oid AS o, n.nspname::text AS a,\n"
	"  t.typname::text AS b,\n"
	"  array(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid\n"
	"    ORDER BY e.enumsortorder)::text AS c\n"
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"WHERE t.typtype = 'e' AND " USER_NS("n") " AND " NOT_EXT(
		"pg_type", "t.oid") "\n"
	"UNION ALL\n"
	"SELECT CASE d.classoid WHEN 'pg_class'::regclass THEN 'r'\n"
	"    WHEN 'pg_type'::regclass THEN 't' ELSE 'c' END,\n"
	"  d.objoid, d.objsubid::text, d.description, NULL\n"
	"FROM pg_description d\n"
	"WHERE d.objoid >= 16384 AND d.classoid IN ('pg_class'::regclass,\n"
	"  'pg_type'::regclass, 'pg_constraint'::regclass)\n"
	"UNION ALL\n"
	"SELECT 'l', co.oid,\n"
	"  CASE WHEN cn.nspname <> 'pg_catalog' THEN cn.nspname END,\n"
	"  co.collname, NULL\n"
	"FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace";

/* The oids of the tables retort manages (q_tables), as a subquery: a NOT IN
 * against it is hashed, one scan of pg_class, where a join per row probes
 * pg_class, pg_namespace and pg_depend once per row. */
#define MANAGED_OIDS                                                           \
	"SELECT c.oid FROM pg_class c\n"                                       \
	"    JOIN pg_namespace n ON n.oid = c.relnamespace\n"                  \
	"    WHERE " MANAGED_TABLE

/*
 * A sequence owned by a column (pg_depend 'a', OWNED BY), or an identity
 * column's (pg_depend 'i'): the latter belongs to its column, which
 * load_sequences finds by its table's oid and attnum. The owner's names
 * come from the tables and columns the client has already converted; only
 * an owner retort does not load (an extension's table) comes with its
 * schema, name and column's name in one array. Joining the owner's
 * pg_class, pg_namespace and pg_attribute rows to every sequence cost 3.5
 * of this query's 15.7 ms at 1,000 tables (each in a fresh backend). The
 * type is its oid: a sequence is a smallint, an integer or a bigint
 * (seq_type), and format_type per row was a function call per row.
 */
static const char q_sequences[] =
	"SELECT n.nspname, c.relname, s.seqtypid,\n"
	"  s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,\n"
	"  s.seqcycle, c.oid, d.deptype, d.refobjid, d.refobjsubid,\n"
	"  CASE WHEN d.refobjid NOT IN (\n"
	"    " MANAGED_OIDS ")\n"
	"  THEN ARRAY[(SELECT tn.nspname::text FROM pg_class tc\n"
	"      JOIN pg_namespace tn ON tn.oid = tc.relnamespace\n"
	"      WHERE tc.oid = d.refobjid),\n"
	"    (SELECT tc.relname::text FROM pg_class tc\n"
	"      WHERE tc.oid = d.refobjid),\n"
	"    (SELECT ta.attname::text FROM pg_attribute ta\n"
	"      WHERE ta.attrelid = d.refobjid\n"
	"        AND ta.attnum = d.refobjsubid)] END\n"
	"FROM pg_sequence s\n"
	"JOIN pg_class c ON c.oid = s.seqrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass\n"
	"  AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass\n"
	"  AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')\n"
	"WHERE " USER_NS("n") " AND " NOT_EXT("pg_class", "c.oid");

/* A table's parents (INHERITS, in order) come from pg_inherits grouped
 * once and hash-joined: two array subqueries per table (each a scan and a
 * sort) took 2.1 of this query's 8 ms at 1,000 tables (bench_load.py's backend CPU per statement). */
static const char q_tables[] =
	"SELECT c.oid, n.nspname, c.relname, c.relkind,\n"
	"  c.relpersistence = 'u',\n"
	"  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,\n"
	"  pn.nspname, pc.relname,\n"
	"  CASE WHEN c.relispartition\n"
	"    THEN pg_get_expr(c.relpartbound, c.oid) END,\n"
	"  CASE WHEN NOT c.relispartition THEN h.ns END,\n"
	"  CASE WHEN NOT c.relispartition THEN h.names END,\n"
	"  c.relrowsecurity, c.relforcerowsecurity\n"
	"FROM pg_class c\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"LEFT JOIN pg_inherits pi ON c.relispartition AND pi.inhrelid = c.oid\n"
	"LEFT JOIN pg_class pc ON pc.oid = pi.inhparent\n"
	"LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace\n"
	"LEFT JOIN (SELECT h.inhrelid,\n"
	"    array_agg(hn.nspname ORDER BY h.inhseqno) AS ns,\n"
	"    array_agg(hc.relname ORDER BY h.inhseqno) AS names\n"
	"  FROM pg_inherits h\n"
	"  JOIN pg_class hc ON hc.oid = h.inhparent\n"
	"  JOIN pg_namespace hn ON hn.oid = hc.relnamespace\n"
	"  GROUP BY h.inhrelid) h ON h.inhrelid = c.oid\n"
	"WHERE " MANAGED_TABLE;

/* Built-in types as format_type prints them; user types by schema and
 * name, arrays through their element type; the collation's oid when not
 * the type's (named from q_enums' list: coll_of). Types are looked up
 * once per distinct (type, typmod): from PostgreSQL 14 the lateral
 * subquery, kept apart by OFFSET 0, is memoized,
 * where joining pg_type and its namespaces to every column cost more than
 * format_type itself; 13 has no Memoize and joins it in (it refers to the
 * column only in its WHERE and select list, so it can be pulled up). The
 * defaults and generation expressions come apart (q_defaults, on the
 * other connection). Identity sequences come with the sequences
 * (load_sequences). The storage (where not the type's), statistics
 * target and compression are what ALTER TABLE ... ALTER COLUMN ... SET
 * STORAGE / STATISTICS / COMPRESSION would set (load_sql_props.c): read
 * here, with the columns, rather than by a scan of pg_attribute per table
 * in q_definitions. */
static const char q_columns[] =
	"SELECT a.attrelid, a.attname, ty.tsch, ty.tname,\n"
	"  CASE WHEN a.attcollation <> ty.typcollation THEN a.attcollation END,\n"
	"  a.attnotnull, a.attidentity, a.attislocal,\n"
	"  a.attinhcount, a.attnum,\n"
	"  CASE WHEN a.attstorage <> ty.typstorage THEN a.attstorage END,\n"
	"  CASE WHEN a.attstattarget >= 0 THEN a.attstattarget END,\n"
	"  CASE WHEN @ATTCOMPRESSION@ <> '' THEN @ATTCOMPRESSION@ END,\n"
	"  a.attgenerated\n"
	"FROM pg_attribute a\n"
	"JOIN pg_class c ON c.oid = a.attrelid\n"
	"JOIN LATERAL (SELECT\n"
	"    CASE WHEN tn.nspname = 'pg_catalog' THEN NULL\n"
	"      WHEN et.oid IS NOT NULL THEN en.nspname ELSE tn.nspname END\n"
	"      AS tsch,\n"
	"    CASE WHEN tn.nspname = 'pg_catalog'\n"
	"      THEN format_type(t.oid, a.atttypmod)\n"
	"      WHEN et.oid IS NOT NULL THEN et.typname || '[]'\n"
	"      ELSE t.typname::text END AS tname,\n"
	"    t.typstorage, t.typcollation\n"
	"  FROM pg_type t\n"
	"  JOIN pg_namespace tn ON tn.oid = t.typnamespace\n"
	"  LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typlen = -1\n"
	"  LEFT JOIN pg_namespace en ON en.oid = et.typnamespace\n"
	"  WHERE t.oid = a.atttypid @MEMOIZED@) ty ON true\n"
	/* unordered: the client sorts (sorting these wide rows on the
	 * server spilled to disk) */
	/* every table of a user schema: the client keeps those it loaded
	 * (the rest of MANAGED_TABLE, a probe per row, cost more) */
	"WHERE a.attnum > 0 AND NOT a.attisdropped\n"
	"  AND c.relkind IN ('r', 'p') AND c.relnamespace IN (\n"
	"    SELECT n.oid FROM pg_namespace n WHERE " USER_NS("n") ")";

/*
 * The columns' defaults and generation expressions, for every table (the
 * client keeps those of the columns it loaded: load_defaults). Printing
 * them took 40% of the columns query's backend CPU (about 21 of 54 ms at
 * 1,000 tables), on the first connection's path; here they are printed by
 * the second backend while the first reads the columns. A default cannot
 * refer to a column, so it is printed without its table (relid 0):
 * pg_get_expr with a table opens it and builds its relcache entry, the
 * largest cost of a cold load. A generation expression that refers to a
 * column keeps the table: its stored tree holds a Var node, "{VAR " in
 * its text (a constant's bytes are printed as numbers, so no string can
 * spell it), and the table is used for nothing but naming Vars. Testing
 * the tree, rather than joining pg_attribute for attgenerated, halves
 * this query's CPU (24 -> 12 ms). The client has attgenerated from the
 * columns, read before this query is sent: the tables it loaded that have
 * no generated column (@PLAIN@, the array literal of their oids:
 * defaults_sql) print every default without their table and without that
 * test, which reads (detoasts) each tree once more; it cost 1.9 of 16 ms
 * at 1,000 tables. Printing the defaults once per distinct tree (grouped
 * on the server by the tree's text, as q_printed's groups) cost more than
 * it saved: 20.6 ms, 6,500 rows in 1,530 groups, the trees' texts long. */
static const char q_defaults[] =
	"SELECT ad.adrelid, ad.adnum,\n"
	"  pg_get_expr(ad.adbin, CASE WHEN ad.adrelid = ANY ('@PLAIN@'::oid[])\n"
	"    THEN 0 WHEN strpos(ad.adbin::text, '{VAR ') > 0\n"
	"    THEN ad.adrelid ELSE 0 END)\n"
	"FROM pg_attrdef ad";

/*
 * Printing an expression that refers to columns (pg_get_expr with a table,
 * pg_get_indexdef) opens the table and builds its relcache entry, then
 * deparses: together the largest cost of a cold load, paid per table. The
 * text printed depends only on the stored tree and on the names (and, for
 * index keys, the types and collations) of the columns it refers to, so
 * rows that agree on those (SHAPE_KEY, the same on many tables) are printed
 * once, by the first row of their group (rn = 1), and the others take that
 * text (max() over the group). A whole-row reference (varattno 0) prints
 * the table's name: such rows are printed one by one. The trees are compared
 * as stored (with their parse locations), which only splits groups.
 */

/* Constraints cloned onto partitions (conparentid <> 0) are derived. The
 * rows are read nearly raw, for every table: the client keeps those of the
 * tables it loaded (load_constraints), and names the columns of keys and
 * foreign keys from their attnums; a foreign key to a table retort does
 * not load (an extension's) has that table's schema, name and column names
 * printed with the checks (q_printed), as the client asks: a NOT IN over
 * the managed tables here (a scan of pg_class) cost 2.1 ms at 1,000
 * tables. A check comes as its stored tree: the client
 * groups the checks by tree and names of the columns used, and the server
 * prints one expression per group (q_printed). Grouping them on the
 * server (a pg_attribute probe per check, two window sorts) took half of
 * this query's time. Each field printed costs the server CPU (5,000 rows
 * at 1,000 tables), so a field is NULL where its kind does not use it: a
 * key's columns are the first indnkeyatts of its index's (the rest are
 * INCLUDE columns), so conkey comes for foreign keys and checks only; the
 * index's fields come from one probe per key (LATERAL) rather than a hash
 * join of all of pg_index and pg_class. With the comments read once
 * (q_enums) and the foreign keys' outside tables named by q_printed, this
 * query took 12.2 ms instead of 18.3 (bench_load.py's backend CPU per statement, at 1,000 tables). */
static const char q_constraints[] =
	"SELECT co.conrelid, co.conname, co.contype,\n"
	"  CASE WHEN co.contype IN ('f', 'c') THEN co.conkey END,\n"
	"  x.indkey, co.condeferrable, co.condeferred, co.convalidated,\n"
	"  CASE WHEN co.contype = 'u' THEN x.indnullsnotdistinct END,\n"
	"  CASE WHEN co.contype = 'f' THEN co.confupdtype END,\n"
	"  CASE WHEN co.contype = 'f' THEN co.confdeltype END,\n"
	"  CASE WHEN co.contype = 'f' THEN co.confmatchtype END,\n"
	"  CASE WHEN co.contype = 'c' THEN co.conbin::text\n"
	"    WHEN co.contype = 'x' THEN pg_get_constraintdef(co.oid) END,\n"
	"  co.connoinherit, co.conislocal, x.indnkeyatts,\n"
	"  CASE WHEN co.contype = 'f' THEN co.confrelid END,\n"
	"  CASE WHEN co.contype = 'f' THEN co.confkey END,\n"
	"  CASE WHEN co.contype = 'f' THEN @CONFDELSETCOLS@ END,\n"
	"  x.reloptions, co.oid\n"
	"FROM pg_constraint co\n"
	"LEFT JOIN LATERAL (SELECT i.indkey, i.indnkeyatts, ic.reloptions,\n"
	"    @NULLSNOTDISTINCT@ AS indnullsnotdistinct\n"
	"  FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid\n"
	"  WHERE co.contype IN ('p', 'u') AND i.indexrelid = co.conindid) x\n"
	"  ON true\n"
	"WHERE co.contype IN ('p', 'u', 'f', 'c', 'x')\n"
	"  AND co.conrelid <> 0 AND co.conparentid = 0";

/*
 * Not the index behind a constraint of its table, not one a partitioned
 * index created on a partition (such an index is a partition itself:
 * relispartition, which the pg_inherits anti-join it replaces read
 * another catalog for). The rows are read raw, for every table: the
 * client keeps those of the tables it loaded, groups them by what their
 * definitions depend on (index_key) and has the server print one
 * definition per group (q_printed), each other index taking its group's
 * text after its own head ("CREATE ... USING am (", which index_head
 * composes as pg_get_indexdef does: composing it here, a string per row,
 * cost 1.7 ms at 1,000 tables). Computing those groups on the server (a
 * pg_depend and pg_attribute probe per index, two window sorts) took more
 * CPU than reading the rows. The columns' options (opclass parameters, in
 * the index's pg_attribute rows) are part of the group key; only an
 * operator class with an options support function takes them, and no
 * built-in btree operator class has one (pg_amproc), so the probe per
 * index (3.2 of 18 ms at 1,000 tables, in a fresh backend) is made for
 * the other methods and for operator classes created after initdb
 * (oids from 16384) only. The constraint indexes are left out by a
 * hashed NOT IN over pg_constraint: probing pg_depend for the unique
 * ones instead cost 0.9 ms more, and returning them all for the client
 * to drop doubled the rows. An index is in its table's schema (CREATE
 * INDEX puts it there, ALTER TABLE SET SCHEMA moves it along), so the
 * schema is tested on the index's own row: joining the table's pg_class
 * row (to keep those of tables, relkind 'r' and 'p', which the client
 * does anyway: find_ref) cost 1.3 ms more.
 */
static const char q_indexes[] =
	"SELECT i.indexrelid, i.indrelid, ic.relname, i.indisunique,\n"
	"  am.amname, i.indnkeyatts, i.indkey, i.indclass, i.indcollation,\n"
	"  i.indoption, @NULLSNOTDISTINCT@, ic.reloptions,\n"
	"  i.indexprs::text, i.indpred::text, ic.relkind,\n"
	"  CASE WHEN am.amname <> 'btree'\n"
	"    OR 16384 <= ANY (i.indclass::oid[]) THEN\n"
	"    (SELECT string_agg(ia.attnum || ':' || ia.attoptions::text, ',')\n"
	"      FROM pg_attribute ia WHERE ia.attrelid = i.indexrelid\n"
	"      AND ia.attoptions IS NOT NULL) END\n"
	"FROM pg_index i\n"
	"JOIN pg_class ic ON ic.oid = i.indexrelid\n"
	"JOIN pg_am am ON am.oid = ic.relam\n"
	"WHERE ic.relnamespace IN (\n"
	"    SELECT n.oid FROM pg_namespace n WHERE " USER_NS("n") ")\n"
	"  AND i.indexrelid NOT IN (SELECT k.conindid FROM pg_constraint k\n"
	"    WHERE k.contype IN ('p', 'u', 'x'))\n"
	"  AND NOT ic.relispartition";

/* What the client asks to be printed once the rows are read: @IDX@ the
 * array literal of the oids of the indexes whose definition it needs
 * (load_indexes_raw), @CHK@ that of the checks whose expression it needs
 * (load_constraints), @FK@ that of the foreign keys to a table retort
 * does not load, whose {schema, name, column...} it needs (load_constraints);
 * '{}' for none. */
static const char q_printed[] =
	"SELECT 'i', x.oid, pg_get_indexdef(x.oid)\n"
	"FROM unnest('@IDX@'::oid[]) x(oid)\n"
	"UNION ALL\n"
	"SELECT 'c', co.oid, pg_get_expr(co.conbin, co.conrelid)\n"
	"FROM unnest('@CHK@'::oid[]) x(oid)\n"
	"JOIN pg_constraint co ON co.oid = x.oid\n"
	"UNION ALL\n"
	"SELECT 'f', co.oid, (ARRAY[rn.nspname::text, rc.relname::text]\n"
	"    || array(SELECT a.attname::text\n"
	"      FROM unnest(co.confkey) WITH ORDINALITY k(n, o)\n"
	"      JOIN pg_attribute a ON a.attrelid = co.confrelid\n"
	"        AND a.attnum = k.n ORDER BY k.o))::text\n"
	"FROM unnest('@FK@'::oid[]) x(oid)\n"
	"JOIN pg_constraint co ON co.oid = x.oid\n"
	"JOIN pg_class rc ON rc.oid = co.confrelid\n"
	"JOIN pg_namespace rn ON rn.oid = rc.relnamespace";

/*
 * The kinds whose definition is text, as statements the server prints
 * (pg_get_viewdef, ...), one row per object: (ord, sch, nam, ddl). The
 * rows are executed in order by the SQL loader's own code
 * (rt_load__sql_exec), so that both loaders build these kinds the same
 * way; ord puts what others refer to first. Each kind is one branch of a
 * UNION ALL, sent only when q_first's probes found a row its WHERE could
 * take (when: any of those probe letters; "" always): planning the whole
 * UNION took 11 ms of backend CPU and executing its branches 18 ms on
 * 1,000 tables with none of these kinds (definitions_sql). Every branch
 * spells nam as text (some print name, some text; the UNION of both was
 * text), so that any subset sorts as the whole did; absent branches have
 * no rows, so the rows come in the same order.
 */
typedef struct branch {
	const char *when; /* probe letters (load_first), any one suffices */
	const char *sql;
} branch;

static const branch def_branches[] = {
	/* domains: the base type, collation, default and NOT NULL, then one
	 * ALTER DOMAIN per CHECK constraint (its name kept) */
	{"d",
	"SELECT 1 AS ord, n.nspname AS sch, t.typname::text AS nam,\n"
	"  'CREATE DOMAIN ' || quote_ident(n.nspname) || '.'\n"
	"  || quote_ident(t.typname) || ' AS '\n"
	"  || format_type(t.typbasetype, t.typtypmod)\n"
	"  || CASE WHEN t.typcollation <> bt.typcollation THEN ' COLLATE '\n"
	"    || quote_ident(cn.nspname) || '.' || quote_ident(co.collname)\n"
	"    ELSE '' END\n"
	"  || coalesce(' DEFAULT ' || pg_get_expr(t.typdefaultbin, 0), '')\n"
	"  || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END\n"
	"  || coalesce((SELECT string_agg(E';\\nALTER DOMAIN '\n"
	"      || quote_ident(n.nspname) || '.' || quote_ident(t.typname)\n"
	"      || ' ADD CONSTRAINT ' || quote_ident(k.conname) || ' '\n"
	"      || pg_get_constraintdef(k.oid), '' ORDER BY k.conname)\n"
	"    FROM pg_constraint k WHERE k.contypid = t.oid\n"
	"    AND k.contype = 'c'), '')\n"
	"  || coalesce(E';\\nCOMMENT ON DOMAIN ' || quote_ident(n.nspname)\n"
	"    || '.' || quote_ident(t.typname) || ' IS '\n"
	"    || quote_literal(dsc.description), '') AS ddl\n"
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"JOIN pg_type bt ON bt.oid = t.typbasetype\n"
	"LEFT JOIN pg_collation co ON co.oid = t.typcollation\n"
	"LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace\n"
	DESC_JOIN("pg_type", "t.oid", "0")
	"WHERE t.typtype = 'd' AND " USER_NS("n") "\n"
	"  AND " NOT_EXT("pg_type", "t.oid") "\n"},
	/* composite types (not the row types of relations) */
	{"c",
	"SELECT 2, n.nspname, t.typname::text,\n"
	"  'CREATE TYPE ' || quote_ident(n.nspname) || '.'\n"
	"  || quote_ident(t.typname) || ' AS ('\n"
	"  || coalesce((SELECT string_agg(quote_ident(a.attname) || ' '\n"
	"      || format_type(a.atttypid, a.atttypmod)\n"
	"      || CASE WHEN a.attcollation <> at.typcollation\n"
	"        THEN ' COLLATE ' || quote_ident(acn.nspname) || '.'\n"
	"        || quote_ident(aco.collname) ELSE '' END,\n"
	"      ', ' ORDER BY a.attnum)\n"
	"    FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid\n"
	"    LEFT JOIN pg_collation aco ON aco.oid = a.attcollation\n"
	"    LEFT JOIN pg_namespace acn ON acn.oid = aco.collnamespace\n"
	"    WHERE a.attrelid = t.typrelid AND a.attnum > 0\n"
	"    AND NOT a.attisdropped), '') || ')'\n"
	"  || coalesce(E';\\nCOMMENT ON TYPE ' || quote_ident(n.nspname)\n"
	"    || '.' || quote_ident(t.typname) || ' IS '\n"
	"    || quote_literal(dsc.description), '')\n"
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'\n"
	DESC_JOIN("pg_type", "t.oid", "0")
	"WHERE t.typtype = 'c' AND " USER_NS("n") "\n"
	"  AND " NOT_EXT("pg_type", "t.oid") "\n"},
	/* range types: functions and opclasses qualified, the opclass and
	 * collation only when not the subtype's defaults */
	{"r",
	"SELECT 3, n.nspname, t.typname::text,\n"
	"  'CREATE TYPE ' || quote_ident(n.nspname) || '.'\n"
	"  || quote_ident(t.typname) || ' AS RANGE (SUBTYPE = '\n"
	"  || format_type(r.rngsubtype, NULL)\n"
	"  || CASE WHEN NOT opc.opcdefault THEN ', SUBTYPE_OPCLASS = '\n"
	"    || quote_ident(ocn.nspname) || '.' || quote_ident(opc.opcname)\n"
	"    ELSE '' END\n"
	"  || CASE WHEN r.rngcollation <> 0\n"
	"    AND r.rngcollation <> st.typcollation THEN ', COLLATION = '\n"
	"    || quote_ident(rcn.nspname) || '.' || quote_ident(rco.collname)\n"
	"    ELSE '' END\n"
	"  || CASE WHEN r.rngcanonical <> 0 THEN ', CANONICAL = '\n"
	"    || quote_ident(cpn.nspname) || '.' || quote_ident(cp.proname)\n"
	"    ELSE '' END\n"
	"  || CASE WHEN r.rngsubdiff <> 0 THEN ', SUBTYPE_DIFF = '\n"
	"    || quote_ident(dpn.nspname) || '.' || quote_ident(dp.proname)\n"
	"    ELSE '' END\n"
	"  || coalesce(', MULTIRANGE_TYPE_NAME = ' || quote_ident(n.nspname)\n"
	"    || '.' || @RNGMULTINAME@, '') || ')'\n"
	"  || coalesce(E';\\nCOMMENT ON TYPE ' || quote_ident(n.nspname)\n"
	"    || '.' || quote_ident(t.typname) || ' IS '\n"
	"    || quote_literal(dsc.description), '')\n"
	"FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid\n"
	"JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"JOIN pg_type st ON st.oid = r.rngsubtype\n"
	"JOIN pg_opclass opc ON opc.oid = r.rngsubopc\n"
	"JOIN pg_namespace ocn ON ocn.oid = opc.opcnamespace\n"
	"LEFT JOIN pg_collation rco ON rco.oid = r.rngcollation\n"
	"LEFT JOIN pg_namespace rcn ON rcn.oid = rco.collnamespace\n"
	"LEFT JOIN pg_proc cp ON cp.oid = r.rngcanonical\n"
	"LEFT JOIN pg_namespace cpn ON cpn.oid = cp.pronamespace\n"
	"LEFT JOIN pg_proc dp ON dp.oid = r.rngsubdiff\n"
	"LEFT JOIN pg_namespace dpn ON dpn.oid = dp.pronamespace\n"
	DESC_JOIN("pg_type", "t.oid", "0")
	"WHERE " USER_NS("n") " AND " NOT_EXT("pg_type", "t.oid") "\n"},
	/* rules other than views' _RETURN, their switch and comment */
	{"u",
	"SELECT 8, n.nspname, c.relname || '.' || r.rulename,\n"
	"  pg_get_ruledef(r.oid)\n"
	"  || CASE r.ev_enabled WHEN 'O' THEN '' ELSE E'\\nALTER TABLE '\n"
	"    || quote_ident(n.nspname) || '.' || quote_ident(c.relname)\n"
	"    || CASE r.ev_enabled WHEN 'D' THEN ' DISABLE RULE '\n"
	"      WHEN 'A' THEN ' ENABLE ALWAYS RULE '\n"
	"      ELSE ' ENABLE REPLICA RULE ' END\n"
	"    || quote_ident(r.rulename) || ';' END\n"
	"  || coalesce(E'\\nCOMMENT ON RULE ' || quote_ident(r.rulename)\n"
	"    || ' ON ' || quote_ident(n.nspname) || '.'\n"
	"    || quote_ident(c.relname) || ' IS '\n"
	"    || quote_literal(dsc.description) || ';', '')\n"
	"FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	DESC_JOIN("pg_rewrite", "r.oid", "0")
	"WHERE r.rulename <> '_RETURN' AND " USER_NS("n") "\n"
	"  AND " NOT_EXT("pg_class", "c.oid") "\n"},
	/* views and materialized views, with their comments */
	{"v",
	"SELECT 5 AS ord, n.nspname AS sch, c.relname::text AS nam,\n"
	"  'CREATE ' || CASE c.relkind WHEN 'm' THEN 'MATERIALIZED ' ELSE ''\n"
	"  END || 'VIEW ' || quote_ident(n.nspname) || '.'\n"
	"  || quote_ident(c.relname)\n"
	"  || coalesce(' WITH (' || array_to_string(c.reloptions, ', ')\n"
	"    || ')', '')\n"
	"  || ' AS ' || pg_get_viewdef(c.oid)\n"
	"  || coalesce(E';\\nCOMMENT ON ' || CASE c.relkind WHEN 'm'\n"
	"    THEN 'MATERIALIZED ' ELSE '' END || 'VIEW '\n"
	"    || quote_ident(n.nspname) || '.' || quote_ident(c.relname)\n"
	"    || ' IS ' || quote_literal(dsc.description), '') AS ddl\n"
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	DESC_JOIN("pg_class", "c.oid", "0")
	"WHERE c.relkind IN ('v', 'm') AND " USER_NS("n") "\n"
	"  AND " NOT_EXT("pg_class", "c.oid") "\n"},
	/* indexes on materialized views */
	{"m",
	"SELECT 6, n.nspname, ic.relname::text, pg_get_indexdef(i.indexrelid)\n"
	"  || coalesce(E';\\nCOMMENT ON INDEX ' || quote_ident(n.nspname)\n"
	"    || '.' || quote_ident(ic.relname) || ' IS '\n"
	"    || quote_literal(dsc.description), '')\n"
	"FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid\n"
	"JOIN pg_class c ON c.oid = i.indrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	DESC_JOIN("pg_class", "i.indexrelid", "0")
	"WHERE c.relkind = 'm' AND " USER_NS("n") "\n"
	"  AND " NOT_EXT("pg_class", "c.oid") "\n"},
	/* tables' storage parameters, replica identity and cluster index,
	 * as ALTER TABLE statements (their columns' storage, statistics
	 * target and compression come with the columns) */
	{"ok",
	"SELECT 9, n.nspname, c.relname::text, 'ALTER TABLE ONLY '\n"
	"  || quote_ident(n.nspname) || '.' || quote_ident(c.relname) || ' '\n"
	"  || array_to_string(ARRAY(\n"
	"    SELECT x FROM (\n"
	"      SELECT 1 AS o, 'SET (' || array_to_string(c.reloptions, ', ')\n"
	"        || ')' AS x WHERE c.reloptions IS NOT NULL\n"
	"      UNION ALL SELECT 2, 'REPLICA IDENTITY ' || CASE c.relreplident\n"
	"        WHEN 'n' THEN 'NOTHING' WHEN 'f' THEN 'FULL'\n"
	"        ELSE 'USING INDEX ' || quote_ident((SELECT ri.relname\n"
	"          FROM pg_index i JOIN pg_class ri ON ri.oid = i.indexrelid\n"
	"          WHERE i.indrelid = c.oid AND i.indisreplident)) END\n"
	"        WHERE c.relreplident NOT IN ('d')\n"
	"      UNION ALL SELECT 3, 'CLUSTER ON ' || quote_ident(ci.relname)\n"
	"        FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid\n"
	"        WHERE i.indrelid = c.oid AND i.indisclustered\n"
	"    ) p ORDER BY o, x), ', ')\n"
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"WHERE " MANAGED_TABLE "\n"
	"  AND (c.reloptions IS NOT NULL OR c.relreplident <> 'd'\n"
	"    OR EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid\n"
	"      AND i.indisclustered))\n"},
	/* functions and procedures (not aggregates, not window functions,
	 * not the ones a type owns), with their comments */
	{"f",
	"SELECT 4, n.nspname, p.proname::text, pg_get_functiondef(p.oid)\n"
	"  || coalesce(E';\\nCOMMENT ON ' || CASE p.prokind WHEN 'p'\n"
	"    THEN 'PROCEDURE ' ELSE 'FUNCTION ' END\n"
	"    || quote_ident(n.nspname) || '.' || quote_ident(p.proname)\n"
	"    || '(' || pg_get_function_identity_arguments(p.oid) || ')'\n"
	"    || ' IS ' || quote_literal(dsc.description), '')\n"
	"FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace\n"
	DESC_JOIN("pg_proc", "p.oid", "0")
	"WHERE p.prokind IN ('f', 'p') AND " USER_NS("n") "\n"
	"  AND " NOT_EXT("pg_proc", "p.oid") "\n"
	"  AND NOT EXISTS (SELECT 1 FROM pg_depend i\n"
	"    WHERE i.classid = 'pg_proc'::regclass AND i.objid = p.oid\n"
	"    AND i.deptype = 'i')\n"},
	/* triggers (not internal ones, not partitions' clones), disabled
	 * or switched the way ALTER TABLE does it, with their comments */
	{"t",
	"SELECT 6, n.nspname, c.relname::text, pg_get_triggerdef(g.oid)\n"
	"  || CASE g.tgenabled WHEN 'O' THEN '' ELSE E';\\nALTER TABLE '\n"
	"    || quote_ident(n.nspname) || '.' || quote_ident(c.relname)\n"
	"    || CASE g.tgenabled WHEN 'D' THEN ' DISABLE'\n"
	"      WHEN 'R' THEN ' ENABLE REPLICA' ELSE ' ENABLE ALWAYS' END\n"
	"    || ' TRIGGER ' || quote_ident(g.tgname) END\n"
	"  || coalesce(E';\\nCOMMENT ON TRIGGER ' || quote_ident(g.tgname)\n"
	"    || ' ON ' || quote_ident(n.nspname) || '.'\n"
	"    || quote_ident(c.relname) || ' IS '\n"
	"    || quote_literal(dsc.description), '')\n"
	"FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	DESC_JOIN("pg_trigger", "g.oid", "0")
	"WHERE NOT g.tgisinternal AND g.tgparentid = 0\n"
	"  AND " USER_NS("n") " AND " NOT_EXT("pg_class", "c.oid") "\n"},
	/* policies, with their comments; roles by name, PUBLIC alone */
	{"y",
	"SELECT 7, n.nspname, c.relname || '.' || p.polname,\n"
	"  'CREATE POLICY ' || quote_ident(p.polname) || ' ON '\n"
	"  || quote_ident(n.nspname) || '.' || quote_ident(c.relname)\n"
	"  || CASE WHEN p.polpermissive THEN '' ELSE ' AS RESTRICTIVE' END\n"
	"  || ' FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT'\n"
	"    WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'\n"
	"    WHEN 'd' THEN 'DELETE' ELSE 'ALL' END\n"
	"  || ' TO ' || CASE WHEN 0 = ANY (p.polroles) THEN 'PUBLIC'\n"
	"    ELSE (SELECT string_agg(quote_ident(r.rolname), ', '\n"
	"      ORDER BY r.rolname) FROM pg_roles r\n"
	"      WHERE r.oid = ANY (p.polroles)) END\n"
	"  || coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid)\n"
	"    || ')', '')\n"
	"  || coalesce(' WITH CHECK ('\n"
	"    || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '')\n"
	"  || coalesce(E';\\nCOMMENT ON POLICY ' || quote_ident(p.polname)\n"
	"    || ' ON ' || quote_ident(n.nspname) || '.'\n"
	"    || quote_ident(c.relname) || ' IS '\n"
	"    || quote_literal(dsc.description), '')\n"
	"FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	DESC_JOIN("pg_policy", "p.oid", "0")
	"WHERE " USER_NS("n") " AND " NOT_EXT("pg_class", "c.oid") "\n"},
};

/* The last branch of q_definitions, always sent: privileges of roles
 * other than the owner, as GRANT statements, on every object whose ACL is
 * set (NULL: the kind's default, which the model gives); for kinds whose
 * default grants to PUBLIC, a REVOKE from PUBLIC first. The objects come
 * from the branches of grant_branches that the probes found, after this
 * head (definitions_sql). */
static const char q_grants_head[] =
	"SELECT 9, g.sch, g.nam, nullif(\n"
	"  CASE WHEN g.rev THEN 'REVOKE ALL ON ' || g.target\n"
	"    || E' FROM PUBLIC;\\n' ELSE '' END\n"
	"  || coalesce((SELECT string_agg('GRANT ' || x.privilege_type\n"
	"    || g.cols || ' ON ' || g.target || ' TO '\n"
	"    || CASE WHEN x.grantee = 0 THEN 'PUBLIC'\n"
	"      ELSE quote_ident(pg_get_userbyid(x.grantee)) END\n"
	"    || CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION'\n"
	"      ELSE '' END, E';\\n')\n"
	"    FROM aclexplode(g.acl) x WHERE x.grantee <> g.own), ''), '')\n"
	"FROM (";

/* The objects whose ACL is set, by kind; each names its columns (the
 * first one present gives the UNION's names) and spells nam as text. The
 * columns' ACLs (of tables, views, materialized views and foreign
 * tables) have no probe: only a scan of pg_attribute finds them (about 5
 * ms of the 6 the definitions still cost on 1,000 tables), and a probe
 * would be that scan. */
static const branch grant_branches[] = {
	{"G",
	"SELECT n.nspname AS sch, c.relname::text AS nam,\n"
	"    CASE WHEN c.relkind = 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END\n"
	"    || quote_ident(n.nspname) || '.' || quote_ident(c.relname)\n"
	"    AS target, '' AS cols, c.relacl AS acl, c.relowner AS own,\n"
	"    false AS rev\n"
	"  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')\n"
	"    AND c.relacl IS NOT NULL AND " USER_NS("n") "\n"
	"    AND " NOT_EXT("pg_class", "c.oid") "\n"},
	{"",
	"  SELECT n.nspname AS sch, c.relname || '.' || a.attname AS nam,\n"
	"    'TABLE ' || quote_ident(n.nspname) || '.'\n"
	"    || quote_ident(c.relname) AS target, ' (' || quote_ident(a.attname)\n"
	"    || ')' AS cols, a.attacl AS acl, c.relowner AS own, false AS rev\n"
	"  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid\n"
	"  JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"  WHERE a.attacl IS NOT NULL AND a.attnum > 0\n"
	"    AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')\n"
	"    AND " USER_NS("n") " AND " NOT_EXT("pg_class", "c.oid") "\n"},
	{"N",
	"  SELECT n.nspname AS sch, n.nspname::text AS nam,\n"
	"    'SCHEMA ' || quote_ident(n.nspname) AS target,\n"
	"    '' AS cols, n.nspacl AS acl, n.nspowner AS own, true AS rev\n"
	"  FROM pg_namespace n\n"
	"  WHERE n.nspacl IS NOT NULL AND " USER_NS("n") "\n"
	"    AND " NOT_EXT("pg_namespace", "n.oid") "\n"},
	{"P",
	"  SELECT n.nspname AS sch, p.proname::text AS nam,\n"
	"    CASE p.prokind WHEN 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END\n"
	"    || quote_ident(n.nspname) || '.' || quote_ident(p.proname)\n"
	"    || '(' || pg_get_function_identity_arguments(p.oid) || ')'\n"
	"    AS target,\n"
	"    '' AS cols, p.proacl AS acl, p.proowner AS own, true AS rev\n"
	"  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace\n"
	"  WHERE p.proacl IS NOT NULL AND " USER_NS("n") "\n"
	"    AND " NOT_EXT("pg_proc", "p.oid") "\n"},
	{"T",
	"  SELECT n.nspname AS sch, t.typname::text AS nam,\n"
	"    CASE t.typtype WHEN 'd' THEN 'DOMAIN ' ELSE 'TYPE ' END\n"
	"    || quote_ident(n.nspname) || '.' || quote_ident(t.typname)\n"
	"    AS target,\n"
	"    '' AS cols, t.typacl AS acl, t.typowner AS own, true AS rev\n"
	"  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"  WHERE t.typacl IS NOT NULL AND t.typtype <> 'm'\n"
	"    AND " USER_NS("n") " AND " NOT_EXT("pg_type", "t.oid") "\n"},
};


/*
 * What views and materialized views read, from pg_depend through their
 * _RETURN rule: (view schema, view name, kind, schema, name, column):
 * kind 'r' a table's column (column NULL: the relation itself), 'v' a
 * view, 'f' a function named with its argument types as the model names
 * it. Added to the graph after the parse-tree edges (rt_schema_add_dep).
 */
static const char q_depends[] =
	"SELECT vn.nspname, v.relname, CASE WHEN r.relkind IN ('v', 'm')\n"
	"    THEN 'v' ELSE 'r' END, rn.nspname, r.relname, a.attname\n"
	"FROM pg_rewrite rw JOIN pg_class v ON v.oid = rw.ev_class\n"
	"JOIN pg_namespace vn ON vn.oid = v.relnamespace\n"
	"JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass\n"
	"  AND d.objid = rw.oid AND d.refclassid = 'pg_class'::regclass\n"
	"  AND d.refobjid <> v.oid\n"
	"JOIN pg_class r ON r.oid = d.refobjid\n"
	"JOIN pg_namespace rn ON rn.oid = r.relnamespace\n"
	"LEFT JOIN pg_attribute a ON a.attrelid = r.oid\n"
	"  AND a.attnum = d.refobjsubid AND d.refobjsubid > 0\n"
	"WHERE v.relkind IN ('v', 'm') AND rw.rulename = '_RETURN'\n"
	"  AND " USER_NS("vn") "\n"
	"UNION\n"
	"SELECT vn.nspname, v.relname, 'f', pn.nspname,\n"
	"  p.proname || '(' || oidvectortypes(p.proargtypes) || ')', NULL\n"
	"FROM pg_rewrite rw JOIN pg_class v ON v.oid = rw.ev_class\n"
	"JOIN pg_namespace vn ON vn.oid = v.relnamespace\n"
	"JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass\n"
	"  AND d.objid = rw.oid AND d.refclassid = 'pg_proc'::regclass\n"
	"JOIN pg_proc p ON p.oid = d.refobjid\n"
	"JOIN pg_namespace pn ON pn.oid = p.pronamespace\n"
	"WHERE v.relkind IN ('v', 'm') AND rw.rulename = '_RETURN'\n"
	"  AND " USER_NS("vn") " AND " USER_NS("pn") "\n"
	"ORDER BY 1, 2, 3, 4, 5, 6";

/* Everything the model does not cover, one line each, sorted. Names are
 * spelled as load_sql.c spells the statements that create them. Like
 * def_branches, a branch is sent only when a probe of q_first found a row
 * it could take (unmanaged_sql): on 1,000 tables the foreign tables' scan
 * of pg_class, the base types' anti join and the aggregates' scan of
 * pg_proc were most of this query's 5 ms, and find nothing. */
static const branch unmanaged_branches[] = {
	/* foreign tables */
	{"F",
	"SELECT 'foreign table ' || n.nspname || '.' || c.relname\n"
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"WHERE c.relkind = 'f' AND " USER_NS("n") "\n"
	"  AND " NOT_EXT("pg_class", "c.oid") "\n"},
	/* aggregates and window functions */
	{"A",
	"SELECT CASE p.prokind WHEN 'a' THEN 'aggregate ' ELSE 'function ' END\n"
	"  || n.nspname || '.' || p.proname || '('\n"
	"  || pg_get_function_identity_arguments(p.oid) || ')'\n"
	"FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace\n"
	"WHERE p.prokind IN ('a', 'w') AND " USER_NS("n") "\n"
	"  AND " NOT_EXT("pg_proc", "p.oid") "\n"},
	/* base types (not arrays, not multiranges; enums, domains,
	 * composite and range types are managed) */
	{"B",
	"SELECT 'type ' || n.nspname || '.' || t.typname\n"
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"WHERE t.typtype = 'b' AND NOT EXISTS (SELECT 1 FROM pg_type el\n"
	"      WHERE el.typarray = t.oid)\n"
	"  AND " USER_NS("n") " AND " NOT_EXT("pg_type", "t.oid") "\n"},
	/* extended statistics */
	{"S",
	"SELECT 'statistics ' || n.nspname || '.' || s.stxname\n"
	"FROM pg_statistic_ext s JOIN pg_namespace n\n"
	"  ON n.oid = s.stxnamespace\n"
	"WHERE " USER_NS("n") " AND " NOT_EXT("pg_statistic_ext", "s.oid") "\n"},
	/* database-wide objects */
	{"E",
	"SELECT 'event trigger ' || v.evtname FROM pg_event_trigger v\n"
	"WHERE " NOT_EXT("pg_event_trigger", "v.oid") "\n"},
	{"U",
	"SELECT 'publication ' || p.pubname FROM pg_publication p\n"},
	{"W",
	"SELECT 'foreign data wrapper ' || w.fdwname\n"
	"FROM pg_foreign_data_wrapper w\n"
	"WHERE " NOT_EXT("pg_foreign_data_wrapper", "w.oid") "\n"},
	{"V",
	"SELECT 'server ' || s.srvname FROM pg_foreign_server s\n"
	"WHERE " NOT_EXT("pg_foreign_server", "s.oid") "\n"},
	{"X",
	"SELECT 'default privileges for role '\n"
	"  || pg_get_userbyid(d.defaclrole)\n"
	"  || coalesce(' in schema ' || n.nspname, '') || ' on '\n"
	"  || CASE d.defaclobjtype WHEN 'r' THEN 'tables'\n"
	"    WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'\n"
	"    WHEN 'T' THEN 'types' ELSE 'schemas' END\n"
	"FROM pg_default_acl d\n"
	"LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace\n"},
};

/* clang-format on */

/* ---- results ----------------------------------------------------------- */

static const char *cell(const pg_rows *r, size_t row, size_t col)
{
	RT_ASSERT(row < r->n && col < r->ncols);
	return r->cells[row * r->ncols + col];
}

static bool cell_bool(const pg_rows *r, size_t row, size_t col)
{
	const char *v = cell(r, row, col);
	return v && v[0] == 't';
}

static char cell_char(const pg_rows *r, size_t row, size_t col)
{
	const char *v = cell(r, row, col);
	return v ? v[0] : '\0';
}

/* The first line of a libpq message, without "ERROR:  " noise. */
static void first_line(char *out, size_t outsz, const char *msg)
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
static void scrub(char *buf, size_t sz, const char *secret)
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
	first_line(buf, sz, b.data);
	rt_buf_release(&b);
}

/*
 * Waits until connection `on` has a result, reading what the server sends
 * on both connections meanwhile: a backend with a large result to send
 * stops working until it is read. A connection that broke is no longer
 * read (its own fetch reports it).
 */
static void wait_result(loader *l, int on)
{
	while (!l->broken[on] && PQisBusy(l->conn[on])) {
		struct pollfd p[2];
		int which[2];
		nfds_t n = 0;

		for (int c = 0; c < 2; c++) {
			if (l->conn[c] && !l->broken[c]) {
				which[n] = c;
				p[n++] = (struct pollfd){PQsocket(l->conn[c]),
							 POLLIN, 0};
			}
		}
		if (poll(p, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		for (nfds_t k = 0; k < n; k++) {
			if (p[k].revents && !PQconsumeInput(l->conn[which[k]]))
				l->broken[which[k]] = true;
		}
	}
}

/* fetch copies the texts into arena pieces of this size, back to back:
 * an allocation per text, each rounded up to 16 bytes, cost 6.7 M more
 * instructions and 3 MB more memory on 1,000 tables. */
#define POOL (16 * 1024)

/*
 * Reads the next result of connection `on` and copies it into the arena
 * (PQclear here). A cell is asked whether it is NULL only when its text
 * is empty (libpq gives "" for NULL): a call per cell saved. Using the
 * cells in place instead, the PGresults kept until the arena is freed,
 * saved 26 M of 254 M instructions on 1,000 tables but cost more CPU
 * than it saved (50.7 against 45.8 ms, 1,400 more page faults: the
 * results' memory was no longer reused from one result to the next).
 */
static int fetch(pg_rows *out, loader *l, int on, const char *purpose,
		 rt_error *err)
{
	PGresult *res = NULL;
	ExecStatusType st;
	size_t i, j;
	int rc = -1;

	wait_result(l, on);
	res = PQgetResult(l->conn[on]);
	st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		char line[512];
		const char *msg =
		    res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
			: NULL;

		if (!msg)
			msg = res ? PQresultErrorMessage(res)
				  : PQerrorMessage(l->conn[on]);

		first_line(line, sizeof(line),
			   *msg ? msg : "the server sent no result");
		rt_errorf(err, RT_EDB, "cannot read %s from '%s'", purpose,
			  l->where);
		rt_error_detail(err, "%s", line);
		goto done;
	}
	out->n = (size_t)PQntuples(res);
	out->ncols = (size_t)PQnfields(res);
	out->cells = NULL;
	if (out->n && out->ncols) {
		out->cells = rt_arena_alloc(l->a, out->n * out->ncols *
						      sizeof(*out->cells));
		char *pool = NULL; /* the texts, back to back */
		size_t left = 0;

		for (i = 0; i < out->n; i++) {
			for (j = 0; j < out->ncols; j++) {
				const char *v = PQgetvalue(res, (int)i, (int)j);
				size_t n;

				if (!*v && PQgetisnull(res, (int)i, (int)j))
					continue;
				n = (size_t)PQgetlength(res, (int)i, (int)j);
				if (n + 1 > left) {
					left = n + 1 > POOL ? n + 1 : POOL;
					pool = rt_arena_alloc(l->a, left);
				}
				memcpy(pool, v, n);
				pool[n] = '\0';
				out->cells[i * out->ncols + j] = pool;
				pool += n + 1;
				left -= n + 1;
			}
		}
	}
	rc = 0;
done:
	PQclear(res);
	return rc;
}

/* sql with each @TOKEN@ replaced by the spelling the server's version
 * understands. */
static char *expand(loader *l, const char *sql)
{
	/* per token, by ascending version: the last one <= version wins */
	static const struct {
		const char *token;
		int since;
		const char *text;
	} subst[] = {
	    {"@ICULOCALE@", 0, "NULL::text"},
	    {"@ICULOCALE@", 150000, "c.colliculocale"},
	    {"@ICULOCALE@", 170000, "c.colllocale"},
	    {"@NULLSNOTDISTINCT@", 0, "false"},
	    {"@NULLSNOTDISTINCT@", 150000, "i.indnullsnotdistinct"},
	    {"@CONFDELSETCOLS@", 0, "NULL::int2[]"},
	    {"@CONFDELSETCOLS@", 150000, "co.confdelsetcols"},
	    {"@RNGMULTINAME@", 0, "NULL::text"},
	    {"@RNGMULTINAME@", 140000,
	     "(SELECT quote_ident(mt.typname) FROM pg_type mt\n"
	     "    WHERE mt.oid = r.rngmultitypid)"},
	    /* see q_columns */
	    {"@MEMOIZED@", 0, ""},
	    {"@MEMOIZED@", 140000, "OFFSET 0"},
	    {"@ATTCOMPRESSION@", 0, "''::\"char\""},
	    {"@ATTCOMPRESSION@", 140000, "a.attcompression"},
	};
	rt_buf b = RT_BUF_INIT;
	const char *p = sql;

	while (*p) {
		const char *at = strchr(p, '@'), *text = NULL;
		size_t k, tl = 0;

		if (!at) {
			rt_buf_adds(&b, p);
			break;
		}
		rt_buf_add(&b, p, (size_t)(at - p));
		for (k = 0; k < RT_ARRAY_LEN(subst); k++) {
			size_t n = strlen(subst[k].token);

			if (strncmp(at, subst[k].token, n) == 0 &&
			    l->version >= subst[k].since) {
				text = subst[k].text;
				tl = n;
			}
		}
		if (text) {
			rt_buf_adds(&b, text);
			p = at + tl;
		} else {
			rt_buf_addch(&b, '@');
			p = at + 1;
		}
	}
	return rt_buf_detach_arena(&b, l->a);
}

/*
 * Parses a PostgreSQL one-dimensional text array ("{a,\"b c\",NULL}") into
 * arena strings pushed onto out. NULL elements are skipped. Returns -1 on
 * malformed input.
 */
static int parse_array(rt_vec *out, rt_arena *a, const char *s)
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

static int bad_array(const char *what, const char *object, rt_error *err)
{
	rt_errorf(err, RT_EINTERNAL, "cannot parse the %s of '%s'", what,
		  object);
	rt_error_object(err, object);
	return -1;
}

static int parse_int64(int64_t *out, const char *s)
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
static char *concat(rt_arena *a, const char *head, size_t n, ...)
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

static const char *obj_text(rt_arena *a, const obj_name *o)
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
		       concat(l->a, text, (size_t)(q1 - text), "'", ph, "'",
			      q2 + 1, (const char *)NULL),
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
	e->key = concat(l->a, kt, (size_t)(hit - kt), "'", in_key, "'",
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
static int make_expr(rt_expr **out, loader *l, canon_fn canon, const char *text,
		     const char *what, const obj_name *obj, rt_error *err)
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
		object = obj_text(l->a, obj);
		rt_errorf(err, RT_EINTERNAL, "cannot normalise the %s of '%s'",
			  what, object);
		rt_error_detail(err, "%s: %s", cerr.msg, text);
		rt_error_object(err, object);
		return -1;
	}
	*out = e;
	return 0;
}

static int cmp_table_ref(const void *x, const void *y)
{
	const table_ref *a = x, *b = y;

	return (a->oid > b->oid) - (a->oid < b->oid);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static table_ref *find_ref(const loader *l, const char *oid_text)
{
	table_ref key;

	if (!oid_text || !l->ntables)
		return NULL;
	key.oid = strtoul(oid_text, NULL, 10);
	return bsearch(&key, l->tables, l->ntables, sizeof(key), cmp_table_ref);
}

/*
 * Pushes the names of the columns numbered in text onto out: an int2[]
 * ("{1,3}") or an int2vector ("1 3"), skipping the first skip numbers,
 * then at most take of them (-1: all). Returns -1 when a number is not a
 * column of ref.
 */
static int attnums_to_names(rt_vec *out, rt_arena *a, const table_ref *ref,
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

/* ---- object kinds ------------------------------------------------------ */

/* The rows of q_first: the schemas, extensions, collations and probes. */
/* A 'c' row of q_first: schema, name, provider, LC_COLLATE, LC_CTYPE, ICU
 * locale, deterministic ('t' or 'f'), comment. */
static void load_collation(loader *l, const pg_rows *r, size_t i)
{
	rt_collation *c = RT_NEW(l->a, rt_collation);

	c->schema = cell(r, i, 1);
	c->name = cell(r, i, 2);
	c->provider = cell_char(r, i, 3);
	c->lc_collate = cell(r, i, 4);
	c->lc_ctype = cell(r, i, 5);
	if (c->provider == 'i' && cell(r, i, 6)) {
		c->lc_collate = cell(r, i, 6);
		c->lc_ctype = cell(r, i, 6);
	}
	c->deterministic = cell_bool(r, i, 7);
	c->comment = cell(r, i, 8);
	rt_schema_add(l->s, RT_KIND_COLLATION, &c->obj);
}

/* The result of Q_SNAPSHOT. */
static int load_snapshot(loader *l, const pg_rows *r, rt_error *err)
{
	if (r->n == 1 && r->ncols == 1)
		l->snapshot = cell(r, 0, 0);
	/* an exported snapshot's name: hex digits and dashes */
	if (!l->snapshot || !*l->snapshot ||
	    strspn(l->snapshot, "0123456789ABCDEFabcdef-") !=
		strlen(l->snapshot))
		return rt_errorf(err, RT_EDB,
				 "cannot read a snapshot from '%s': the server "
				 "exported none",
				 l->where);
	return 0;
}

static int load_first(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;
	size_t i;

	(void)err;
	for (i = 0; i < r.n; i++) {
		char k = cell_char(&r, i, 0);

		if (k == 'c') {
			load_collation(l, &r, i);
		} else if (k == 'p') {
			l->probes = cell(&r, i, 1);
		} else if (k == 'n') {
			rt_namespace *ns = RT_NEW(l->a, rt_namespace);

			ns->name = cell(&r, i, 1);
			ns->comment = cell(&r, i, 2);
			rt_schema_add(l->s, RT_KIND_NAMESPACE, &ns->obj);
		} else {
			rt_extension *x = RT_NEW(l->a, rt_extension);

			x->name = cell(&r, i, 1);
			x->schema = cell(&r, i, 2);
			x->version = cell(&r, i, 3);
			rt_schema_add(l->s, RT_KIND_EXTENSION, &x->obj);
		}
	}
	return 0;
}

/* An oid's text ("16384") as a number: digits only, as the server prints
 * it (strtoul's generality was a visible part of the client's time). */
static unsigned long parse_oid(const char *s)
{
	unsigned long n = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (unsigned long)(*s - '0');
	return n;
}

/* A comment's sort key: catalog, oid (32 bits), column (attnums are below
 * 2^16), so that one comparison orders them. */
static uint64_t comment_key(char cls, unsigned long oid, long sub)
{
	uint64_t c = cls == 'r' ? 0 : cls == 't' ? 1 : 2;

	return c << 48 | (uint64_t)(oid & 0xffffffffu) << 16 |
	       (uint64_t)(sub & 0xffff);
}

static int cmp_comment(const void *x, const void *y)
{
	const comment *a = x, *b = y;

	return (a->key > b->key) - (a->key < b->key);
}

/* The index of the first comment whose key is key or more. */
static size_t comment_seek(const loader *l, uint64_t key)
{
	size_t lo = 0, hi = l->ncomments;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->comments[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The comment on object oid (column sub, or 0) of catalog cls (see
 * comment), or NULL. */
static const char *comment_of(const loader *l, char cls, unsigned long oid,
			      long sub)
{
	uint64_t key = comment_key(cls, oid, sub);
	size_t k = comment_seek(l, key);

	return k < l->ncomments && l->comments[k].key == key
		   ? l->comments[k].text
		   : NULL;
}

static int cmp_collation_ent(const void *x, const void *y)
{
	const collation_ent *a = x, *b = y;

	return (a->oid > b->oid) - (a->oid < b->oid);
}

/* The collation of oid (text) from q_enums' list, or NULL. */
static const collation_ent *coll_of(const loader *l, const char *oid)
{
	collation_ent key = {parse_oid(oid), NULL, NULL};

	if (!l->ncolls)
		return NULL;
	return bsearch(&key, l->colls, l->ncolls, sizeof(key),
		       cmp_collation_ent);
}

/* The rows of q_enums: the comments and collations, then the enum types
 * (which have comments too). */
static int load_enums(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;
	size_t i;

	l->comments =
	    rt_arena_alloc(l->a, (r.n ? r.n : 1) * sizeof(*l->comments));
	l->colls = rt_arena_alloc(l->a, (r.n ? r.n : 1) * sizeof(*l->colls));
	for (i = 0; i < r.n; i++) {
		char k = cell_char(&r, i, 0);

		if (k == 'l')
			l->colls[l->ncolls++] =
			    (collation_ent){parse_oid(cell(&r, i, 1)),
					    cell(&r, i, 2), cell(&r, i, 3)};
		else if (k != 'e' && cell(&r, i, 3))
			l->comments[l->ncomments++] = (comment){
			    comment_key(k, parse_oid(cell(&r, i, 1)),
					(long)parse_oid(cell(&r, i, 2))),
			    cell(&r, i, 3)};
	}
	/* pg_description's rows often come in the order they were made,
	 * which is mostly the objects' */
	for (i = 1; i < l->ncomments; i++)
		if (l->comments[i].key < l->comments[i - 1].key)
			break;
	if (i < l->ncomments)
		qsort(l->comments, l->ncomments, sizeof(*l->comments),
		      cmp_comment);
	qsort(l->colls, l->ncolls, sizeof(*l->colls), cmp_collation_ent);
	for (i = 0; i < r.n; i++) {
		rt_enum *e;

		if (cell_char(&r, i, 0) != 'e')
			continue;
		e = RT_NEW(l->a, rt_enum);
		e->schema = cell(&r, i, 2);
		e->name = cell(&r, i, 3);
		if (parse_array(&e->labels, l->a, cell(&r, i, 4)) < 0)
			return bad_array("labels", e->name, err);
		e->comment = comment_of(l, 't', parse_oid(cell(&r, i, 1)), 0);
		rt_schema_add(l->s, RT_KIND_ENUM, &e->obj);
	}
	return 0;
}

/* The type of a sequence from its oid (q_sequences): smallint, integer or
 * bigint, as format_type prints them; NULL for another. */
static const char *seq_type(const char *oid)
{
	switch (strtoul(oid, NULL, 10)) {
	case 21:
		return "smallint";
	case 23:
		return "integer";
	case 20:
		return "bigint";
	default:
		return NULL;
	}
}

/* The column that owns sequence row i of q_sequences, from the tables and
 * columns already converted (NULL when its table is not one retort
 * loads); n is its attnum. */
static rt_column *seq_owner(loader *l, const pg_rows *r, size_t i,
			    table_ref **ref_out)
{
	table_ref *ref = find_ref(l, cell(r, i, 11));
	long n;

	*ref_out = ref;
	if (!ref || !cell(r, i, 12))
		return NULL;
	n = strtol(cell(r, i, 12), NULL, 10);
	if (n <= 0 || (size_t)n >= ref->natt)
		return NULL;
	return ref->col[n];
}

static int load_sequences(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;
	size_t i;

	for (i = 0; i < r.n; i++) {
		rt_sequence *q = RT_NEW(l->a, rt_sequence);
		table_ref *ref;
		rt_column *owner = seq_owner(l, &r, i, &ref), *idcol = NULL;

		if (cell_char(&r, i, 10) == 'i') {
			/* an identity column's, which has its type */
			idcol = owner;
			if (!idcol || !idcol->identity)
				continue;
		}
		q->schema = cell(&r, i, 0);
		q->name = cell(&r, i, 1);
		q->type = idcol ? idcol->type.name : seq_type(cell(&r, i, 2));
		if (!q->type || parse_int64(&q->start, cell(&r, i, 3)) < 0 ||
		    parse_int64(&q->increment, cell(&r, i, 4)) < 0 ||
		    parse_int64(&q->min, cell(&r, i, 5)) < 0 ||
		    parse_int64(&q->max, cell(&r, i, 6)) < 0 ||
		    parse_int64(&q->cache, cell(&r, i, 7)) < 0) {
			rt_errorf(err, RT_EINTERNAL,
				  "cannot parse the parameters of sequence "
				  "'%s.%s'",
				  q->schema, q->name);
			return -1;
		}
		q->cycle = cell_bool(&r, i, 8);
		if (idcol) {
			idcol->id_seq = q;
			continue;
		}
		if (owner) {
			q->owned_by_table.schema = ref->t->schema;
			q->owned_by_table.name = ref->t->name;
			q->owned_by_column = owner->name;
		} else if (!ref && cell(&r, i, 13)) {
			/* {schema, table, column} of a table retort does not
			 * load */
			rt_vec v = {0};

			if (parse_array(&v, l->a, cell(&r, i, 13)) < 0)
				return bad_array("owner", q->name, err);
			if (v.len == 3) {
				q->owned_by_table.schema = RT_VEC_AT(v, 0);
				q->owned_by_table.name = RT_VEC_AT(v, 1);
				q->owned_by_column = RT_VEC_AT(v, 2);
			}
		}
		q->comment = comment_of(l, 'r', parse_oid(cell(&r, i, 9)), 0);
		rt_schema_add(l->s, RT_KIND_SEQUENCE, &q->obj);
	}
	return 0;
}

static int load_tables(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;
	size_t i, k;

	l->ntables = r.n;
	l->tables = rt_arena_alloc(l->a, (r.n ? r.n : 1) * sizeof(table_ref));
	for (i = 0; i < r.n; i++) {
		rt_table *t = RT_NEW(l->a, rt_table);
		rt_vec ns = {0}, names = {0};
		obj_name on;

		t->schema = cell(&r, i, 1);
		t->name = cell(&r, i, 2);
		on = (obj_name){t->schema, t->name, NULL};
		t->relkind = cell_char(&r, i, 3) == 'p' ? RT_REL_PARTITIONED
							: RT_REL_TABLE;
		t->unlogged = cell_bool(&r, i, 4);
		if (make_expr(&t->partition_key, l, rt_canon_partkey,
			      cell(&r, i, 5), "partition key", &on, err) < 0)
			return -1;
		if (cell(&r, i, 8)) {
			t->partition_of.schema = cell(&r, i, 6);
			t->partition_of.name = cell(&r, i, 7);
			if (make_expr(&t->partition_bound, l,
				      rt_canon_partbound, cell(&r, i, 8),
				      "partition bound", &on, err) < 0)
				return -1;
		}
		if (parse_array(&ns, l->a, cell(&r, i, 9)) < 0 ||
		    parse_array(&names, l->a, cell(&r, i, 10)) < 0 ||
		    ns.len != names.len)
			return bad_array("parents", obj_text(l->a, &on), err);
		for (k = 0; k < names.len; k++) {
			rt_qname *q = RT_NEW(l->a, rt_qname);

			q->schema = RT_VEC_AT(ns, k);
			q->name = RT_VEC_AT(names, k);
			rt_vec_push(&t->inherits, l->a, q);
		}
		l->tables[i].oid = strtoul(cell(&r, i, 0), NULL, 10);
		t->comment = comment_of(l, 'r', l->tables[i].oid, 0);
		t->rls = cell_bool(&r, i, 11);
		t->force_rls = cell_bool(&r, i, 12);
		l->tables[i].t = t;
		rt_schema_add(l->s, RT_KIND_TABLE, &t->obj);
	}
	qsort(l->tables, l->ntables, sizeof(table_ref), cmp_table_ref);
	return 0;
}

/* A row of q_columns in the order columns are added: by table oid, then
 * by attnum. */
typedef struct col_row {
	table_ref *ref;
	long attnum;
	size_t row;
} col_row;

static int cmp_col_row(const void *x, const void *y)
{
	const col_row *a = x, *b = y;

	if (a->ref->oid != b->ref->oid)
		return (a->ref->oid > b->ref->oid) -
		       (a->ref->oid < b->ref->oid);
	return (a->attnum > b->attnum) - (a->attnum < b->attnum);
}

static int load_columns(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;
	col_row *order;
	size_t i, k, nrows = 0, cur = 0; /* cur: into l->comments */
	uint64_t key;

	(void)err;
	/* size each table's attnum -> name map, and sort the rows (the
	 * query does not) */
	order = rt_arena_alloc(l->a, (r.n ? r.n : 1) * sizeof(*order));
	for (i = 0; i < r.n; i++) {
		table_ref *ref = find_ref(l, cell(&r, i, 0));
		long n = strtol(cell(&r, i, 9), NULL, 10);

		if (!ref) /* not a table retort loads */
			continue;
		if (n > 0 && (size_t)n >= ref->natt)
			ref->natt = (size_t)n + 1;
		order[nrows++] = (col_row){ref, n, i};
	}
	qsort(order, nrows, sizeof(*order), cmp_col_row);
	for (i = 0; i < l->ntables; i++)
		if (l->tables[i].natt) {
			l->tables[i].att = rt_arena_alloc(
			    l->a, l->tables[i].natt * sizeof(char *));
			l->tables[i].col = rt_arena_alloc(
			    l->a, l->tables[i].natt * sizeof(rt_column *));
			l->tables[i].generated = rt_arena_alloc(
			    l->a, l->tables[i].natt * sizeof(bool));
		}
	for (k = 0; k < nrows; k++) {
		table_ref *ref = order[k].ref;
		rt_table *t = ref->t;
		rt_column *c = RT_NEW(l->a, rt_column);
		long n = order[k].attnum;

		i = order[k].row;

		c->name = cell(&r, i, 1);
		if (n > 0) {
			ref->att[n] = c->name;
			ref->col[n] = c;
			ref->generated[n] = cell_char(&r, i, 13) == 's';
		}
		c->table = t;
		c->type.schema = cell(&r, i, 2);
		c->type.name = cell(&r, i, 3);
		if (cell(&r, i, 4)) {
			const collation_ent *co = coll_of(l, cell(&r, i, 4));

			if (co) {
				c->collation.schema = co->schema;
				c->collation.name = co->name;
			}
		}
		c->not_null = cell_bool(&r, i, 5);
		switch (cell_char(&r, i, 6)) {
		case 'a':
			c->identity = RT_IDENTITY_ALWAYS;
			break;
		case 'd':
			c->identity = RT_IDENTITY_BY_DEFAULT;
			break;
		default:
			c->identity = RT_IDENTITY_NONE;
		}
		/* a partition's columns are all the parent's, also when it
		 * was attached (PostgreSQL then keeps attislocal) */
		c->is_local = cell_bool(&r, i, 7) && !t->partition_of.name;
		c->inhcount = (int)strtol(cell(&r, i, 8), NULL, 10);
		/* the rows go by (table, attnum), as the comments do:
		 * one pass through them */
		key = comment_key('r', ref->oid, n);
		while (cur < l->ncomments && l->comments[cur].key < key)
			cur++;
		if (cur < l->ncomments && l->comments[cur].key == key)
			c->comment = l->comments[cur].text;
		/* as rt_load__column_storage, _compression and SET
		 * STATISTICS set them */
		if (cell(&r, i, 10)) {
			char st = cell_char(&r, i, 10);

			c->storage =
			    st == rt_schema_type_storage(c->type) ? 0 : st;
		}
		if (cell(&r, i, 11)) {
			c->has_statistics = true;
			c->statistics = (int)strtol(cell(&r, i, 11), NULL, 10);
		}
		if (cell(&r, i, 12))
			c->compression =
			    cell_char(&r, i, 12) == 'l' ? "lz4" : "pglz";
		c->owner = &t->obj;
		rt_schema_add(l->s, RT_KIND_COLUMN, &c->obj);
	}
	l->columns_loaded = true;
	return 0;
}

/* Appends oid in decimal (rt_buf_addf's formatting was a visible cost at
 * one call per table). */
static void add_oid(rt_buf *b, unsigned long oid)
{
	char digits[24];
	size_t n = sizeof(digits);

	do {
		digits[--n] = (char)('0' + oid % 10);
		oid /= 10;
	} while (oid);
	rt_buf_add(b, digits + n, sizeof(digits) - n);
}

/* q_defaults with the oids of the tables load_columns found no generated
 * column in (it must have run: see steps). */
static const char *defaults_sql(loader *l)
{
	const char *at = strstr(q_defaults, "@PLAIN@");
	rt_buf b = RT_BUF_INIT;
	bool first = true;

	RT_ASSERT(l->columns_loaded);
	rt_buf_add(&b, q_defaults, (size_t)(at - q_defaults));
	rt_buf_addch(&b, '{');
	for (size_t i = 0; i < l->ntables; i++) {
		const table_ref *ref = &l->tables[i];
		size_t n;

		for (n = 1; n < ref->natt && !ref->generated[n]; n++)
			;
		if (n < ref->natt)
			continue;
		if (!first)
			rt_buf_addch(&b, ',');
		add_oid(&b, ref->oid);
		first = false;
	}
	rt_buf_addch(&b, '}');
	rt_buf_adds(&b, at + strlen("@PLAIN@"));
	return rt_buf_detach_arena(&b, l->a);
}

/* The defaults and generation expressions (q_defaults) of the columns
 * load_columns made. */
static int load_defaults(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;

	for (size_t i = 0; i < r.n; i++) {
		table_ref *ref = find_ref(l, cell(&r, i, 0));
		long n = strtol(cell(&r, i, 1), NULL, 10);
		rt_column *c;
		obj_name on;

		if (!ref || n <= 0 || (size_t)n >= ref->natt || !ref->col[n])
			continue; /* not a column retort loads */
		c = ref->col[n];
		on = (obj_name){c->table->schema, c->table->name, c->name};
		if (ref->generated[n]) {
			if (make_expr(&c->generated, l, rt_canon_expr,
				      cell(&r, i, 2), "generation expression",
				      &on, err) < 0)
				return -1;
		} else if (make_expr(&c->default_expr, l, rt_canon_expr,
				     cell(&r, i, 2), "default", &on, err) < 0) {
			return -1;
		}
	}
	return 0;
}

/* Cuts the flags pg_get_constraintdef appends to an exclusion constraint
 * (they are separate fields in the model). */
static void strip_con_flags(char *def)
{
	static const char *const suffix[] = {
	    " NOT VALID",
	    " INITIALLY DEFERRED",
	    " INITIALLY IMMEDIATE",
	    " DEFERRABLE",
	};
	size_t len = strlen(def), k;
	bool again = true;

	while (again) {
		again = false;
		for (k = 0; k < RT_ARRAY_LEN(suffix); k++) {
			size_t sl = strlen(suffix[k]);

			if (len >= sl &&
			    strcmp(def + len - sl, suffix[k]) == 0) {
				len -= sl;
				def[len] = '\0';
				again = true;
			}
		}
	}
}

/* The table a foreign key refers to, when retort does not load it: text is
 * {schema, name, column...}. */
static int ref_outside(rt_constraint *c, rt_arena *a, const char *text)
{
	rt_vec v = {0};
	size_t k;

	if (parse_array(&v, a, text) < 0 || v.len < 2)
		return -1;
	c->ref_table.schema = RT_VEC_AT(v, 0);
	c->ref_table.name = RT_VEC_AT(v, 1);
	for (k = 2; k < v.len; k++)
		rt_vec_push(&c->ref_columns, a, RT_VEC_AT(v, k));
	return 0;
}

/* Appends a field of a group key (index_key, check_pending): the text, or a
 * mark for NULL (a field cannot hold the separator or the mark, both control
 * bytes). */
static void key_field(rt_buf *key, const char *text)
{
	rt_buf_adds(key, text ? text : "\x01");
	rt_buf_addch(key, '\x1e');
}

/*
 * Keeps check c (row i of q_constraints) for load_checks, in the group of
 * the checks whose expression prints the same: the same stored tree
 * (column numbers included) and the same names of the columns it uses.
 * The first check of a group, and a check that refers to the whole row
 * (its text names the table), are printed by the server (q_printed).
 * Returns -1 when a column number is not one of the table's.
 */
static int check_pending(loader *l, rt_map *groups, rt_constraint *c,
			 const obj_name *on, const table_ref *ref,
			 const pg_rows *r, size_t i)
{
	const char *tree = cell(r, i, 12);
	check_row *row = &l->checks[l->nchecks];
	rt_buf key = RT_BUF_INIT;
	size_t *lead = NULL;
	rt_vec names = {0};

	*row = (check_row){c, *on, cell(r, i, 20), l->nchecks};
	if (attnums_to_names(&names, l->a, ref, cell(r, i, 3), 0, -1) < 0)
		return -1;
	if (tree && !strstr(tree, ":varattno 0 ")) {
		key_field(&key, tree);
		for (size_t k = 0; k < names.len; k++)
			key_field(&key, names.items[k]);
		lead = rt_map_get(groups, key.data, key.len);
		if (lead) {
			row->lead = *lead;
		} else {
			size_t *self = RT_NEW(l->a, size_t);

			*self = l->nchecks;
			rt_map_put(groups, l->a,
				   rt_arena_strndup(l->a, key.data, key.len),
				   key.len, self);
		}
	}
	rt_buf_release(&key);
	if (!lead) {
		rt_buf_adds(&l->chk_oids, l->chk_oids.len ? "," : "");
		rt_buf_adds(&l->chk_oids, row->oid);
	}
	l->nchecks++;
	return 0;
}

static int load_constraints(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;
	rt_map groups = {0};
	size_t i;

	l->checks = rt_arena_alloc(l->a, (r.n ? r.n : 1) * sizeof(*l->checks));
	l->fks = rt_arena_alloc(l->a, (r.n ? r.n : 1) * sizeof(*l->fks));

	for (i = 0; i < r.n; i++) {
		table_ref *ref = find_ref(l, cell(&r, i, 0));
		rt_constraint *c = RT_NEW(l->a, rt_constraint);
		obj_name on;
		rt_table *t;
		long nkey;

		if (!ref) /* not a table retort loads */
			continue;
		t = ref->t;
		c->name = cell(&r, i, 1);
		c->type = (rt_contype)cell_char(&r, i, 2);
		c->table = t;
		on = (obj_name){t->schema, t->name, c->name};
		/* a key's columns are the first indnkeyatts of its index's,
		 * the rest its INCLUDE columns */
		nkey = cell(&r, i, 15) ? strtol(cell(&r, i, 15), NULL, 10) : 0;
		if ((c->type == RT_CON_FOREIGN &&
		     attnums_to_names(&c->columns, l->a, ref, cell(&r, i, 3), 0,
				      -1) < 0) ||
		    (cell(&r, i, 15) &&
		     (attnums_to_names(&c->columns, l->a, ref, cell(&r, i, 4),
				       0, nkey) < 0 ||
		      attnums_to_names(&c->include, l->a, ref, cell(&r, i, 4),
				       nkey, -1) < 0)))
			return bad_array("columns", obj_text(l->a, &on), err);
		c->deferrable = cell_bool(&r, i, 5);
		c->initially_deferred = cell_bool(&r, i, 6);
		c->not_valid = !cell_bool(&r, i, 7);
		c->nulls_not_distinct = cell_bool(&r, i, 8);
		if (parse_array(&c->index_options, l->a, cell(&r, i, 19)) < 0)
			return bad_array("index storage parameters",
					 obj_text(l->a, &on), err);
		rt_vec_sort(&c->index_options, cmp_str);
		if (c->type == RT_CON_FOREIGN) {
			table_ref *to = find_ref(l, cell(&r, i, 16));

			if (to) {
				c->ref_table.schema = to->t->schema;
				c->ref_table.name = to->t->name;
			}
			/* a table retort does not load (an extension's): its
			 * names come with q_printed's (load_fks) */
			if (!to) {
				l->fks[l->nfks++] =
				    (fk_row){c, on, cell(&r, i, 20)};
				rt_buf_adds(&l->fk_oids,
					    l->fk_oids.len ? "," : "");
				rt_buf_adds(&l->fk_oids, cell(&r, i, 20));
			} else if (attnums_to_names(&c->ref_columns, l->a, to,
						    cell(&r, i, 17), 0,
						    -1) < 0) {
				return bad_array("referenced columns",
						 obj_text(l->a, &on), err);
			}
			c->on_update = cell_char(&r, i, 9);
			c->on_delete = cell_char(&r, i, 10);
			if (attnums_to_names(&c->on_delete_columns, l->a, ref,
					     cell(&r, i, 18), 0, -1) < 0)
				return bad_array("ON DELETE SET columns",
						 obj_text(l->a, &on), err);
			c->match = cell_char(&r, i, 11);
		}
		if (c->type == RT_CON_CHECK) {
			if (check_pending(l, &groups, c, &on, ref, &r, i) < 0)
				return bad_array("columns", obj_text(l->a, &on),
						 err);
		} else if (c->type == RT_CON_EXCLUDE && cell(&r, i, 12)) {
			char *def = rt_arena_strdup(l->a, cell(&r, i, 12));

			strip_con_flags(def);
			if (make_expr(&c->expr, l, rt_canon_exclude, def,
				      "exclusion definition", &on, err) < 0)
				return -1;
		}
		/* PostgreSQL also sets connoinherit on the keys of plain
		 * tables; the model's flag is CHECK ... NO INHERIT */
		c->no_inherit = c->type == RT_CON_CHECK && cell_bool(&r, i, 13);
		c->is_local = cell_bool(&r, i, 14);
		c->comment = comment_of(l, 'c', parse_oid(cell(&r, i, 20)), 0);
		c->owner = &t->obj;
		rt_schema_add(l->s, RT_KIND_CONSTRAINT, &c->obj);
	}
	return 0;
}

/*
 * pg_get_indexdef prints "ON ONLY" for an index on a partitioned table (the
 * pg_dump form, which builds no index on the partitions). The model means
 * the index of the whole tree, as CREATE INDEX without ONLY makes it.
 */
static const char *drop_on_only(rt_arena *a, const char *def)
{
	const char *p = def, *rest;

	if (strncmp(p, "CREATE INDEX ", 13) == 0)
		p += 13;
	else if (strncmp(p, "CREATE UNIQUE INDEX ", 20) == 0)
		p += 20;
	else
		return def;
	if (*p == '"') {
		for (p++; *p; p++) {
			if (*p == '"' && p[1] == '"')
				p++;
			else if (*p == '"')
				break;
		}
		if (*p)
			p++;
	} else {
		p += strcspn(p, " ");
	}
	if (strncmp(p, " ON ONLY ", 9) != 0)
		return def;
	rest = p + 8;
	return rt_arena_printf(a, "%.*s ON%s", (int)(p - def), def, rest);
}

/*
 * The indexes of one shape: the server's group of definitions that are the
 * same text but for the index's name and table (q_indexes' tail), whatever
 * the table. A canonical index key is "CREATE [UNIQUE ]INDEX ON ", the
 * relation, then a rest that depends on the tail only (the name is
 * dropped, and an index's expressions cannot name its table), so the rest
 * is taken from the first index's key and each index only needs its
 * table's spelling, computed once per table: one canon parse per shape
 * and per table instead of one per index.
 */
typedef struct index_shape {
	const char *rest; /* the key after the relation; NULL: no split */
	rt_refs *refs;	  /* the first index's references */
} index_shape;

/* PostgreSQL's keyword lookup, as libpg_query's deparser (its
 * quote_identifier) uses it: exported by libpg_query, not declared by its
 * headers. */
struct ScanKeywordList;
extern const struct ScanKeywordList ScanKeywords;
extern int ScanKeywordLookup(const char *str,
			     const struct ScanKeywordList *keywords);

/* Whether quote_identifier() prints ident as it is: a lowercase letter or
 * '_', then lowercase letters, digits and '_', and no keyword of any
 * category (quote_identifier leaves the unreserved ones unquoted too:
 * they are simply not decided here). */
static bool plain_ident(const char *ident)
{
	const char *p = ident;

	if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
		return false;
	for (p++; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_'))
			return false;
	return ScanKeywordLookup(ident, &ScanKeywords) < 0;
}

/*
 * How a canonical index key spells schema.table (as rt_canon_index prints
 * it: public dropped, each name through the deparser's quote_identifier).
 * Plain names (plain_ident) are spelled as they are; any other table's
 * spelling is taken once from the key of a minimal index on it (a canon
 * parse: 27 M of the 300 M instructions of a 1,000-table load when every
 * table took it). NULL when that key has an unexpected form.
 */
static const char *rel_spelling(loader *l, const char *schema,
				const char *table)
{
	static const char pre[] = "CREATE INDEX ON ",
			  post[] = " USING btree (x)";
	rt_buf id = RT_BUF_INIT, sql = RT_BUF_INIT;
	rt_error cerr = RT_ERROR_INIT;
	const char *key = NULL, *out;
	size_t n;
	bool plain = plain_ident(table) && plain_ident(schema);

	if (plain && strcmp(schema, "public") == 0)
		return table;
	rt_buf_adds(&id, schema);
	rt_buf_addch(&id, '\0');
	rt_buf_adds(&id, table);
	out = rt_map_get(&l->rels, id.data, id.len);
	if (out) {
		rt_buf_release(&id);
		return *out ? out : NULL;
	}
	if (plain) {
		out =
		    concat(l->a, "", 0, schema, ".", table, (const char *)NULL);
		rt_map_put(&l->rels, l->a, rt_buf_detach_arena(&id, l->a),
			   strlen(schema) + 1 + strlen(table), (void *)out);
		return out;
	}
	rt_buf_adds(&sql, "CREATE INDEX ON ");
	for (int part = 0; part < 2; part++) {
		const char *p = part ? table : schema;
		rt_buf_addch(&sql, '"');
		for (; *p; p++) {
			if (*p == '"')
				rt_buf_addch(&sql, '"');
			rt_buf_addch(&sql, *p);
		}
		rt_buf_adds(&sql, part ? "\"" : "\".");
	}
	rt_buf_adds(&sql, " USING btree (x)");
	out = "";
	if (rt_canon_index(&key, l->a, sql.data, &cerr) == 0 &&
	    strncmp(key, pre, strlen(pre)) == 0 &&
	    (n = strlen(key)) > strlen(pre) + strlen(post) &&
	    strcmp(key + n - strlen(post), post) == 0)
		out = rt_arena_strndup(l->a, key + strlen(pre),
				       n - strlen(pre) - strlen(post));
	rt_map_put(&l->rels, l->a, rt_buf_detach_arena(&id, l->a),
		   strlen(schema) + 1 + strlen(table), (void *)out);
	rt_buf_release(&sql);
	return *out ? out : NULL;
}

/* The key prefix of a (unique) index, before its relation. */
static const char *index_prefix(bool unique)
{
	return unique ? "CREATE UNIQUE INDEX ON " : "CREATE INDEX ON ";
}

/* The shape of x (text def, of shape text shape_id), made from x's own
 * key and references when x is the first of its shape. */
static int index_shape_of(index_shape **out, loader *l, const rt_index *x,
			  const char *def, const char *shape_id,
			  const obj_name *on, rt_error *err)
{
	index_shape *sh = rt_map_get(&l->shapes, shape_id, strlen(shape_id));
	const char *prefix = index_prefix(x->unique), *rel, *rel_name;
	rt_expr *e;

	if (sh) {
		*out = sh;
		return 0;
	}
	sh = RT_NEW(l->a, index_shape);
	if (make_expr(&e, l, rt_canon_index, def, "definition", on, err) < 0)
		return -1;
	sh->refs = e->refs;
	rel = rel_spelling(l, x->table.schema, x->table.name);
	rel_name = concat(l->a, "", 0, x->table.schema, ".", x->table.name,
			  (const char *)NULL);
	/* split only a key of the expected form, whose first reference is
	 * the table (the one part of the references that differs) */
	if (rel && strncmp(e->key, prefix, strlen(prefix)) == 0 &&
	    strncmp(e->key + strlen(prefix), rel, strlen(rel)) == 0 &&
	    e->key[strlen(prefix) + strlen(rel)] == ' ' && e->refs &&
	    e->refs->relations.len >= 1 &&
	    strcmp(e->refs->relations.items[0], rel_name) == 0)
		sh->rest = e->key + strlen(prefix) + strlen(rel);
	rt_map_put(&l->shapes, l->a, shape_id, strlen(shape_id), sh);
	*out = sh;
	return 0;
}

/* x's definition from its shape: the shape's key around x's relation, and
 * the shape's references with x's table as the first relation. Returns
 * false when the shape or the table's spelling does not allow it. */
static bool index_from_shape(rt_index *x, loader *l, const index_shape *sh,
			     const char *def)
{
	const char *rel;
	rt_expr *e;
	rt_refs *refs;

	if (!sh->rest)
		return false;
	rel = rel_spelling(l, x->table.schema, x->table.name);
	if (!rel)
		return false;
	e = RT_NEW(l->a, rt_expr);
	e->text = def;
	e->key = concat(l->a, "", 0, index_prefix(x->unique), rel, sh->rest,
			(const char *)NULL);
	refs = RT_NEW(l->a, rt_refs);
	*refs = *sh->refs;
	refs->relations = (rt_vec){0};
	rt_vec_push(&refs->relations, l->a,
		    concat(l->a, "", 0, x->table.schema, ".", x->table.name,
			   (const char *)NULL));
	for (size_t k = 1; k < sh->refs->relations.len; k++)
		rt_vec_push(&refs->relations, l->a,
			    sh->refs->relations.items[k]);
	e->refs = refs;
	x->def = e;
	return true;
}

/* Appends the name, type and collation of column n of ref; false when it
 * is not a column of ref. */
static bool key_column(rt_buf *key, const table_ref *ref, long n)
{
	const rt_column *c;

	if (n <= 0 || (size_t)n >= ref->natt || !ref->col[n])
		return false;
	c = ref->col[n];
	rt_buf_addf(key, "%ld:", n);
	key_field(key, c->name);
	key_field(key, c->type.schema);
	key_field(key, c->type.name);
	key_field(key, c->collation.schema);
	key_field(key, c->collation.name);
	return true;
}

/* Appends the columns the stored tree text (indexprs, indpred) refers to;
 * false for a whole-row reference or a column ref does not have. */
static bool key_vars(rt_buf *key, const table_ref *ref, const char *text)
{
	const char *p = text;

	while (p && (p = strstr(p, "{VAR ")) != NULL) {
		const char *end = strchr(p, '}'), *at;

		at = strstr(p, ":varattno ");
		if (!end || !at || at > end ||
		    !key_column(key, ref, strtol(at + 10, NULL, 10)))
			return false;
		p = end;
	}
	return true;
}

/*
 * The group key of index row i of q_indexes: what its definition's text
 * after its head depends on (the method, pg_index's columns, the storage
 * parameters, the expression and predicate trees, and the name, type and
 * collation of each column it uses), so that equal keys print equal
 * texts. NULL when the index is printed by itself: an index of a
 * partitioned table (printed ON ONLY, its head differs) or one whose
 * expressions refer to the whole row (they print the table's name).
 */
static const char *index_key(loader *l, const pg_rows *r, size_t i,
			     const table_ref *ref)
{
	rt_buf key = RT_BUF_INIT;
	const char *p;
	const char *out = NULL;

	if (cell_char(r, i, 14) != 'i')
		return NULL;
	for (size_t c = 4; c <= 13; c++)
		key_field(&key, cell(r, i, c));
	key_field(&key, cell(r, i, 15));
	for (p = cell(r, i, 6); p && *p;) {
		char *end;
		long n = strtol(p, &end, 10);

		if (end == p)
			goto done;
		if (n != 0 && !key_column(&key, ref, n))
			goto done;
		p = end;
	}
	if (!key_vars(&key, ref, cell(r, i, 12)) ||
	    !key_vars(&key, ref, cell(r, i, 13)))
		goto done;
	out = rt_buf_detach_arena(&key, l->a);
done:
	rt_buf_release(&key);
	return out;
}

/* Keeps the rows of q_indexes and decides which definitions the server
 * prints (q_printed): one per group of equal keys (its first row), and
 * each index that is printed by itself. */
static int load_indexes_raw(loader *l, const pg_rows *rows, rt_error *err)
{
	rt_map groups = {0};
	size_t i;

	(void)err;
	l->idx = *rows;
	l->idx_leader =
	    rt_arena_alloc(l->a, (rows->n ? rows->n : 1) * sizeof(size_t));
	l->idx_grouped =
	    rt_arena_alloc(l->a, (rows->n ? rows->n : 1) * sizeof(bool));
	for (i = 0; i < rows->n; i++) {
		table_ref *ref = find_ref(l, cell(rows, i, 1));
		const char *key;
		size_t *lead;

		l->idx_leader[i] = SIZE_MAX;
		if (!ref) /* not a table retort loads */
			continue;
		key = index_key(l, rows, i, ref);
		l->idx_grouped[i] = key != NULL;
		lead = key ? rt_map_get(&groups, key, strlen(key)) : NULL;
		if (lead) {
			l->idx_leader[i] = *lead;
			continue;
		}
		l->idx_leader[i] = i;
		if (key)
			rt_map_put(&groups, l->a, key, strlen(key),
				   &l->idx_leader[i]);
		rt_buf_adds(&l->idx_oids, l->idx_oids.len ? "," : "");
		rt_buf_adds(&l->idx_oids, cell(rows, i, 0));
	}
	return 0;
}

/* Skips an identifier as quote_identifier prints it at p: quoted, or
 * lower-case letters, digits and underscores; NULL when there is none. */
static const char *skip_ident(const char *p)
{
	size_t n;

	if (!p)
		return NULL;
	if (*p == '"') {
		for (p++; *p; p++) {
			if (*p == '"' && p[1] == '"')
				p++;
			else if (*p == '"')
				return p + 1;
		}
		return NULL;
	}
	for (n = 0; (p[n] >= 'a' && p[n] <= 'z') ||
		    (p[n] >= '0' && p[n] <= '9') || p[n] == '_';
	     n++)
		;
	return n ? p + n : NULL;
}

/* Skips the literal text word at p; NULL when p does not start with it. */
static const char *skip_word(const char *p, const char *word)
{
	size_t n = strlen(word);

	return p && strncmp(p, word, n) == 0 ? p + n : NULL;
}

/*
 * The text of index definition def (pg_get_indexdef's) after its head
 * "CREATE [UNIQUE ]INDEX name ON schema.table USING method (": what the
 * other indexes of its group share (NULL when def is not of that form).
 * Found by reading the head, whatever the server quoted, rather than by
 * comparing it with the head the client composes (index_head).
 */
static const char *index_tail(const char *def)
{
	const char *p = skip_word(def, "CREATE ");

	if (p && strncmp(p, "UNIQUE ", 7) == 0)
		p += 7;
	p = skip_word(p, "INDEX ");
	p = p ? skip_word(skip_ident(p), " ON ") : NULL;
	p = p ? skip_word(skip_ident(p), ".") : NULL;
	p = p ? skip_word(skip_ident(p), " USING ") : NULL;
	return p ? skip_word(skip_ident(p), " (") : NULL;
}

/*
 * Index x's definition from its group's tail: its own head as
 * pg_get_indexdef composes it ("CREATE [UNIQUE ]INDEX name ON
 * schema.table USING method (", each name through quote_identifier, which
 * rt_buf_add_ident follows with PostgreSQL 15's keywords), then tail.
 */
static const char *index_head(loader *l, const rt_index *x, const char *am,
			      const char *tail)
{
	rt_buf b = RT_BUF_INIT;

	rt_buf_adds(&b, x->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	rt_buf_add_ident(&b, RT_DIALECT_PG, x->name);
	rt_buf_adds(&b, " ON ");
	rt_buf_add_qname(&b, RT_DIALECT_PG, x->table.schema, x->table.name);
	rt_buf_adds(&b, " USING ");
	rt_buf_add_ident(&b, RT_DIALECT_PG, am);
	rt_buf_adds(&b, " (");
	rt_buf_adds(&b, tail);
	return rt_buf_detach_arena(&b, l->a);
}

/* The definitions q_printed printed (printed: oid -> text), by the row of
 * q_indexes they belong to, into out (NULL where not printed). */
static int index_defs_by_row(const char **out, loader *l, const rt_map *printed,
			     rt_error *err)
{
	for (size_t i = 0; i < l->idx.n; i++) {
		const char *oid = cell(&l->idx, i, 0);

		out[i] = NULL;
		if (l->idx_leader[i] != i)
			continue;
		out[i] = rt_map_get(printed, oid, strlen(oid));
		if (!out[i])
			return rt_errorf(
			    err, RT_EINTERNAL,
			    "the definition of index %s.%s was not printed",
			    find_ref(l, cell(&l->idx, i, 1))->t->schema,
			    cell(&l->idx, i, 2));
	}
	return 0;
}

/* Converts the indexes kept by load_indexes_raw, with the definitions of
 * q_printed (printed: oid -> text). */
static int load_indexes(loader *l, const rt_map *printed, rt_error *err)
{
	pg_rows r = l->idx;
	const char **defs;
	const char *def;
	size_t i;

	defs = rt_arena_alloc(l->a, (r.n ? r.n : 1) * sizeof(char *));
	if (index_defs_by_row(defs, l, printed, err) < 0)
		return -1;
	for (i = 0; i < r.n; i++) {
		size_t lead = l->idx_leader[i];
		table_ref *ref;
		rt_index *x;
		obj_name on;
		const char *tail = NULL;

		if (lead == SIZE_MAX)
			continue;
		ref = find_ref(l, cell(&r, i, 1));
		x = RT_NEW(l->a, rt_index);
		x->schema = ref->t->schema;
		x->name = cell(&r, i, 2);
		x->table.schema = x->schema;
		x->table.name = ref->t->name;
		x->unique = cell_bool(&r, i, 3);
		on = (obj_name){x->schema, x->name, NULL};
		if (l->idx_grouped[i]) /* a group's text after its head */
			tail = index_tail(defs[lead]);
		if (tail && lead != i)
			def = index_head(l, x, cell(&r, i, 4), tail);
		else if (lead == i)
			def = defs[i];
		else
			return rt_errorf(err, RT_EINTERNAL,
					 "unexpected definition of index "
					 "%s.%s: %s",
					 x->schema, cell(&r, lead, 2),
					 defs[lead]);
		def = drop_on_only(l->a, def);
		if (tail) {
			/* unique flag, method and tail: what the definitions
			 * of one shape share */
			const char *shape_id = rt_arena_printf(
			    l->a, "%c%zu:%s%s", x->unique ? 'u' : 'n',
			    strlen(cell(&r, i, 4)), cell(&r, i, 4), tail);
			index_shape *sh;
			if (index_shape_of(&sh, l, x, def, shape_id, &on, err) <
			    0)
				return -1;
			if (!x->def && index_from_shape(x, l, sh, def))
				def = NULL;
		}
		if (def && !x->def &&
		    make_expr(&x->def, l, rt_canon_index, def, "definition",
			      &on, err) < 0)
			return -1;
		x->comment = comment_of(l, 'r', parse_oid(cell(&r, i, 0)), 0);
		rt_schema_add(l->s, RT_KIND_INDEX, &x->obj);
	}
	return 0;
}

/* Converts the checks kept by check_pending, each with its own or its
 * group's expression from q_printed (printed: oid -> text). */
static int load_checks(loader *l, const rt_map *printed, rt_error *err)
{
	for (size_t i = 0; i < l->nchecks; i++) {
		check_row *row = &l->checks[i];
		const char *oid = l->checks[row->lead].oid;
		const char *text = rt_map_get(printed, oid, strlen(oid));

		if (!text)
			return rt_errorf(err, RT_EINTERNAL,
					 "the expression of check %s was not "
					 "printed",
					 obj_text(l->a, &row->on));
		if (make_expr(&row->c->expr, l, rt_canon_expr, text,
			      "check expression", &row->on, err) < 0)
			return -1;
	}
	return 0;
}

/* q_printed with the oids load_indexes_raw and load_constraints asked
 * for. A branch with no oids is left out (but the first, when all are
 * empty): planning the foreign keys' branch for nothing cost 0.6 ms. */
static const char *printed_sql(loader *l)
{
	static const char *const token[] = {"@IDX@", "@CHK@", "@FK@"};
	static const char sep[] = "UNION ALL\n";
	const rt_buf *oids[] = {&l->idx_oids, &l->chk_oids, &l->fk_oids};
	rt_buf b = RT_BUF_INIT;
	const char *p = q_printed;

	for (size_t k = 0; k < RT_ARRAY_LEN(token); k++) {
		const char *end = strstr(p, sep);
		const char *at = strstr(p, token[k]);
		size_t len = end ? (size_t)(end - p) : strlen(p);

		RT_ASSERT(at && at < p + len);
		if (oids[k]->len ||
		    (k == 0 && !l->chk_oids.len && !l->fk_oids.len)) {
			if (b.len)
				rt_buf_adds(&b, sep);
			rt_buf_add(&b, p, (size_t)(at - p));
			rt_buf_addch(&b, '{');
			rt_buf_add(&b, oids[k]->data, oids[k]->len);
			rt_buf_addch(&b, '}');
			at += strlen(token[k]);
			rt_buf_add(&b, at, (size_t)(p + len - at));
		}
		p += len + (end ? strlen(sep) : 0);
	}
	return rt_buf_detach_arena(&b, l->a);
}

/* Names the tables the foreign keys kept by load_constraints refer to,
 * with q_printed's {schema, name, column...} (printed: oid -> text). */
static int load_fks(loader *l, const rt_map *printed, rt_error *err)
{
	for (size_t i = 0; i < l->nfks; i++) {
		const fk_row *row = &l->fks[i];
		const char *text =
		    rt_map_get(printed, row->oid, strlen(row->oid));

		if (!text || ref_outside(row->c, l->a, text) < 0)
			return bad_array("referenced columns",
					 obj_text(l->a, &row->on), err);
	}
	return 0;
}

/* The index definitions, check expressions and foreign keys' tables of
 * q_printed. */
static int load_printed(loader *l, const pg_rows *rows, rt_error *err)
{
	rt_map idx = {0}, chk = {0}, fk = {0};

	for (size_t i = 0; i < rows->n; i++) {
		const char *oid = cell(rows, i, 1), *text = cell(rows, i, 2);
		char k = cell_char(rows, i, 0);

		if (oid && text)
			rt_map_put(k == 'i'   ? &idx
				   : k == 'c' ? &chk
					      : &fk,
				   l->a, oid, strlen(oid), (void *)text);
	}
	if (load_indexes(l, &idx, err) < 0 || load_checks(l, &chk, err) < 0 ||
	    load_fks(l, &fk, err) < 0)
		return -1;
	return 0;
}

static int load_unmanaged(loader *l, const pg_rows *rows, rt_error *err)
{
	pg_rows r = *rows;
	size_t i;

	(void)err;
	for (i = 0; i < r.n; i++) {
		const char *what = cell(&r, i, 0);

		if (what && !(i > 0 && rt_streq(what, cell(&r, i - 1, 0))))
			rt_schema_add_unmanaged(l->s, what, NULL, 0, 0);
	}
	return 0;
}

/* Whether a probe letter of when was found (load_first); "" always.
 * Without probes (none read) every branch is sent. */
static bool probed(const loader *l, const char *when)
{
	return !l->probes || !*when || strpbrk(when, l->probes) != NULL;
}

/* Appends to b the branches of br[0..n) that probed finds, sep between
 * them; returns how many. */
static size_t add_branches(rt_buf *b, const loader *l, const branch *br,
			   size_t n, const char *sep)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (!probed(l, br[i].when))
			continue;
		if (k++)
			rt_buf_adds(b, sep);
		rt_buf_adds(b, br[i].sql);
	}
	return k;
}

/* q_definitions: the branches of def_branches that the probes found,
 * then the privileges of the objects of grant_branches that they found
 * (the columns' ACLs, unprobed, are always read). */
static const char *definitions_sql(loader *l)
{
	rt_buf b = RT_BUF_INIT;
	size_t grants;

	if (add_branches(&b, l, def_branches, RT_ARRAY_LEN(def_branches),
			 "UNION ALL\n"))
		rt_buf_adds(&b, "UNION ALL\n");
	rt_buf_adds(&b, q_grants_head);
	grants = add_branches(&b, l, grant_branches,
			      RT_ARRAY_LEN(grant_branches), "  UNION ALL\n");
	RT_ASSERT(grants > 0);
	rt_buf_adds(&b, ") g\nORDER BY 1, 2, 3");
	return expand(l, rt_buf_detach_arena(&b, l->a));
}

/* q_depends when the probes found a view or materialized view; else a
 * statement of its columns that reads nothing (the load still sends 15). */
static const char *depends_sql(loader *l)
{
	if (probed(l, "v"))
		return q_depends;
	return "SELECT NULL::name, NULL::name, NULL::text, NULL::name,\n"
	       "  NULL::text, NULL::name WHERE false";
}

/* q_unmanaged: the branches of unmanaged_branches that the probes found,
 * or a statement of its column that reads nothing. */
static const char *unmanaged_sql(loader *l)
{
	rt_buf b = RT_BUF_INIT;

	if (!add_branches(&b, l, unmanaged_branches,
			  RT_ARRAY_LEN(unmanaged_branches), "UNION ALL\n")) {
		rt_buf_release(&b);
		return "SELECT NULL::text WHERE false";
	}
	rt_buf_adds(&b, "ORDER BY 1");
	return rt_buf_detach_arena(&b, l->a);
}

/* Executes each row's statements (see def_branches). */
static int load_definitions(loader *l, const pg_rows *rows, rt_error *err)
{
	for (size_t i = 0; i < rows->n; i++) {
		const char *ddl = cell(rows, i, 3);
		if (ddl && rt_load__sql_exec(l->s, l->where, ddl, err) < 0) {
			rt_error_detail(err, "while reading %s.%s",
					cell(rows, i, 1), cell(rows, i, 2));
			return -1;
		}
	}
	return 0;
}

/* Keeps the rows for load_depends_finish (they need the whole model). */
static int load_depends(loader *l, const pg_rows *rows, rt_error *err)
{
	(void)err;
	l->depends = *rows;
	return 0;
}

/* Edges from pg_depend, once the model is complete. A name the model
 * does not hold (an extension's function) gives no edge. */
static void load_depends_finish(loader *l)
{
	const pg_rows *r = &l->depends;
	for (size_t i = 0; i < r->n; i++) {
		rt_view *v =
		    rt_schema_find_view(l->s, cell(r, i, 0), cell(r, i, 1));
		const char *kind = cell(r, i, 2), *sch = cell(r, i, 3);
		const char *name = cell(r, i, 4), *col = cell(r, i, 5);
		rt_object *to = NULL;
		if (!v || !kind || !sch || !name)
			continue;
		if (*kind == 'f') {
			to = rt_schema_find(l->s, RT_KIND_FUNCTION, sch, name);
		} else if (*kind == 'v') {
			to = rt_schema_find(l->s, RT_KIND_VIEW, sch, name);
		} else {
			rt_table *t = rt_schema_find_table(l->s, sch, name);
			rt_column *c =
			    t && col ? rt_table_find_column(t, col) : NULL;
			to = c ? &c->obj : t ? &t->obj : NULL;
			if (c)
				rt_schema_add_dep(l->s, &v->obj, &t->obj);
		}
		if (to)
			rt_schema_add_dep(l->s, &v->obj, to);
	}
}

/* ---- entry point ------------------------------------------------------- */

/* The value of keyword in conninfo, NULL when absent or empty
 * (malloc'd, the caller frees). */
static char *conninfo_value(const char *conninfo, const char *keyword)
{
	PQconninfoOption *opts = PQconninfoParse(conninfo, NULL);
	PQconninfoOption *o;
	char *v = NULL;

	if (!opts)
		return NULL;
	for (o = opts; o->keyword; o++) {
		if (strcmp(o->keyword, keyword) == 0 && o->val && *o->val)
			v = rt_xstrdup(o->val);
	}
	PQconninfoFree(opts);
	return v;
}

void rt_load__server_words(char *out, size_t outsz, const char *msg,
			   const char *conninfo)
{
	char *pw = conninfo_value(conninfo, "password");
	first_line(out, outsz, msg);
	scrub(out, outsz, pw);
	free(pw);
}

/* libpq "options" of every connection (see connect_db). */
#define SESSION_OPTIONS                                                        \
	"-c search_path=public -c DateStyle=ISO,MDY "                          \
	"-c IntervalStyle=postgres -c TimeZone=UTC -c extra_float_digits=3 "   \
	"-c jit=off -c default_transaction_isolation=repeatable\\ read "       \
	"-c default_transaction_read_only=on"

/*
 * Connects with search_path=public, so that pg_get_expr and friends print
 * objects in public unqualified and all others qualified, and with the
 * output settings pinned (ISO dates, UTC, postgres intervals, exact
 * floats), so that constants in defaults and partition bounds print the
 * same whatever the server or database sets (a database with DateStyle
 * 'SQL, DMY' would otherwise print '01/03/2024', read back as January 3).
 * The user's own options are kept (ours come last and win). JIT is off:
 * the catalog queries run once each on a fresh backend, and compiling the
 * definitions query (its estimate passes jit_above_cost) took 320 ms of a
 * 1,000-table load whose execution takes 40. Transactions are
 * REPEATABLE READ READ ONLY unless they say otherwise: the first
 * connection's is the pipeline's implicit one (see steps).
 *
 * Two connections, opened at once (the second's backend starts while the
 * first's does), each a backend that works on its half of the queries
 * (see steps). connect_timeout, which only the blocking PQconnectdb
 * applies, is applied here to both. When only one of them connects (the
 * role's or the database's connection limit), it runs all the steps.
 */
static int connect_db(loader *l, const char *conninfo, rt_error *err)
{
	const char *keys[] = {"dbname", "options", "client_encoding",
			      "application_name", NULL};
	const char *vals[] = {conninfo, NULL, "UTF8", "retort", NULL};
	char *user_opts = conninfo_value(conninfo, "options");
	char *tmo_text = conninfo_value(conninfo, "connect_timeout");
	PostgresPollingStatusType st[2];
	int tmo_ms = -1, bad = -1;
	struct timespec t0;
	char line[512];

	if (tmo_text) {
		/* as libpq reads it: the leading digits, at least 2 s */
		long v = strtol(tmo_text, NULL, 10);

		if (v > 0)
			tmo_ms = (int)((v < 2	    ? 2
					: v > 86400 ? 86400
						    : v) *
				       1000);
	}
	free(tmo_text);
	vals[1] = rt_arena_printf(l->a, "%s%s%s", user_opts ? user_opts : "",
				  user_opts ? " " : "", SESSION_OPTIONS);
	free(user_opts);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int c = 0; c < 2; c++) {
		l->conn[c] = PQconnectStartParams(keys, vals, 1);
		st[c] = PGRES_POLLING_WRITING;
		if (!l->conn[c] || PQstatus(l->conn[c]) == CONNECTION_BAD) {
			bad = c;
			goto failed;
		}
	}
	for (;;) {
		struct pollfd p[2];
		int which[2], left = tmo_ms;
		nfds_t n = 0;
		struct timespec t;

		for (int c = 0; c < 2; c++) {
			if (st[c] == PGRES_POLLING_OK ||
			    st[c] == PGRES_POLLING_FAILED)
				continue;
			which[n] = c;
			p[n++] = (struct pollfd){
			    PQsocket(l->conn[c]),
			    st[c] == PGRES_POLLING_READING ? POLLIN : POLLOUT,
			    0};
		}
		if (n == 0)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (tmo_ms >= 0) {
			left =
			    tmo_ms - (int)((t.tv_sec - t0.tv_sec) * 1000 +
					   (t.tv_nsec - t0.tv_nsec) / 1000000);
			if (left <= 0) {
				rt_errorf(err, RT_EDB, "cannot connect to '%s'",
					  l->where);
				rt_error_detail(err, "timeout expired");
				return -1;
			}
		}
		if (poll(p, n, left) < 0 && errno != EINTR) {
			rt_errorf(err, RT_EDB, "cannot connect to '%s'",
				  l->where);
			rt_error_detail(err, "%s", strerror(errno));
			return -1;
		}
		for (nfds_t k = 0; k < n; k++) {
			int c = which[k];

			if (!p[k].revents)
				continue;
			st[c] = PQconnectPoll(l->conn[c]);
			if (st[c] == PGRES_POLLING_FAILED && bad < 0)
				bad = c;
		}
	}
	if (st[0] == PGRES_POLLING_FAILED && st[1] == PGRES_POLLING_FAILED)
		goto failed;
	if (bad >= 0) {
		/* one connection only (a connection limit): it runs all */
		PQfinish(l->conn[bad]);
		l->conn[bad] = NULL;
		if (bad == 0) {
			l->conn[0] = l->conn[1];
			l->conn[1] = NULL;
		}
		l->single = true;
	}
	l->version = PQserverVersion(l->conn[0]);
	if (l->version < 130000)
		return rt_errorf(err, RT_EDB,
				 "cannot load '%s': PostgreSQL %d.%d "
				 "is not supported (13 or later)",
				 l->where, l->version / 10000,
				 l->version % 10000);
	return 0;
failed:
	rt_load__server_words(line, sizeof(line),
			      l->conn[bad] ? PQerrorMessage(l->conn[bad])
					   : "out of memory",
			      conninfo);
	rt_errorf(err, RT_EDB, "cannot connect to '%s'", l->where);
	rt_error_detail(err, "%s", line);
	return -1;
}

typedef int (*load_fn)(loader *l, const pg_rows *r, rt_error *err);
typedef const char *(*sql_fn)(loader *l);

/* The second connection's transaction reads the first one's snapshot
 * (checked by load_snapshot: hex digits and dashes). */
static const char *snapshot_sql(loader *l)
{
	return rt_arena_printf(l->a, "SET TRANSACTION SNAPSHOT '%s'",
			       l->snapshot);
}

/*
 * The statements, in the order their results are read: each kind's
 * loader needs the ones before it (columns and constraints need the
 * tables, the indexes' groups need the columns). They go to two
 * connections, each in a pipeline, so that two backends work at once;
 * both read one snapshot, which the first exports in its first statement
 * (Q_SNAPSHOT) and the second imports (SET TRANSACTION SNAPSHOT), as
 * pg_dump -j does. The first's transaction is the pipeline's implicit
 * one (up to its sync), REPEATABLE READ READ ONLY by its session's
 * defaults (SESSION_OPTIONS): no BEGIN, so that its snapshot is a
 * statement of its own, read before q_first is done (the second
 * connection started 10 ms later when it waited for q_first and its
 * probes), and the load still sends 15 statements. Each connection's statements
 * are a subsequence of steps, so reading the results in this order reads each
 * pipeline in its own order. The halves are about even in backend CPU at 1,000
 * tables (bench_load.py's table: each connection's statements in a fresh
 * backend, start included): the first connection has the first query
 * with its probes (about 13 ms), the columns (about 23, the first result
 * the others wait for), the sequences (8) and what the probes leave of
 * the definitions and dependencies (about 6 where there are none of
 * their kinds): about 53; the second the rest (enum types with the
 * comments and collations 5, tables 6, indexes 12, constraints 12, index
 * definitions and checks 1.5, column defaults 11, other objects: about
 * 50).
 *
 * The first connection's statements up to the sequences go at once, the
 * definitions and dependencies when q_first's probes are read (the
 * backend is still on the columns then: it does not wait for them). The
 * second's go when the snapshot is known, in two parts: up to the
 * constraints, then, as soon as the constraints are read, q_printed (the index
 * definitions and check expressions that the rows of the indexes and
 * constraints decide, converted while the backends work on the definitions and
 * the defaults), the column defaults and the other objects. No COMMIT: both
 * transactions are read only; the second's ends when the connection
 * closes, the first's at its sync, sent once the second has imported
 * the snapshot. That keeps the load at 15 statements.
 */
static const struct step {
	int on;		     /* the connection, 0 or 1 */
	const char *sql;     /* NULL: made by make */
	sql_fn make;	     /* q_printed, the snapshot's import, q_defaults,
				those sent as the probes decide */
	const char *purpose; /* "cannot read <purpose>" */
	load_fn load;	     /* NULL for BEGIN and SET */
} steps[] = {
    {0, Q_SNAPSHOT, NULL, "a snapshot", load_snapshot},
    {0, q_first, NULL, "schemas, extensions and collations", load_first},
    {1, Q_BEGIN, NULL, "a snapshot", NULL},
    {1, NULL, snapshot_sql, "the exported snapshot", NULL},
    {1, q_enums, NULL, "enum types", load_enums},
    {1, q_tables, NULL, "tables", load_tables},
    {0, q_columns, NULL, "columns", load_columns},
    {1, q_indexes, NULL, "indexes", load_indexes_raw},
    {1, q_constraints, NULL, "constraints", load_constraints},
    {0, q_sequences, NULL, "sequences", load_sequences},
    {1, NULL, printed_sql, "index definitions and check expressions",
     load_printed},
    {1, NULL, defaults_sql, "column defaults", load_defaults},
    {0, NULL, definitions_sql, "views, functions, triggers, types and policies",
     load_definitions},
    {0, NULL, depends_sql, "dependencies", load_depends},
    {1, NULL, unmanaged_sql, "other objects", load_unmanaged},
};

/* The step that gives the snapshot (the second connection's statements
 * go after it), the one that gives the probes (the first connection's
 * STEP_PROBED and after go after it), the last step whose result decides
 * the second connection's second part (the constraints), and where that
 * starts. */
#define STEP_SNAPSHOT 0
#define STEP_FIRST    1
#define STEP_IMPORT   2 /* and 3: the second's BEGIN and SET */
#define STEP_DECIDES  8
#define STEP_SECOND   10
#define STEP_PROBED   12 /* the first one's steps that the probes decide */
_Static_assert(STEP_DECIDES < STEP_SECOND && STEP_SECOND < RT_ARRAY_LEN(steps),
	       "the pipeline's parts");
_Static_assert(STEP_FIRST < STEP_PROBED && STEP_SECOND <= STEP_PROBED &&
		   STEP_PROBED < RT_ARRAY_LEN(steps),
	       "the probes are read before the steps they decide are sent");
_Static_assert(STEP_FIRST < STEP_IMPORT + 1,
	       "the first connection's last steps are sent before its sync");

/* The connection that runs step k: with one connection (l->single), all
 * the steps in order but the second's BEGIN and snapshot import (-1). */
static int conn_of(const loader *l, size_t k)
{
	if (!l->single)
		return steps[k].on;
	return k == STEP_IMPORT || k == STEP_IMPORT + 1 ? -1 : 0;
}

static int send_failed(loader *l, int on, rt_error *err)
{
	char line[512];

	first_line(line, sizeof(line), PQerrorMessage(l->conn[on]));
	rt_errorf(err, RT_EDB, "cannot query '%s'", l->where);
	rt_error_detail(err, "%s", line);
	return -1;
}

/*
 * Sends what libpq holds for connection `on`, reading the server's
 * results meanwhile: the server does not read while it waits to write a
 * result, so a client that only wrote (a second part of many oids, the
 * first part's results not yet read) could wait for it forever. The
 * connection is nonblocking here; libpq keeps what it reads for
 * PQgetResult.
 */
static int flush_all(loader *l, int on, rt_error *err)
{
	PGconn *conn = l->conn[on];
	int r;

	while ((r = PQflush(conn)) == 1) {
		struct pollfd p = {PQsocket(conn), POLLIN | POLLOUT, 0};

		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return send_failed(l, on, err);
		if ((p.revents & POLLIN) && !PQconsumeInput(conn))
			return send_failed(l, on, err);
	}
	return r == 0 ? 0 : send_failed(l, on, err);
}

/* Queues connection on's steps of [from, to) on its pipeline, each
 * followed by a flush request, then a sync if asked, and sends them. */
static int send_steps(loader *l, int on, size_t from, size_t to, bool sync,
		      rt_error *err)
{
	PGconn *conn = l->conn[on];

	if (PQsetnonblocking(conn, 1) != 0)
		return send_failed(l, on, err);
	for (size_t k = from; k < to; k++) {
		const char *sql;

		if (conn_of(l, k) != on)
			continue;
		sql = steps[k].sql ? expand(l, steps[k].sql) : steps[k].make(l);
		/* the server sends a result when asked to flush (or at
		 * the sync), not when it is done with the statement */
		if (!PQsendQueryParams(conn, sql, 0, NULL, NULL, NULL, NULL,
				       0) ||
		    !PQsendFlushRequest(conn))
			return send_failed(l, on, err);
	}
	if (sync && !PQpipelineSync(conn))
		return send_failed(l, on, err);
	if (flush_all(l, on, err) < 0)
		return -1;
	if (PQsetnonblocking(conn, 0) != 0)
		return send_failed(l, on, err);
	return 0;
}

/* Reads the NULL that ends a statement's results in a pipeline. */
static void end_of_result(loader *l, int on)
{
	PGresult *res;

	while ((res = PQgetResult(l->conn[on])) != NULL) {
		bool sync = PQresultStatus(res) == PGRES_PIPELINE_SYNC;

		PQclear(res);
		if (sync)
			break;
	}
}

/*
 * The second connection could not import the snapshot: the first one's
 * transaction has failed (a statement timeout, a cancel), which is the
 * error to report. Reads the first connection's results after step k
 * (all sent) until one fails and puts its error in err; keeps err when
 * none does.
 */
static void first_cause(loader *l, size_t k, rt_error *err)
{
	for (size_t j = k + 1; j < RT_ARRAY_LEN(steps); j++) {
		rt_error first = RT_ERROR_INIT;
		pg_rows r;

		if (steps[j].on != 0)
			continue;
		if (fetch(&r, l, 0, steps[j].purpose, &first) < 0) {
			*err = first;
			return;
		}
		end_of_result(l, 0);
	}
}

/*
 * Sends the statements in their pipelines (statement after statement
 * without waiting, so the servers work on the next query while this side
 * converts the previous result), then reads the results in the order of
 * steps. Still one statement per object kind, and a fixed number of
 * them.
 */
static int run_batch(loader *l, rt_error *err)
{
	size_t k;

	for (int c = 0; c < 2; c++) {
		if (l->conn[c] && !PQenterPipelineMode(l->conn[c]))
			return send_failed(l, c, err);
	}
	/* one connection: the steps before q_printed at once; two: the
	 * first one's steps before those the probes decide */
	if (send_steps(l, 0, 0, l->single ? STEP_SECOND : STEP_PROBED, false,
		       err) < 0)
		return -1;
	l->nqueries = RT_ARRAY_LEN(steps) - (l->single ? 2 : 0);
	for (k = 0; k < RT_ARRAY_LEN(steps); k++) {
		int on = conn_of(l, k);
		pg_rows r;

		if (on < 0)
			continue;
		if (fetch(&r, l, on, steps[k].purpose, err) < 0) {
			if (k == STEP_IMPORT + 1)
				first_cause(l, k, err);
			return -1;
		}
		end_of_result(l, on);
		if (steps[k].load && steps[k].load(l, &r, err) < 0)
			return -1;
		if (k == STEP_SNAPSHOT && !l->single &&
		    send_steps(l, 1, 0, STEP_SECOND, false, err) < 0)
			return -1;
		if (k == STEP_FIRST && !l->single &&
		    send_steps(l, 0, STEP_PROBED, RT_ARRAY_LEN(steps), false,
			       err) < 0)
			return -1;
		/* the first connection's sync ends its implicit transaction
		 * and with it the exported snapshot: only once the second
		 * has imported it (a small database's whole first pipeline
		 * can be done before the second backend runs its SET) */
		if (k == STEP_IMPORT + 1 && !l->single &&
		    send_steps(l, 0, 0, 0, true, err) < 0)
			return -1;
		if (k == STEP_DECIDES &&
		    send_steps(l, l->single ? 0 : 1, STEP_SECOND,
			       RT_ARRAY_LEN(steps), true, err) < 0)
			return -1;
	}
	return 0;
}

int rt_load_pg(rt_schema **out, rt_arena *a, const char *conninfo,
	       size_t *queries_out, rt_error *err)
{
	loader l = {0};
	char where[512];
	int rc = -1;

	RT_ASSERT(out && a && conninfo);
	rt_conninfo_redact(where, sizeof(where), conninfo);
	rt_buf_init(&l.idx_oids);
	rt_buf_init(&l.chk_oids);
	rt_buf_init(&l.fk_oids);
	l.a = a;
	l.where = rt_arena_strdup(a, where);
	if (connect_db(&l, conninfo, err) < 0)
		goto done;
	l.s = rt_schema_new(a);
	l.s->source = l.where;
	if (run_batch(&l, err) < 0)
		goto done;
	rt_schema_finish(l.s);
	load_depends_finish(&l);
	*out = l.s;
	rc = 0;
done:
	if (queries_out)
		*queries_out = l.nqueries;
	rt_buf_release(&l.idx_oids);
	rt_buf_release(&l.chk_oids);
	rt_buf_release(&l.fk_oids);
	PQfinish(l.conn[0]);
	PQfinish(l.conn[1]);
	return rc;
}
