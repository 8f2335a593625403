/* SPDX-License-Identifier: MIT */
/*
 * libpg_query's parser and deparser without its protobuf wire format.
 *
 * pg_query_parse_protobuf runs PostgreSQL's raw parser, converts the Node
 * trees into the protobuf-c structs of pg_query.pb-c.h (a linear walk),
 * then packs those (protobuf-c sizes a Node by looking at all ~250
 * members of its oneof, again at every level above it) and the caller
 * unpacks them again. pg_query_deparse_protobuf unpacks, converts the
 * structs back into Node trees and deparses. The packing and unpacking
 * are most of the cost, and a caller that works on the structs needs
 * neither.
 *
 * libpg_query's own functions reach the packing and unpacking through
 * the exported pg_query__parse_result__get_packed_size, __pack, __unpack
 * and __free_unpacked, called through its PLT, so definitions here take
 * their place in the process (ELF symbol interposition, as for malloc).
 * Each behaves exactly as libpg_query's own, protobuf-c's generic
 * functions on the ParseResult descriptor, unless this thread has asked
 * for a hand-over:
 *
 *   parse:   pg_query_raw_parse, then pg_query_nodes_to_protobuf with a
 *            capture set: get_packed_size takes the ParseResult that
 *            libpg_query built (in its memory context) and reports 0
 *            bytes, pack writes nothing. The tree is copied into the
 *            caller's arena (bounded depth) before the context goes.
 *   deparse: pg_query_deparse_protobuf with a tree handed over: unpack
 *            returns that tree instead of reading bytes, free_unpacked
 *            leaves it alone.
 *
 * Whether the hand-over happened is checked on every call; a library that
 * does not call through these symbols (linked -Bsymbolic, say) makes the
 * parse report RT_PARSE_NOT_HERE (its callers then use libpg_query's JSON
 * output) and the deparse pack its input, as before.
 */
#include "base/common.h"
#include "schema/canon_parse.h"
#include "schema/canon_pack.h"

#include <pthread.h>
#include <stdatomic.h>

/* From libpg_query's pg_query_internal.h, which needs PostgreSQL's server
 * headers for List and MemoryContext; both are only passed along here. */
typedef struct raw_parse {
	void *tree; /* List * of RawStmt */
	char *stderr_buffer;
	PgQueryError *error;
} raw_parse;

raw_parse pg_query_raw_parse(const char *input);
void pg_query_free_error(PgQueryError *error);
void *pg_query_enter_memory_context(void);
void pg_query_exit_memory_context(void *ctx);
PgQueryProtobuf pg_query_nodes_to_protobuf(const void *obj);

/* This thread's hand-over state. */
static _Thread_local struct {
	bool capture;		  /* parse: take the next ParseResult */
	bool captured;		  /* ... and it was taken */
	PgQuery__ParseResult got; /* its top level (the rest: pg memory) */
	const void *give;	  /* deparse: unpack returns this */
	const void *given;	  /* ... and has: free_unpacked skips it */
} hand;

/* 1 when a hand-over failed once: libpg_query does not call through the
 * interposed symbols, so no later call tries. */
static atomic_int not_here;

/* ---- the interposed functions (pg_query.pb-c.h declares them) -------- */

size_t
pg_query__parse_result__get_packed_size(const PgQuery__ParseResult *message)
{
	if (hand.capture) {
		hand.got = *message;
		hand.captured = true;
		return 0;
	}
	return protobuf_c_message_get_packed_size(
	    (const ProtobufCMessage *)message);
}

size_t pg_query__parse_result__pack(const PgQuery__ParseResult *message,
				    uint8_t *out)
{
	if (hand.capture)
		return 0;
	return protobuf_c_message_pack((const ProtobufCMessage *)message, out);
}

PgQuery__ParseResult *
pg_query__parse_result__unpack(ProtobufCAllocator *allocator, size_t len,
			       const uint8_t *data)
{
	if (hand.give) {
		hand.given = hand.give;
		hand.give = NULL;
		return (PgQuery__ParseResult *)hand.given;
	}
	return (PgQuery__ParseResult *)protobuf_c_message_unpack(
	    &pg_query__parse_result__descriptor, allocator, len, data);
}

void pg_query__parse_result__free_unpacked(PgQuery__ParseResult *message,
					   ProtobufCAllocator *allocator)
{
	if (!message)
		return;
	if (message == hand.given) {
		hand.given = NULL;
		return;
	}
	protobuf_c_message_free_unpacked((ProtobufCMessage *)message,
					 allocator);
}

