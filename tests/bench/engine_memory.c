/* engine_memory.c - what the core keeps per SIP message, measured exactly.
 *
 *   sipauth_engine_memory CAPTURE.pcap
 *
 * Reads a classic pcap (Ethernet, IPv4, UDP: what gen_pcap's "flows" mode
 * writes), parses every UDP payload with the plugin's own parser, feeds the
 * engine in frame order, reads every result once (as the glue's first pass
 * does) and finishes.  Prints the heap the engine holds at the end (glibc's
 * mallinfo2: bytes allocated, so neither tshark's memory nor machine noise
 * is in it) per SIP message and per auth flow, how much the resident memory
 * grew (what tshark's peak RSS sees: allocated pages never touched are not
 * in it, freed ones glibc kept are), and the CPU time of parse + feed.
 *
 * tshark's peak RSS is what the benchmark's target is about; this is the
 * plugin's share of it without the 40-second runs whose spread hides a 5 %
 * change.  Not a test: scripts/benchmark runs it beside tshark.
 */
#define _GNU_SOURCE /* mallinfo2, malloc_trim, clock_gettime */
#include <inttypes.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "engine.h"
#include "sip_parse.h"

static uint32_t
le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static size_t
heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

/* Resident memory now, from /proc (kB) */
static long
rss_kib(void)
{
    long kib = -1;
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmRSS:", 6) == 0) {
            kib = strtol(line + 6, NULL, 10);
        }
    }
    if (f) {
        fclose(f);
    }
    return kib;
}

static double
cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CAPTURE.pcap\n", argv[0]);
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    uint8_t gh[24];
    if (fread(gh, 1, sizeof gh, in) != sizeof gh || le32(gh) != 0xa1b2c3d4u || le32(gh + 20) != 1) {
        fprintf(stderr, "%s: not a little-endian Ethernet pcap\n", argv[1]);
        return 2;
    }

    engine_config cfg;
    engine_config_default(&cfg);
    size_t heap_before = heap_in_use();
    long rss_before = rss_kib();
    engine *e = engine_new(&cfg);

    uint8_t *frame = g_malloc(1u << 18);
    uint32_t frame_no = 0, n_sip = 0, n_skipped = 0;
    double cpu = 0;
    uint8_t rh[16];
    while (fread(rh, 1, sizeof rh, in) == sizeof rh) {
        uint32_t caplen = le32(rh + 8);
        if (caplen > (1u << 18) || fread(frame, 1, caplen, in) != caplen) {
            fprintf(stderr, "%s: truncated at frame %" PRIu32 "\n", argv[1], frame_no + 1);
            return 1;
        }
        frame_no++;
        /* Ethernet II, IPv4 without fragments, UDP */
        if (caplen < 14 + 20 + 8 || frame[12] != 0x08 || frame[13] != 0x00) {
            n_skipped++;
            continue;
        }
        const uint8_t *ip = frame + 14;
        size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
        bool fragment = (ip[6] & 0x3f) != 0 || ip[7] != 0;
        if (ip[9] != 17 || fragment || ihl < 20 || 14 + ihl + 8 > caplen) {
            n_skipped++;
            continue;
        }
        const uint8_t *payload = ip + ihl + 8;
        size_t len = caplen - 14 - ihl - 8;

        double t0 = cpu_seconds();
        sip_message msg;
        memset(&msg, 0, sizeof msg);
        sip_parse_storage storage = { 0 };
        if (sip_parse_message(payload, len, &msg, &storage) > 0) {
            msg.frame = frame_no;
            msg.time_secs = le32(rh);
            msg.time_nsecs = (int32_t)(le32(rh + 4) * 1000u);
            uint32_t id = engine_feed(e, &msg);
            (void)engine_result(e, id);
            n_sip++;
        } else {
            n_skipped++;
        }
        sip_parse_storage_clear(&storage, &msg);
        cpu += cpu_seconds() - t0;
    }
    fclose(in);
    g_free(frame);

    double t0 = cpu_seconds();
    engine_finish(e);
    cpu += cpu_seconds() - t0;
    malloc_trim(0);
    size_t held = heap_in_use() - heap_before;
    long rss_grew = rss_kib() - rss_before;
    uint32_t n_flows = engine_flow_count(e);
    printf("frames %" PRIu32 ", SIP messages %" PRIu32 ", skipped %" PRIu32 ", auth flows %" PRIu32 "\n",
           frame_no, n_sip, n_skipped, n_flows);
    printf("engine heap %zu bytes: %.1f per SIP message, %.1f per auth flow\n", held,
           n_sip ? (double)held / n_sip : 0.0, n_flows ? (double)held / n_flows : 0.0);
    printf("resident memory grew %ld KiB: %.1f bytes per SIP message\n", rss_grew,
           n_sip ? (double)rss_grew * 1024 / n_sip : 0.0);
    printf("parse + feed + finish: %.3f s CPU (%.2f us per SIP message)\n", cpu,
           n_sip ? cpu * 1e6 / n_sip : 0.0);
    engine_free(e);
    return 0;
}
