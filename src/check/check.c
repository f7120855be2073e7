/*
 * check.c - memsim_check_file(): the independent command-trace checker behind
 * `memsim check` (docs/cmd-trace.md is the specification).
 *
 * Shape: check_parse.c reads the header and each line; for each command,
 * check_rules.c proves the pairwise timing rules and check_state.c the t_ps
 * column, bank state, data bus and refresh debt. Nothing here uses the
 * simulator's tables or code: every parameter comes from the trace header and
 * every formula is written from the spec's prose. Memory is fixed by the
 * geometry (latest command per type per channel/rank/bank group/bank, four
 * ACTs per rank, a small burst ring per data bus), so traces of any length
 * stream through. DDR4, DDR5, HBM and MRDIMM traces go through the same
 * code: an HBM trace only adds header keys (pcs, cycles_per_clock, col_align,
 * cmd_bus), whose defaults are what a DDR trace means; an MRDIMM trace adds
 * host_mux and the host parameters, which turn on its own rules (and, with
 * a per-channel host burst ring, cost memory only in MRDIMM traces).
 *
 * Where the spec leaves room, this checker decides as follows:
 *  - Scopes are literal: a rank rule also holds inside one bank group and a
 *    pseudo-channel rule also between ranks, so one command can break e.g. both
 *    tRRD_L and tRRD_S. Rows with one name (tRP for PRE->ACT, PREA->ACT,
 *    PRE*->REF, ...) are one rule: a command counts once per name.
 *  - Rule names: the spec lines "RDA -> ACT/REF/REFSB/REFPB" are tRDA, "WRA ->
 *    ..." tWRA, pseudo-channel "RD*->RD*, WR*->WR* >= nBL" tBL, other-rank
 *    "WR* -> RD*" tWTR_RTRS, "ACT -> WR* >= nRCD_WR" tRCD_WR, "REFPB -> ACT,
 *    REFPB >= nRREFD" tRREFD; the rest are named after their parameter.
 *    "PRE*, -> REF" is read as PRE* -> REF.
 *  - "REFSB -> ACT >= nREFSBRD (any bank)" includes the set's own banks, and
 *    "REFPB -> ACT, REFPB >= nRREFD" includes REFPB's own bank (where nRFCpb
 *    is the larger bound anyway).
 *  - nRCD_WR: a trace without it (DDR traces from before it existed) uses
 *    nRCD, so ACT -> WR* stays checked; the one exception to "an absent
 *    parameter's rules do not apply".
 *  - Refresh: the rule is evaluated once per command clock, after every
 *    command of that clock (so a REF at the due clock is in time), and at
 *    the last clock. In ab mode REF counts; in sb mode REFSB and REF count,
 *    in pb mode REFPB and REF (a REF refreshes every bank), each once, per
 *    channel and flat rank. A lasting debt is reported once per
 *    increase of the requirement, not at every command. A rank without a
 *    refresh_phase line has phase 0. Note: like the spec, this cannot see a
 *    late REF that is the first command after an idle gap.
 *  - pc: the header key `pcs` (or its older name `pseudo_channels`; default
 *    1) bounds pc. A pseudo-channel is its own unit for every scope and data
 *    bus; only the command buses (CMD_BUS) are shared by the pseudo-channels
 *    of a channel. cycles_per_clock is read and range-checked but changes no
 *    rule: clk and every timing are already in the same cycles.
 *  - COL_ALIGN is its own finding, independent of every timing rule.
 *  - Format strictness: absent fields must be exactly -1 (PRE may carry a
 *    row or -1), col must be a multiple of burst, channels must not decrease
 *    within a clock, blank lines are skipped, and a '#' line after the CSV
 *    header is an error. PRE's row is not compared with the open row. REFPB
 *    needs timing nRFCpb (as PRESB/REFSB need nRFCsb), and the message for
 *    an unknown command names REFPB only in traces that have nRFCpb.
 *  - MRDIMM (host_mux present): DEV_EDGE, CA_SLOT and PC_CMD_BUS are their
 *    own findings, like COL_ALIGN; PC_CMD_BUS spans every rank of the
 *    pseudo-channel. The host pair rules are named tBL_HOST, tRTRS_HOST,
 *    tRTW_HOST and tWTR_HOST; "other pc" means any rank of another
 *    pseudo-channel of the same channel. HOST_BUS checks each new burst
 *    against every burst it overlaps and against its two neighbours on the
 *    bus (the spec's "consecutive"), not against every earlier burst: the
 *    pair rules already cover all pairs in issue order. Host parameters
 *    listed without host_mux are ignored; with host_mux, nBL_HOST,
 *    nRTRS_HOST, nRTW_HOST, nWTR_HOST and nCA_SLOT are required and nMUX is
 *    optional (it changes no rule). t_ps uses rate_mts x host_mux.
 *  - MRDIMM slot skew: tBL_HOST and tRTW_HOST, which span every pc, take
 *    skew(a) - skew(b) between two pcs and none within one (where it is 0
 *    anyway), so one skewed formula serves both parts. The device data bus
 *    (DATA_BUS) and every device rule are unskewed: the offset is applied in
 *    the data buffers, on the host side only.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"
#include "memsim/check.h"

static void vreport(chk_state *s, const char *prefix, const char *fmt, va_list ap) CHK_PRINTF(3, 0);
static void vreport(chk_state *s, const char *prefix, const char *fmt, va_list ap)
{
    s->violations++;
    if (!s->report || s->printed >= s->max_report) return;
    s->printed++;
    fputs(prefix, s->report);
    vfprintf(s->report, fmt, ap);
    fputc('\n', s->report);
}

void memsim__check_report(chk_state *s, const chk_line *b, const char *rule, const char *fmt, ...)
{
    char prefix[160], pc[24] = "";
    if (s->h->pcs > 1) snprintf(pc, sizeof pc, " pc%u", b->pc);
    snprintf(prefix, sizeof prefix, "clk %" PRId64 ": %s: %s ch%u%s rank%u bg%d bank%d", b->clk,
             rule, memsim__check_cmd_name(b->cmd), b->ch, pc, b->rank, b->bg, b->bank);
    va_list ap;
    va_start(ap, fmt);
    vreport(s, prefix, fmt, ap);
    va_end(ap);
}

void memsim__check_report_line(chk_state *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(s, "", fmt, ap);
    va_end(ap);
}

static void state_free(chk_state *s)
{
    free(s->chan_last);
    free(s->unit_last);
    free(s->rank_last);
    free(s->bg_last);
    free(s->bank_last);
    free(s->open_row);
    free(s->faw);
    free(s->bus);
    free(s->host_bus);
    free(s->ref_issued);
    free(s->ref_reported);
}

/* Allocates n int64_t set to -1 ("none"). */
static int64_t *alloc_none(size_t n)
{
    int64_t *p = malloc(n * sizeof *p);
    if (p)
        for (size_t i = 0; i < n; i++)
            p[i] = -1;
    return p;
}

