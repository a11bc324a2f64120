package io.rescind.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code startup} scenario measured for one kind of start: the times from the {@code java} command to the
 * first 200 of {@code POST /token}, each start one sample.
 *
 * @param store the reports' name of where the data was ({@link Store#kind()})
 */
record StartupTimes(
        Start start,
        Cache cache,
        String store,
        RunSettings.Pinning pinning,
        List<Duration> samples,
        List<String> notes) {
    StartupTimes {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no start was timed");
        }
        samples = List.copyOf(samples);
        notes = List.copyOf(notes);
    }

    /** A first start on a fresh data folder (and database), or a restart on the existing one. */
    enum Start {
        FIRST("first-start", "first start, fresh data folder (database initialisation included)"),
        RESTART("restart", "restart on the existing data folder");

        final String id;
        final String description;

        Start(String id, String description) {
            this.id = id;
            this.description = description;
        }
    }

    /** Whether the JVM ran with an AOT cache (JDK 25, {@code -XX:AOTCache}). */
    enum Cache {
        NONE("no AOT cache"),
        AOT("AOT cache");

        final String description;

        Cache(String description) {
            this.description = description;
        }
    }

    String label() {
        return "startup " + start.id + (cache == Cache.AOT ? " aot" : "");
    }

    Duration min() {
        return sorted().getFirst();
    }

    Duration max() {
        return sorted().getLast();
    }

    /** The middle sample; of an even number, the mean of the two middle ones. */
    Duration median() {
        List<Duration> s = sorted();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : s.get(n / 2 - 1).plus(s.get(n / 2)).dividedBy(2);
    }

    StartupTimes withNote(String note) {
        var more = new ArrayList<>(notes);
        more.add(note);
        return new StartupTimes(start, cache, store, pinning, samples, more);
    }

    private List<Duration> sorted() {
        return samples.stream().sorted().toList();
    }
}
