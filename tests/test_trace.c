/*
 * test_trace.c - the streamed trace readers (src/frontend/trace.c).
 *
 * Covers: the same requests from all four formats (the equivalence example
 * of docs/trace-formats.md), auto-detection per format, forced formats, every
 * error message verbatim, CRLF, comments and blank lines, a last line without
 * newline read exactly once, empty traces, line-length limits at read-buffer
 * boundaries, and a long trace compared request by request. Traces are
 * written to temporary files (TMPDIR or /tmp) and unlinked once open; no test
 * needs standard input.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memsim/memsim.h"
#include "unit.h"

#define PATH_CAP 512

/* Writes @p len bytes to a new temporary file whose name goes to @p path. */
static int make_file(char *path, const char *text, size_t len)
{
    const char *dir = getenv("TMPDIR");
    FILE *fp;
    int fd;
    snprintf(path, PATH_CAP, "%s/memsim-trace-XXXXXX", dir && *dir ? dir : "/tmp");
    fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return -1;
    fp = fdopen(fd, "wb");
    CHECK(fp != NULL);
    if (!fp) return -1;
    CHECK_EQ(fwrite(text, 1, len, fp), len);
    CHECK_EQ(fclose(fp), 0);
    return 0;
}

/* Opens @p len bytes of @p text as a trace; NULL (and the status in *st)
 * when open fails, with the message in err. The file is unlinked at once:
 * the reader keeps it open, and messages still name it. */
static memsim_source *open_mem(const char *text, size_t len, memsim_trace_format fmt, char *path,
                               memsim_status *st, char *err, size_t err_len)
{
    memsim_source *src = NULL;
    if (make_file(path, text, len) != 0) return NULL;
    *st = memsim_source_open_trace(path, fmt, &src, err, err_len);
    unlink(path);
    return src;
}

/* Opens a NUL-terminated trace that must open. */
static memsim_source *open_ok(const char *text, memsim_trace_format fmt, char *path)
{
    char err[1024];
    memsim_status st = MEMSIM_E_IO;
    memsim_source *src = open_mem(text, strlen(text), fmt, path, &st, err, sizeof err);
    CHECK_EQ(st, MEMSIM_OK);
    CHECK_STR(err, "");
    CHECK(src != NULL);
    return src;
}

/* Reads @p text: expects @p n_ok requests, then status @p want with the
 * message "<path>:<msg>", twice (errors are sticky). */
static void expect_fail_len(const char *text, size_t len, memsim_trace_format fmt, int n_ok,
                            memsim_status want, const char *msg)
{
    char path[PATH_CAP], expected[PATH_CAP + 512], err[1024];
    memsim_status st = MEMSIM_E_IO;
    memsim_request r;
    memsim_source *src = open_mem(text, len, fmt, path, &st, err, sizeof err);
    CHECK_EQ(st, MEMSIM_OK);
    if (!src) {
        fprintf(stderr, "  (open failed: %s)\n", err);
        return;
    }
    for (int i = 0; i < n_ok; i++)
        CHECK_EQ(memsim_source_next(src, &r), MEMSIM_OK);
    snprintf(expected, sizeof expected, "%s:%s", path, msg);
    CHECK_EQ(memsim_source_next(src, &r), want);
    CHECK_STR(memsim_source_error(src), expected);
    CHECK_EQ(memsim_source_next(src, &r), want);
    CHECK_STR(memsim_source_error(src), expected);
    memsim_source_free(src);
}

static void expect_fail(const char *text, memsim_trace_format fmt, int n_ok, const char *msg)
{
    expect_fail_len(text, strlen(text), fmt, n_ok, MEMSIM_E_PARSE, msg);
}

/* Reads all requests of @p src into @p out (at most cap); @return the count.
 * The source must end with MEMSIM_END, twice. */
static size_t read_all(memsim_source *src, memsim_request *out, size_t cap)
{
    memsim_request r;
    memsim_status st;
    size_t n = 0;
    while ((st = memsim_source_next(src, &r)) == MEMSIM_OK) {
        if (n < cap) out[n] = r;
        n++;
    }
    CHECK_EQ(st, MEMSIM_END);
    CHECK_STR(memsim_source_error(src), "");
    CHECK_EQ(memsim_source_next(src, &r), MEMSIM_END);
    return n;
}

