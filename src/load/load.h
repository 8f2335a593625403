/* SPDX-License-Identifier: MIT */
/*
 * Loading a schema from any source. rt_load picks the loader by the
 * source's form; each loader fills a fresh rt_schema and hands it over only
 * on success (nothing half-loaded).
 *
 * Source forms:
 *   postgres://... postgresql://...   live PostgreSQL (load_pg.c, libpq)
 *   sqlite:///path.db                 live SQLite (load_sqlite.c, sqlite3),
 *                                     opened read-only
 *   *.sql                             SQL DDL executed symbolically
 *                                     (load_sql.c, libpg_query)
 *   *.json                            the model as `inspect --json` writes it
 *   *.py, a directory, app.models     SQLModel models: read statically, or
 *                                     imported by the Python bridge
 *   migrations/, migrations@0003      a migrations folder replayed
 *                                     (load_migdir.c, rt_load_migrations)
 * Anything else is a usage error naming the accepted forms.
 */
#ifndef RT_LOAD_LOAD_H
#define RT_LOAD_LOAD_H

#include "base/common.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/sql.h"
#include "schema/schema.h"

typedef enum rt_source_kind {
	RT_SOURCE_PG,
	RT_SOURCE_SQL,
	RT_SOURCE_JSON,
	RT_SOURCE_SQLITE, /* sqlite:///path.db */
	/* SQLModel models: a .py file, a directory (a package or a folder
	 * of modules), or a dotted module name (app.models) found from the
	 * current directory */
	RT_SOURCE_MODELS,
	/* a migrations folder (rt_load_is_migrations_dir), DIR or
	 * DIR@VERSION: its files replayed (rt_load_migrations) */
	RT_SOURCE_MIGRATIONS,
} rt_source_kind;

/* Classifies source. Unknown form: RT_EUSAGE naming the accepted forms. */
int rt_load_source_kind(rt_source_kind *out, const char *source, rt_error *err);

/* When a migrations folder's snapshot is read and written. */
typedef enum rt_snapshot_mode {
	RT_SNAPSHOT_AUTO,   /* unless dearer than replaying (a bound) */
	RT_SNAPSHOT_ALWAYS, /* always */
	RT_SNAPSHOT_NEVER,  /* never: the files are replayed every time */
} rt_snapshot_mode;

/* How to load. */
typedef struct rt_load_opts {
	/* a server where SQL sources are applied to a scratch database and
	 * read back, for PostgreSQL's exact spelling (--dev-url); NULL:
	 * SQL is executed symbolically */
	const char *dev_url;
	/* models: the Python interpreter that imports them and dumps
	 * SQLModel.metadata (--python); NULL: the static reader, falling
	 * back to the bridge when it refuses and no_fallback is false */
	const char *python;
	/* the static reader's refusal is final (no bridge) */
	bool no_fallback;
	/* the database models are read for (create_all runs on it):
	 * RT_DIALECT_PG (0) or RT_DIALECT_SQLITE */
	rt_dialect dialect;
	/* the interpreter the fallback runs (NULL: "python3" on PATH) */
	const char *fallback_python;
	/* when the bridge read models the static reader refused, the
	 * refusal (the caller tells the user); may be NULL */
	rt_error *fell_back;
	/* a migrations folder's snapshot (rt_load_migrations): used unless
	 * dearer than the replay (RT_SNAPSHOT_AUTO, 0), always, or never */
	rt_snapshot_mode snapshot;
} rt_load_opts;

/* Loads source (any supported form; "-" is SQL on standard input, named
 * "<stdin>") into a new schema in arena a. With opts->dev_url, SQL goes
 * through a scratch database there: applied statement by statement,
 * read back with rt_load_pg, and dropped on every path; a failing
 * statement is RT_EINPUT at file:line:col with the server's message, an
 * unreachable server or a role that cannot create databases RT_EDB,
 * an interrupt (rt_load_interrupt) RT_EIO. opts may be NULL. */
int rt_load(rt_schema **out, rt_arena *a, const char *source,
	    const rt_load_opts *opts, rt_error *err);

