/* SPDX-License-Identifier: MIT */
/*
 * The migrations folder: migration files (NNNN_slug.sql with a header and
 * the sections -- +up, -- +down, -- +validate) read into a struct and
 * written back from one (migdir_file.c), the folder's files in version
 * order with their numbering checks and the renumbering after a merge, and
 * the integrity file retort.sum (migdir_dir.c). README.md, "Migration
 * files", is the user-facing description of the format.
 */
#ifndef RT_MIGDIR_MIGDIR_H
#define RT_MIGDIR_MIGDIR_H

#include "base/common.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/vec.h"

/* ---- one migration file (migdir_file.c) ---------------------------- */

/* A statement of -- +up or -- +down. */
typedef struct rt_migdir_stmt {
	const char *sql;    /* the statement without its ';', in the arena */
	int line;	    /* 1-based line of its first token in the file */
	int col;	    /* and its column, in characters from 1 */
	bool notransaction; /* preceded by a line '-- +notransaction' */
} rt_migdir_stmt;

/* What a validation query must return ('-- +expect' before it). */
typedef enum rt_migdir_expect {
	RT_MIGDIR_EXPECT_TRUE,	/* '-- +expect true': one row, one column,
				   true (the default) */
	RT_MIGDIR_EXPECT_ROWS,	/* '-- +expect N rows': exactly N rows */
	RT_MIGDIR_EXPECT_VALUE, /* '-- +expect value TEXT': one row, one
				   column, printed as TEXT */
} rt_migdir_expect;

/* A query of -- +validate with its expectation. */
typedef struct rt_migdir_check {
	const char *sql; /* the query without its ';', in the arena */
	int line;	 /* 1-based line of its first token */
	rt_migdir_expect expect;
	uint64_t rows;	   /* RT_MIGDIR_EXPECT_ROWS */
	const char *value; /* RT_MIGDIR_EXPECT_VALUE: non-empty, no newline,
			      no blanks at either end */
} rt_migdir_check;

/* -- +up or -- +down. */
typedef struct rt_migdir_section {
	bool present;	    /* the marker is in the file */
	bool notransaction; /* '-- +up notransaction': the whole section
			       runs outside a transaction */
	int line;	    /* the marker's line, 0 when absent */
	rt_vec stmts;	    /* rt_migdir_stmt *, in file order */
} rt_migdir_section;

typedef struct rt_migration {
	uint64_t version; /* NNNN */
	const char *slug; /* [a-z0-9_]+ */
	const char *name; /* the file name, "0007_add_priority.sql" */
	rt_vec header;	  /* const char *: the '--' lines before the first
			     marker, without '--' and one blank after it */
	rt_migdir_section up, down;
	bool has_validate; /* '-- +validate' is in the file */
	int validate_line; /* its line, 0 when absent */
	rt_vec checks;	   /* rt_migdir_check *, in file order */
} rt_migration;

/*
 * Parses version and slug out of a file name "NNNN_slug.sql" (4 or more
 * digits, at most 18; a slug of a-z, 0-9 and _). false when name does not
 * match; *slug_out (may be NULL) is in arena a.
 */
bool rt_migdir_parse_name(uint64_t *version_out, const char **slug_out,
			  rt_arena *a, const char *name);

/* The file name of a new migration: "%04llu_slug.sql", in arena a. */
const char *rt_migdir_file_name(rt_arena *a, uint64_t version,
				const char *slug);

/* A slug made of a message ("Add priority to tasks!" ->
 * "add_priority_to_tasks"): lowercase letters and digits, runs of other
 * characters as one '_', at most 40 bytes; "migration" when nothing is
 * left. In arena a. */
const char *rt_migdir_slug(rt_arena *a, const char *message);

/*
 * Parses the migration text[0..len) read from path (whose last component
 * must be a migration file name) into a new rt_migration in arena a.
 * Errors, all RT_EINPUT with path and the line (0 for the file name and
 * the missing -- +up): a file name off the pattern, an unknown marker or
 * option (naming the known ones), a section twice, a statement before the
 * first section, no -- +up, a '-- +notransaction' or '-- +expect' in the
 * wrong section or with no statement after it, a malformed expectation,
 * a marker after a statement on its line or inside a statement (a
 * missing ';'), a last statement the file never closes (an open quote,
 * comment or parenthesis), a psql meta-command, and what the statement
 * splitter refuses (a NUL byte, ...). Comments between statements other
 * than the markers and the header are not kept.
 */
int rt_migdir_parse(rt_migration **out, rt_arena *a, const char *path,
		    const char *text, size_t len, rt_error *err);

/* Reads and parses the file path. Unreadable: RT_EIO. */
int rt_migdir_read(rt_migration **out, rt_arena *a, const char *path,
		   rt_error *err);

/*
 * Appends m as a migration file's text to out, such that parsing it under
 * m->name gives m back (lines aside: the writer places statements). Header
 * lines, then each present section, statements separated by a blank line.
 * Refuses (RT_EINPUT, naming the section and the statement's index from 1)
 * what would not read back: a header line with a newline or that reads as
 * a marker, no -- +up, a statement that is empty, not exactly one
 * statement, or holds a marker line, an expectation value off its
 * contract. On error out may hold part of the text.
 */
int rt_migdir_write(rt_buf *out, const rt_migration *m, rt_error *err);

/* ---- the folder (migdir_dir.c) -------------------------------------- */

/* A migration file of the folder. */
typedef struct rt_migdir_entry {
	const char *name; /* "0007_add_priority.sql" */
	uint64_t version;
	const char *slug;
} rt_migdir_entry;