static void test_format_names(void)
{
    CHECK_EQ(memsim_trace_format_from_name("auto"), MEMSIM_TRACE_AUTO);
    CHECK_EQ(memsim_trace_format_from_name("memsim"), MEMSIM_TRACE_MEMSIM);
    CHECK_EQ(memsim_trace_format_from_name("ramulator"), MEMSIM_TRACE_RAMULATOR);
    CHECK_EQ(memsim_trace_format_from_name("dramsim3"), MEMSIM_TRACE_DRAMSIM3);
    CHECK_EQ(memsim_trace_format_from_name("dramsys"), MEMSIM_TRACE_DRAMSYS);
    CHECK_EQ(memsim_trace_format_from_name("DRAMsim3"), -1);
    CHECK_EQ(memsim_trace_format_from_name(""), -1);
    CHECK_EQ(memsim_trace_format_from_name(NULL), -1);
}

/* The equivalence example: the same two requests in each format. */
static void test_equivalence(void)
{
    static const struct {
        const char *text;
        memsim_trace_format fmt;
    } cases[] = {
        {"0 R 0xd54f3300\n80 W 0x8a2c1c0\n", MEMSIM_TRACE_MEMSIM},
        {"LD 0xd54f3300\nST 0x8a2c1c0\n", MEMSIM_TRACE_RAMULATOR},
        {"0xD54F3300 READ 0\n0x8A2C1C0 WRITE 80\n", MEMSIM_TRACE_DRAMSIM3},
        {"0:\tread\t0xd54f3300\n80:\twrite\t0x8a2c1c0\n", MEMSIM_TRACE_DRAMSYS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int forced = 0; forced < 2; forced++) {
            char path[PATH_CAP];
            memsim_request r[4];
            memsim_source *src =
                open_ok(cases[i].text, forced ? cases[i].fmt : MEMSIM_TRACE_AUTO, path);
            if (!src) continue;
            CHECK_EQ(memsim_source_format(src), cases[i].fmt);
            CHECK_EQ(read_all(src, r, 4), 2);
            CHECK(r[0].addr == 0xd54f3300u);
            CHECK_EQ(r[0].is_write, 0);
            CHECK_EQ(r[0].bytes, 64);
            CHECK(r[1].addr == 0x8a2c1c0u);
            CHECK_EQ(r[1].is_write, 1);
            CHECK_EQ(r[1].bytes, 64);
            if (cases[i].fmt == MEMSIM_TRACE_RAMULATOR) {
                CHECK(r[0].arrival == MEMSIM_ASAP);
                CHECK(r[1].arrival == MEMSIM_ASAP);
            } else {
                CHECK(r[0].arrival == 0);
                CHECK(r[1].arrival == 80);
            }
            memsim_source_free(src);
        }
    }
}

static void test_detection(void)
{
    static const struct {
        const char *text;
        memsim_trace_format fmt;
    } cases[] = {
        {"# header\n\n5 r 40\n", MEMSIM_TRACE_MEMSIM},
        {"5 w 0x40 128\n", MEMSIM_TRACE_MEMSIM},
        {"ST 4096\n", MEMSIM_TRACE_RAMULATOR},
        {"40 P_MEM_WR 3\n", MEMSIM_TRACE_DRAMSIM3},
        {"0x40 BOFF 3\n", MEMSIM_TRACE_DRAMSIM3},
        {"0x40 read 3\n", MEMSIM_TRACE_DRAMSIM3},
        {"7:  (32)  write  0x40  0xdeadbeef\n", MEMSIM_TRACE_DRAMSYS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[PATH_CAP];
        memsim_request r;
        memsim_source *src = open_ok(cases[i].text, MEMSIM_TRACE_AUTO, path);
        if (!src) continue;
        CHECK_EQ(memsim_source_format(src), cases[i].fmt);
        CHECK_EQ(memsim_source_next(src, &r), MEMSIM_OK);
        memsim_source_free(src);
    }
}

static void test_cannot_detect(void)
{
    static const char *bad[] = {"hello world\n", "# c\n\n0x40\n", "5 X 0x40\n", "R 0x40\n"};
    static const int line[] = {1, 3, 1, 1};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[PATH_CAP], err[1024], expected[2048];
        memsim_status st = MEMSIM_OK;
        memsim_source *src =
            open_mem(bad[i], strlen(bad[i]), MEMSIM_TRACE_AUTO, path, &st, err, sizeof err);
        CHECK(src == NULL);
        CHECK_EQ(st, MEMSIM_E_PARSE);
        snprintf(expected, sizeof expected,
                 "%s:%d: cannot detect the trace format (expected \"<cycle> R|W <addr>\", "
                 "\"LD|ST <addr>\", \"<addr> READ|WRITE <cycle>\" or "
                 "\"<cycle>:<TAB>read|write<TAB><addr>\"; use --trace-format)",
                 path, line[i]);
        CHECK_STR(err, expected);
        memsim_source_free(src);
    }
}

