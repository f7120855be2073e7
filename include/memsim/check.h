/*
 * check.h - the independent command-trace checker behind `memsim check`.
 *
 * It re-reads a command trace written by memsim (docs/cmd-trace.md) and proves
 * every timing, state, refresh and data-bus rule with a naive history scan that
 * shares no code or tables with the simulator. Parameters come only from the
 * trace's own header.
 */
#ifndef MEMSIM_CHECK_H
#define MEMSIM_CHECK_H

#include <stdint.h>
#include <stdio.h>

#include "memsim/memsim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct memsim_check_result {
    uint64_t commands;   /* command lines read */
    uint64_t violations; /* rule violations found */
} memsim_check_result;

/**
 * Checks the command trace at @p path ("-" for stdin). Writes up to
 * @p max_report violation lines to @p report (may be NULL).
 * @return MEMSIM_OK when the file was read completely (violations are counted
 * in @p res, which may be zero or more), MEMSIM_E_IO or MEMSIM_E_PARSE with a
 * one-line message "<path>:<line>: <what was expected>" in @p err.
 */
memsim_status memsim_check_file(const char *path, FILE *report, unsigned max_report,
                                memsim_check_result *res, char *err, size_t err_len);

/**
 * Converts channel @p channel of the command trace at @p path ("-" for stdin)
 * to DRAMPower 5's CSV command list on @p out: one line
 * "clock,CMD,rank,bankgroup,bank,row,column[,data]" per command, clocks in
 * device clocks (engine cycles / cycles_per_clock), ranks flat over the
 * pseudo-channels (pc * ranks + rank), banks numbered across bank groups,
 * REF/REFsb/REFpb as REFA/REFSB/REFB, and zero data on RD/WR lines (memsim
 * carries no data, so DRAMPower's data-dependent interface figures do not
 * apply). The list ends with END at @p end_cycle (engine cycles; 0: one clock
 * after the last command). *commands gets the number of commands written.
 * Errors as memsim_check_file().
 */
memsim_status memsim_drampower_export(const char *path, unsigned channel, uint64_t end_cycle,
                                      FILE *out, uint64_t *commands, char *err, size_t err_len);

#ifdef __cplusplus
}
#endif
#endif
