/* SPDX-License-Identifier: MIT */
/*
 * `retort revision -m MSG [--autogenerate | --empty]` writes the next
 * migration file; `retort check` exits 1 when the models and the
 * migrations differ (and, with a database, when the database has drifted
 * from the migrations it applied). Both compare the models with the
 * schema the migrations folder builds, replayed without a server.
 */
#include "base/common.h"
#include "cli/cmd.h"
#include "cli/project.h"
#include "diff/diff.h"
#include "plan/describe.h"
#include "plan/plan.h"
#include "render/render.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

enum {
	OPT_MESSAGE = 'm',
	OPT_AUTOGENERATE = 256,
	OPT_EMPTY,
	OPT_RENAME,
	OPT_NO_PARK,
	OPT_UNSAFE,
	OPT_BACKFILL,
};

struct rev_args {
	rt_project_flags flags;
	rt_arena *arena;
	const char *message;
	bool autogenerate, empty;
	rt_vec renames;	  /* rt_rename *: --rename */
	const char *bad;  /* a malformed --rename's message */
	bool no_park;	  /* --no-park: drops destroy, as diff writes them */
	bool unsafe;	  /* --unsafe: the plain forms */
	rt_vec backfills; /* rt_backfill *: --backfill */
};

static int on_opt(void *ctx, int id, const char *arg)
{
	struct rev_args *r = ctx;
	if (rt_project_flag(&r->flags, id, arg))
		return 0;
	switch (id) {
	case OPT_MESSAGE:
		r->message = arg;
		break;
	case OPT_AUTOGENERATE:
		r->autogenerate = true;
		break;
	case OPT_EMPTY:
		r->empty = true;
		break;
	case OPT_RENAME: {
		rt_error err = RT_ERROR_INIT;
		rt_rename *rn = RT_NEW(r->arena, rt_rename);
		if (rt_rename_parse(rn, r->arena, arg, &err) < 0) {
			r->bad = rt_arena_strdup(r->arena, err.msg);
			return RT_EXIT_INPUT;
		}
		rt_vec_push(&r->renames, r->arena, rn);
		break;
	}
	case OPT_NO_PARK:
		r->no_park = true;
		break;
	case OPT_UNSAFE:
		r->unsafe = true;
		break;
	case OPT_BACKFILL: {
		rt_error err = RT_ERROR_INIT;
		rt_backfill *b = RT_NEW(r->arena, rt_backfill);
		if (rt_cli_backfill_parse(b, r->arena, arg, &err) < 0) {
			r->bad = rt_arena_strdup(r->arena, err.msg);
			return RT_EXIT_INPUT;
		}
		rt_vec_push(&r->backfills, r->arena, b);
		break;
	}
	}
	return 0;
}

static const rt_opt revision_opts[] = {
    {"message", 'm', "MSG", "what the migration does (names the file)",
     OPT_MESSAGE},
    {"autogenerate", 0, NULL,
     "write the changes from the migrations to the models (the default "
     "when models are configured)",
     OPT_AUTOGENERATE},
    {"empty", 0, NULL, "write a migration with empty sections, to fill in",
     OPT_EMPTY},
    {"rename", 0, "OLD=NEW",
     "a rename, not a drop and an add: schema.table=new_name or "
     "schema.table.column=new_name (repeatable)",
     OPT_RENAME},
    {"no-park", 0, NULL,
     "drop tables and columns for good instead of parking them (PostgreSQL "
     "parks by default: the down migration restores them)",
     OPT_NO_PARK},
    {"unsafe", 0, NULL,
     "PostgreSQL: write the plain statements, not the safe forms", OPT_UNSAFE},
    {"backfill", 0, "S.T.COL=SQLEXPR",
     "the value a NOT NULL column added without a default gets on the "
     "rows of an existing table, in batches (repeatable)",
     OPT_BACKFILL},
    RT_PROJECT_OPT_ROWS,
    {NULL, 0, NULL, NULL, 0},
};