static void test_memsim_format(void)
{
    char path[PATH_CAP];
    memsim_request r[8];
    memsim_source *src = open_ok("0 R 1f40\n"
                                 "0 w 0X1F40 1\n"
                                 "3\tW\t0xffffffffffffffff\t1048576\n"
                                 "  18446744073709551614   r   0   \n",
                                 MEMSIM_TRACE_MEMSIM, path);
    if (!src) return;
    CHECK_EQ(read_all(src, r, 8), 4);
    CHECK(r[0].arrival == 0 && r[0].addr == 0x1f40 && r[0].bytes == 64 && !r[0].is_write);
    CHECK(r[1].arrival == 0 && r[1].addr == 0x1f40 && r[1].bytes == 1 && r[1].is_write);
    CHECK(r[2].arrival == 3 && r[2].addr == UINT64_MAX && r[2].bytes == 1048576);
    CHECK(r[3].arrival == UINT64_MAX - 1 && r[3].addr == 0);
    memsim_source_free(src);
}

static void test_memsim_errors(void)
{
    expect_fail("0 R 0x40\n1 R 0x40\n2 R 0x40\n3 R 0x40\n4 R 0x40\n5 R 0x40\n6 X 0x40\n",
                MEMSIM_TRACE_MEMSIM, 6, "7: expected R or W, got 'X'");
    expect_fail("0 R 0x40\n\n1 R 0xZZ\n", MEMSIM_TRACE_AUTO, 1,
                "3: address '0xZZ' is not a hexadecimal number");
    expect_fail("# c\n#\n\n99999999999999999999999 R 0x40\n", MEMSIM_TRACE_MEMSIM, 0,
                "4: number '99999999999999999999999' is out of range");
    expect_fail("0 R 0x40\n\n\n\n120\n", MEMSIM_TRACE_MEMSIM, 1,
                "5: expected 3 or 4 fields, got 1");
    expect_fail("0 R 0x40 64 extra\n", MEMSIM_TRACE_MEMSIM, 0, "1: expected 3 or 4 fields, got 5");
    expect_fail("0 R 0x40\n120 R 0x40\n100 W 0x40\n", MEMSIM_TRACE_MEMSIM, 2,
                "3: arrival cycle 100 is before the previous request's 120");
    expect_fail("-5 R 0x40\n", MEMSIM_TRACE_MEMSIM, 0, "1: arrival cycle '-5' is negative");
    expect_fail("5 R -0x40\n", MEMSIM_TRACE_MEMSIM, 0, "1: address '-0x40' is negative");
    expect_fail("5 R -40\n", MEMSIM_TRACE_MEMSIM, 0, "1: address '-40' is negative");
    expect_fail("5 R 0x40 -1\n", MEMSIM_TRACE_MEMSIM, 0, "1: request size '-1' is negative");
    expect_fail("+5 R 0x40\n", MEMSIM_TRACE_MEMSIM, 0,
                "1: arrival cycle '+5' is not a decimal number");
    expect_fail("1e3 R 0x40\n", MEMSIM_TRACE_MEMSIM, 0,
                "1: arrival cycle '1e3' is not a decimal number");
    expect_fail("5 R 0x\n", MEMSIM_TRACE_MEMSIM, 0, "1: address '0x' is not a hexadecimal number");
    expect_fail("5 R 0x10000000000000000\n", MEMSIM_TRACE_MEMSIM, 0,
                "1: number '0x10000000000000000' is out of range");
    expect_fail("18446744073709551615 R 0x40\n", MEMSIM_TRACE_MEMSIM, 0,
                "1: number '18446744073709551615' is out of range");
    expect_fail("18446744073709551616 R 0x40\n", MEMSIM_TRACE_MEMSIM, 0,
                "1: number '18446744073709551616' is out of range");
    expect_fail("5 R 0x40 0\n", MEMSIM_TRACE_MEMSIM, 0,
                "1: request size 0 is out of range (1..1048576)");
    expect_fail("5 R 0x40 1048577\n", MEMSIM_TRACE_MEMSIM, 0,
                "1: request size 1048577 is out of range (1..1048576)");
    expect_fail("5 R 0x40 64B\n", MEMSIM_TRACE_MEMSIM, 0,
                "1: request size '64B' is not a decimal number");
    expect_fail("5 RW 0x40\n", MEMSIM_TRACE_MEMSIM, 0, "1: expected R or W, got 'RW'");
    /* A field that is all digits but overlong is still "not a number" if one byte is bad. */
    expect_fail("99999999999999999999999x R 0x40\n", MEMSIM_TRACE_MEMSIM, 0,
                "1: arrival cycle '99999999999999999999999x' is not a decimal number");
}

