package io.rescind.core.revocation;

/**
 * The subject and client epochs current when a token was minted (DESIGN §2). A global revocation of a user or a
 * client bumps its epoch; a token whose epoch is behind is dead. Tokens of no user carry subject epoch 0.
 */
public record Epochs(long subject, long client) {
    public Epochs {
        if (subject < 0 || client < 0) {
            throw new IllegalArgumentException("epochs are never negative");
        }
    }

    public static final Epochs INITIAL = new Epochs(0, 0);

    /** Whether something minted under these epochs is dead now that {@code current} are in force (DESIGN §2). */
    public boolean isBehind(Epochs current) {
        return subject < current.subject || client < current.client;
    }
}
