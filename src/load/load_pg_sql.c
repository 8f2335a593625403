/* SPDX-License-Identifier: MIT */
/*
 * The live PostgreSQL loader's statements (load_pg.c sends them): the
 * SQL text of each, with the macros its parts share, and the functions
 * that compose the ones made at run time from what earlier results found
 * (the probes' branches, the oids of q_printed and q_defaults) or from the
 * server's version (expand). No libpq here.
 */
#include "base/common.h"

#include <string.h>

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

const char rt_load__pg_q_begin[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/* The first connection's first statement: its transaction's snapshot,
 * which the second connection imports (SET TRANSACTION SNAPSHOT). */
const char rt_load__pg_q_snapshot[] = "SELECT pg_export_snapshot()";

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
 * The first query of the load after the snapshot (q_snapshot), on the
 * first connection: the schemas ('n'), the extensions ('x'; plpgsql is
 * installed in every database by template1: not the user's), the
 * collations ('c', the columns load_collation reads) and the probes ('p',
 * PROBES: which kinds the later queries are sent for). One statement for
 * the four keeps the load at 15 (the column defaults have their own,
 * q_defaults).
 */
const char rt_load__pg_q_first[] =
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
const char rt_load__pg_q_enums[] =
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
const char rt_load__pg_q_sequences[] =
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
const char rt_load__pg_q_tables[] =
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
const char rt_load__pg_q_columns[] =
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
const char rt_load__pg_q_constraints[] =
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
const char rt_load__pg_q_indexes[] =
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

/* ---- statements composed at run time ----------------------------------- */

/* sql with each @TOKEN@ replaced by the spelling the server's version
 * understands. */
char *rt_load__pg_expand(loader *l, const char *sql)
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
const char *rt_load__pg_defaults_sql(loader *l)
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

/* q_printed with the oids load_indexes_raw and load_constraints asked
 * for. A branch with no oids is left out (but the first, when all are
 * empty): planning the foreign keys' branch for nothing cost 0.6 ms. */
const char *rt_load__pg_printed_sql(loader *l)
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
const char *rt_load__pg_definitions_sql(loader *l)
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
	return rt_load__pg_expand(l, rt_buf_detach_arena(&b, l->a));
}

/* q_depends when the probes found a view or materialized view; else a
 * statement of its columns that reads nothing (the load still sends 15). */
const char *rt_load__pg_depends_sql(loader *l)
{
	if (probed(l, "v"))
		return q_depends;
	return "SELECT NULL::name, NULL::name, NULL::text, NULL::name,\n"
	       "  NULL::text, NULL::name WHERE false";
}

/* q_unmanaged: the branches of unmanaged_branches that the probes found,
 * or a statement of its column that reads nothing. */
const char *rt_load__pg_unmanaged_sql(loader *l)
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

/* The second connection's transaction reads the first one's snapshot
 * (checked by load_snapshot: hex digits and dashes). */
const char *rt_load__pg_snapshot_sql(loader *l)
{
	return rt_arena_printf(l->a, "SET TRANSACTION SNAPSHOT '%s'",
			       l->snapshot);
}