/*
 * For a SIGINT/SIGTERM handler (async-signal-safe): cancels the
 * statement running on a scratch database, so that the loader returns
 * and drops it. true when a scratch database is in use (its cleanup
 * follows), false when nothing needs cleaning up.
 */
bool rt_load_interrupt(void);

/* true once rt_load_interrupt was called. */
bool rt_load_interrupted(void);

/*
 * Reads a live PostgreSQL database's catalog with a fixed number of queries
 * whatever the number of tables. conninfo is a URL or key=value string.
 * Connection or query failure: RT_EDB, the message never shows the
 * password. *queries_out (may be NULL) receives the number of statements
 * sent.
 */
int rt_load_pg(rt_schema **out, rt_arena *a, const char *conninfo,
	       size_t *queries_out, rt_error *err);

/*
 * Reads a live SQLite database (load_sqlite.c) with a fixed number of
 * queries whatever the number of tables: url is "sqlite:///path.db"
 * (SQLAlchemy's rule: three slashes then the path, relative unless it
 * starts with '/'), opened read-only and never created. The schema has
 * dialect RT_DIALECT_SQLITE and one namespace, "main" (schema.h):
 *  - tables (sqlite_* internal tables and the runner's tracking table
 *    left out) with their columns: declared type by rt_sqlite_type_norm,
 *    NOT NULL, DEFAULT (text as SQLite keeps it, key
 *    rt_sqlite_expr_key), COLLATE (schema RT_CATALOG), generated columns
 *    (the expression's key ends with " STORED" or " VIRTUAL");
 *  - PRIMARY KEY, UNIQUE, FOREIGN KEY (actions, DEFERRABLE, INITIALLY
 *    DEFERRED) and CHECK constraints, named as written (CONSTRAINT x) or
 *    else as PostgreSQL would name them (rt_schema_default_name:
 *    <table>_pkey, <table>_<cols>_key, <table>_<cols>_fkey,
 *    <table>_<col>_check or <table>_check);
 *  - table options "autoincrement", "without_rowid", "strict" in
 *    rt_table.options;
 *  - indexes other than the autoindexes of keys: def "CREATE [UNIQUE]
 *    INDEX name ON table (parts)[ WHERE pred]", key the same without the
 *    name, through rt_sqlite_expr_key;
 *  - views, triggers and virtual tables as unmanaged objects ("view
 *    main.v") carrying their CREATE text (rt_unmanaged.sql).
 * A URL without a path: RT_EINPUT; a missing file or a directory: RT_EIO
 * naming it; a file that is not a database, or a failing query: RT_EDB.
 * *queries_out (may be NULL) receives the number of queries run.
 */
int rt_load_sqlite(rt_schema **out, rt_arena *a, const char *url,
		   size_t *queries_out, rt_error *err);

/* The same on an open handle (an in-memory database where migrations
 * were replayed, say); name is the database in errors and the schema's
 * source. The caller keeps db. */
struct sqlite3;
int rt_load_sqlite_db(rt_schema **out, rt_arena *a, struct sqlite3 *db,
		      const char *name, rt_error *err);

/* on: SQLModel sources read on SQLite always take the round trip through
 * an in-memory SQLite database, never the rows worked out from the DDL
 * (a switch for proving the two agree: RETORT_SQLITE_ROUNDTRIP=1). For
 * the whole process; set it before loading. */
void rt_load_sqlite_roundtrip(bool on);

/* The file a "sqlite:///path" URL names, into *path_out (in arena a).
 * Not such a URL, or no path (":memory:" included): RT_EINPUT. */
int rt_load_sqlite_path(const char **path_out, rt_arena *a, const char *url,
			rt_error *err);

/*
 * Reads SQLModel models statically (load_sqlmodel.c): source is a .py
 * file, a directory (every .py file below it), or a dotted module name
 * found from the current directory; the project modules they import are
 * read too. The schema is what SQLModel.metadata.create_all() creates on
 * PostgreSQL (dialect RT_DIALECT_PG) or on SQLite (RT_DIALECT_SQLITE: the
 * DDL SQLAlchemy's SQLite compiler writes, run in an in-memory SQLite
 * and read back as rt_load_sqlite reads a file), as current SQLModel
 * maps fields. Errors are RT_EINPUT at
 * file:line; *refused is true when the error is only that something
 * cannot be worked out without running Python (the import bridge may
 * do it).
 */
