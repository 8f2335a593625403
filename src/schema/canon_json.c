/* SPDX-License-Identifier: MIT */
/*
 * Reads libpg_query's JSON parse output into the protobuf-c structs of
 * pg_query.pb-c.h, the tree pg_query__parse_result__unpack gives for the
 * same parse's protobuf output. The JSON is the protobuf JSON mapping of
 * pg_query.proto, so the descriptors drive the reading; libpg_query
 * writes JSON about four times faster than it packs protobuf (protobuf-c
 * walks every member of each Node's oneof, twice), and reading it is
 * cheaper than unpacking. No libpg_query calls here: load_sql.c and
 * canon.c parse.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/map.h"
#include "schema/canon_json.h"

#include <pthread.h>

typedef PgQuery__Node Node;

typedef struct reader {
	const char *p;
	const char *sql; /* what was parsed: locations are offsets in it */
	rt_arena *a;	 /* the tree */
	size_t depth, limit;
	bool too_deep;
	size_t unsure; /* Integer nodes that may have lost their value */
} reader;

static void blanks(reader *r)
{
	while (*r->p == ' ' || *r->p == '\n' || *r->p == '\t' || *r->p == '\r')
		r->p++;
}

static bool eat(reader *r, char c)
{
	blanks(r);
	if (*r->p != c)
		return false;
	r->p++;
	return true;
}

static void add_utf8(rt_buf *b, unsigned c)
{
	if (c < 0x80) {
		rt_buf_addch(b, (char)c);
	} else if (c < 0x800) {
		rt_buf_addch(b, (char)(0xc0 | (c >> 6)));
		rt_buf_addch(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		rt_buf_addch(b, (char)(0xe0 | (c >> 12)));
		rt_buf_addch(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		rt_buf_addch(b, (char)(0x80 | (c & 0x3f)));
	} else {
		rt_buf_addch(b, (char)(0xf0 | (c >> 18)));
		rt_buf_addch(b, (char)(0x80 | ((c >> 12) & 0x3f)));
		rt_buf_addch(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		rt_buf_addch(b, (char)(0x80 | (c & 0x3f)));
	}
}

static bool hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if ((c | 32) >= 'a' && (c | 32) <= 'f')
			v |= (unsigned)((c | 32) - 'a' + 10);
		else
			return false;
	}
	*out = v;
	return true;
}

/* A JSON string, decoded into the arena; NULL when malformed. */
static char *string(reader *r)
{
	if (!eat(r, '"'))
		return NULL;
	const char *s = r->p;
	while (*s && *s != '"' && *s != '\\')
		s++;
	if (*s == '"') { /* no escapes: the common case */
		char *out = rt_arena_strndup(r->a, r->p, (size_t)(s - r->p));
		r->p = s + 1;
		return out;
	}
	rt_buf b = RT_BUF_INIT;
	char *out = NULL;
	for (s = r->p; *s && *s != '"'; s++) {
		unsigned c, lo;
		if (*s != '\\') {
			rt_buf_addch(&b, *s);
			continue;
		}
		switch (*++s) {
		case 'b':
			rt_buf_addch(&b, '\b');
			break;
		case 'f':
			rt_buf_addch(&b, '\f');
			break;
		case 'n':
			rt_buf_addch(&b, '\n');
			break;
		case 'r':
			rt_buf_addch(&b, '\r');
			break;
		case 't':
			rt_buf_addch(&b, '\t');
			break;
		case 'u':
			if (!hex4(s + 1, &c))
				goto done;
			s += 4;
			if (c >= 0xd800 && c < 0xdc00 && s[1] == '\\' &&
			    s[2] == 'u' && hex4(s + 3, &lo) && lo >= 0xdc00 &&
			    lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) +
				    (lo - 0xdc00);
				s += 6;
			}
			add_utf8(&b, c);
			break;
		case '\0':
			goto done;
		default: /* \" \\ \/ */
			rt_buf_addch(&b, *s);
		}
	}
	if (*s == '"') {
		out = rt_arena_strndup(r->a, b.data, b.len);
		r->p = s + 1;
	}
done:
	rt_buf_release(&b);
	return out;
}

/*
 * Every field of every message a parse result can hold, by descriptor and
 * name with the underscores and case set aside ("tableElts" and
 * "table_elts" are both "tableelts"): built once, then only read, by any
 * thread.
 */
static struct {
	pthread_once_t once;
	rt_arena *a;
	rt_map map; /* descriptor + folded name -> field descriptor */
} names = {PTHREAD_ONCE_INIT, NULL, {0}};

/* d's address, then the letters of k (n bytes) folded, into key (256
 * bytes); the length, or 0 when too long. */
