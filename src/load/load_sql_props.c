/* SPDX-License-Identifier: MIT */
/*
 * Table and column properties that are not shape: storage parameters
 * (WITH (...), SET / RESET), REPLICA IDENTITY, CLUSTER ON, and a column's
 * SET STORAGE, SET STATISTICS and COMPRESSION.
 */
#include "base/common.h"
#include "load/load_sql_int.h"

/* The key of "key=value". */
static bool same_key(const char *opt, const char *key)
{
	size_t n = strlen(key);
	return strncmp(opt, key, n) == 0 && opt[n] == '=';
}

static void forget_option(rt_table *t, const char *key)
{
	for (size_t i = 0; i < t->options.len;) {
		if (same_key(t->options.items[i], key))
			rt_vec_remove(&t->options, i);
		else
			i++;
	}
}

int rt_load__table_options(ld *l, rt_table *t, Node **opts, size_t n,
			   rt_options_how how)
{
	if (how == RT_OPTIONS_REPLACE)
		memset(&t->options, 0, sizeof(t->options));
	for (size_t i = 0; i < n; i++) {
		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		PgQuery__DefElem *d = opts[i]->def_elem;
		const char *key =
		    !empty(d->defnamespace)
			? rt_arena_printf(l->scratch, "%s.%s", d->defnamespace,
					  d->defname)
			: d->defname;
		/* as transformRelOptions: the options not named keep their
		 * order, the ones given follow in theirs */
		forget_option(t, key);
		if (how == RT_OPTIONS_RESET)
			continue;
		const char *v =
		    d->arg ? rt_load__defarg_str(l, d->arg) : "true";
		if (!v)
			return rt_load__fail(l, "invalid value for option '%s'",
					     key);
		/* reloptions keep booleans as written: on -> on; PostgreSQL
		 * itself prints what was given */
		rt_vec_push(&t->options, l->a,
			    rt_arena_printf(l->a, "%s=%s", key, v));
	}
	return 0;
}

static char storage_letter(const char *word)
{
	if (strcasecmp(word, "plain") == 0)
		return 'p';
	if (strcasecmp(word, "external") == 0)
		return 'e';
	if (strcasecmp(word, "main") == 0)
		return 'm';
	if (strcasecmp(word, "extended") == 0)
		return 'x';
	return 0;
}

int rt_load__column_storage(ld *l, rt_column *c, const char *word)
{
	char s = storage_letter(word);
	if (!s)
		return rt_load__fail(l, "invalid storage type '%s'", word);
	c->storage = s == rt_schema_type_storage(c->type) ? 0 : s;
	return 0;
}

int rt_load__column_compression(ld *l, rt_column *c, const char *word)
{
	if (!word || strcasecmp(word, "default") == 0) {
		c->compression = NULL;
		return 0;
	}
	if (strcasecmp(word, "pglz") != 0 && strcasecmp(word, "lz4") != 0)
		return rt_load__fail(l, "invalid compression method '%s'",
				     word);
	c->compression = strcasecmp(word, "pglz") == 0 ? "pglz" : "lz4";
	return 0;
}

int rt_load__table_prop(ld *l, rt_table *t, PgQuery__AlterTableCmd *cmd)
{
	rt_column *c = NULL;
	if (cmd->name && *cmd->name &&
	    cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn) {
		c = rt_table_find_column(t, cmd->name);
		if (!c)
			return rt_load__fail(
			    l, "column '%s' of relation '%s' does not exist",
			    cmd->name, t->name);
	}
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplaceRelOptions: {
		rt_options_how how =
		    cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions
			? RT_OPTIONS_SET
		    : cmd->subtype ==
			    PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions
			? RT_OPTIONS_RESET
			: RT_OPTIONS_REPLACE;
		if (!cmd->def ||
		    cmd->def->node_case != PG_QUERY__NODE__NODE_LIST)
			return 0;
		return rt_load__table_options(l, t, cmd->def->list->items,
					      cmd->def->list->n_items, how);
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:
		if (!c || !str_of(cmd->def))
			return 0;
		return rt_load__column_storage(l, c, str_of(cmd->def));
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
		if (!c)
			return 0;
		return rt_load__column_compression(l, c, str_of(cmd->def));
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics: {
		if (!c || !cmd->def ||
		    cmd->def->node_case != PG_QUERY__NODE__NODE_INTEGER)
			return 0;
		int v = cmd->def->integer->ival;
		c->has_statistics = v >= 0;
		c->statistics = v >= 0 ? v : 0;
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity: {
		PgQuery__ReplicaIdentityStmt *r =
		    cmd->def ? cmd->def->replica_identity_stmt : NULL;
		if (!r || empty(r->identity_type))
			return 0;
		char k = r->identity_type[0];
		t->replica_identity = k == 'd' ? 0 : k;
		t->replica_index =
		    k == 'i' ? rt_arena_strdup(l->a, r->name) : NULL;
		return 0;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
		t->cluster_index = rt_arena_strdup(l->a, cmd->name);
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
		t->cluster_index = NULL;
		return 0;
	default:
		return 0;
	}
}
