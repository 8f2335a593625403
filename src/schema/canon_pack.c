/* SPDX-License-Identifier: MIT */
/*
 * Packing a parse tree (protobuf-c structs of pg_query.proto) for
 * libpg_query's deparser, the bytes protobuf_c_message_pack writes, in time
 * linear in the tree: protobuf-c looks at every member of each Node's
 * oneof (a Node has a field for every kind of node) and sizes every
 * sub-message again at each level above it. Here a first pass sizes each
 * message once, in pre-order slots, and the second writes.
 */
#include "base/common.h"
#include "schema/canon_pack.h"
#include "schema/canon_parse.h"

#include <pg_query/pg_query.pb-c.h>

typedef struct packer {
	size_t *sizes; /* message sizes, in pre-order */
	size_t n, cap, next;
	uint8_t *out;
} packer;

/* The fields of m to pack: a Node's one member, or all of them. */
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

static size_t varint_len(uint64_t v)
{
	size_t n = 1;
	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static int wire_type(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_DOUBLE:
		return 1;
	case PROTOBUF_C_TYPE_STRING:
	case PROTOBUF_C_TYPE_BYTES:
	case PROTOBUF_C_TYPE_MESSAGE:
		return 2;
	case PROTOBUF_C_TYPE_FIXED32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_FLOAT:
		return 5;
	default:
		return 0;
	}
}

size_t rt_canon_pack_c_size(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_MESSAGE:
	case PROTOBUF_C_TYPE_STRING:
		return sizeof(void *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
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

/* A varint-coded scalar at p as the unsigned value written. */
static uint64_t varint_value(const ProtobufCFieldDescriptor *f, const void *p)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_ENUM:
		return (uint64_t)(int64_t) * (const int32_t *)p;
	case PROTOBUF_C_TYPE_SINT32: {
		int32_t v = *(const int32_t *)p;
		return (uint32_t)(((uint32_t)v << 1) ^ (uint32_t)(v >> 31));
	}
	case PROTOBUF_C_TYPE_UINT32:
		return *(const uint32_t *)p;
	case PROTOBUF_C_TYPE_BOOL:
		return *(const protobuf_c_boolean *)p ? 1 : 0;
	case PROTOBUF_C_TYPE_SINT64: {
		int64_t v = *(const int64_t *)p;
		return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
	}
	default: /* int64, uint64 */
		return *(const uint64_t *)p;
	}
}

bool rt_canon_pack_is_default(const ProtobufCFieldDescriptor *f, const void *v)
{
	const char *p = v;
	switch (f->type) {
	case PROTOBUF_C_TYPE_MESSAGE:
		return *(void *const *)p == NULL;
	case PROTOBUF_C_TYPE_STRING: {
		const char *s = *(char *const *)p;
		return !s || !*s;
	}
	case PROTOBUF_C_TYPE_BYTES:
		return ((const ProtobufCBinaryData *)p)->len == 0;
	default:
		for (size_t i = 0; i < rt_canon_pack_c_size(f); i++)
			if (p[i])
				return false;
		return true;
	}
}

/* Whether field f of the message at base is written. */
static bool present(const ProtobufCFieldDescriptor *f, const char *base)
{
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
		if (*(const uint32_t *)(base + f->quantifier_offset) != f->id)
			return false;
		/* a oneof member is written even at its default, but not a
		 * NULL message or string */
		return !((f->type == PROTOBUF_C_TYPE_MESSAGE ||
			  f->type == PROTOBUF_C_TYPE_STRING) &&
			 *(void *const *)(base + f->offset) == NULL);
	}
	if (f->label == PROTOBUF_C_LABEL_REPEATED)
		return *(const size_t *)(base + f->quantifier_offset) > 0;
	return !rt_canon_pack_is_default(f, base + f->offset);
}

static size_t size_message(packer *k, const ProtobufCMessage *m);

/* Bytes of one value of f at p, without the key. */
static size_t size_value(packer *k, const ProtobufCFieldDescriptor *f,
			 const char *p)
{
	size_t n;
	switch (f->type) {
	case PROTOBUF_C_TYPE_MESSAGE: {
		const ProtobufCMessage *sub = *(ProtobufCMessage *const *)p;
		n = sub ? size_message(k, sub) : 0;
		return varint_len(n) + n;
	}
	case PROTOBUF_C_TYPE_STRING: {
		const char *s = *(char *const *)p;
		n = s ? strlen(s) : 0;
		return varint_len(n) + n;
	}
	case PROTOBUF_C_TYPE_BYTES:
		n = ((const ProtobufCBinaryData *)p)->len;
		return varint_len(n) + n;
	default:
		switch (wire_type(f->type)) {
		case 1:
			return 8;
		case 5:
			return 4;
		default:
			return varint_len(varint_value(f, p));
		}
	}
}