static memsim_status state_init(chk_state *s, const chk_header *h, FILE *report, unsigned max)
{
    memset(s, 0, sizeof *s);
    s->h = h;
    s->report = report;
    s->max_report = max;
    s->units = h->channels * h->pcs;
    s->nranks = (size_t)s->units * h->ranks;
    s->nbgs = s->nranks * h->bankgroups;
    s->nbanks = s->nbgs * h->banks_per_group;
    s->chan_last = alloc_none((size_t)h->channels * CHK_CMD_COUNT);
    s->unit_last = alloc_none((size_t)s->units * CHK_CMD_COUNT);
    s->rank_last = alloc_none(s->nranks * CHK_CMD_COUNT);
    s->bg_last = alloc_none(s->nbgs * CHK_CMD_COUNT);
    s->bank_last = alloc_none(s->nbanks * CHK_CMD_COUNT);
    s->open_row = alloc_none(s->nbanks);
    s->faw = alloc_none(s->nranks * 4);
    s->bus = calloc(s->units, sizeof *s->bus);
    if (h->host_mux) {
        s->host_bus = calloc(h->channels, sizeof *s->host_bus);
        if (!s->host_bus) return MEMSIM_E_NOMEM;
    }
    s->ref_issued = calloc(s->nranks, sizeof *s->ref_issued);
    s->ref_reported = calloc(s->nranks, sizeof *s->ref_reported);
    if (!s->chan_last || !s->unit_last || !s->rank_last || !s->bg_last || !s->bank_last ||
        !s->open_row || !s->faw || !s->bus || !s->ref_issued || !s->ref_reported)
        return MEMSIM_E_NOMEM;
    return memsim__check_rules_init(s) == 0 ? MEMSIM_OK : MEMSIM_E_INVALID;
}

