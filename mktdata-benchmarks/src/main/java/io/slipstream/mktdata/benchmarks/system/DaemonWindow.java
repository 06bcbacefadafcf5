package io.slipstream.mktdata.benchmarks.system;

import java.io.IOException;

/**
 * What the daemon did between two moments: CPU from /proc, venue messages and IPC messages, GC pauses and
 * allocation from its Prometheus JVM metrics.
 *
 * @param seconds          wall time
 * @param cpuNs            CPU time the daemon process used
 * @param venueMessages    venue messages received
 * @param ipcMessages      messages sent to clients
 * @param ipcDropped       messages dropped for slow clients
 * @param gcPauses         GC pauses
 * @param gcPauseSeconds   time in GC pauses
 * @param allocatedBytes   bytes allocated on the heap
 * @param machineBusyNs    CPU time of the whole machine
 */
record DaemonWindow(double seconds, long cpuNs, double venueMessages, double ipcMessages, double ipcDropped,
                    double gcPauses, double gcPauseSeconds, double allocatedBytes, long machineBusyNs) {

    /** A moment to measure from. */
    record Mark(long timeNs, ProcStats stats, Metrics metrics, long machineBusyNs) {
        static Mark take(final DaemonProcess daemon) throws IOException {
            return new Mark(System.nanoTime(), daemon.stats(), daemon.metrics(), ProcStats.machineBusyNs());
        }
    }

    static DaemonWindow between(final Mark from, final Mark to) {
        return new DaemonWindow((to.timeNs() - from.timeNs()) / 1e9, to.stats().cpuNs() - from.stats().cpuNs(),
            delta(from, to, "mktdata_messages_received_total", ""),
            delta(from, to, "mktdata_ipc_messages_sent_total", ""),
            delta(from, to, "mktdata_ipc_messages_dropped_total", ""),
            delta(from, to, "jvm_gc_collection_seconds_count", "Pauses"),
            delta(from, to, "jvm_gc_collection_seconds_sum", "Pauses"),
            delta(from, to, "jvm_memory_pool_allocated_bytes_total", ""),
            to.machineBusyNs() - from.machineBusyNs());
    }

    private static double delta(final Mark from, final Mark to, final String name, final String label) {
        return to.metrics().sum(name, label) - from.metrics().sum(name, label);
    }

    /** @return daemon CPU per venue message, µs */
    double cpuUsPerVenueMessage() {
        return venueMessages <= 0 ? Double.NaN : cpuNs / 1e3 / venueMessages;
    }

    /** @return daemon CPU as a share of one core, % */
    double cpuPercentOfCore() {
        return cpuNs / 1e9 / seconds * 100;
    }

    /** @return the machine's CPU use as a share of all its cores, % */
    double machinePercent() {
        return machineBusyNs / 1e9 / seconds / Runtime.getRuntime().availableProcessors() * 100;
    }

    /** @return MB allocated per second */
    double allocationMbPerSecond() {
        return allocatedBytes / seconds / 1e6;
    }

    /** @return share of wall time in GC pauses, % */
    double gcPausePercent() {
        return gcPauseSeconds / seconds * 100;
    }
}