static void test_garbage(void)
{
    static const char bin[] = "\xff\xfe\x00\x01 R 0x40\n";
    static const char nul_in_addr[] = "5 R 0x4\x00"
                                      "0\n";
    char longtok[200];
    char msg[400];
    expect_fail_len(bin, sizeof bin - 1, MEMSIM_TRACE_MEMSIM, 0, MEMSIM_E_PARSE,
                    "1: arrival cycle '\\xff\\xfe\\x00\\x01' is not a decimal number");
    expect_fail_len(nul_in_addr, sizeof nul_in_addr - 1, MEMSIM_TRACE_MEMSIM, 0, MEMSIM_E_PARSE,
                    "1: address '0x4\\x000' is not a hexadecimal number");
    /* UTF-8 text is not a number either, and stays on one ASCII line. */
    expect_fail("5 R 0x4\xc3\xa9\n", MEMSIM_TRACE_MEMSIM, 0,
                "1: address '0x4\\xc3\\xa9' is not a hexadecimal number");
    /* A long bad field is cut to 64 bytes in the message. */
    memset(longtok, 'z', sizeof longtok);
    memcpy(longtok + 150, " R 0x40\n", 9);
    snprintf(msg, sizeof msg, "1: arrival cycle '%.64s...' is not a decimal number", longtok);
    expect_fail(longtok, MEMSIM_TRACE_MEMSIM, 0, msg);
}

static void test_ramulator(void)
{
    char path[PATH_CAP];
    memsim_request r[4];
    memsim_source *src = open_ok("LD 4096\nST 0X10\nLD 0\n", MEMSIM_TRACE_RAMULATOR, path);
    if (src) {
        CHECK_EQ(read_all(src, r, 4), 3);
        CHECK(r[0].addr == 4096 && !r[0].is_write && r[0].arrival == MEMSIM_ASAP);
        CHECK(r[1].addr == 16 && r[1].is_write);
        CHECK(r[2].addr == 0 && r[2].bytes == 64);
        memsim_source_free(src);
    }
    expect_fail("LD 0x40\nLOAD 0x40\n", MEMSIM_TRACE_RAMULATOR, 1,
                "2: expected LD or ST, got 'LOAD'");
    expect_fail("LD 0x40\nld 0x40\n", MEMSIM_TRACE_AUTO, 1, "2: expected LD or ST, got 'ld'");
    expect_fail("LD 1f40\n", MEMSIM_TRACE_AUTO, 0,
                "1: address '1f40' is not a number (decimal, or hexadecimal with 0x)");
    expect_fail("LD 0x40 64\n", MEMSIM_TRACE_AUTO, 0, "1: expected 2 fields, got 3");
    expect_fail("LD\n", MEMSIM_TRACE_AUTO, 0, "1: expected 2 fields, got 1");
    expect_fail("ST -64\n", MEMSIM_TRACE_AUTO, 0, "1: address '-64' is negative");
    /* A memsim line forced through the Ramulator reader. */
    expect_fail("0 R 0x40\n", MEMSIM_TRACE_RAMULATOR, 0, "1: expected 2 fields, got 3");
}

