/*
 * energy.c - the IDD energy model (DRAMPower's equations, Chandrasekar et
 * al., DSD 2011; memory-facts.md §5), evaluated from the controller's
 * counters. Per device, then multiplied by the devices of a rank:
 *   background: IDD2N per rank and cycle, plus (IDD3N - IDD2N) / banks per
 *          bank and cycle open: IDD3N is measured with every bank open, so
 *          one open bank draws I1 = IDD2N + (IDD3N - IDD2N) / banks (the
 *          current Chandrasekar's E_act subtracts); refreshing banks count
 *          as open for tRFC (tRFCsb, tRFCpb)
 *   ACT  = (VDD (IDD0 - I1) + VPP (IPP0 - IPP1)) tRAS
 *   PRE  = (VDD (IDD0 - IDD2N) + VPP (IPP0 - IPP2N)) tRP, per bank closed
 *   RD   = (VDD (IDD4R - IDD3N) + VPP (IPP4R - IPP3N)) BL / rate_ref x dq / dq_ref
 *   WR   likewise with IDD4W
 *   REF  = (VDD (IDD5B - IDD3N) + VPP (IPP5B - IPP3N)) tRFC; REFsb and REFpb
 *          cost REF's energy times the share of banks they refresh.
 * An ACT-PRE pair of one bank plus its background is IDD0 over tRC, which is
 * how JEDEC measures IDD0 (tests/test_energy.c checks it).
 * The burst energy uses the burst's duration at the rate the IDD4 figures
 * were measured at (rate_ref): the current above IDD3N is switching current,
 * proportional to the data rate, so a burst costs the same at every rate;
 * and proportional to the bits a device moves, so an x4 device's burst costs
 * half an x8's (dq_ref: the width the figures were measured at).
 * Interface energy is per bit transferred; buffer power per module.
 * Units: mA x V x ns = pJ.
 */
#include "stats/energy.h"

#include "core/sim.h"

const char *const memsim__energy_names[MS_E_COUNT] = {
    "act", "pre", "read", "write", "refresh", "background", "bank_open", "interface", "buffer",
};

void memsim__cmd_energy(const ms_spec *s, ms_cmd_energy *o)
{
    const ms_power *p = &s->power;
    double ns = s->tck_ps / 1000.0; /* one engine cycle */
    double ras = s->t[MS_T_RAS] * ns, rp = s->t[MS_T_RP] * ns, rfc = s->t[MS_T_RFC] * ns;
    /* a burst's duration at rate_ref; its data current scales with the width */
    double burst = 1000.0 * s->burst / p->rate_mts * (p->dq ? (double)s->org->dq / p->dq : 1.0);
    double banks = (double)s->bankgroups * s->banks_per_group;
    double i1 = p->idd2n + (p->idd3n - p->idd2n) / banks; /* one bank open */
    double ip1 = p->ipp2n + (p->ipp3n - p->ipp2n) / banks;
    o->act[0] = p->vdd * (p->idd0 - i1) * ras;
    o->act[1] = p->vpp * (p->ipp0 - ip1) * ras;
    o->pre[0] = p->vdd * (p->idd0 - p->idd2n) * rp;
    o->pre[1] = p->vpp * (p->ipp0 - p->ipp2n) * rp;
    o->rd[0] = p->vdd * (p->idd4r - p->idd3n) * burst;
    o->rd[1] = p->vpp * (p->ipp4r - p->ipp3n) * burst;
    o->wr[0] = p->vdd * (p->idd4w - p->idd3n) * burst;
    o->wr[1] = p->vpp * (p->ipp4w - p->ipp3n) * burst;
    o->ref[0] = p->vdd * (p->idd5b - p->idd3n) * rfc;
    o->ref[1] = p->vpp * (p->ipp5b - p->ipp3n) * rfc;
    for (int d = 0; d < 2; d++) {
        o->refsb[d] = o->ref[d] * s->bankgroups / banks; /* one bank of every group */
        o->refpb[d] = o->ref[d] / banks;
    }
}

void memsim__energy(const memsim_sim *sim, unsigned lo, unsigned hi, uint64_t now, ms_energy *out)
{
    const ms_spec *s = &sim->spec;
    const ms_power *p = &s->power;
    ms_cmd_energy ce;
    memsim__cmd_energy(s, &ce);
    uint64_t cmd[MS_CMD_COUNT] = {0}, pre = 0, open = 0, rd_bits = 0, wr_bits = 0;
    size_t nb = (size_t)s->nranks * s->bankgroups * s->banks_per_group;
    for (unsigned c = lo; c < hi; c++) {
        const ms_channel *ch = &sim->ch[c];
        for (unsigned k = 0; k < MS_CMD_COUNT; k++)
            cmd[k] += ch->st.cmds[k];
        pre += ch->st.pre_banks;
        open += ch->st.open_cycles;
        for (size_t b = 0; b < nb; b++) /* banks open now: up to now */
            if (ch->open_row[b] >= 0 && now > ch->open_at[b]) open += now - ch->open_at[b];
        rd_bits += ch->st.reads * s->tx_bytes * 8u;
        wr_bits += ch->st.writes * s->tx_bytes * 8u;
    }
    uint64_t rank_cycles = now * s->nranks * (hi - lo);
    double ns = s->tck_ps / 1000.0, dev = s->devices_per_rank;
    double n_rd = (double)(cmd[MS_CMD_RD] + cmd[MS_CMD_RDA]);
    double n_wr = (double)(cmd[MS_CMD_WR] + cmd[MS_CMD_WRA]);
    double banks = (double)s->bankgroups * s->banks_per_group;
    double rank_ns = (double)rank_cycles * ns, open_ns = (double)open * ns / banks;
    double n_act = (double)cmd[MS_CMD_ACT], n_pre = (double)pre;
    double n_ref = (double)cmd[MS_CMD_REF], n_sb = (double)cmd[MS_CMD_REFSB];
    double n_pb = (double)cmd[MS_CMD_REFPB];
    double part[MS_E_CORE][2];
    for (int d = 0; d < 2; d++) {
        part[MS_E_ACT][d] = n_act * ce.act[d];
        part[MS_E_PRE][d] = n_pre * ce.pre[d];
        part[MS_E_RD][d] = n_rd * ce.rd[d];
        part[MS_E_WR][d] = n_wr * ce.wr[d];
        part[MS_E_REF][d] = n_ref * ce.ref[d] + n_sb * ce.refsb[d] + n_pb * ce.refpb[d];
    }
    part[MS_E_BACKGROUND][0] = rank_ns * p->vdd * p->idd2n;
    part[MS_E_BACKGROUND][1] = rank_ns * p->vpp * p->ipp2n;
    part[MS_E_BANK_OPEN][0] = open_ns * p->vdd * (p->idd3n - p->idd2n);
    part[MS_E_BANK_OPEN][1] = open_ns * p->vpp * (p->ipp3n - p->ipp2n);
    *out = (ms_energy){0};
    for (int k = 0; k < MS_E_CORE; k++) {
        out->e[k] = (part[k][0] + part[k][1]) * dev;
        out->vdd += part[k][0] * dev;
        out->vpp += part[k][1] * dev;
    }
    out->e[MS_E_IO] = (double)rd_bits * p->io_rd_pj_bit + (double)wr_bits * p->io_wr_pj_bit;
    /* W x ns = nJ; module_w is shared by module_chans channels */
    out->e[MS_E_BUFFER] = p->module_w * 1000.0 * (double)now * ns * (hi - lo) / p->module_chans;
    for (int k = 0; k < MS_E_COUNT; k++)
        out->total += out->e[k];
}