static const rt_opt check_opts[] = {
    {"unsafe", 0, NULL,
     "PostgreSQL: print the plain statements, not the safe forms", OPT_UNSAFE},
    RT_PROJECT_OPT_ROWS,
    {NULL, 0, NULL, NULL, 0},
};

static const rt_opt_spec revision_spec = {
    "revision -m MSG [--autogenerate | --empty] [options]",
    "Write the next migration file.",
    "With --autogenerate the models are compared with the schema the "
    "migrations\nfolder builds (replayed without a database); the file "
    "gets the statements\nthat turn one into the other, their inverse and "
    "validation queries. Nothing\nis written when they already agree.\n\n"
    "On PostgreSQL the statements on tables that exist already take their "
    "safe\nforms (the header's 'Safe forms:' says which): CREATE / DROP "
    "INDEX\nCONCURRENTLY, foreign keys and checks NOT VALID then VALIDATE, "
    "SET NOT NULL\nthrough a validated CHECK, a volatile default without "
    "a rewrite. A NOT NULL\ncolumn without a default is refused (exit 1) "
    "unless --backfill gives its value.",
    revision_opts,
};

static const rt_opt_spec check_spec = {
    "check [options]",
    "Exit 1 when the models and the migrations differ.",
    "Prints the SQL a new migration would hold (on PostgreSQL in the safe "
    "forms\nrevision writes, unless --unsafe). With a database, also "
    "exits 1 when\nthe database differs from the migrations it has "
    "applied (drift).",
    check_opts,
};

/*
 * The migrations' side of load_sides, replayed on a thread of its own
 * while the models load on the command's: as cmd_diff.c's load_both,
 * the thread allocates only in an arena of its own (side.cli.arena,
 * which holds FROM and is freed when the command ends) and only reads
 * what it shares (the project).
 */
struct replay_side {
	rt_cli cli; /* the command's, with the side's own arena */
	const rt_project *p;
	rt_schema *schema;
	rt_error err;
	int rc;
};

static void *replay_side(void *arg)
{
	struct replay_side *side = arg;
	side->rc = rt_project_replay(&side->schema, &side->cli, side->p, 0,
				     &side->err);
	return NULL;
}

/* The schemas a revision goes between: the migrations folder's, replayed
 * (from, in *side_arena, which the caller frees when done with it), and
 * the models' (to), loaded at once. The error reported is the models'
 * when both fail, as when they were loaded in order. */
static int load_sides(rt_schema **from, rt_schema **to, rt_arena **side_arena,
		      rt_cli *cli, const rt_project *p, rt_error *err)
{
	struct replay_side side = {.cli = *cli, .p = p};
	rt_error to_err = RT_ERROR_INIT;
	pthread_t th;
	int to_rc;

	side.err = to_err;
	side.cli.arena = *side_arena = rt_arena_new();
	if (pthread_create(&th, NULL, replay_side, &side) == 0) {
		to_rc = rt_project_models(to, cli, p, &to_err);
		pthread_join(th, NULL);
	} else {
		to_rc = rt_project_models(to, cli, p, &to_err);
		if (to_rc == 0)
			replay_side(&side);
	}
	if (to_rc < 0) {
		*err = to_err;
		return -1;
	}
	if (side.rc < 0) {
		*err = side.err;
		return -1;
	}
	*from = side.schema;
	rt_cli_report_unmanaged(*to);
	return 0;
}

/*
 * The up changes from from to to, with renames asked (from is renamed in
 * place, cli/rename.c) and hints for the ones that look like renames.
 */
static int up_changes(rt_vec *changes, rt_vec *renames, rt_cli *cli,
		      rt_schema *from, const rt_schema *to, const rt_vec *asked,
		      rt_error *err)
{
	rt_vec hints = {0};
	if (rt_diff_renames(renames, cli->arena, from, to, asked, err) < 0)
		return -1;
	rt_diff_hints(&hints, cli->arena, from, to, renames);
	rt_cli_report_hints(&hints);
	return rt_cli_diff_renamed(changes, cli->arena, from, to, renames, err);
}

