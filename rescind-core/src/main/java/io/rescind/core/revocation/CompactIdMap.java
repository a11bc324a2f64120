package io.rescind.core.revocation;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;

/**
 * Identifiers ({@code jti}, grant, subject, client, {@code kid}) to a value that only grows, in a fraction of a
 * {@code ConcurrentHashMap<String, Instant>}'s memory (DESIGN §2 invariant 4, bytes per entry in
 * docs/benchmarks.md). An identifier in Rescind's own format ({@link Base64Id}: 128 bits, as every server-made id)
 * is kept as two longs beside its value in one open-addressing table, no object per entry; any other string in a
 * {@code ConcurrentHashMap} beside it.
 *
 * <p>Thread-safe: a lookup takes no lock (an optimistic read of a {@link StampedLock}, made again under its read lock
 * if a write overlapped it); {@link #merge} and {@link #removeBelow} take the write lock.
 */
final class CompactIdMap {
    /** What {@link #get} answers for an identifier that is not there; never a value. */
    static final long ABSENT = Long.MIN_VALUE;

    /** Longs a slot holds: the id's two halves, then its value ({@link #ABSENT} in an empty slot). */
    private static final int SLOT = 3;

    private static final int MIN_CAPACITY = 16;

    private final StampedLock lock = new StampedLock();
    private final Map<String, Long> others = new ConcurrentHashMap<>();
    private long[] slots = emptySlots(MIN_CAPACITY);
    private int size;

    /** Sets {@code id}'s value to {@code value}, or keeps the one it has if that is larger. */
    void merge(String id, long value) {
        if (value == ABSENT) {
            throw new IllegalArgumentException("Long.MIN_VALUE marks an empty slot");
        }
        if (!Base64Id.isOne(id)) {
            others.merge(id, value, Math::max);
            return;
        }
        long stamp = lock.writeLock();
        try {
            if (put(slots, Base64Id.high(id), Base64Id.low(id), id.hashCode(), value)) {
                size++;
                if (size > capacity(slots) / 2) {
                    slots = copy(slots, capacity(slots) * 2, ABSENT);
                }
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** The value of {@code id}, or {@link #ABSENT}. */
    long get(String id) {
        if (id.length() != Base64Id.LENGTH) {
            return others.getOrDefault(id, ABSENT);
        }
        long stamp = lock.tryOptimisticRead();
        long value = find(slots, id);
        if (!lock.validate(stamp)) {
            stamp = lock.readLock();
            try {
                value = find(slots, id);
            } finally {
                lock.unlockRead(stamp);
            }
        }
        // Not in the table: in the map beside it, if it is not an id of the server's format.
        return value != ABSENT || others.isEmpty() ? value : others.getOrDefault(id, ABSENT);
    }

    boolean contains(String id) {
        return get(id) != ABSENT;
    }

    /** Forgets every identifier whose value is below {@code bound}; the table shrinks to fit what is left. */
    void removeBelow(long bound) {
        others.values().removeIf(value -> value < bound);
        long stamp = lock.writeLock();
        try {
            int left = 0;
            for (int at = 0; at < slots.length; at += SLOT) {
                if (slots[at + 2] != ABSENT && slots[at + 2] >= bound) {
                    left++;
                }
            }
            if (left < size) {
                slots = copy(slots, capacityFor(left), bound);
                size = left;
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    int size() {
        long stamp = lock.readLock();
        try {
            return size + others.size();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The smallest power of two, at least {@value #MIN_CAPACITY}, that holds {@code entries} half full at most. */
    static int capacityFor(int entries) {
        int capacity = MIN_CAPACITY;
        while (capacity / 2 < entries) {
            capacity *= 2;
        }
        return capacity;
    }

    private static int capacity(long[] table) {
        return table.length / SLOT;
    }

    private static long[] emptySlots(int capacity) {
        long[] table = new long[capacity * SLOT];
        Arrays.fill(table, ABSENT);
        return table;
    }

    /** A table of {@code capacity} slots with the entries of {@code from} whose value is {@code bound} or more. */
    private static long[] copy(long[] from, int capacity, long bound) {
        long[] table = emptySlots(capacity);
        for (int at = 0; at < from.length; at += SLOT) {
            if (from[at + 2] != ABSENT && from[at + 2] >= bound) {
                long hi = from[at];
                long lo = from[at + 1];
                put(table, hi, lo, Base64Id.stringHash(hi, lo), from[at + 2]);
            }
        }
        return table;
    }

    /**
     * Linear probing from the slot of the id's {@code String.hashCode()} (cached in the string, or what a
     * {@code ConcurrentHashMap} lookup would compute), so a lookup that meets an empty slot first decodes nothing.
     */
    private static int home(long[] table, int hash) {
        int mixed = (hash ^ (hash >>> 16)) * 0x9E3779B9;
        return (mixed ^ (mixed >>> 15)) & (capacity(table) - 1);
    }

    /** The value of {@code id} in {@code table}, or {@link #ABSENT}; the id is decoded only where its head matches. */
    private static long find(long[] table, String id) {
        int mask = capacity(table) - 1;
        int head = Base64Id.head(id);
        // Bounded by the capacity: a lookup racing a write may see a table with no empty slot on its path.
        for (int n = 0, i = home(table, id.hashCode()); n <= mask; n++, i = (i + 1) & mask) {
            int at = i * SLOT;
            if (table[at + 2] == ABSENT) {
                return ABSENT;
            }
            if (Base64Id.headOf(table[at]) == head && Base64Id.is(id, table[at], table[at + 1])) {
                return table[at + 2];
            }
        }
        return ABSENT;
    }

    /** Stores the larger value; answers whether the id is new. The table is never full (at most half). */
    private static boolean put(long[] table, long hi, long lo, int hash, long value) {
        int mask = capacity(table) - 1;
        int i = home(table, hash);
        while (table[i * SLOT + 2] != ABSENT && (table[i * SLOT] != hi || table[i * SLOT + 1] != lo)) {
            i = (i + 1) & mask;
        }
        int at = i * SLOT;
        boolean added = table[at + 2] == ABSENT;
        table[at] = hi;
        table[at + 1] = lo;
        table[at + 2] = Math.max(table[at + 2], value);
        return added;
    }
}