/* ---- copying a tree into an arena ------------------------------------ */

typedef struct copier {
	rt_arena *a;
	size_t depth, limit;
	bool too_deep;
} copier;

/* Size of one element of a repeated scalar field in its C array. */
static size_t scalar_size(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_DOUBLE:
		return 8;
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	default:
		return 4;
	}
}

static char *copy_str(copier *c, const char *s)
{
	if (!s || s == protobuf_c_empty_string)
		return (char *)s;
	return rt_arena_strdup(c->a, s);
}

/* The fields of m that hold something: a Node's one member (the field
 * numbered node_case), any other message's every field. */
static const ProtobufCFieldDescriptor *fields_of(const ProtobufCMessage *m,
						 unsigned *n)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__node__descriptor) {
		const ProtobufCFieldDescriptor *f =
		    rt_canon_node_field((const PgQuery__Node *)m);
		*n = f ? 1 : 0;
		return f;
	}
	*n = d->n_fields;
	return d->fields;
}

/* m and everything below it, in c->a; NULL (c->too_deep set) when it
 * nests deeper than c->limit. */
static ProtobufCMessage *copy_msg(copier *c, const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	ProtobufCMessage *out = NULL;
	if (++c->depth > c->limit) {
		c->too_deep = true;
		goto done;
	}
	out = rt_arena_alloc(c->a, d->sizeof_message);
	memcpy(out, m, d->sizeof_message);
	char *base = (char *)out;
	unsigned nf;
	const ProtobufCFieldDescriptor *fs = fields_of(m, &nf);
	for (unsigned i = 0; i < nf; i++) {
		const ProtobufCFieldDescriptor *f = &fs[i];
		void *at = base + f->offset;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)(base + f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n =
			    *(const size_t *)(base + f->quantifier_offset);
			if (!n || !*(void **)at)
				continue;
			if (f->type == PROTOBUF_C_TYPE_MESSAGE ||
			    f->type == PROTOBUF_C_TYPE_STRING) {
				void **from = *(void **)at;
				void **to =
				    rt_arena_alloc(c->a, n * sizeof(*to));
				for (size_t k = 0; k < n; k++) {
					if (f->type == PROTOBUF_C_TYPE_STRING)
						to[k] = copy_str(c, from[k]);
					else if (from[k] && !(to[k] = copy_msg(
								  c, from[k])))
						goto done;
					else if (!from[k])
						to[k] = NULL;
				}
				*(void **)at = to;
			} else {
				size_t sz = n * scalar_size(f);
				void *to = rt_arena_alloc(c->a, sz);
				memcpy(to, *(void **)at, sz);
				*(void **)at = to;
			}
		} else if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
			const ProtobufCMessage *sub = *(ProtobufCMessage **)at;
			if (sub &&
			    !(*(ProtobufCMessage **)at = copy_msg(c, sub)))
				goto done;
		} else if (f->type == PROTOBUF_C_TYPE_STRING) {
			*(char **)at = copy_str(c, *(char **)at);
		}
	}
	c->depth--;
	return out;
done:
	c->depth--;
	return NULL;
}

/*
 * The message-typed fields of each message type of pg_query.proto, found
 * once (from the ParseResult's descriptor down): a walk that only descends
 * looks at those instead of every field. A table keyed by descriptor
 * address, open addressing; a descriptor not in it (none should be) is
 * walked field by field.
 */
#define SUBS_SLOTS 1024
static struct subs {
	const ProtobufCMessageDescriptor *d;
	unsigned n, n_kept;
	const ProtobufCFieldDescriptor **f;    /* n message fields */
	const ProtobufCFieldDescriptor **kept; /* n_kept but locations */
} subs_table[SUBS_SLOTS];
static pthread_once_t subs_once = PTHREAD_ONCE_INIT;

static size_t subs_slot(const ProtobufCMessageDescriptor *d)
{
	return ((uintptr_t)d >> 4) * 0x9e3779b97f4a7c15ULL >> 54; /* 10 bits */
}

static const struct subs *subs_of(const ProtobufCMessageDescriptor *d)
{
	for (size_t i = subs_slot(d), k = 0; k < SUBS_SLOTS;
	     i = (i + 1) % SUBS_SLOTS, k++) {
		if (subs_table[i].d == d)
			return &subs_table[i];
		if (!subs_table[i].d)
			return NULL;
	}
	return NULL;
}