/* The steps of changes (from -> to) into steps: in the safe forms when
 * safe is not NULL (a refusal goes to refusals), else plainly. */
static int plan_side(rt_vec *steps, rt_vec *refusals, rt_cli *cli,
		     const rt_vec *changes, const rt_schema *from,
		     rt_plan_opts *safe, rt_error *err)
{
	if (!safe)
		return rt_plan(steps, cli->arena, changes, err);
	safe->from = from;
	return rt_plan_safe(steps, refusals, cli->arena, changes, safe, err);
}

/* Statements of steps (from -> to, as plan_side gives them) in p's
 * dialect, as a migration file's section; the renderer's foreign-key
 * checks of a SQLite rebuild go to checks (rt_migdir_check *; NULL: not
 * kept) as "0 rows". */
static int section(rt_migdir_section *sec, rt_vec *checks, rt_cli *cli,
		   const rt_project *p, const rt_vec *steps,
		   const rt_schema *from, const rt_schema *to, rt_error *err)
{
	rt_vec stmts = {0};
	if (rt_render_between(&stmts, cli->arena, p->dialect, steps, from, to,
			      err) < 0)
		return -1;
	sec->present = true;
	for (size_t i = 0; i < stmts.len; i++) {
		const rt_stmt *st = RT_VEC_AT(stmts, i);
		if (st->flags & RT_STMT_NOTE)
			continue; /* the header's notes say it (rt_describe) */
		if (st->flags & RT_STMT_CHECK) {
			if (checks) {
				rt_migdir_check *c =
				    RT_NEW(cli->arena, rt_migdir_check);
				c->sql = st->sql;
				c->expect = RT_MIGDIR_EXPECT_ROWS;
				c->rows = 0;
				rt_vec_push(checks, cli->arena, c);
			}
			continue;
		}
		rt_migdir_stmt *ms = RT_NEW(cli->arena, rt_migdir_stmt);
		ms->sql = st->sql;
		ms->notransaction = (st->flags & RT_STMT_NO_TRANSACTION) != 0;
		rt_vec_push(&sec->stmts, cli->arena, ms);
	}
	return 0;
}

/* Writes text to path, which must not exist yet. */
static int write_new(const char *path, const rt_buf *text, rt_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0)
		return rt_errorf(err, RT_EIO, "cannot create %s: %s", path,
				 strerror(errno));
	size_t off = 0;
	while (off < text->len) {
		ssize_t w = write(fd, text->data + off, text->len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			unlink(path);
			return rt_errorf(err, RT_EIO, "cannot write %s: %s",
					 path, strerror(errno));
		}
		off += (size_t)w;
	}
	if (close(fd) < 0) {
		unlink(path);
		return rt_errorf(err, RT_EIO, "cannot write %s: %s", path,
				 strerror(errno));
	}
	return 0;
}

