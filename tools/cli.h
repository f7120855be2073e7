/*
 * cli.h - shared pieces of the memsim command-line tool (memsim.c, demo.c).
 */
#ifndef MEMSIM_CLI_H
#define MEMSIM_CLI_H

#include <stdio.h>

#include "memsim/memsim.h"

#define MAX_SETS 256

typedef struct run_args {
    const char *yaml, *preset, *trace, *synthetic, *json, *cmd_trace;
    const char *sets[MAX_SETS];
    int n_sets;
    memsim_trace_format format;
    memsim_synth_params synth;
    uint64_t outstanding;
    double load; /* --load: offered load as a fraction of peak_gbps; 0 = none */
    int step, quiet, help;
} run_args;

/* An output file written under a temporary name and renamed on commit. */
typedef struct cli_out {
    const char *path;
    char tmp[4096];
    FILE *fp;
} cli_out;

/* SIGINT/SIGTERM stop a run at its next progress report (memsim_cli_simulate). */
void memsim_cli_catch_signals(void);
int memsim_cli_sweep(int argc, char **argv);
int memsim_cli_curve(int argc, char **argv);
int memsim_cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int memsim_cli_out_open(cli_out *o, const char *path);
int memsim_cli_out_commit(cli_out *o);
void memsim_cli_out_abort(cli_out *o);
memsim_config *memsim_cli_config(const run_args *a);
/* Builds and runs the simulation of `a`; on success (0) *sim holds the result
 * and *trace the command-trace output, still to be committed or aborted. */
int memsim_cli_simulate(const run_args *a, memsim_sim **sim, double *wall_s, cli_out *trace);
int memsim_cli_demo(void);
int memsim_cli_llm(int argc, char **argv);
/* Parses `memsim run` options (also used by `memsim gen`); 0 on bad input. */
int memsim_cli_parse_run(int argc, char **argv, run_args *a);
int memsim_cli_gen(int argc, char **argv);
/* memsim plot KIND INPUT... --out FILE.png|.svg (tools/plot.c, docs/plot.md). */
int memsim_cli_plot(int argc, char **argv);

#endif
