package io.rescind.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a measured wrk run gave: wrk's numbers, the server's CPU over the run and its memory (idle after its start,
 * at the end of the run and the highest seen during it), and notes on what the numbers mean.
 *
 * @param label the scenario, or the scenario and a variant ({@code global-revocation grants=10000})
 * @param setup what was prepared for it (pools), for the report
 * @param store where the server's data was: the database's figures are zero, and not counted, for an external one
 * @param memory the memory samples of the measured run, one a second
 */
record Measurement(
        String scenario,
        String label,
        Wrk.Shape shape,
        Duration warmup,
        RunSettings.Pinning pinning,
        WrkResult wrk,
        CpuWindow cpu,
        ServerProcesses.Memory idle,
        ServerProcesses.Memory end,
        ServerProcesses.Memory peak,
        MemorySeries memory,
        List<String> setup,
        List<String> notes,
        Store store) {
    Measurement {
        setup = List.copyOf(setup);
        notes = List.copyOf(notes);
    }

    Measurement withNote(String note) {
        var more = new ArrayList<>(notes);
        more.add(note);
        return new Measurement(
                scenario, label, shape, warmup, pinning, wrk, cpu, idle, end, peak, memory, setup, more, store);
    }
}
