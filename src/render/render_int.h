/* SPDX-License-Identifier: MIT */
/* Shared inside src/render/ only: one dialect's statement writer. */
#ifndef RT_RENDER_RENDER_INT_H
#define RT_RENDER_RENDER_INT_H

#include "base/common.h"
#include "render/render.h"

/* Appends st as one PostgreSQL statement, without the ';'. */
int rt_render__pg_step(rt_buf *b, const rt_step *st, rt_error *err);

#endif
