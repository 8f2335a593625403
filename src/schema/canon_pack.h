/* SPDX-License-Identifier: MIT */
/*
 * Packing a parse tree for libpg_query's deparser (canon_pack.c): the
 * bytes protobuf_c_message_pack writes, in time linear in the tree. Used
 * by canon.c and the SQL loader, the two places that deparse.
 */
#ifndef RT_SCHEMA_CANON_PACK_H
#define RT_SCHEMA_CANON_PACK_H

#include "base/common.h"

#include <protobuf-c/protobuf-c.h>

/* m (a protobuf-c message of pg_query.proto) packed; *len_out its size.
 * The caller frees the result. */
uint8_t *rt_canon_pack(size_t *len_out, const ProtobufCMessage *m);

/* Size of one element of field f in its C array (or of the field). */
size_t rt_canon_pack_c_size(const ProtobufCFieldDescriptor *f);

/* true when the plain (not repeated, not oneof) field f at p holds its
 * default, which protobuf leaves out of the packed bytes. */
bool rt_canon_pack_is_default(const ProtobufCFieldDescriptor *f, const void *p);

#endif