static void subs_add(const ProtobufCMessageDescriptor *d)
{
	size_t i = subs_slot(d), k = 0;
	for (; k < SUBS_SLOTS && subs_table[i].d; i = (i + 1) % SUBS_SLOTS, k++)
		if (subs_table[i].d == d)
			return;
	if (k == SUBS_SLOTS || k + 1 >= SUBS_SLOTS / 2)
		return; /* full: walked field by field */
	struct subs *e = &subs_table[i];
	e->d = d;
	e->f = rt_xcalloc(d->n_fields ? d->n_fields : 1, sizeof(*e->f));
	e->kept = rt_xcalloc(d->n_fields ? d->n_fields : 1, sizeof(*e->kept));
	for (unsigned j = 0; j < d->n_fields; j++) {
		const ProtobufCFieldDescriptor *f = &d->fields[j];
		if (f->type == PROTOBUF_C_TYPE_MESSAGE)
			e->f[e->n++] = f;
		if (f->type != PROTOBUF_C_TYPE_INT32 ||
		    (strcmp(f->name, "location") != 0 &&
		     strcmp(f->name, "stmt_location") != 0 &&
		     strcmp(f->name, "stmt_len") != 0))
			e->kept[e->n_kept++] = f;
	}
	for (unsigned j = 0; j < e->n; j++)
		subs_add(e->f[j]->descriptor);
}

static void subs_build(void)
{
	subs_add(&pg_query__parse_result__descriptor);
}

const ProtobufCFieldDescriptor *const *
rt_canon_kept_fields(const ProtobufCMessageDescriptor *d, unsigned *n)
{
	pthread_once(&subs_once, subs_build);
	const struct subs *sb = subs_of(d);
	if (!sb)
		return NULL;
	*n = sb->n_kept;
	return sb->kept;
}

/* Whether m nests at most limit levels (m itself the first). */
static bool depth_ok(const ProtobufCMessage *m, size_t limit)
{
	if (limit == 0)
		return false;
	const char *base = (const char *)m;
	if (m->descriptor == &pg_query__node__descriptor) {
		unsigned nf;
		const ProtobufCFieldDescriptor *f = fields_of(m, &nf);
		const ProtobufCMessage *sub =
		    nf ? *(const ProtobufCMessage *const *)(base + f->offset)
		       : NULL;
		return !sub || f->type != PROTOBUF_C_TYPE_MESSAGE ||
		       depth_ok(sub, limit - 1);
	}
	const struct subs *sb = subs_of(m->descriptor);
	unsigned nf = sb ? sb->n : m->descriptor->n_fields;
	for (unsigned i = 0; i < nf; i++) {
		const ProtobufCFieldDescriptor *f =
		    sb ? sb->f[i] : &m->descriptor->fields[i];
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		const void *at = base + f->offset;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)(base + f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n =
			    *(const size_t *)(base + f->quantifier_offset);
			const ProtobufCMessage *const *arr =
			    *(const ProtobufCMessage *const *const *)at;
			for (size_t k = 0; k < n; k++)
				if (arr[k] && !depth_ok(arr[k], limit - 1))
					return false;
		} else {
			const ProtobufCMessage *sub =
			    *(const ProtobufCMessage *const *)at;
			if (sub && !depth_ok(sub, limit - 1))
				return false;
		}
	}
	return true;
}

/* ---- parse ------------------------------------------------------------ */

void rt_canon_parse_release(rt_parse_hold *hold)
{
	if (hold->ctx)
		pg_query_exit_memory_context(hold->ctx);
	hold->ctx = NULL;
}

