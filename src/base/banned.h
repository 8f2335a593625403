/* SPDX-License-Identifier: MIT */
/*
 * Functions that are too easy to misuse. Using one is a compile error
 * (as in git's banned.h): use rt_buf, snprintf or strtol instead.
 */
#ifndef RT_BASE_BANNED_H
#define RT_BASE_BANNED_H

#define RT_BANNED(func) sorry_##func##_is_banned_in_retort

#undef strcpy
#define strcpy(x, y) RT_BANNED(strcpy)
#undef strcat
#define strcat(x, y) RT_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) RT_BANNED(strncpy)
#undef sprintf
#define sprintf(...) RT_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) RT_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) RT_BANNED(strtok)
#undef atoi
#define atoi(x) RT_BANNED(atoi)

#endif