static void test_dramsim3(void)
{
    char path[PATH_CAP];
    memsim_request r[10];
    memsim_source *src = open_ok("0x40 READ 10\n"
                                 "40 read 5\n" /* past: clamped to 10 */
                                 "0x80 P_MEM_RD 12\n"
                                 "0x80 P_FETCH 11\n" /* clamped to 12 */
                                 "0xc0 WRITE 20\n"
                                 "0xc0 write 20\n"
                                 "0xc0 P_MEM_WR 21\n"
                                 "0xc0 BOFF 22\n",
                                 MEMSIM_TRACE_AUTO, path);
    static const uint64_t arrival[8] = {10, 10, 12, 12, 20, 20, 21, 22};
    static const uint8_t is_write[8] = {0, 0, 0, 0, 1, 1, 1, 1};
    if (src) {
        CHECK_EQ(memsim_source_format(src), MEMSIM_TRACE_DRAMSIM3);
        CHECK_EQ(read_all(src, r, 10), 8);
        for (int i = 0; i < 8; i++) {
            CHECK(r[i].arrival == arrival[i]);
            CHECK_EQ(r[i].is_write, is_write[i]);
            CHECK_EQ(r[i].bytes, 64);
        }
        CHECK(r[1].addr == 0x40); /* hex without 0x */
        memsim_source_free(src);
    }
    expect_fail("0x40 READ 1\n0x40 P_LOCK_RD 2\n", MEMSIM_TRACE_AUTO, 1,
                "2: expected READ or WRITE, got 'P_LOCK_RD'");
    expect_fail("0x40 READ\n", MEMSIM_TRACE_DRAMSIM3, 0, "1: expected 3 fields, got 2");
    expect_fail("0x40 READ 1 2\n", MEMSIM_TRACE_AUTO, 0, "1: expected 3 fields, got 4");
    expect_fail("0xg0 READ 1\n", MEMSIM_TRACE_AUTO, 0,
                "1: address '0xg0' is not a hexadecimal number");
    expect_fail("0x40 READ -1\n", MEMSIM_TRACE_AUTO, 0, "1: arrival cycle '-1' is negative");
}

static void test_dramsys(void)
{
    char path[PATH_CAP];
    memsim_request r[6];
    memsim_source *src = open_ok("120:\t(32)\tread\t0x1f40\n"
                                 "100:\twrite\t0x2000\t0x0102030405060708\n" /* past: 120 */
                                 "130: read 1f80\n"
                                 "140:\t(1048576)\twrite\t0x0\n",
                                 MEMSIM_TRACE_AUTO, path);
    if (src) {
        CHECK_EQ(memsim_source_format(src), MEMSIM_TRACE_DRAMSYS);
        CHECK_EQ(read_all(src, r, 6), 4);
        CHECK(r[0].arrival == 120 && r[0].bytes == 32 && !r[0].is_write && r[0].addr == 0x1f40);
        CHECK(r[1].arrival == 120 && r[1].bytes == 64 && r[1].is_write && r[1].addr == 0x2000);
        CHECK(r[2].arrival == 130 && r[2].addr == 0x1f80);
        CHECK(r[3].arrival == 140 && r[3].bytes == 1048576 && r[3].is_write);
        memsim_source_free(src);
    }
    expect_fail("1:\tREAD\t0x40\n", MEMSIM_TRACE_AUTO, 0, "1: expected read or write, got 'READ'");
    expect_fail("1:\tread\n", MEMSIM_TRACE_AUTO, 0, "1: expected at least 3 fields, got 2");
    expect_fail("1:\t(32)\tread\n", MEMSIM_TRACE_AUTO, 0, "1: expected at least 4 fields, got 3");
    expect_fail("1:\t(0)\tread\t0x40\n", MEMSIM_TRACE_AUTO, 0,
                "1: length 0 is out of range (1..1048576)");
    expect_fail("1:\t(32\tread\t0x40\n", MEMSIM_TRACE_AUTO, 0,
                "1: expected '(<length>)', got '(32'");
    expect_fail("1:\t(x)\tread\t0x40\n", MEMSIM_TRACE_AUTO, 0,
                "1: length 'x' is not a decimal number");
    expect_fail("x:\tread\t0x40\n", MEMSIM_TRACE_AUTO, 0, "1: time 'x' is not a decimal number");
    expect_fail(":\tread\t0x40\n", MEMSIM_TRACE_AUTO, 0, "1: time '' is not a decimal number");
    expect_fail("1\tread\t0x40\n", MEMSIM_TRACE_DRAMSYS, 0, "1: expected '<time>:', got '1'");
    expect_fail("1:\tread\tzz\n", MEMSIM_TRACE_AUTO, 0,
                "1: address 'zz' is not a hexadecimal number");
}

