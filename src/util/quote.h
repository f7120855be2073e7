/*
 * quote.h - shows untrusted bytes inside a one-line error message: printable
 * ASCII as is, every other byte as \xNN, at most MEMSIM__QUOTE_SRC_MAX bytes
 * and then "...". Used by the trace readers and the configuration loader, so a
 * newline or binary garbage in the input never breaks a message in two.
 */
#ifndef MEMSIM_UTIL_QUOTE_H
#define MEMSIM_UTIL_QUOTE_H

#include <stddef.h>

#define MEMSIM__QUOTE_SRC_MAX 64u
#define MEMSIM__QUOTE_CAP     (MEMSIM__QUOTE_SRC_MAX * 4u + 4u)

/* Writes the quoted form of the n bytes at s into dst (MEMSIM__QUOTE_CAP bytes);
 * returns dst. */
const char *memsim__quote(char *dst, const char *s, size_t n);

#endif