/* The integrity file's name inside the migrations folder. */
#define RT_MIGDIR_SUM "retort.sum"

/*
 * Appends the migration files of folder dir to out (rt_migdir_entry *, in
 * arena a), ordered by version then name. Files not ending in ".sql" and
 * hidden files are not migrations and are skipped; a ".sql" file whose
 * name is off the pattern is RT_EINPUT naming it. No folder or an
 * unreadable one: RT_EIO.
 */
int rt_migdir_list(rt_vec *out, rt_arena *a, const char *dir, rt_error *err);

/* The number after the highest of entries (1 when empty). */
uint64_t rt_migdir_next_version(const rt_vec *entries);

/*
 * Fails when two entries (as rt_migdir_list orders them) share a number,
 * two branches having been merged: RT_EINPUT "two migrations numbered
 * 0007: '0007_a.sql' and '0007_b.sql'" with file dir and a hint to
 * renumber.
 */
int rt_migdir_check_numbers(const char *dir, const rt_vec *entries,
			    rt_error *err);

/* SHA-256 of the file path as 64 lowercase hex digits into hex. RT_EIO. */
int rt_migdir_hash_file(char hex[65], const char *path, rt_error *err);

/* SHA-256 of data[0..len) as 64 lowercase hex digits into hex. */
void rt_migdir_hash_text(char hex[65], const void *data, size_t len);

/* A line of the integrity file. */
typedef struct rt_migdir_sum {
	const char *name;
	char hex[65];
	int line; /* in retort.sum */
} rt_migdir_sum;

/*
 * Reads dir/retort.sum into out (rt_migdir_sum *, file order): lines
 * "<64 hex digits>  <file name>", as sha256sum prints them, so
 * `sha256sum -c retort.sum` in the folder checks it too. No file: out
 * stays empty, *exists_out (may be NULL) false. A malformed line, a name
 * off the pattern or a name twice: RT_EINPUT at retort.sum:line.
 */
int rt_migdir_sum_read(rt_vec *out, bool *exists_out, rt_arena *a,
		       const char *dir, rt_error *err);

/*
 * Writes dir/retort.sum with the hash of every file in entries (as
 * rt_migdir_list returns them), replacing it atomically (a temporary file
 * renamed over it). RT_EIO.
 */
int rt_migdir_sum_write(const char *dir, const rt_vec *entries, rt_arena *a,
			rt_error *err);

/*
 * Records the current hash of dir/name in dir/retort.sum (created when
 * absent), adding its line or replacing the one it had, and keeping every
 * other line as recorded: what a new migration, or an edit that was
 * meant, needs (rt_migdir_sum_write re-hashes every file, which would
 * also accept edits no one meant). Lines are kept in version order.
 * name must be a migration file name. RT_EIO; RT_EINPUT for a malformed
 * retort.sum.
 */
int rt_migdir_sum_record(const char *dir, const char *name, rt_arena *a,
			 rt_error *err);

typedef enum rt_migdir_problem_kind {
	RT_MIGDIR_EDITED,     /* the file's hash differs from the recorded */
	RT_MIGDIR_MISSING,    /* recorded, but the file is gone */
	RT_MIGDIR_UNRECORDED, /* a migration file retort.sum does not list */
} rt_migdir_problem_kind;

typedef struct rt_migdir_problem {
	rt_migdir_problem_kind kind;
	const char *name;
	const char *recorded; /* hex, NULL for UNRECORDED */
	const char *actual;   /* hex, NULL for MISSING */
	int line;	      /* the line in retort.sum, 0 for UNRECORDED */
} rt_migdir_problem;

/*
 * Compares the files of dir with retort.sum and appends what differs to
 * problems (rt_migdir_problem *, in arena a): first the recorded names in
 * file order (edited or missing), then unrecorded files in version order.
 * 0 with problems empty when all agree. Errors as rt_migdir_list and
 * rt_migdir_sum_read.
 */
int rt_migdir_verify(rt_vec *problems, rt_arena *a, const char *dir,
		     rt_error *err);

/*
 * Fills err (RT_EINPUT, file dir/retort.sum and the problem's line) with
 * a one-line message and a hint for p: "migration '0003_x.sql' was edited
 * since retort.sum recorded it", "... is recorded in retort.sum but
 * missing", "... is not recorded in retort.sum". Returns -1.
 */
int rt_migdir_problem_error(rt_error *err, const char *dir,
			    const rt_migdir_problem *p);

/* A file to rename. */
typedef struct rt_migdir_rename {
	const char *from, *to; /* file names in the folder */
} rt_migdir_rename;

/*
 * The renames (rt_migdir_rename *, in arena a) that make the numbers of
 * entries (as rt_migdir_list orders them) unique: in each group of one
 * number, the file named in keep (const char *, may be NULL: say the ones
 * a database has applied) or else the first by name keeps its number, and
 * the others take the numbers after the highest, in their order, with as
 * many digits as the widest number in use (at least 4). No file that keeps
 * its number changes name. Empty when the numbers are already unique.
 */
void rt_migdir_renumber_plan(rt_vec *out, rt_arena *a, const rt_vec *entries,
			     const rt_vec *keep);

/*
 * Applies plan in folder dir: renames each file (never over an existing
 * one), then rewrites retort.sum with the new names and the hashes it
 * recorded (a rename does not bless an edit). A failure undoes the
 * renames done so far and leaves retort.sum as it was. RT_EIO; RT_EINPUT
 * for a malformed retort.sum.
 */
int rt_migdir_renumber_apply(const char *dir, const rt_vec *plan, rt_arena *a,
			     rt_error *err);

#endif