/* Bytes of a packed repeated scalar's payload. */
static size_t size_packed(packer *k, const ProtobufCFieldDescriptor *f,
			  const char *arr, size_t cnt)
{
	size_t n = 0;
	for (size_t i = 0; i < cnt; i++)
		n += size_value(k, f, arr + i * rt_canon_pack_c_size(f));
	return n;
}

static size_t size_message(packer *k, const ProtobufCMessage *m)
{
	const char *base = (const char *)m;
	unsigned nf;
	const ProtobufCFieldDescriptor *fs = fields_of(m, &nf);
	size_t slot = k->n, total = 0;
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 64;
		k->sizes = rt_xrealloc(k->sizes, k->cap * sizeof(size_t));
	}
	k->n++;
	for (unsigned i = 0; i < nf; i++) {
		const ProtobufCFieldDescriptor *f = &fs[i];
		if (!present(f, base))
			continue;
		size_t key = varint_len((uint64_t)f->id << 3);
		if (f->label != PROTOBUF_C_LABEL_REPEATED) {
			total += key + size_value(k, f, base + f->offset);
			continue;
		}
		size_t cnt = *(const size_t *)(base + f->quantifier_offset);
		const char *arr = *(char *const *)(base + f->offset);
		if (f->flags & PROTOBUF_C_FIELD_FLAG_PACKED) {
			size_t n = size_packed(k, f, arr, cnt);
			total += key + varint_len(n) + n;
		} else {
			for (size_t j = 0; j < cnt; j++)
				total += key +
					 size_value(
					     k, f,
					     arr + j * rt_canon_pack_c_size(f));
		}
	}
	k->sizes[slot] = total;
	return total;
}

static void put_varint(packer *k, uint64_t v)
{
	while (v >= 0x80) {
		*k->out++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*k->out++ = (uint8_t)v;
}

static void write_message(packer *k, const ProtobufCMessage *m);

static void write_value(packer *k, const ProtobufCFieldDescriptor *f,
			const char *p)
{
	size_t n;
	switch (f->type) {
	case PROTOBUF_C_TYPE_MESSAGE: {
		const ProtobufCMessage *sub = *(ProtobufCMessage *const *)p;
		if (!sub) {
			put_varint(k, 0);
			return;
		}
		put_varint(k, k->sizes[k->next]);
		write_message(k, sub);
		return;
	}
	case PROTOBUF_C_TYPE_STRING: {
		const char *s = *(char *const *)p;
		n = s ? strlen(s) : 0;
		put_varint(k, n);
		memcpy(k->out, s ? s : "", n);
		k->out += n;
		return;
	}
	case PROTOBUF_C_TYPE_BYTES: {
		const ProtobufCBinaryData *d = (const ProtobufCBinaryData *)p;
		put_varint(k, d->len);
		if (d->len)
			memcpy(k->out, d->data, d->len);
		k->out += d->len;
		return;
	}
	default:
		switch (wire_type(f->type)) {
		case 1: /* little-endian, as protobuf-c on this platform */
			memcpy(k->out, p, 8);
			k->out += 8;
			return;
		case 5:
			memcpy(k->out, p, 4);
			k->out += 4;
			return;
		default:
			put_varint(k, varint_value(f, p));
		}
	}
}

static void write_message(packer *k, const ProtobufCMessage *m)
{
	const char *base = (const char *)m;
	unsigned nf;
	const ProtobufCFieldDescriptor *fs = fields_of(m, &nf);
	k->next++;
	for (unsigned i = 0; i < nf; i++) {
		const ProtobufCFieldDescriptor *f = &fs[i];
		if (!present(f, base))
			continue;
		int wt = wire_type(f->type);
		if (f->label != PROTOBUF_C_LABEL_REPEATED) {
			put_varint(k, ((uint64_t)f->id << 3) | (uint64_t)wt);
			write_value(k, f, base + f->offset);
			continue;
		}
		size_t cnt = *(const size_t *)(base + f->quantifier_offset);
		const char *arr = *(char *const *)(base + f->offset);
		if (f->flags & PROTOBUF_C_FIELD_FLAG_PACKED) {
			put_varint(k, ((uint64_t)f->id << 3) | 2);
			put_varint(k, size_packed(k, f, arr, cnt));
			for (size_t j = 0; j < cnt; j++)
				write_value(k, f,
					    arr + j * rt_canon_pack_c_size(f));
		} else {
			for (size_t j = 0; j < cnt; j++) {
				put_varint(k, ((uint64_t)f->id << 3) |
						  (uint64_t)wt);
				write_value(k, f,
					    arr + j * rt_canon_pack_c_size(f));
			}
		}
	}
}

uint8_t *rt_canon_pack(size_t *len_out, const ProtobufCMessage *m)
{
	packer k = {0};
	size_t len = size_message(&k, m);
	uint8_t *buf = rt_xmalloc(len ? len : 1);
	k.out = buf;
	write_message(&k, m);
	RT_ASSERT((size_t)(k.out - buf) == len);
	free(k.sizes);
	*len_out = len;
	return buf;
}