/* CRLF, comments, blank and white-space-only lines, a byte-order mark. */
static void test_crlf_and_comments(void)
{
    char path[PATH_CAP];
    memsim_request r[4];
    memsim_source *src = open_ok("\xEF\xBB\xBF# exported on Windows\r\n"
                                 "\r\n"
                                 "   \t \r\n"
                                 "  # indented comment 1 X 0xZZ\r\n"
                                 "0 R 0x40\r\n"
                                 "#\r\n"
                                 "5 W 0x80 128\r\n",
                                 MEMSIM_TRACE_AUTO, path);
    if (src) {
        CHECK_EQ(memsim_source_format(src), MEMSIM_TRACE_MEMSIM);
        CHECK_EQ(read_all(src, r, 4), 2);
        CHECK(r[0].addr == 0x40 && r[0].arrival == 0);
        CHECK(r[1].addr == 0x80 && r[1].arrival == 5 && r[1].bytes == 128 && r[1].is_write);
        memsim_source_free(src);
    }
    /* Line numbers count comment and blank lines; CR is not part of a field. */
    expect_fail("# a\r\n\r\n0 R 0x40\r\n1 X 0x40\r\n", MEMSIM_TRACE_AUTO, 1,
                "4: expected R or W, got 'X'");
    src = open_ok("LD 0x40\r\nST 0x80\r\n", MEMSIM_TRACE_AUTO, path);
    if (src) {
        CHECK_EQ(read_all(src, r, 4), 2);
        memsim_source_free(src);
    }
}

/* The last line without a newline is read exactly once, in every format. */
static void test_no_trailing_newline(void)
{
    static const char *texts[] = {"0 R 0x40\n10 W 0x80", "LD 0x40\nST 0x80",
                                  "0x40 READ 0\n0x80 WRITE 10", "0:\tread\t0x40\n10:\twrite\t0x80",
                                  "0 R 0x40\n10 W 0x80\r"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char path[PATH_CAP];
        memsim_request r[4];
        memsim_source *src = open_ok(texts[i], MEMSIM_TRACE_AUTO, path);
        if (!src) continue;
        CHECK_EQ(read_all(src, r, 4), 2);
        CHECK(r[1].addr == 0x80 && r[1].is_write);
        memsim_source_free(src);
    }
    /* And a single-line trace without newline. */
    {
        char path[PATH_CAP];
        memsim_request r[2];
        memsim_source *src = open_ok("7 W 0x1", MEMSIM_TRACE_MEMSIM, path);
        if (src) {
            CHECK_EQ(read_all(src, r, 2), 1);
            memsim_source_free(src);
        }
    }
}

static void test_empty(void)
{
    static const char *texts[] = {"", "\n", "# only a comment\n\n", "   ", "# no newline"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        for (int fmt = MEMSIM_TRACE_AUTO; fmt <= MEMSIM_TRACE_DRAMSYS; fmt++) {
            char path[PATH_CAP];
            memsim_request r;
            memsim_source *src = open_ok(texts[i], (memsim_trace_format)fmt, path);
            if (!src) continue;
            CHECK_EQ(memsim_source_format(src), fmt); /* AUTO stays AUTO: nothing to detect */
            CHECK_EQ(read_all(src, &r, 1), 0);
            memsim_source_free(src);
        }
    }
}

