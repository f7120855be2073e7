/*
 * parse_floor.c - the floor no simulator can beat: read and parse a trace
 * with memsim's streaming reader and do nothing else. bench/speed.sh reports
 * memsim's whole-process time as a multiple of this one.
 *
 *   parse_floor TRACE   prints "<requests> <seconds>"
 */
#include <stdio.h>
#include <time.h>

#include "memsim/memsim.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: parse_floor TRACE\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char err[512];
    memsim_source *src = NULL;
    if (memsim_source_open_trace(argv[1], MEMSIM_TRACE_AUTO, &src, err, sizeof err) != MEMSIM_OK) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    memsim_request r;
    unsigned long long n = 0, sum = 0;
    memsim_status st;
    while ((st = memsim_source_next(src, &r)) == MEMSIM_OK) {
        n++;
        sum += r.addr; /* keep the parse from being optimised away */
    }
    if (st != MEMSIM_END) fprintf(stderr, "%s\n", memsim_source_error(src));
    memsim_source_free(src);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    printf("%llu %.4f %llu\n", n, s, sum & 1u);
    return st == MEMSIM_END ? 0 : 2;
}