int rt_load_sqlmodel(rt_schema **out, rt_arena *a, const char *source,
		     rt_dialect dialect, bool *refused, rt_error *err);

/* Limits on SQL input, each an RT_EINPUT error at its place: bytes in one
 * statement; tokens along one expression (what the parser's recursion can
 * take on the default 8 MiB stack, with a margin); levels of the parse
 * tree (what unpacking, deparsing and retort's tree walks can take). */
#define RT_LOAD_STMT_MAX  (4 << 20)
#define RT_LOAD_EXPR_MAX  20000
#define RT_LOAD_DEPTH_MAX 2000

/*
 * Executes the DDL in file path symbolically, reading and parsing it one
 * statement at a time (memory follows the model and the largest
 * statement, not the file). A UTF-8 byte-order mark is skipped.
 * Unreadable file: RT_EIO. Bad SQL, a NUL byte, a statement over a limit
 * above, or a statement that contradicts the schema so far (ALTER of a
 * missing table, circular inheritance): RT_EINPUT at file:line:col.
 * Statements the model does not cover (views, functions, ...) are recorded
 * in (*out)->unmanaged with their place, never silently skipped.
 */
int rt_load_sql_file(rt_schema **out, rt_arena *a, const char *path,
		     rt_error *err);

/* The same on an open stream (standard input); name is used as the file
 * in errors ("<stdin>"). The caller owns f. */
int rt_load_sql_stream(rt_schema **out, rt_arena *a, const char *name, FILE *f,
		       rt_error *err);

/* The same on text in memory; name is used as the file in errors. */
int rt_load_sql_text(rt_schema **out, rt_arena *a, const char *name,
		     const char *text, rt_error *err);

/* ---- one schema from several SQL texts; the migrations folder ---------
 *
 * A run of the SQL loader executes texts one after another on one schema:
 * the migration files of a folder, in version order, or a schema read
 * back from a snapshot and the files after it. The loader's finishing
 * step (rt_schema_finish: the dependency graph, the order of the lists)
 * runs once, at rt_load_sql_finish, over everything applied: it only
 * adds edges, so running it between texts would keep edges to what a
 * later statement dropped or renamed.
 */
typedef struct rt_load_sql_run rt_load_sql_run; /* in the arena */

/* Starts a run in arena a on s, a schema a loader handed over in a (its
 * edges are dropped and rebuilt by rt_load_sql_finish), or when s is NULL
 * on a new schema holding "public", named source. */
rt_load_sql_run *rt_load_sql_begin(rt_arena *a, rt_schema *s,
				   const char *source);

/* A new session, as a new connection starts: search_path back to
 * PostgreSQL's default. What the catalog keeps and the model does not
 * (ALTER DEFAULT PRIVILEGES, owners from OWNER TO) carries on. */
void rt_load_sql_session(rt_load_sql_run *r);

/* Executes text (statements, as rt_load_sql_text) as the run's next part:
 * name is the file in errors and unmanaged records, line:col the place
 * of text[0] in it. Errors as rt_load_sql_file, at name:line:col. After
 * an error the schema is half-changed: drop the run, do not finish it. */
int rt_load_sql_apply(rt_load_sql_run *r, const char *name, const char *text,
		      int line, int col, rt_error *err);

/* true when the run holds state the model does not (default privileges,
 * owners), so that its schema alone cannot continue it exactly. */
bool rt_load_sql_stateful(const rt_load_sql_run *r);

/* Ends the run: rt_schema_finish, and the schema is handed over. */
rt_schema *rt_load_sql_finish(rt_load_sql_run *r);

/* Where rt_load_migrations keeps its snapshot, inside the folder (hidden,
 * so rt_migdir_list skips it), and the snapshot format it writes. */
#define RT_LOAD_SNAPSHOT_DIR	 ".retort"
#define RT_LOAD_SNAPSHOT_FILE	 "snapshot"
#define RT_LOAD_SNAPSHOT_VERSION 2
#define RT_LOAD_SNAPSHOT_RATIO	 4