/* Builds a memsim line of exactly @p len bytes (padding with spaces) plus @p eol. */
static size_t padded_line(char *dst, size_t len, const char *eol)
{
    memset(dst, ' ', len);
    memcpy(dst, "0 R 0x40", 8);
    strcpy(dst + len, eol);
    return len + strlen(eol);
}

static void test_line_length(void)
{
    enum { CAP = 3 * 65536 + 16384 };
    char *text = malloc(CAP);
    size_t n = 0;
    if (!text) return;
    /* 4095 bytes is allowed, with LF, CRLF, or as the unterminated last line. */
    n += padded_line(text + n, 4095, "\n");
    n += padded_line(text + n, 4095, "\r\n");
    n += padded_line(text + n, 4095, "");
    {
        char path[PATH_CAP], err[256];
        memsim_status st = MEMSIM_E_IO;
        memsim_request r[4];
        memsim_source *src = open_mem(text, n, MEMSIM_TRACE_AUTO, path, &st, err, sizeof err);
        CHECK_EQ(st, MEMSIM_OK);
        if (src) {
            CHECK_EQ(read_all(src, r, 4), 3);
            memsim_source_free(src);
        }
    }
    /* 4096 bytes is not, whatever the terminator and wherever the read buffer splits it. */
    n = padded_line(text, 4096, "\n");
    expect_fail_len(text, n, MEMSIM_TRACE_MEMSIM, 0, MEMSIM_E_PARSE,
                    "1: line is longer than 4095 bytes");
    n = padded_line(text, 4096, "");
    expect_fail_len(text, n, MEMSIM_TRACE_MEMSIM, 0, MEMSIM_E_PARSE,
                    "1: line is longer than 4095 bytes");
    n = padded_line(text, 4095, "\r\r\n");
    expect_fail_len(text, n, MEMSIM_TRACE_MEMSIM, 0, MEMSIM_E_PARSE,
                    "1: line is longer than 4095 bytes");
    n = 0;
    n += padded_line(text + n, 10, "\n");
    n += padded_line(text + n, 100000, "\n"); /* far longer than the read buffer */
    expect_fail_len(text, n, MEMSIM_TRACE_AUTO, 1, MEMSIM_E_PARSE,
                    "2: line is longer than 4095 bytes");
    /* Lines of 4095 bytes that straddle every 64 KiB buffer boundary. */
    n = 0;
    for (int i = 0; i < 48; i++)
        n += padded_line(text + n, 4095, i % 2 ? "\r\n" : "\n");
    {
        char path[PATH_CAP], err[256];
        memsim_status st = MEMSIM_E_IO;
        memsim_request r;
        memsim_source *src = open_mem(text, n, MEMSIM_TRACE_AUTO, path, &st, err, sizeof err);
        if (src) {
            CHECK_EQ(read_all(src, &r, 1), 48);
            memsim_source_free(src);
        }
    }
    free(text);
}

/* A long trace with varied line lengths, comments and CRLF: every request
 * comes back exactly, across many read-buffer refills. */
static void test_long_trace(void)
{
    enum { N = 200000 };
    char *text = malloc((size_t)N * 64);
    memsim_request *r = malloc(sizeof *r * (N + 1));
    char path[PATH_CAP], err[256];
    memsim_status st = MEMSIM_E_IO;
    memsim_source *src;
    size_t n = 0;
    int ok = 1;
    if (!text || !r) {
        free(text);
        free(r);
        return;
    }
    for (uint64_t i = 0; i < N; i++) {
        uint64_t addr = (i * 2654435761u) & 0xffffffffffull;
        if (i % 97 == 0) n += (size_t)sprintf(text + n, "# comment %" PRIu64 "\n", i);
        n += (size_t)sprintf(text + n, "%" PRIu64 "%*s%c 0x%" PRIx64 "%s%s", i * 3,
                             (int)(i % 5) + 1, "", i % 3 ? 'R' : 'W', addr,
                             i % 7 == 0 ? " 128" : "", i % 2 ? "\r\n" : "\n");
    }
    src = open_mem(text, n, MEMSIM_TRACE_AUTO, path, &st, err, sizeof err);
    CHECK_EQ(st, MEMSIM_OK);
    if (src) {
        CHECK_EQ(read_all(src, r, N + 1), N);
        for (uint64_t i = 0; i < N; i++)
            ok &= r[i].arrival == i * 3 && r[i].is_write == (i % 3 == 0) &&
                  r[i].addr == ((i * 2654435761u) & 0xffffffffffull) &&
                  r[i].bytes == (i % 7 == 0 ? 128u : 64u);
        CHECK(ok);
        memsim_source_free(src);
    }
    free(text);
    free(r);
}