rt_parse_rc rt_canon_parse(rt_arena *a, const char *sql, size_t limit,
			   PgQuery__ParseResult **tree, const char **msg,
			   int *cursorpos, rt_parse_hold *hold)
{
	rt_parse_rc rc;
	*tree = NULL;
	*msg = "";
	*cursorpos = 0;
	if (hold)
		hold->ctx = NULL;
	if (atomic_load(&not_here))
		return RT_PARSE_NOT_HERE;
	void *ctx = pg_query_enter_memory_context();
	raw_parse r = pg_query_raw_parse(sql);
	free(r.stderr_buffer);
	if (r.error) {
		*msg = rt_arena_strdup(a, r.error->message);
		*cursorpos = r.error->cursorpos;
		pg_query_free_error(r.error);
		rc = RT_PARSE_ERROR;
		goto done;
	}
	hand.capture = true;
	hand.captured = false;
	PgQueryProtobuf pb = pg_query_nodes_to_protobuf(r.tree);
	hand.capture = false;
	free(pb.data);
	if (!hand.captured) {
		atomic_store(&not_here, 1);
		rc = RT_PARSE_NOT_HERE;
		goto done;
	}
	/* limit counts levels below the result, as the loader's tree_depth
	 * does: the result itself is one more */
	limit = limit < SIZE_MAX ? limit + 1 : limit;
	if (hold) {
		pthread_once(&subs_once, subs_build);
		if (!depth_ok(&hand.got.base, limit)) {
			rc = RT_PARSE_TOO_DEEP;
			goto done;
		}
		PgQuery__ParseResult *top = rt_arena_alloc(a, sizeof(*top));
		*top = hand.got;
		*tree = top;
		hold->ctx = ctx;
		memset(&hand.got, 0, sizeof(hand.got));
		return RT_PARSE_OK;
	}
	copier c = {a, 0, limit, false};
	*tree = (PgQuery__ParseResult *)copy_msg(&c, &hand.got.base);
	rc = c.too_deep ? RT_PARSE_TOO_DEEP : RT_PARSE_OK;
	if (c.too_deep)
		*tree = NULL;
done:
	memset(&hand.got, 0, sizeof(hand.got));
	pg_query_exit_memory_context(ctx);
	return rc;
}

bool rt_canon_parses(const char *sql)
{
	void *ctx = pg_query_enter_memory_context();
	raw_parse r = pg_query_raw_parse(sql);
	bool ok = r.error == NULL;
	free(r.stderr_buffer);
	if (r.error)
		pg_query_free_error(r.error);
	pg_query_exit_memory_context(ctx);
	return ok;
}

/* ---- deparse ---------------------------------------------------------- */

/* Whether the deparser can read m as it is: what packing would settle is
 * not there (a string or a Node's member missing, an empty slot in a
 * list), since libpg_query's reader takes both as present. */
static bool readable(const ProtobufCMessage *m)
{
	const char *base = (const char *)m;
	unsigned nf;
	const ProtobufCFieldDescriptor *fs = fields_of(m, &nf);
	if (m->descriptor == &pg_query__node__descriptor &&
	    ((const PgQuery__Node *)m)->node_case != 0 && nf == 0)
		return false;
	for (unsigned i = 0; i < nf; i++) {
		const ProtobufCFieldDescriptor *f = &fs[i];
		const void *at = base + f->offset;
		if (f->type != PROTOBUF_C_TYPE_MESSAGE &&
		    f->type != PROTOBUF_C_TYPE_STRING)
			continue;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)(base + f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n =
			    *(const size_t *)(base + f->quantifier_offset);
			const void *const *arr = *(const void *const *)at;
			if (n && !arr)
				return false;
			for (size_t k = 0; k < n; k++)
				if (!arr[k] ||
				    (f->type == PROTOBUF_C_TYPE_MESSAGE &&
				     !readable(arr[k])))
					return false;
			continue;
		}
		const void *v = *(const void *const *)at;
		if (f->type == PROTOBUF_C_TYPE_STRING) {
			if (!v)
				return false;
		} else if (v) {
			if (!readable(v))
				return false;
		} else if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			return false; /* chosen but missing */
		}
	}
	return true;
}

static PgQueryDeparseResult deparse_packed(const PgQuery__ParseResult *tree)
{
	size_t len;
	uint8_t *buf = rt_canon_pack(&len, &tree->base);
	PgQueryProtobuf pb = {len, (char *)buf};
	PgQueryDeparseResult d = pg_query_deparse_protobuf(pb);
	free(buf);
	return d;
}

PgQueryDeparseResult rt_canon_deparse(const PgQuery__ParseResult *tree)
{
	if (atomic_load(&not_here) || !readable(&tree->base))
		return deparse_packed(tree);
	hand.give = tree;
	hand.given = NULL;
	PgQueryProtobuf none = {0, NULL};
	PgQueryDeparseResult d = pg_query_deparse_protobuf(none);
	bool handed = hand.give == NULL;
	hand.give = NULL;
	hand.given = NULL;
	if (handed)
		return d;
	/* libpg_query read the (empty) bytes itself: not through the
	 * interposed unpack, so never again */
	atomic_store(&not_here, 1);
	pg_query_free_deparse_result(d);
	return deparse_packed(tree);
}

bool rt_canon_direct(void)
{
	return !atomic_load(&not_here);
}
