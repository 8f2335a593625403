/* SPDX-License-Identifier: MIT */
/*
 * A migration's changes in plain words, for the header of a migration
 * file: one line per change (not per step), the hazards the safety facts
 * show, and a line for each step that loses data, with a fixed prefix
 * that `upgrade` looks for before it runs a migration. Lines are data;
 * nothing here prints.
 */
#ifndef RT_PLAN_DESCRIBE_H
#define RT_PLAN_DESCRIBE_H

#include "base/common.h"
#include "base/arena.h"
#include "base/sql.h"
#include "base/vec.h"
#include "plan/plan.h"

typedef enum rt_describe_kind {
	/* "create table public.tasks (5 columns)" */
	RT_DESCRIBE_CHANGE,
	/* "data loss: drops column public.tasks.title": the text always
	 * starts with RT_DESCRIBE_DATA_LOSS_PREFIX */
	RT_DESCRIBE_DATA_LOSS,
	/* "ACCESS EXCLUSIVE lock on public.tasks; rewrites the table: change
	 * type of public.tasks.title from integer to bigint" */
	RT_DESCRIBE_HAZARD,
	/* what is not migrated: an unmanaged object, a definition that may
	 * differ in spelling only */
	RT_DESCRIBE_NOTE,
	/* "parks table public.orders in retort_park_0003 (the down
	 * migration restores it)": a drop that keeps the data
	 * (rt_plan_park), listed where its data-loss line would be */
	RT_DESCRIBE_PARK,
	/* "safe form: create index public.ix on public.t: CREATE INDEX
	 * CONCURRENTLY ...": a change rt_plan_safe wrote in a safe form (or
	 * a rewrite it could not avoid, with the alternative); the text
	 * always starts with RT_DESCRIBE_SAFE_FORM_PREFIX */
	RT_DESCRIBE_SAFE_FORM,
} rt_describe_kind;

#define RT_DESCRIBE_SAFE_FORM_PREFIX "safe form: "

#define RT_DESCRIBE_DATA_LOSS_PREFIX "data loss: "

typedef struct rt_describe_line {
	rt_describe_kind kind;
	const char *text;	 /* one line: no newline, no blank at either
				  * end; in the arena */
	const rt_change *change; /* the change it is about (borrowed) */
} rt_describe_line;

/*
 * Appends to out (rt_describe_line *, in arena a) the lines describing
 * steps (rt_step *, as rt_plan gives them) for a database of dialect d:
 * first every CHANGE line in the steps' order (consecutive steps of one
 * change give one line), then the DATA_LOSS lines (one per step whose
 * data_loss fact is set), then the HAZARD lines (one per change with a
 * step that rewrites or scans a table that existed before the migration,
 * or that must run outside a transaction; a lock held only for a catalog
 * change is not listed; none on SQLite, whose locks are the whole
 * database's), then the PARK lines (one per park step), then the
 * SAFE_FORM lines (one per change whose steps carry a step->safe,
 * rt_plan_safe), then the NOTE lines. Names are schema-qualified and
 * quoted as d quotes identifiers when needed; expressions are written on
 * one line.
 */
void rt_describe(rt_vec *out, rt_arena *a, rt_dialect d, const rt_vec *steps);

/*
 * Appends to out (const char *, in arena a) lines (rt_describe_line *, as
 * rt_describe gives them) as the lines of a migration file's header
 * (rt_migration.header: without the leading "--" and its blank), in
 * sections "Changes:", "Hazards:" (data loss first), "Parked:", "Safe
 * forms:" and "Notes:", each item indented by two blanks; a section
 * without lines is left out:
 *
 *   Changes:
 *     drop column public.tasks.title
 *   Hazards:
 *     data loss: drops column public.tasks.title
 */
void rt_describe_header(rt_vec *out, rt_arena *a, const rt_vec *lines);

/*
 * When header_line (a line of rt_migration.header, or any line) declares
 * a data loss, i.e. it reads RT_DESCRIBE_DATA_LOSS_PREFIX after optional
 * blanks, returns what is lost: the rest of the line ("drops column
 * public.tasks.title", borrowed from header_line); NULL otherwise.
 */
const char *rt_describe_data_loss(const char *header_line);

#endif