static void test_open_errors(void)
{
    char err[1024], expected[2048];
    const char *dir = getenv("TMPDIR");
    memsim_source *src = (memsim_source *)&src; /* poison: must be reset to NULL */
    memsim_status st;

    st = memsim_source_open_trace("/nonexistent/memsim/t.trc", MEMSIM_TRACE_AUTO, &src, err,
                                  sizeof err);
    CHECK_EQ(st, MEMSIM_E_IO);
    CHECK(src == NULL);
    CHECK_STR(err, "cannot open trace '/nonexistent/memsim/t.trc': No such file or directory");

    /* A directory opens but cannot be read: found while detecting the format. */
    dir = dir && *dir ? dir : "/tmp";
    st = memsim_source_open_trace(dir, MEMSIM_TRACE_AUTO, &src, err, sizeof err);
    CHECK_EQ(st, MEMSIM_E_IO);
    CHECK(src == NULL);
    snprintf(expected, sizeof expected, "cannot read trace '%s': %s", dir, strerror(EISDIR));
    CHECK_STR(err, expected);
    /* With a forced format, on the first read. */
    st = memsim_source_open_trace(dir, MEMSIM_TRACE_MEMSIM, &src, err, sizeof err);
    CHECK_EQ(st, MEMSIM_OK);
    if (src) {
        memsim_request r;
        CHECK_EQ(memsim_source_next(src, &r), MEMSIM_E_IO);
        CHECK_STR(memsim_source_error(src), expected);
        CHECK_EQ(memsim_source_next(src, &r), MEMSIM_E_IO);
        memsim_source_free(src);
    }

    CHECK_EQ(memsim_source_open_trace(NULL, MEMSIM_TRACE_AUTO, &src, err, sizeof err),
             MEMSIM_E_INVALID);
    CHECK(src == NULL);
    CHECK_EQ(memsim_source_open_trace("x", (memsim_trace_format)9, &src, NULL, 0),
             MEMSIM_E_INVALID);
    CHECK_EQ(memsim_source_open_trace("x", MEMSIM_TRACE_AUTO, NULL, err, sizeof err),
             MEMSIM_E_INVALID);
    /* err may be NULL or tiny. */
    CHECK_EQ(memsim_source_open_trace("/nonexistent", MEMSIM_TRACE_AUTO, &src, NULL, 0),
             MEMSIM_E_IO);
    CHECK_EQ(memsim_source_open_trace("/nonexistent", MEMSIM_TRACE_AUTO, &src, err, 8),
             MEMSIM_E_IO);
    CHECK_STR(err, "cannot ");
    CHECK_EQ(memsim_source_next(NULL, NULL), MEMSIM_E_INVALID);
}

int main(void)
{
    UNIT_RUN(test_format_names);
    UNIT_RUN(test_equivalence);
    UNIT_RUN(test_detection);
    UNIT_RUN(test_cannot_detect);
    UNIT_RUN(test_memsim_format);
    UNIT_RUN(test_memsim_errors);
    UNIT_RUN(test_garbage);
    UNIT_RUN(test_ramulator);
    UNIT_RUN(test_dramsim3);
    UNIT_RUN(test_dramsys);
    UNIT_RUN(test_crlf_and_comments);
    UNIT_RUN(test_no_trailing_newline);
    UNIT_RUN(test_empty);
    UNIT_RUN(test_line_length);
    UNIT_RUN(test_long_trace);
    UNIT_RUN(test_open_errors);
    UNIT_DONE();
}
