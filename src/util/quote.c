/*
 * quote.c - see quote.h.
 */
#include "util/quote.h"

#include <string.h>

const char *memsim__quote(char *dst, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t m = n > MEMSIM__QUOTE_SRC_MAX ? MEMSIM__QUOTE_SRC_MAX : n, o = 0;
    for (size_t i = 0; i < m; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f) {
            dst[o++] = (char)c;
        } else {
            dst[o++] = '\\';
            dst[o++] = 'x';
            dst[o++] = hex[c >> 4];
            dst[o++] = hex[c & 15];
        }
    }
    if (n > m) {
        memcpy(dst + o, "...", 3);
        o += 3;
    }
    dst[o] = '\0';
    return dst;
}