/* Every check for one command, then its effect on the history. */
static void check_command(chk_state *s, const chk_line *b)
{
    if (s->have_cmd && b->clk > s->last_clk) memsim__check_refresh_at(s, s->last_clk);
    s->have_cmd = 1;
    s->last_clk = b->clk;
    s->last_ch = b->ch;
    s->commands++;
    memsim__check_tps(s, b);
    memsim__check_timing(s, b);
    memsim__check_data_bus(s, b);
    memsim__check_host_bus(s, b);
    memsim__check_bank_state(s, b);
    memsim__check_timing_update(s, b);
    memsim__check_refresh_count(s, b);
}

/* Reads one line into *buf without its line ending. @return 1, 0 at end, -1 on error. */
static int read_line(FILE *fp, char **buf, size_t *cap, chk_reader *rd)
{
    ssize_t n = getline(buf, cap, fp);
    if (n < 0) return ferror(fp) ? -1 : 0;
    rd->line++;
    size_t len = (size_t)n;
    if (len && (*buf)[len - 1] == '\n') len--;
    if (len && (*buf)[len - 1] == '\r') len--;
    (*buf)[len] = '\0';
    return 1;
}

static memsim_status read_error(chk_reader *rd)
{
    if (rd->err && rd->err_len)
        snprintf(rd->err, rd->err_len, "%s:%lu: read error: %s", rd->path, rd->line + 1,
                 strerror(errno));
    return MEMSIM_E_IO;
}

static memsim_status read_header(chk_reader *rd, FILE *fp, char **buf, size_t *cap, chk_header *h)
{
    chk_hparse hp;
    memsim__check_hparse_init(&hp);
    memsim_status st = MEMSIM_OK;
    for (;;) {
        int r = read_line(fp, buf, cap, rd);
        if (r < 0) {
            st = read_error(rd);
            break;
        }
        if (r == 0) {
            rd->line++;
            st = memsim__check_fail(rd, "unexpected end of file (expected the CSV header '%s')",
                                    CHK_CSV_HEADER);
            break;
        }
        if ((*buf)[0] == '\0') continue;
        if ((*buf)[0] != '#') {
            st = memsim__check_header_finish(rd, &hp, *buf, h);
            break;
        }
        st = memsim__check_header_line(rd, &hp, *buf + 1);
        if (st != MEMSIM_OK) break;
    }
    memsim__check_hparse_free(&hp);
    return st;
}

static memsim_status read_commands(chk_reader *rd, FILE *fp, char **buf, size_t *cap, chk_state *s)
{
    chk_line b;
    int r;
    while ((r = read_line(fp, buf, cap, rd)) > 0) {
        if ((*buf)[0] == '\0') continue;
        if ((*buf)[0] == '#')
            return memsim__check_fail(rd, "expected a command line (header lines go before the "
                                          "CSV header)");
        memsim_status st = memsim__check_parse_line(rd, s->h, *buf, &b);
        if (st != MEMSIM_OK) return st;
        if (s->have_cmd && b.clk < s->last_clk)
            return memsim__check_fail(rd,
                                      "clk %" PRId64 " is before the previous clk %" PRId64
                                      " (expected non-decreasing clk)",
                                      b.clk, s->last_clk);
        if (s->have_cmd && b.clk == s->last_clk && b.ch < s->last_ch)
            return memsim__check_fail(rd,
                                      "ch %u after ch %u at clk %" PRId64
                                      " (expected channels in increasing order within a clock)",
                                      b.ch, s->last_ch, b.clk);
        check_command(s, &b);
    }
    if (r < 0) return read_error(rd);
    if (s->have_cmd) memsim__check_refresh_at(s, s->last_clk); /* the last clock of the trace */
    return MEMSIM_OK;
}

static memsim_status check_stream(chk_reader *rd, FILE *fp, FILE *report, unsigned max_report,
                                  memsim_check_result *res)
{
    char *buf = NULL;
    size_t cap = 0;
    chk_header h = {0};
    chk_state s;
    memset(&s, 0, sizeof s);
    memsim_status st = read_header(rd, fp, &buf, &cap, &h);
    if (st == MEMSIM_OK) {
        st = state_init(&s, &h, report, max_report);
        if (st != MEMSIM_OK)
            memsim__check_fail(rd, st == MEMSIM_E_NOMEM ? "out of memory"
                                                        : "internal error: bad rule formula");
    }
    if (st == MEMSIM_OK) st = read_commands(rd, fp, &buf, &cap, &s);
    res->commands = s.commands;
    res->violations = s.violations;
    state_free(&s);
    free(h.phase);
    free(buf);
    return st;
}

