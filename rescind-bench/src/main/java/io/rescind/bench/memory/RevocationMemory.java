package io.rescind.bench.memory;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.revocation.RevocationEvent;
import io.rescind.core.revocation.RevocationState;
import io.rescind.core.secret.Entropy;
import io.rescind.core.user.Subject;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.function.IntFunction;
import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes per live revocation entry (issue 5: at most 100), by kind: the retained size of a {@link RevocationState}
 * holding N entries of one kind, minus the empty state's, over N, walked by JOL's {@link GraphLayout}. Each entry is
 * as the log gives it: a server-made id (128 random bits), its own expiry {@code Instant}.
 *
 * <p>{@code java -cp rescind-bench/target/benchmarks.jar io.rescind.bench.memory.RevocationMemory [N]}
 */
public final class RevocationMemory {
    /** Entries of each kind by default: the size of {@code RevocationStateBenchmark}'s revoked tokens. */
    static final int DEFAULT_ENTRIES = 100_000;

    private static final Instant NOW = Instant.now();

    static {
        // The JDK refuses Unsafe field offsets of records (GrantId, Subject); JOL then finds them another way.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    /** The kinds of entry, each with the event that adds its {@code i}-th entry. */
    enum Kind {
        REVOKED_ACCESS_TOKEN(
                "revoked access token (jti until exp)",
                i -> new RevocationEvent.AccessTokenRevoked(Entropy.identifier(), NOW.plusSeconds(300 + i))),
        REVOKED_GRANT(
                "revoked grant, or an ended session's",
                i -> new RevocationEvent.GrantRevoked(GrantId.random(), NOW.plusSeconds(3600 + i))),
        SUBJECT_EPOCH("subject epoch", i -> new RevocationEvent.SubjectEpochAdvanced(Subject.random(), 1 + i % 5)),
        CLIENT_EPOCH(
                "client epoch (client_id 'service-N')",
                i -> new RevocationEvent.ClientEpochAdvanced(new ClientId("service-" + i), 1 + i % 5)),
        REVOKED_KEY("revoked signing key (kid)", i -> new RevocationEvent.SigningKeyRevoked(Entropy.identifier()));

        final String label;
        final IntFunction<RevocationEvent> event;

        Kind(String label, IntFunction<RevocationEvent> event) {
            this.label = label;
            this.event = event;
        }
    }

    /** One kind's measurement. */
    record PerEntry(Kind kind, int entries, long bytes) {
        double bytesPerEntry() {
            return (double) bytes / entries;
        }
    }

    private RevocationMemory() {}

    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_ENTRIES;
        print(measureAll(entries), System.out);
    }

    static List<PerEntry> measureAll(int entries) {
        return List.of(Kind.values()).stream().map(k -> measure(k, entries)).toList();
    }

    /** The state's retained bytes with {@code entries} of {@code kind}, less the empty state's. */
    static PerEntry measure(Kind kind, int entries) {
        var state = new RevocationState();
        long empty = GraphLayout.parseInstance(state).totalSize();
        for (int i = 0; i < entries; i++) {
            state.apply(kind.event.apply(i));
        }
        if (state.size() != entries) {
            throw new IllegalStateException(kind + ": " + state.size() + " entries, not " + entries);
        }
        return new PerEntry(kind, entries, GraphLayout.parseInstance(state).totalSize() - empty);
    }

    static void print(List<PerEntry> results, PrintStream out) {
        out.printf("%-40s %10s %14s %10s%n", "entry kind", "entries", "bytes", "bytes/entry");
        for (PerEntry r : results) {
            out.printf("%-40s %,10d %,14d %10.1f%n", r.kind().label, r.entries(), r.bytes(), r.bytesPerEntry());
        }
        out.printf("(%s, %s)%n", System.getProperty("java.vm.version"), "JOL GraphLayout: retained, not shallow");
    }
}
