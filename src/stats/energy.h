/*
 * energy.h - the IDD energy model's bookkeeping in the controller and its
 * evaluation for the reports (energy.c; equations in docs/energy.md).
 *
 * The controller counts commands (ms_chan_stats.cmds), the banks each
 * precharge closes, and the cycles banks spend open (ACT to the precharge,
 * which for RDA/WRA is the internal one) or refreshing (every refreshed
 * bank for tRFC), added when the bank closes or the refresh issues. Energy
 * is computed from these integers after the run, so skip-ahead and step runs
 * report identical figures.
 */
#ifndef MEMSIM_ENERGY_H
#define MEMSIM_ENERGY_H

#include "core/engine.h"

/* Energy in pJ, by component; core components split by domain. */
enum {
    MS_E_ACT = 0,
    MS_E_PRE,
    MS_E_RD,
    MS_E_WR,
    MS_E_REF,
    MS_E_BACKGROUND, /* IDD2N: every rank, all the time */
    MS_E_BANK_OPEN,  /* (IDD3N - IDD2N) / banks per open bank */
    MS_E_CORE,       /* components before this one are the devices' (VDD + VPP) */
    MS_E_IO = MS_E_CORE,
    MS_E_BUFFER,
    MS_E_COUNT
};
extern const char *const memsim__energy_names[MS_E_COUNT];

typedef struct ms_energy {
    double e[MS_E_COUNT]; /* pJ */
    double vdd, vpp;      /* core energy by domain, pJ */
    double total;         /* pJ */
} ms_energy;

/* The energy of channels [lo, hi) over cycles [0, now). */
void memsim__energy(const memsim_sim *sim, unsigned lo, unsigned hi, uint64_t now, ms_energy *out);

/* Per-command energies of one device (pJ, VDD and VPP parts), for tests and docs. */
typedef struct ms_cmd_energy {
    double act[2], pre[2], rd[2], wr[2], ref[2], refsb[2], refpb[2]; /* [0] VDD, [1] VPP */
} ms_cmd_energy;
void memsim__cmd_energy(const ms_spec *s, ms_cmd_energy *out);

#endif