static size_t fold(char *key, const ProtobufCMessageDescriptor *d,
		   const char *k, size_t n)
{
	size_t len = sizeof(d);
	if (n + sizeof(d) > 256)
		return 0;
	memcpy(key, &d, sizeof(d));
	for (size_t i = 0; i < n; i++)
		if (k[i] != '_')
			key[len++] =
			    (char)(k[i] >= 'A' && k[i] <= 'Z' ? k[i] + 32
							      : k[i]);
	return len;
}

static void name_field(const ProtobufCMessageDescriptor *d, const char *name,
		       size_t n, const ProtobufCFieldDescriptor *f)
{
	char key[256];
	size_t len = fold(key, d, name, n);
	if (!len || rt_map_get(&names.map, key, len))
		return;
	char *kept = rt_arena_alloc(names.a, len);
	memcpy(kept, key, len);
	rt_map_put(&names.map, names.a, kept, len, (void *)f);
}

static void add_names(const ProtobufCMessageDescriptor *d)
{
	char key[256];
	size_t len = fold(key, d, "", 0); /* d itself: seen */
	if (rt_map_get(&names.map, key, len))
		return;
	char *kept = rt_arena_alloc(names.a, len);
	memcpy(kept, key, len);
	rt_map_put(&names.map, names.a, kept, len, (void *)d);
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		name_field(d, f->name, strlen(f->name), f);
	}
	/* "base" is CreateForeignTableStmt's base_stmt: "base" is taken in
	 * a protobuf-c struct */
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		size_t n = strlen(f->name);
		if (n > 5 && strcmp(f->name + n - 5, "_stmt") == 0)
			name_field(d, f->name, n - 5, f);
	}
	for (unsigned i = 0; i < d->n_fields; i++)
		if (d->fields[i].type == PROTOBUF_C_TYPE_MESSAGE)
			add_names(d->fields[i].descriptor);
}

static void build_names(void)
{
	names.a = rt_arena_new();
	add_names(&pg_query__parse_result__descriptor);
}

void rt_canon_json_release(void)
{
	rt_arena_free(names.a);
	names.a = NULL;
	memset(&names.map, 0, sizeof(names.map));
}

static const ProtobufCFieldDescriptor *
find_field(const ProtobufCMessageDescriptor *d, const char *k, size_t n)
{
	char key[256];
	size_t len = fold(key, d, k, n);
	if (!n || !len)
		return NULL;
	return rt_map_get(&names.map, key, len);
}

static bool message(reader *r, ProtobufCMessage *m);

/* One value of field f into dst (the field, or an element of it). */
static bool value(reader *r, const ProtobufCFieldDescriptor *f, void *dst)
{
	char *end;
	blanks(r);
	switch (f->type) {
	case PROTOBUF_C_TYPE_MESSAGE: {
		const ProtobufCMessageDescriptor *sd = f->descriptor;
		ProtobufCMessage *sub =
		    rt_arena_alloc(r->a, sd->sizeof_message);
		sd->message_init(sub);
		*(ProtobufCMessage **)dst = sub;
		return message(r, sub);
	}
	case PROTOBUF_C_TYPE_STRING:
		return (*(char **)dst = string(r)) != NULL;
	case PROTOBUF_C_TYPE_BOOL:
		if (strncmp(r->p, "true", 4) == 0) {
			*(protobuf_c_boolean *)dst = 1;
			r->p += 4;
			return true;
		}
		if (strncmp(r->p, "false", 5) == 0) {
			*(protobuf_c_boolean *)dst = 0;
			r->p += 5;
			return true;
		}
		return false;
	case PROTOBUF_C_TYPE_ENUM: {
		const char *name = string(r);
		const ProtobufCEnumValue *v =
		    name ? protobuf_c_enum_descriptor_get_value_by_name(
			       f->descriptor, name)
			 : NULL;
		if (!v)
			return false;
		*(int *)dst = v->value;
		return true;
	}
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		*(int32_t *)dst = (int32_t)strtol(r->p, &end, 10);
		break;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		*(uint32_t *)dst = (uint32_t)strtoul(r->p, &end, 10);
		break;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		*(int64_t *)dst = (int64_t)strtoll(r->p, &end, 10);
		break;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		*(uint64_t *)dst = (uint64_t)strtoull(r->p, &end, 10);
		break;
	case PROTOBUF_C_TYPE_DOUBLE:
		*(double *)dst = strtod(r->p, &end);
		break;
	case PROTOBUF_C_TYPE_FLOAT:
		*(float *)dst = strtof(r->p, &end);
		break;
	default: /* bytes: not in pg_query.proto */
		return false;
	}
	if (end == r->p)
		return false;
	r->p = end;
	return true;
}

/* Size of one element of a repeated field f in its C array. */
static size_t element_size(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_MESSAGE:
	case PROTOBUF_C_TYPE_STRING:
		return sizeof(void *);
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_DOUBLE:
		return 8;
	default:
		return 4;
	}
}