memsim_status memsim_check_file(const char *path, FILE *report, unsigned max_report,
                                memsim_check_result *res, char *err, size_t err_len)
{
    memsim_check_result local;
    if (!res) res = &local;
    res->commands = res->violations = 0;
    if (err && err_len) err[0] = '\0';
    if (!path) {
        if (err && err_len) snprintf(err, err_len, "no command trace path given");
        return MEMSIM_E_INVALID;
    }
    int is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "r");
    if (!fp) {
        if (err && err_len) snprintf(err, err_len, "cannot open '%s': %s", path, strerror(errno));
        return MEMSIM_E_IO;
    }
    chk_reader rd = {is_stdin ? "<stdin>" : path, 0, err, err_len};
    memsim_status st = check_stream(&rd, fp, report, max_report, res);
    if (!is_stdin) fclose(fp);
    return st;
}

/* ---- DRAMPower export ------------------------------------------------ */

/* DRAMPower 5's command names (its CmdType strings), by chk_cmd. */
static const char *const drampower_names[CHK_CMD_COUNT] = {
    [CHK_ACT] = "ACT",  [CHK_PRE] = "PRE",     [CHK_PREA] = "PREA",  [CHK_PRESB] = "PRESB",
    [CHK_RD] = "RD",    [CHK_RDA] = "RDA",     [CHK_WR] = "WR",      [CHK_WRA] = "WRA",
    [CHK_REF] = "REFA", [CHK_REFSB] = "REFSB", [CHK_REFPB] = "REFB",
};

static memsim_status export_stream(chk_reader *rd, FILE *in, unsigned channel, uint64_t end,
                                   FILE *out, uint64_t *commands)
{
    char *buf = NULL;
    size_t cap = 0;
    chk_header h = {0};
    memsim_status st = read_header(rd, in, &buf, &cap, &h);
    if (st == MEMSIM_OK && channel >= h.channels)
        st = memsim__check_fail(rd, "channel %u: the trace has %u channel%s", channel, h.channels,
                                h.channels == 1 ? "" : "s");
    /* RD/WR lines carry the burst's data, which memsim does not model: zeros */
    char zeros[2 * 64 + 3] = "0x"; /* a 64-byte burst */
    memset(zeros + 2, '0', 2 * 64);
    zeros[2 + 2 * 64] = '\0';
    int64_t last = 0;
    chk_line b;
    int r = 0;
    while (st == MEMSIM_OK && (r = read_line(in, &buf, &cap, rd)) > 0) {
        if (buf[0] == '\0') continue;
        st = memsim__check_parse_line(rd, &h, buf, &b);
        if (st != MEMSIM_OK || b.ch != channel) continue;
        /* DRAMPower counts device clocks; ranks of every pseudo-channel are its ranks */
        int64_t clk = b.clk / (int64_t)h.cycles_per_clock;
        unsigned rank = b.pc * h.ranks + b.rank;
        int bg = b.bg < 0 ? 0 : b.bg, bank = b.bank < 0 ? 0 : b.bank;
        if (b.bg >= 0) bank += b.bg * (int)h.banks_per_group;
        fprintf(out, "%" PRId64 ",%s,%u,%d,%d,%" PRId64 ",%" PRId64, clk, drampower_names[b.cmd],
                rank, bg, bank, b.row < 0 ? 0 : b.row, b.col < 0 ? 0 : b.col);
        if (b.cmd >= CHK_RD && b.cmd <= CHK_WRA) fprintf(out, ",%s", zeros);
        fputc('\n', out);
        last = clk;
        (*commands)++;
    }
    if (st == MEMSIM_OK && r < 0) st = read_error(rd);
    if (st == MEMSIM_OK) {
        uint64_t stop = end ? end / h.cycles_per_clock : (uint64_t)last + 1u;
        fprintf(out, "%" PRIu64 ",END,0,0,0,0,0\n", stop);
        if (ferror(out)) st = memsim__check_fail(rd, "write error on the DRAMPower output");
    }
    free(h.phase);
    free(buf);
    return st;
}

memsim_status memsim_drampower_export(const char *path, unsigned channel, uint64_t end_cycle,
                                      FILE *out, uint64_t *commands, char *err, size_t err_len)
{
    uint64_t n = 0;
    if (!commands) commands = &n;
    *commands = 0;
    if (err && err_len) err[0] = '\0';
    int is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "r");
    if (!fp) {
        if (err && err_len) snprintf(err, err_len, "cannot open '%s': %s", path, strerror(errno));
        return MEMSIM_E_IO;
    }
    chk_reader rd = {is_stdin ? "<stdin>" : path, 0, err, err_len};
    memsim_status st = export_stream(&rd, fp, channel, end_cycle, out, commands);
    if (!is_stdin) fclose(fp);
    return st;
}
