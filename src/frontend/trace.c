/*
 * trace.c - streamed readers for request traces: memsim's own format and the
 * load/store traces of Ramulator 2, DRAMsim3 and DRAMSys (described from
 * their observed behaviour in docs/trace-formats.md; no code taken from them).
 *
 *   memsim    : <arrival_cycle> R|W <hex_addr> [bytes]   arrivals non-decreasing
 *   ramulator : LD|ST <addr>                  (0x-hex or decimal; arrival ASAP)
 *   dramsim3  : <hex_addr> <op> <arrival>     (past arrivals clamped)
 *   dramsys   : <time>: [(len)] read|write <hex_addr> [data...]   (past clamped)
 *
 * Invariants and why:
 *  - Constant memory whatever the trace length: one read buffer of
 *    TRACE_BUF_CAP bytes allocated at open; a line is a (pointer, length)
 *    view into it, never copied or allocated. The buffer is larger than the
 *    longest line (TRACE_LINE_MAX) so that a line never straddles a refill:
 *    the unread tail is moved to the front first. Reading 64 KiB at a time
 *    and finding line ends with memchr keeps the per-line cost to a few
 *    dozen instructions (no getline, no sscanf, no strtoull), which matters
 *    because parsing is the hot path of a trace run.
 *  - The last line is taken exactly once, with or without a final newline:
 *    end of file is detected from what fread returned, never tested before
 *    reading (the pattern that makes one peer replay its last line).
 *  - Every malformed line yields exactly one line of message
 *    "<path>:<line>: <what was expected>"; bytes that are not printable
 *    ASCII are shown as \xNN so a binary file cannot break the message over
 *    lines. Errors are sticky (see source_impl.h).
 *  - Numbers are parsed by hand with explicit overflow checks; a leading '-'
 *    is reported as negative; arrival UINT64_MAX is refused because it is
 *    MEMSIM_ASAP.
 *  - "-" reads stdin (shown as "<stdin>" in messages), which stays open and
 *    owned by the caller. fread fills whole 64 KiB blocks, so a slow live
 *    producer is consumed block by block, not line by line.
 *  - A UTF-8 byte-order mark before the first line is skipped.
 *
 * Auto-detection looks at the first request line only, in this order:
 *   1. first field is LD or ST                     -> ramulator
 *   2. first field ends with ':'                   -> dramsys
 *   3. second field is a DRAMsim3 op (READ, ...)   -> dramsim3
 *   4. second field is R or W (any case)           -> memsim
 * The rules are disjoint on well-formed lines (a number never equals LD/ST
 * nor ends with ':'; R/W is never a DRAMsim3 op), so the order only decides
 * which format's message a malformed line gets.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/source_impl.h"
#include "util/quote.h"

#define TRACE_LINE_MAX    4095u         /* bytes per line, line terminator excluded */
#define TRACE_BUF_CAP     (64u * 1024u) /* read buffer; must exceed TRACE_LINE_MAX + 2 */
#define TRACE_ERR_EXTRA   768u          /* message room beyond the path's length */
#define TRACE_FIELDS_KEPT 6             /* fields remembered per line; more are only counted */

/* ORDER TRACEFMT: indexed by memsim_trace_format. */
static const char *const format_names[] = {"auto", "memsim", "ramulator", "dramsim3", "dramsys"};
_Static_assert(sizeof format_names / sizeof format_names[0] == MEMSIM_TRACE_DRAMSYS + 1,
               "format_names out of step with memsim_trace_format");
_Static_assert(TRACE_BUF_CAP > TRACE_LINE_MAX + 2, "read buffer must hold a whole line");

/* DRAMsim3 op names (its own READ/WRITE plus the names found in its users'
 * traces). Anything else is an error rather than silently a read. */