/* A JSON array into repeated field f of the message at base. */
static bool array(reader *r, const ProtobufCFieldDescriptor *f, char *base)
{
	size_t step = element_size(f), n = 0, cap = 8;
	char *items = rt_xmalloc(cap * step);
	bool ok = false;
	if (!eat(r, '['))
		goto done;
	if (!eat(r, ']')) {
		do {
			if (n == cap) {
				cap *= 2;
				items = rt_xrealloc(items, cap * step);
			}
			if (!value(r, f, items + n * step))
				goto done;
			n++;
		} while (eat(r, ','));
		if (!eat(r, ']'))
			goto done;
	}
	char *kept = NULL;
	if (n) {
		kept = rt_arena_alloc(r->a, n * step);
		memcpy(kept, items, n * step);
	}
	*(size_t *)(base + f->quantifier_offset) = n;
	*(void **)(base + f->offset) = kept;
	ok = true;
done:
	free(items);
	return ok;
}

/*
 * libpg_query 15's JSON leaves out an Integer's value unless it is
 * positive: {} stands for 0 and for any negative number. Each such node
 * is counted as unsure, then taken back where the source tells: a
 * constant's text at its location ("-5", "0"), and an array bound, which
 * is -1 ("[]") unless the statement has a "[" not followed by ']' or a
 * nonzero digit (where a "[0]" may hide: those statements stay unsure).
 */
static void resolve_const(reader *r, PgQuery__AConst *c)
{
	if (c->val_case != PG_QUERY__A__CONST__VAL_IVAL || c->ival->ival != 0)
		return;
	if (c->location < 0 || (size_t)c->location >= strlen(r->sql))
		return;
	const char *p = r->sql + c->location;
	bool minus = *p == '-';
	if (minus) {
		p++;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
	}
	if (*p < '0' || *p > '9')
		return;
	char *end;
	long v = strtol(p, &end, 10);
	if (v > INT32_MAX || (*end >= '0' && *end <= '9'))
		return;
	c->ival->ival = (int32_t)(minus ? -v : v);
	r->unsure--;
}

static bool zero_bound_possible(const char *sql)
{
	for (const char *p = strchr(sql, '['); p; p = strchr(p + 1, '[')) {
		const char *q = p + 1;
		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
			q++;
		if (*q != ']' && (*q < '1' || *q > '9'))
			return true;
	}
	return false;
}

static void resolve_bounds(reader *r, PgQuery__TypeName *t)
{
	for (size_t i = 0; i < t->n_array_bounds; i++) {
		Node *b = t->array_bounds[i];
		if (b->node_case != PG_QUERY__NODE__NODE_INTEGER ||
		    b->integer->ival != 0 || zero_bound_possible(r->sql))
			continue;
		b->integer->ival = -1;
		r->unsure--;
	}
}

/* A JSON object into m (initialised). */
static bool message(reader *r, ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	char *base = (char *)m;
	bool ok = false;
	if (++r->depth > r->limit) {
		r->too_deep = true;
		return false;
	}
	if (!eat(r, '{'))
		goto done;
	if (!eat(r, '}')) {
		do {
			blanks(r);
			if (*r->p != '"')
				goto done;
			const char *k = r->p + 1, *e = strchr(k, '"');
			if (!e)
				goto done;
			r->p = e + 1;
			if (!eat(r, ':'))
				goto done;
			const ProtobufCFieldDescriptor *f =
			    find_field(d, k, (size_t)(e - k));
			if (!f)
				goto done;
			if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
				*(uint32_t *)(base + f->quantifier_offset) =
				    f->id;
			if (f->label == PROTOBUF_C_LABEL_REPEATED
				? !array(r, f, base)
				: !value(r, f, base + f->offset))
				goto done;
		} while (eat(r, ','));
		if (!eat(r, '}'))
			goto done;
	}
	if (d == &pg_query__integer__descriptor &&
	    ((PgQuery__Integer *)m)->ival == 0)
		r->unsure++;
	else if (d == &pg_query__a__const__descriptor)
		resolve_const(r, (PgQuery__AConst *)m);
	else if (d == &pg_query__type_name__descriptor)
		resolve_bounds(r, (PgQuery__TypeName *)m);
	ok = true;
done:
	r->depth--;
	return ok;
}

PgQuery__ParseResult *rt_canon_json_tree(rt_arena *a, const char *sql,
					 const char *json, size_t limit,
					 bool *too_deep)
{
	pthread_once(&names.once, build_names);
	/* limit counts levels below the result, as tree_depth does */
	reader r = {json, sql, a, 0, limit + 1, false, 0};
	PgQuery__ParseResult *tree = rt_arena_alloc(a, sizeof(*tree));
	pg_query__parse_result__init(tree);
	bool ok = message(&r, &tree->base) && (blanks(&r), *r.p == '\0');
	*too_deep = r.too_deep;
	return ok && r.unsure == 0 ? tree : NULL;
}