/* What became of the snapshot in a call of rt_load_migrations. */
typedef enum rt_load_snapshot_use {
	RT_SNAPSHOT_OFF,     /* not asked for (use_snapshot false) */
	RT_SNAPSHOT_NONE,    /* no snapshot file */
	RT_SNAPSHOT_HIT,     /* it covers every file replayed */
	RT_SNAPSHOT_PREFIX,  /* it covers the first files; the rest parsed */
	RT_SNAPSHOT_STALE,   /* a file it lists was edited, removed, renamed
				or inserted, it is longer than the files
				replayed, or of another dialect or build:
				rebuilt from scratch */
	RT_SNAPSHOT_INVALID, /* malformed, truncated, of another format, or
				its schema does not load: rebuilt */
	RT_SNAPSHOT_SKIPPED, /* snapshot_if_cheaper, and it is more than
				RT_LOAD_SNAPSHOT_RATIO times the files */
} rt_load_snapshot_use;

typedef struct rt_load_migrations_stats {
	size_t files;  /* migration files replayed */
	size_t parsed; /* of which read, parsed and executed */
	size_t cached; /* of which taken from the snapshot */
	bool written;  /* a new snapshot was written */
	rt_load_snapshot_use snapshot;
} rt_load_migrations_stats;

typedef struct rt_load_migrations_opts {
	rt_dialect dialect; /* RT_DIALECT_PG (0): symbolically, by the SQL
			       loader; RT_DIALECT_SQLITE: in an in-memory
			       SQLite read back by the SQLite loader */
	bool use_snapshot;  /* read and write the folder's snapshot */
	/* PostgreSQL: only when its body is at most RT_LOAD_SNAPSHOT_RATIO
	 * times the bytes of the files' SQL. The body is binary (schema/snap.h)
	 * and reads 1,000 tables in about 10 ms against 130 ms to replay
	 * their SQL, at about 1.2 times a few CREATEs and a quarter of 1,000
	 * tables' SQL: a bound against pathological folders, not a choice */
	bool snapshot_if_cheaper;
	/* the SHA-256 of files already hashed (rt_migdir_sum: name, hex),
	 * by the caller that read them (retort.sum's checks, the runner),
	 * in version order: a file whose name is at its place is not hashed
	 * again; NULL or shorter: the rest are hashed */
	const rt_vec *known;
	rt_load_migrations_stats *stats; /* filled when not NULL */
} rt_load_migrations_opts;

/*
 * The schema of migrations folder dir: the -- +up statements of its files
 * (rt_migdir_list, version order) executed symbolically with the SQL
 * loader (for SQLite: run in an in-memory SQLite database and read back
 * with rt_load_sqlite_db), through the file of version upto included (0:
 * every file).
 * Each file is a session of its own (rt_load_sql_session). The schema's
 * source is dir. Errors: those of rt_migdir_list and rt_migdir_read; two
 * files of one number (rt_migdir_check_numbers); upto naming no file:
 * RT_EINPUT; SQL errors at the migration file's path:line:col.
 *
 * The snapshot (opts->use_snapshot): dir/.retort/snapshot holds a key,
 * its format (RT_LOAD_SNAPSHOT_VERSION), the dialect, the build of the
 * program that wrote it, the (file name, SHA-256) list of the files it
 * replayed and the byte count and SHA-256 of each part of its body,
 * then the body: the schema in rt_snap_write's binary form (SQLite:
 * preceded by the in-memory database's image, sqlite3_serialize). It is
 * used only when its key holds exactly and its list is a prefix of the
 * files to replay with equal hashes: the schema is read back, finished
 * as written (a full hit parses nothing), and only the files after it
 * are parsed (SQLite: run on the image, then read by the SQLite loader).
 * Anything else rebuilds from scratch and the file is never trusted. After
 * replaying the whole folder from anything but a full hit, the snapshot is
 * written again (a temporary file renamed over it, so readers see the old or
 * the new one whole), unless the run is stateful (rt_load_sql_stateful); a
 * snapshot that cannot be read or written is not an error. opts may be NULL
 * (PostgreSQL, no snapshot).
 */
int rt_load_migrations(rt_schema **out, rt_arena *a, const char *dir,
		       uint64_t upto, const rt_load_migrations_opts *opts,
		       rt_error *err);