static int revision(int argc, char **argv, rt_cli *cli, rt_arena **side)
{
	struct rev_args args = {.arena = cli->arena};
	rt_error err = RT_ERROR_INIT;
	rt_project p;
	rt_vec migs = {0}, changes = {0}, down = {0};
	int first, done;

	if (rt_cli_opts_parse(&first, &done, argc, argv, &revision_spec, on_opt,
			      &args) < 0) {
		if (args.bad)
			return rt_cli_usage_error(&revision_spec, "%s",
						  args.bad);
		return done;
	}
	if (argc - first != 0)
		return rt_cli_usage_error(&revision_spec,
					  "revision takes no arguments (the "
					  "message goes with -m)");
	if (!args.message || !*args.message)
		return rt_cli_usage_error(&revision_spec,
					  "revision needs a message (-m MSG)");
	if (args.autogenerate && args.empty)
		return rt_cli_usage_error(&revision_spec,
					  "--autogenerate and --empty exclude "
					  "each other");
	if (args.unsafe && args.backfills.len)
		return rt_cli_usage_error(&revision_spec,
					  "--backfill writes a safe form: it "
					  "does not go with --unsafe");
	if (strchr(args.message, '\n'))
		return rt_cli_usage_error(&revision_spec,
					  "the message must be one line");
	/* the files' names only: their text is the replay's (a snapshot hit
	 * reads none of it) */
	if (rt_project_load(&p, cli->arena, &args.flags, &err) < 0 ||
	    rt_project_migration_names(&migs, cli->arena, &p, &err) < 0)
		return rt_cli_report(&err);
	if (!args.empty && !args.autogenerate && !p.models)
		return rt_cli_usage_error(
		    &revision_spec,
		    "no models configured to compare with: give --models, "
		    "set models under [tool.retort], or use --empty");

	uint64_t version = 1;
	if (migs.len)
		version = ((rt_migdir_entry *)RT_VEC_AT(migs, migs.len - 1))
			      ->version +
			  1;
	rt_migration m = {0};
	m.version = version;
	m.slug = rt_migdir_slug(cli->arena, args.message);
	m.name = rt_migdir_file_name(cli->arena, version, m.slug);
	rt_vec_push(&m.header, cli->arena, (void *)args.message);
	m.up.present = m.down.present = true;

	if (!args.empty) {
		rt_schema *from, *to, *from2;
		rt_vec renames = {0}, steps = {0}, down_steps = {0};
		if (load_sides(&from, &to, side, cli, &p, &err) < 0 ||
		    up_changes(&changes, &renames, cli, from, to, &args.renames,
			       &err) < 0)
			return rt_cli_report(&err);
		if (changes.len == 0) {
			printf("no changes: the models match the migrations; "
			       "nothing written\n");
			return RT_EXIT_OK;
		}
		/* the down: TO back into FROM (renamed back first: from was
		 * renamed in place, so it is read again, and so is to, which
		 * the up's steps point into and the renames back would
		 * change) */
		rt_schema *down_from = to, *down_to = from;
		if (renames.len) {
			rt_vec back = {0};
			rt_diff_renames_invert(&back, cli->arena, &renames);
			if (rt_project_replay(&from2, cli, &p, 0, &err) < 0 ||
			    rt_project_models(&down_from, cli, &p, &err) < 0 ||
			    rt_cli_diff_renamed(&down, cli->arena, down_from,
						from2, &back, &err) < 0)
				return rt_cli_report(&err);
			down_to = from2;
		} else {
			rt_diff_invert(&down, cli->arena, &changes);
		}
		/* the up in the safe forms on PostgreSQL (a change without
		 * one that would fail on rows is refused); the down without
		 * refusals: such a change keeps its plain form there */
		rt_vec checks = {0}, lines = {0}, fk = {0}, refusals = {0};
		rt_vec park_notes = {0};
		bool safe = !args.unsafe && p.dialect == RT_DIALECT_PG;
		rt_plan_opts up_opts = {.backfills = args.backfills,
					.refuse = true};
		rt_plan_opts down_opts = {.refuse = false};
		int rc;
		if (plan_side(&steps, &refusals, cli, &changes, from,
			      safe ? &up_opts : NULL, &err) < 0)
			return rt_cli_report(&err);
		if (refusals.len)
			return rt_cli_report_refusals(&refusals, cli->arena,
						      p.dialect);
		if ((rc = rt_cli_backfills_used(&args.backfills)) != RT_EXIT_OK)
			return rc;
		if (plan_side(&down_steps, NULL, cli, &down, down_from,
			      safe ? &down_opts : NULL, &err) < 0)
			return rt_cli_report(&err);
		if (!args.no_park && p.dialect == RT_DIALECT_PG) {
			/* dropped tables and columns parked, not destroyed */
			rt_park_opts po = {
			    .version = version,
			    .migration = m.name,
			    .prefix = rt_arena_printf(cli->arena, "%.*s",
						      (int)strcspn(m.name, "_"),
						      m.name)};
			rt_plan_park(&steps, &down_steps, &park_notes,
				     cli->arena, to, &po);
		}
		if (section(&m.up, &fk, cli, &p, &steps, from, to, &err) < 0 ||
		    rt_render_checks(&checks, cli->arena, p.dialect, &steps, to,
				     &err) < 0)
			return rt_cli_report(&err);
		/* what the up section creates and changes, then the foreign
		 * keys of the tables a SQLite rebuild copied */
		for (size_t i = 0; i < checks.len; i++) {
			const rt_check *c = RT_VEC_AT(checks, i);
			rt_migdir_check *mc =
			    RT_NEW(cli->arena, rt_migdir_check);
			mc->sql = c->sql;
			mc->expect = c->expect == RT_CHECK_TRUE
					 ? RT_MIGDIR_EXPECT_TRUE
				     : c->expect == RT_CHECK_ROWS
					 ? RT_MIGDIR_EXPECT_ROWS
					 : RT_MIGDIR_EXPECT_VALUE;
			mc->rows = c->rows;
			mc->value = c->value;
			rt_vec_push(&m.checks, cli->arena, mc);
		}
		for (size_t i = 0; i < fk.len; i++)
			rt_vec_push(&m.checks, cli->arena, RT_VEC_AT(fk, i));
		rt_describe(&lines, cli->arena, p.dialect, &steps);
		for (size_t i = 0; i < park_notes.len; i++) {
			rt_describe_line *l =
			    RT_NEW(cli->arena, rt_describe_line);
			l->kind = RT_DESCRIBE_NOTE;
			l->text = RT_VEC_AT(park_notes, i);
			rt_vec_push(&lines, cli->arena, l);
		}
		rt_vec_push(&m.header, cli->arena, (void *)"");
		rt_describe_header(&m.header, cli->arena, &lines);
		if (section(&m.down, NULL, cli, &p, &down_steps, down_from,
			    down_to, &err) < 0)
			return rt_cli_report(&err);
		m.has_validate = m.checks.len > 0;
	}

	rt_buf text = RT_BUF_INIT;
	if (rt_migdir_write(&text, &m, &err) < 0) {
		rt_buf_release(&text);
		return rt_cli_report(&err);
	}
	const char *path =
	    rt_arena_printf(cli->arena, "%s/%s", p.migrations, m.name);
	int rc = write_new(path, &text, &err);
	rt_buf_release(&text);
	if (rc < 0 ||
	    rt_migdir_sum_record(p.migrations, m.name, cli->arena, &err) < 0)
		return rt_cli_report(&err);
	printf("wrote %s", path);
	if (!args.empty)
		printf(" (%zu change%s)", changes.len,
		       changes.len == 1 ? "" : "s");
	printf("\n");
	return RT_EXIT_OK;
}

