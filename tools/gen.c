/*
 * gen.c - `memsim gen`: writes a synthetic workload as a trace file in
 * memsim's own format, so the same requests can be replayed by memsim and by
 * other simulators (bench/speed.sh). The generator is the one `memsim run
 * --synthetic` uses, with the same options and seed.
 *
 *   memsim gen --synthetic random|stream|strided [--requests N] [--read-ratio R]
 *              [--interval C] [--stride B] [--footprint BYTES] [--seed S] [--out FILE]
 *
 * --footprint defaults to 8 GiB (one DDR4-2400 8Gb x8 rank). Timed workloads
 * (--interval C) are written as "<cycle> R|W <addr>"; as-fast-as-accepted ones
 * in Ramulator's untimed "LD|ST <addr>", which every reader takes as ASAP.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/cli.h"

int memsim_cli_gen(int argc, char **argv)
{
    run_args a;
    const char *out = NULL;
    /* reuse the run parser: strip --out first, then demand --synthetic */
    char *rest[256];
    int n = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--out")) {
            if (i + 1 >= argc) return memsim_cli_fail("--out: expected a value");
            out = argv[++i];
        } else if (n < 256) {
            rest[n++] = argv[i];
        }
    }
    if (!memsim_cli_parse_run(n, rest, &a)) return 2;
    if (a.help) return 0;
    if (!a.synthetic || a.trace)
        return memsim_cli_fail("gen: give --synthetic PATTERN (and no --trace)");
    if (a.synth.rate_gbps > 0.0 || a.load > 0.0)
        return memsim_cli_fail("gen: --rate and --load need a memory clock; use --interval CYCLES");
    if (!a.synth.footprint) a.synth.footprint = 8ull << 30;
    char err[512];
    memsim_source *src = NULL;
    if (memsim_source_synthetic(&a.synth, &src, err, sizeof err) != MEMSIM_OK)
        return memsim_cli_fail("%s", err);
    cli_out o = {0};
    if (!memsim_cli_out_open(&o, out ? out : "-")) {
        memsim_source_free(src);
        return memsim_cli_fail("cannot write '%s': %s", out, strerror(errno));
    }
    memsim_request r;
    memsim_status st;
    while ((st = memsim_source_next(src, &r)) == MEMSIM_OK) {
        if (r.arrival == MEMSIM_ASAP && r.bytes == 64) { /* Ramulator's untimed format */
            fprintf(o.fp, "%s 0x%llx\n", r.is_write ? "ST" : "LD", (unsigned long long)r.addr);
            continue;
        }
        fprintf(o.fp, "%llu %c 0x%llx",
                (unsigned long long)(r.arrival == MEMSIM_ASAP ? 0 : r.arrival),
                r.is_write ? 'W' : 'R', (unsigned long long)r.addr);
        if (r.bytes != 64) fprintf(o.fp, " %u", r.bytes);
        fputc('\n', o.fp);
    }
    memsim_source_free(src);
    if (st != MEMSIM_END || !memsim_cli_out_commit(&o)) {
        memsim_cli_out_abort(&o);
        return memsim_cli_fail("gen: cannot write the trace");
    }
    return 0;
}