/* true when dir is a directory that holds a migration file (NNNN_slug.sql)
 * or retort.sum and no .py file: a migrations folder, not models. */
bool rt_load_is_migrations_dir(const char *dir);

/*
 * The model as `retort inspect --json` writes it (rt_schema_json), read
 * back: every kind, with its comments, grants and unmanaged objects; the
 * loaded schema's source is name. Malformed JSON: RT_EINPUT at
 * file:line:col; a field missing or of the wrong type: RT_EINPUT naming
 * the object and the field. A constraint whose name is null gets the
 * name PostgreSQL would give it. Unreadable file: RT_EIO.
 */
int rt_load_json_file(rt_schema **out, rt_arena *a, const char *path,
		      rt_error *err);
int rt_load_json_text(rt_schema **out, rt_arena *a, const char *name,
		      const char *text, size_t len, rt_error *err);

/*
 * SQLModel models imported by the Python interpreter python (a path or a
 * name found on PATH): a program embedded in retort (src/load/bridge.py)
 * runs as `python -c PROGRAM source` from the current directory, imports
 * source (a .py file, a directory of modules or a package, a dotted
 * module name) and prints what SQLModel.metadata.create_all() would create
 * on PostgreSQL as retort's JSON, which rt_load_json_text reads. An error
 * in the user's code: RT_EINPUT with Python's last line and its
 * file:line; a python that cannot be run or cannot import sqlmodel:
 * RT_EINPUT saying so.
 */
int rt_load_py_bridge(rt_schema **out, rt_arena *a, const char *python,
		      const char *source, rt_error *err);

/* true when python can be run and imports sqlmodel (asked once per
 * interpreter and run, then remembered). */
bool rt_load_py_bridge_available(const char *python);

/* One statement as psql splits a script: what precedes it (blanks,
 * comments) and the statement through its ';' (or to the end of the
 * input for the last one). */
typedef struct rt_load_piece {
	const char *text; /* in the arena, NUL-terminated; psql meta-command
			     lines (a backslash starting a line) blanked */
	size_t off, len;  /* bytes text[0..len) of the input from off */
	int line, col;	  /* place of text[0], 1-based */
} rt_load_piece;

/*
 * Splits text[0..len) into statements as psql does (a ';' outside
 * literals, quoted names, dollar quotes, comments, parentheses and BEGIN
 * ATOMIC bodies ends one) and appends them to out as rt_load_piece * in
 * arena a; a final piece of blanks and comments alone is kept too. A
 * leading UTF-8 byte-order mark is skipped. A NUL byte, or a statement
 * over RT_LOAD_STMT_MAX bytes or RT_LOAD_EXPR_MAX tokens: RT_EINPUT at
 * name:line:col. No libpg_query involved.
 */
int rt_load_split(rt_vec *out, rt_arena *a, const char *name, const char *text,
		  size_t len, rt_error *err);

/*
 * Renames an object of s to new_name, in place and as PostgreSQL does,
 * by the SQL loader's own ALTER ... RENAME: kind RT_KIND_TABLE (name: the
 * table), RT_KIND_COLUMN or RT_KIND_CONSTRAINT (of table), RT_KIND_INDEX
 * or RT_KIND_SEQUENCE (name), all in schema. What refers to it follows
 * (keys, foreign keys, indexes, checks, views, triggers, policies, owned
 * sequences, defaults calling a sequence, a parent's column in its
 * children). s may come from any loader; it is sorted again. An object
 * that does not exist or a name already taken: RT_EINPUT; another kind:
 * RT_EINTERNAL (load_sql_rename.c).
 */
int rt_load_rename(rt_schema *s, rt_kind kind, const char *schema,
		   const char *table, const char *name, const char *new_name,
		   rt_error *err);

/* The schema of a new, empty database of dialect d (PostgreSQL: schema
 * public as initdb makes it; SQLite: "main" alone), named name. */
int rt_load_empty(rt_schema **out, rt_arena *a, rt_dialect d, const char *name,
		  rt_error *err);

/* Call once at exit so valgrind sees no leak from libpg_query. */
void rt_load_shutdown(void);

#endif
