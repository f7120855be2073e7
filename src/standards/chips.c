/*
 * chips.c - chip presets: AI accelerators and GPUs as HBM devices.
 *
 * A chip preset picks the standard, per-pin rate, die, stack count and stack
 * height; `memsim presets` prints each note. Published figures are the
 * capacity, the stack count and the total bandwidth (AWS Neuron architecture
 * pages, NVIDIA Hopper material; memory-facts.md §4); the per-pin rate is
 * bandwidth / (stacks x 128 bytes per transfer), so it is INFERRED wherever
 * the vendor does not name it.
 */
#include <string.h>

#include "standards/standard.h"

static const ms_chip chips[] = {
    {"trn1", &memsim__hbm2e, 3200, "16Gb", 2, 8,
     "AWS Trainium (Trn1): 32 GiB in 2 stacks, 820 GB/s published; HBM2E at 3.2 Gb/s and "
     "8-high 16 Gb dies inferred"},
    {"inf2", &memsim__hbm2e, 3200, "16Gb", 2, 8,
     "AWS Inferentia2: 32 GiB in 2 stacks, 820 GB/s published; HBM2E at 3.2 Gb/s and 8-high "
     "16 Gb dies inferred"},
    {"trn2", &memsim__hbm3, 5700, "16Gb", 4, 12,
     "AWS Trainium2: 96 GiB in 4 stacks, 2.9 TB/s published (an older guide: 3 TB/s); "
     "HBM3 at 5.7 Gb/s and 12-high 16 Gb dies inferred"},
    {"trn3", &memsim__hbm3e, 9600, "24Gb", 4, 12,
     "AWS Trainium3: 144 GiB HBM3E in 4 stacks, 4.9 TB/s published; 9.6 Gb/s and 12-high "
     "24 Gb dies inferred"},
    {"h100", &memsim__hbm3, 5230, "16Gb", 5, 8,
     "NVIDIA H100 SXM: 80 GB HBM3 in 5 stacks, 3.35 TB/s published; 5.23 Gb/s and 8-high "
     "16 Gb dies inferred"},
    {"h200", &memsim__hbm3e, 6250, "24Gb", 6, 8,
     "NVIDIA H200 SXM: 141 GB usable of 6 x 24 GB HBM3E, 4.8 TB/s published; 6.25 Gb/s and "
     "8-high 24 Gb dies inferred (memsim models all 144 GB)"},
};

size_t memsim__chip_count(void)
{
    return sizeof chips / sizeof chips[0];
}

const ms_chip *memsim__chip_get(size_t i)
{
    return i < memsim__chip_count() ? &chips[i] : NULL;
}

const ms_chip *memsim__chip_find(const char *name)
{
    for (size_t i = 0; i < memsim__chip_count(); i++)
        if (strcmp(chips[i].name, name) == 0) return &chips[i];
    return NULL;
}