static const struct {
    const char *name;
    uint8_t len, is_write;
} dramsim3_ops[] = {
    {"READ", 4, 0},  {"read", 4, 0},  {"P_MEM_RD", 8, 0}, {"P_FETCH", 7, 0},
    {"WRITE", 5, 1}, {"write", 5, 1}, {"P_MEM_WR", 8, 1}, {"BOFF", 4, 1},
};

/* Character classes, as tables because these tests run on every byte of a
 * trace. hex_value holds digit value + 1, so 0 means "not a hex digit". */
static const unsigned char space_class[256] = {
    [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\v'] = 1, ['\f'] = 1};
static const unsigned char hex_value[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
    ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16};

typedef struct field {
    const char *s;
    size_t n;
} field;

enum num_result { NUM_OK = 0, NUM_BAD, NUM_NEGATIVE, NUM_RANGE };

int memsim_trace_format_from_name(const char *name)
{
    if (!name) return -1;
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if (strcmp(name, format_names[i]) == 0) return (int)i;
    return -1;
}

/* ------------------------------------------------------------------ */
/* Messages                                                            */
/* ------------------------------------------------------------------ */

/* A bad field, quoted for a one-line message (util/quote.h). */
static const char *quote(char *dst, field f)
{
    return memsim__quote(dst, f.s, f.n);
}

/* Sets "<path>:<line>: <message>", makes it sticky. @return @p st. */
static memsim_status fail_line(memsim_source *src, memsim_status st, const char *fmt, ...)
    MEMSIM__PRINTF(3, 4);
static memsim_status fail_line(memsim_source *src, memsim_status st, const char *fmt, ...)
{
    memsim__trace_state *t = &src->u.trace;
    va_list ap;
    /* err_cap exceeds the path's length by TRACE_ERR_EXTRA, so k < err_cap. */
    int k = snprintf(src->err, src->err_cap, "%s:%" PRIu64 ": ", t->path, t->line_no);
    if (k > 0 && (size_t)k < src->err_cap) {
        va_start(ap, fmt);
        vsnprintf(src->err + k, src->err_cap - (size_t)k, fmt, ap);
        va_end(ap);
    }
    t->sticky = st;
    return st;
}

/* Reports a number that did not parse. @p kind says what was expected. */
static memsim_status fail_number(memsim_source *src, enum num_result r, const char *what,
                                 const char *kind, field f)
{
    char q[MEMSIM__QUOTE_CAP];
    quote(q, f);
    if (r == NUM_RANGE) return fail_line(src, MEMSIM_E_PARSE, "number '%s' is out of range", q);
    if (r == NUM_NEGATIVE) return fail_line(src, MEMSIM_E_PARSE, "%s '%s' is negative", what, q);
    return fail_line(src, MEMSIM_E_PARSE, "%s '%s' is not a %s", what, q, kind);
}

static memsim_status fail_field(memsim_source *src, const char *expected, field f)
{
    char q[MEMSIM__QUOTE_CAP];
    return fail_line(src, MEMSIM_E_PARSE, "expected %s, got '%s'", expected, quote(q, f));
}

/* ------------------------------------------------------------------ */
/* Fields and numbers                                                  */
/* ------------------------------------------------------------------ */

static int is_space(unsigned char c)
{
    return space_class[c];
}

/* Splits s[0..n) at white space; keeps the first @p max fields in @p f.
 * @return the number of fields on the line (may exceed max). */
static size_t split_fields(const char *s, size_t n, field *f, size_t max)
{
    size_t count = 0, i = 0;
    for (;;) {
        size_t start;
        while (i < n && is_space((unsigned char)s[i]))
            i++;
        if (i == n) return count;
        start = i;
        while (i < n && !is_space((unsigned char)s[i]))
            i++;
        if (count < max) {
            f[count].s = s + start;
            f[count].n = i - start;
        }
        count++;
    }
}

static int field_is(field f, const char *lit, size_t len)
{
    return f.n == len && memcmp(f.s, lit, len) == 0;
}

static int is_negative(field f)
{
    return f.n >= 2 && f.s[0] == '-' && (unsigned)(f.s[1] - '0') <= 9;
}

/* Decimal digits only. All digits are checked before overflow is reported,
 * so "1e99999999999999999999" is "not a number" rather than "out of range". */
static enum num_result parse_dec(field f, uint64_t *out)
{
    uint64_t v = 0;
    int overflow = 0;
    if (f.n == 0) return NUM_BAD;
    if (f.n < 20) { /* UINT64_MAX has 20 digits: no overflow to check */
        for (size_t i = 0; i < f.n; i++) {
            unsigned d = (unsigned)(unsigned char)f.s[i] - '0';
            if (d > 9) return is_negative(f) ? NUM_NEGATIVE : NUM_BAD;
            v = v * 10 + d;
        }
        *out = v;
        return NUM_OK;
    }
    for (size_t i = 0; i < f.n; i++) {
        unsigned d = (unsigned)(unsigned char)f.s[i] - '0';
        if (d > 9) return is_negative(f) ? NUM_NEGATIVE : NUM_BAD;
        /* UINT64_MAX = 18446744073709551615: v*10 + d fits iff this holds. */
        if (v > UINT64_MAX / 10 || (v == UINT64_MAX / 10 && d > UINT64_MAX % 10)) overflow = 1;
        v = v * 10 + d;
    }
    *out = v;
    return overflow ? NUM_RANGE : NUM_OK;
}

/* Hexadecimal digits with an optional 0x/0X prefix. */
static enum num_result parse_hex(field f, uint64_t *out)
{
    uint64_t v = 0;
    int overflow = 0;
    size_t i = 0;
    if (f.n >= 2 && f.s[0] == '0' && (f.s[1] == 'x' || f.s[1] == 'X')) i = 2;
    if (i == f.n) return is_negative(f) ? NUM_NEGATIVE : NUM_BAD;
    if (f.n - i <= 16) { /* 64 bits: no overflow to check */
        for (; i < f.n; i++) {
            unsigned d = hex_value[(unsigned char)f.s[i]];
            if (!d) return is_negative(f) ? NUM_NEGATIVE : NUM_BAD;
            v = (v << 4) | (d - 1);
        }
        *out = v;
        return NUM_OK;
    }
    for (; i < f.n; i++) {
        unsigned d = hex_value[(unsigned char)f.s[i]];
        if (!d) return is_negative(f) ? NUM_NEGATIVE : NUM_BAD;
        overflow |= (int)(v >> 60); /* shifting out nonzero bits: over 16 digits */
        v = (v << 4) | (d - 1);
    }
    *out = v;
    return overflow ? NUM_RANGE : NUM_OK;
}

/* Ramulator addresses: hexadecimal with 0x, else decimal. */
static enum num_result parse_hex0x_or_dec(field f, uint64_t *out)
{
    if (f.n >= 2 && f.s[0] == '0' && (f.s[1] == 'x' || f.s[1] == 'X')) return parse_hex(f, out);
    return parse_dec(f, out);
}

#define KIND_DEC "decimal number"
#define KIND_HEX "hexadecimal number"

/* An arrival or time: decimal, and not MEMSIM_ASAP. */
static memsim_status get_cycle(memsim_source *src, field f, const char *what, uint64_t *out)
{
    enum num_result r = parse_dec(f, out);
    if (r == NUM_OK && *out == MEMSIM_ASAP) r = NUM_RANGE;
    return r == NUM_OK ? MEMSIM_OK : fail_number(src, r, what, KIND_DEC, f);
}

static memsim_status get_size(memsim_source *src, field f, const char *what, uint32_t *out)
{
    uint64_t v;
    enum num_result r = parse_dec(f, &v);
    if (r != NUM_OK) return fail_number(src, r, what, KIND_DEC, f);
    if (v < MEMSIM__REQ_BYTES_MIN || v > MEMSIM__REQ_BYTES_MAX)
        return fail_line(src, MEMSIM_E_PARSE, "%s %" PRIu64 " is out of range (%u..%u)", what, v,
                         MEMSIM__REQ_BYTES_MIN, MEMSIM__REQ_BYTES_MAX);
    *out = (uint32_t)v;
    return MEMSIM_OK;
}

/* ------------------------------------------------------------------ */
/* Formats                                                             */
/* ------------------------------------------------------------------ */

static int dramsim3_op(field f)
{
    for (size_t i = 0; i < sizeof dramsim3_ops / sizeof dramsim3_ops[0]; i++)
        if (field_is(f, dramsim3_ops[i].name, dramsim3_ops[i].len)) return dramsim3_ops[i].is_write;
    return -1;
}

static int memsim_op(field f)
{
    if (f.n != 1) return -1;
    if (f.s[0] == 'R' || f.s[0] == 'r') return 0;
    if (f.s[0] == 'W' || f.s[0] == 'w') return 1;
    return -1;
}

static memsim_trace_format detect(const field *f, size_t nf)
{
    if (nf >= 1 && (field_is(f[0], "LD", 2) || field_is(f[0], "ST", 2)))
        return MEMSIM_TRACE_RAMULATOR;
    if (nf >= 1 && f[0].s[f[0].n - 1] == ':') return MEMSIM_TRACE_DRAMSYS;
    if (nf >= 2 && dramsim3_op(f[1]) >= 0) return MEMSIM_TRACE_DRAMSIM3;
    if (nf >= 2 && memsim_op(f[1]) >= 0) return MEMSIM_TRACE_MEMSIM;
    return MEMSIM_TRACE_AUTO;
}

/* Peers send a request whose time has passed at once: keep it in order. */
static uint64_t clamp_arrival(memsim__trace_state *t, uint64_t arrival)
{
    if (arrival < t->prev_arrival) arrival = t->prev_arrival;
    t->prev_arrival = arrival;
    return arrival;
}

static memsim_status parse_memsim(memsim_source *src, const field *f, size_t nf,
                                  memsim_request *out)
{
    memsim__trace_state *t = &src->u.trace;
    uint64_t arrival, addr;
    uint32_t bytes = MEMSIM__REQ_BYTES_DEFAULT;
    enum num_result r;
    int op;

    if (nf < 3 || nf > 4)
        return fail_line(src, MEMSIM_E_PARSE, "expected 3 or 4 fields, got %zu", nf);
    if (get_cycle(src, f[0], "arrival cycle", &arrival) != MEMSIM_OK) return t->sticky;
    if ((op = memsim_op(f[1])) < 0) return fail_field(src, "R or W", f[1]);
    if ((r = parse_hex(f[2], &addr)) != NUM_OK)
        return fail_number(src, r, "address", KIND_HEX, f[2]);
    if (nf == 4 && get_size(src, f[3], "request size", &bytes) != MEMSIM_OK) return t->sticky;
    if (arrival < t->prev_arrival)
        return fail_line(src, MEMSIM_E_PARSE,
                         "arrival cycle %" PRIu64 " is before the previous request's %" PRIu64,
                         arrival, t->prev_arrival);
    t->prev_arrival = arrival;
    out->arrival = arrival;
    out->addr = addr;
    out->bytes = bytes;
    out->is_write = (uint8_t)op;
    return MEMSIM_OK;
}

static memsim_status parse_ramulator(memsim_source *src, const field *f, size_t nf,
                                     memsim_request *out)
{
    uint64_t addr;
    enum num_result r;
    int op;

    if (nf != 2) return fail_line(src, MEMSIM_E_PARSE, "expected 2 fields, got %zu", nf);
    if (field_is(f[0], "LD", 2))
        op = 0;
    else if (field_is(f[0], "ST", 2))
        op = 1;
    else
        return fail_field(src, "LD or ST", f[0]);
    if ((r = parse_hex0x_or_dec(f[1], &addr)) != NUM_OK)
        return fail_number(src, r, "address", "number (decimal, or hexadecimal with 0x)", f[1]);
    out->arrival = MEMSIM_ASAP;
    out->addr = addr;
    out->bytes = MEMSIM__REQ_BYTES_DEFAULT;
    out->is_write = (uint8_t)op;
    return MEMSIM_OK;
}

static memsim_status parse_dramsim3(memsim_source *src, const field *f, size_t nf,
                                    memsim_request *out)
{
    memsim__trace_state *t = &src->u.trace;
    uint64_t addr, arrival;
    enum num_result r;
    int op;

    if (nf != 3) return fail_line(src, MEMSIM_E_PARSE, "expected 3 fields, got %zu", nf);
    if ((r = parse_hex(f[0], &addr)) != NUM_OK)
        return fail_number(src, r, "address", KIND_HEX, f[0]);
    if ((op = dramsim3_op(f[1])) < 0) return fail_field(src, "READ or WRITE", f[1]);
    if (get_cycle(src, f[2], "arrival cycle", &arrival) != MEMSIM_OK) return t->sticky;
    out->arrival = clamp_arrival(t, arrival);
    out->addr = addr;
    out->bytes = MEMSIM__REQ_BYTES_DEFAULT;
    out->is_write = (uint8_t)op;
    return MEMSIM_OK;
}

static memsim_status parse_dramsys(memsim_source *src, const field *f, size_t nf,
                                   memsim_request *out)
{
    memsim__trace_state *t = &src->u.trace;
    uint64_t addr, time;
    uint32_t bytes = MEMSIM__REQ_BYTES_DEFAULT;
    enum num_result r;
    size_t i = 1;
    int op;

    if (nf < 3) return fail_line(src, MEMSIM_E_PARSE, "expected at least 3 fields, got %zu", nf);
    if (f[0].s[f[0].n - 1] != ':') return fail_field(src, "'<time>:'", f[0]);
    if (get_cycle(src, (field){f[0].s, f[0].n - 1}, "time", &time) != MEMSIM_OK) return t->sticky;
    if (f[1].s[0] == '(') {
        if (f[1].n < 2 || f[1].s[f[1].n - 1] != ')') return fail_field(src, "'(<length>)'", f[1]);
        if (get_size(src, (field){f[1].s + 1, f[1].n - 2}, "length", &bytes) != MEMSIM_OK)
            return t->sticky;
        i = 2;
        if (nf < 4)
            return fail_line(src, MEMSIM_E_PARSE, "expected at least 4 fields, got %zu", nf);
    }
    if (field_is(f[i], "read", 4))
        op = 0;
    else if (field_is(f[i], "write", 5))
        op = 1;
    else
        return fail_field(src, "read or write", f[i]);
    if ((r = parse_hex(f[i + 1], &addr)) != NUM_OK)
        return fail_number(src, r, "address", KIND_HEX, f[i + 1]);
    /* Fields after the address are the data bytes of a storage-enabled trace: ignored. */
    out->arrival = clamp_arrival(t, time);
    out->addr = addr;
    out->bytes = bytes;
    out->is_write = (uint8_t)op;
    return MEMSIM_OK;
}

/* ------------------------------------------------------------------ */
/* Lines                                                               */
/* ------------------------------------------------------------------ */

/* Moves the unread tail to the front and reads more. Sets eof at end of file. */
static memsim_status refill(memsim_source *src)
{
    memsim__trace_state *t = &src->u.trace;
    size_t want, got;
    if (t->pos > 0) {
        memmove(t->buf, t->buf + t->pos, t->end - t->pos);
        t->end -= t->pos;
        t->pos = 0;
    }
    want = t->buf_cap - t->end;
    errno = 0;
    got = fread(t->buf + t->end, 1, want, t->fp);
    t->end += got;
    if (got < want) {
        if (ferror(t->fp)) {
            int e = errno;
            memsim__source_fail(src, "cannot read trace '%s': %s", t->path, strerror(e ? e : EIO));
            t->sticky = MEMSIM_E_IO;
            return MEMSIM_E_IO;
        }
        /* A short read at end of file: don't call fread again (on a terminal
         * that would wait for a second end-of-file). */
        if (feof(t->fp)) t->eof = 1;
    }
    return MEMSIM_OK;
}

/* Takes the next line from the buffer into t->line/t->line_len.
 * @return MEMSIM_OK, MEMSIM_END, or an error. */
static memsim_status read_line(memsim_source *src)
{
    memsim__trace_state *t = &src->u.trace;
    for (;;) {
        char *start = t->buf + t->pos;
        size_t avail = t->end - t->pos, len;
        char *nl = avail ? memchr(start, '\n', avail) : NULL;
        if (nl) {
            len = (size_t)(nl - start);
            t->pos += len + 1;
        } else if (t->eof) {
            if (avail == 0) return MEMSIM_END;
            len = avail; /* the last line, without a newline: taken once */
            t->pos = t->end;
        } else {
            /* More than a maximal line plus '\r' and still no newline. */
            if (avail > TRACE_LINE_MAX + 1) {
                t->line_no++;
                return fail_line(src, MEMSIM_E_PARSE, "line is longer than %u bytes",
                                 TRACE_LINE_MAX);
            }
            memsim_status st = refill(src);
            if (st != MEMSIM_OK) return st;
            continue;
        }
        t->line_no++;
        if (len > 0 && start[len - 1] == '\r') len--;
        if (len > TRACE_LINE_MAX)
            return fail_line(src, MEMSIM_E_PARSE, "line is longer than %u bytes", TRACE_LINE_MAX);
        /* A UTF-8 byte-order mark, as some Windows editors write. */
        if (t->line_no == 1 && len >= 3 && memcmp(start, "\xEF\xBB\xBF", 3) == 0) {
            start += 3;
            len -= 3;
        }
        t->line = start;
        t->line_len = len;
        return MEMSIM_OK;
    }
}

/* Reads up to the next line that is neither blank nor a '#' comment and
 * splits it into @p f; @return MEMSIM_OK with *nf fields, MEMSIM_END or an
 * error. Splitting first and then looking at the first field tells both
 * cases apart in the same pass over the line. */
static memsim_status read_request_line(memsim_source *src, field *f, size_t *nf)
{
    memsim__trace_state *t = &src->u.trace;
    for (;;) {
        memsim_status st = read_line(src);
        if (st != MEMSIM_OK) return st;
        *nf = split_fields(t->line, t->line_len, f, TRACE_FIELDS_KEPT);
        if (*nf > 0 && f[0].s[0] != '#') return MEMSIM_OK;
    }
}

/* Reads ahead to the first request line and detects the format from it.
 * An empty trace leaves the format AUTO and is not an error. */
static memsim_status detect_format(memsim_source *src)
{
    field f[TRACE_FIELDS_KEPT];
    size_t nf;
    memsim_status st = read_request_line(src, f, &nf);
    if (st == MEMSIM_END) return MEMSIM_OK;
    if (st != MEMSIM_OK) return st;
    src->format = detect(f, nf < TRACE_FIELDS_KEPT ? nf : TRACE_FIELDS_KEPT);
    if (src->format == MEMSIM_TRACE_AUTO)
        return fail_line(src, MEMSIM_E_PARSE,
                         "cannot detect the trace format (expected \"<cycle> R|W <addr>\", "
                         "\"LD|ST <addr>\", \"<addr> READ|WRITE <cycle>\" or "
                         "\"<cycle>:<TAB>read|write<TAB><addr>\"; use --trace-format)");
    src->u.trace.have_line = 1;
    return MEMSIM_OK;
}

/* Skips white space from s[i]; @return the index of the next other byte or n. */
static size_t skip_space(const char *s, size_t i, size_t n)
{
    while (i < n && is_space((unsigned char)s[i]))
        i++;
    return i;
}

/* Hexadecimal digits s[i..) of at most 16 digits, up to white space or the
 * end: @return the index after them, or 0 if there are none or more. */
static size_t scan_hex(const char *s, size_t i, size_t n, uint64_t *out)
{
    size_t start = i;
    uint64_t v = 0;
    for (unsigned d; i < n && i - start < 16 && (d = hex_value[(unsigned char)s[i]]) != 0; i++)
        v = (v << 4) | (d - 1);
    if (i == start || (i < n && !is_space((unsigned char)s[i]))) return 0;
    *out = v;
    return i;
}

/* Decimal digits s[i..) of at most 19 (no overflow), as scan_hex(). */
static size_t scan_dec(const char *s, size_t i, size_t n, uint64_t *out)
{
    size_t start = i;
    uint64_t v = 0;
    for (unsigned d; i < n && i - start < 19 && (d = (unsigned)(unsigned char)s[i] - '0') <= 9; i++)
        v = v * 10 + d;
    if (i == start || (i < n && !is_space((unsigned char)s[i]))) return 0;
    *out = v;
    return i;
}

/* The common well-formed request lines without splitting them into fields:
 * memsim "<arrival> R|W [0x]<hex>" and Ramulator "LD|ST 0x<hex>|<decimal>",
 * numbers that cannot overflow, nothing else on the line. @return 1 with
 * *out filled in, or 0: the line takes the general path (which also gives
 * any error message), as it would without this shortcut. */
static int parse_fast(memsim_source *src, const char *s, size_t n, memsim_request *out)
{
    memsim__trace_state *t = &src->u.trace;
    uint64_t arrival = MEMSIM_ASAP, addr;
    size_t i;
    int op;
    if (src->format == MEMSIM_TRACE_MEMSIM) {
        if (!(i = scan_dec(s, 0, n, &arrival))) return 0;
        i = skip_space(s, i, n);
        if (i + 1 >= n || !is_space((unsigned char)s[i + 1])) return 0;
        if ((op = memsim_op((field){s + i, 1})) < 0 || arrival < t->prev_arrival) return 0;
        i = skip_space(s, i + 1, n);
        if (i + 2 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) i += 2;
        if (!(i = scan_hex(s, i, n, &addr))) return 0;
    } else if (src->format == MEMSIM_TRACE_RAMULATOR) {
        if (n < 3 || !is_space((unsigned char)s[2])) return 0;
        if (s[0] == 'L' && s[1] == 'D')
            op = 0;
        else if (s[0] == 'S' && s[1] == 'T')
            op = 1;
        else
            return 0;
        i = skip_space(s, 3, n);
        if (i + 2 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
            i = scan_hex(s, i + 2, n, &addr);
        else
            i = scan_dec(s, i, n, &addr);
        if (!i) return 0;
    } else {
        return 0;
    }
    if (skip_space(s, i, n) != n) return 0;
    if (arrival != MEMSIM_ASAP) t->prev_arrival = arrival;
    out->arrival = arrival;
    out->addr = addr;
    out->bytes = MEMSIM__REQ_BYTES_DEFAULT;
    out->is_write = (uint8_t)op;
    return 1;
}

memsim_status memsim__trace_next(memsim_source *src, memsim_request *out)
{
    memsim__trace_state *t = &src->u.trace;
    field f[TRACE_FIELDS_KEPT];
    size_t nf;

    if (t->sticky != MEMSIM_OK) return t->sticky;
    if (t->have_line) {
        /* The line read ahead by detect_format(), still in the buffer. */
        t->have_line = 0;
        if (parse_fast(src, t->line, t->line_len, out)) return MEMSIM_OK;
        nf = split_fields(t->line, t->line_len, f, TRACE_FIELDS_KEPT);
    } else {
        /* read_request_line(), with the shortcut tried on each line first */
        for (;;) {
            memsim_status st = read_line(src);
            if (st != MEMSIM_OK) return st;
            if (parse_fast(src, t->line, t->line_len, out)) return MEMSIM_OK;
            nf = split_fields(t->line, t->line_len, f, TRACE_FIELDS_KEPT);
            if (nf > 0 && f[0].s[0] != '#') break;
        }
    }
    switch (src->format) {
    case MEMSIM_TRACE_MEMSIM:
        return parse_memsim(src, f, nf, out);
    case MEMSIM_TRACE_RAMULATOR:
        return parse_ramulator(src, f, nf, out);
    case MEMSIM_TRACE_DRAMSIM3:
        return parse_dramsim3(src, f, nf, out);
    case MEMSIM_TRACE_DRAMSYS:
        return parse_dramsys(src, f, nf, out);
    case MEMSIM_TRACE_AUTO:
    default:
        /* Unreachable: AUTO is resolved at open, or the trace was empty. */
        return fail_line(src, MEMSIM_E_PARSE, "trace format was not detected");
    }
}

void memsim__trace_close(memsim_source *src)
{
    memsim__trace_state *t = &src->u.trace;
    if (t->fp && t->owns_fp) fclose(t->fp);
    t->fp = NULL;
}

memsim_status memsim_source_open_trace(const char *path, memsim_trace_format fmt,
                                       memsim_source **out, char *err, size_t err_len)
{
    memsim_source *src;
    memsim__trace_state *t;
    const char *shown;
    size_t path_len;
    memsim_status st;

    if (out) *out = NULL;
    if (!path || !out) {
        memsim__source_put_error(err, err_len, "memsim_source_open_trace: NULL argument");
        return MEMSIM_E_INVALID;
    }
    if ((unsigned)fmt > (unsigned)MEMSIM_TRACE_DRAMSYS) {
        memsim__source_put_error(err, err_len, "unknown trace format");
        return MEMSIM_E_INVALID;
    }
    shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
    path_len = strlen(shown);

    /* One block: struct | error buffer | shown path | read buffer. */
    src = malloc(sizeof *src + (path_len + TRACE_ERR_EXTRA) + (path_len + 1) + TRACE_BUF_CAP);
    if (!src) {
        memsim__source_put_error(err, err_len, "out of memory");
        return MEMSIM_E_NOMEM;
    }
    memset(src, 0, sizeof *src);
    src->kind = MEMSIM__SOURCE_TRACE;
    src->format = fmt;
    src->err = (char *)(src + 1);
    src->err_cap = path_len + TRACE_ERR_EXTRA;
    src->err[0] = '\0';
    t = &src->u.trace;
    memcpy(src->err + src->err_cap, shown, path_len + 1);
    t->path = src->err + src->err_cap;
    t->buf = src->err + src->err_cap + path_len + 1;
    t->buf_cap = TRACE_BUF_CAP;

    if (shown != path) {
        t->fp = stdin;
    } else {
        t->fp = fopen(path, "rb");
        t->owns_fp = 1;
        if (!t->fp) {
            int e = errno;
            memsim__source_fail(src, "cannot open trace '%s': %s", path, strerror(e));
            memsim__source_put_error(err, err_len, src->err);
            free(src);
            return MEMSIM_E_IO;
        }
    }
    if (fmt == MEMSIM_TRACE_AUTO && (st = detect_format(src)) != MEMSIM_OK) {
        memsim__source_put_error(err, err_len, src->err);
        memsim_source_free(src);
        return st;
    }
    memsim__source_put_error(err, err_len, "");
    *out = src;
    return MEMSIM_OK;
}