/* The script of the up changes as revision writes them: in the safe
 * forms on PostgreSQL when safe (a change revision refuses is printed in
 * its plain form), appended to out. */
static int render_up(rt_buf *out, rt_cli *cli, const rt_project *p,
		     const rt_vec *changes, const rt_schema *from,
		     const rt_schema *to, bool safe, rt_error *err)
{
	rt_vec steps = {0}, stmts = {0}, refusals = {0};
	rt_plan_opts o = {.from = from, .refuse = false};

	if (!safe || p->dialect != RT_DIALECT_PG)
		return rt_render_changes_between(out, cli->arena, p->dialect,
						 changes, from, to, err);
	if (rt_plan_safe(&steps, &refusals, cli->arena, changes, &o, err) < 0 ||
	    rt_render_between(&stmts, cli->arena, p->dialect, &steps, from, to,
			      err) < 0)
		return -1;
	rt_render_script(out, &stmts);
	return 0;
}

static int check(int argc, char **argv, rt_cli *cli, rt_arena **side)
{
	struct rev_args args = {.arena = cli->arena};
	rt_error err = RT_ERROR_INIT;
	rt_project p;
	rt_vec migs = {0}, changes = {0}, renames = {0};
	rt_schema *from, *to;
	bool compared = false; /* the database was compared */
	int first, done, status = RT_EXIT_OK;

	if (rt_cli_opts_parse(&first, &done, argc, argv, &check_spec, on_opt,
			      &args) < 0)
		return done;
	if (argc - first != 0)
		return rt_cli_usage_error(&check_spec,
					  "check takes no arguments");
	/* the files' names only, unless the database is compared (the
	 * drift needs each file's statements and checksum) */
	if (rt_project_load(&p, cli->arena, &args.flags, &err) < 0 ||
	    rt_project_migration_names(&migs, cli->arena, &p, &err) < 0)
		return rt_cli_report(&err);
	if (!p.models)
		return rt_cli_usage_error(&check_spec,
					  "no models configured: give --models "
					  "or set models under [tool.retort]");
	/* the changes revision would write, with its rename hints: a drop and
	 * an add that look like a rename say how to ask for one */
	if (load_sides(&from, &to, side, cli, &p, &err) < 0 ||
	    up_changes(&changes, &renames, cli, from, to, &args.renames, &err) <
		0)
		return rt_cli_report(&err);
	if (changes.len) {
		rt_buf out = RT_BUF_INIT;
		if (render_up(&out, cli, &p, &changes, from, to, !args.unsafe,
			      &err) < 0) {
			rt_buf_release(&out);
			return rt_cli_report(&err);
		}
		fwrite(out.data, 1, out.len, stdout);
		rt_buf_release(&out);
		fprintf(stderr,
			"retort: the models differ from the migrations (%zu "
			"change%s)\nhint: 'retort revision -m MSG' writes "
			"them as a migration\n",
			changes.len, changes.len == 1 ? "" : "s");
		status = RT_EXIT_FINDING;
	}
	if (p.database_url) {
		rt_vec drift = {0};
		rt_schema *want, *live;
		int rc;
		migs = (rt_vec){0};
		if (rt_project_migrations(&migs, cli->arena, &p, &err) < 0)
			return rt_cli_report(&err);
		rc = rt_project_drift(&drift, &want, &live, cli, &p, &migs,
				      &err);
		if (rc < 0)
			return rt_cli_report(&err);
		if (rc > 0)
			fprintf(stderr,
				"retort: note: no database at %s yet; "
				"nothing applied, nothing to drift\n",
				p.database_url);
		compared = rc == 0;
		if (drift.len) {
			rt_buf out = RT_BUF_INIT;
			if (rt_render_changes_between(&out, cli->arena,
						      p.dialect, &drift, want,
						      live, &err) < 0) {
				rt_buf_release(&out);
				return rt_cli_report(&err);
			}
			printf("-- drift: what the database has that its "
			       "migrations do not say\n");
			fwrite(out.data, 1, out.len, stdout);
			rt_buf_release(&out);
			fprintf(stderr,
				"retort: the database has drifted from its "
				"migrations (%zu change%s)\n",
				drift.len, drift.len == 1 ? "" : "s");
			status = RT_EXIT_FINDING;
		}
	}
	if (status == RT_EXIT_OK)
		printf("ok: the models match the migrations%s\n",
		       p.database_url && compared
			   ? ", and the database matches the migrations it "
			     "applied"
			   : "");
	return status;
}

int cmd_revision(int argc, char **argv, rt_cli *cli)
{
	rt_arena *side = NULL;
	int rc = revision(argc, argv, cli, &side);
	rt_arena_free(side);
	return rc;
}

int cmd_check(int argc, char **argv, rt_cli *cli)
{
	rt_arena *side = NULL;
	int rc = check(argc, argv, cli, &side);
	rt_arena_free(side);
	return rc;
}
