package io.rescind.core.logout;

import io.rescind.core.client.Client;
import io.rescind.core.client.ClientStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Delivers the due back-channel logout notices of the outbox (OpenID Connect Back-Channel Logout 1.0 §2.5; DESIGN
 * §4): claims them, signs a fresh logout token for each, sends them side by side, and records each outcome as the
 * {@link BackChannelRetryPolicy} decides. At least once: a notice is marked delivered only after its receiver said
 * so, and receivers deduplicate by {@code jti}.
 */
public final class BackChannelDelivery {
    static final int BATCH = 16;
    /** Batches per call at most, so one call ends even while notices keep arriving. */
    static final int MAX_BATCHES = 64;

    /** One attempt made, and what was decided after it. */
    public record Attempt(LogoutNotice notice, BackChannelRetryPolicy.Decision decision) {}

    private final BackChannelOutbox outbox;
    private final ClientStore clients;
    private final LogoutTokens tokens;
    private final LogoutTokenSender sender;
    private final BackChannelRetryPolicy policy;
    private final Duration lease;
    private final Clock clock;

    /** @param timeout the deadline of one attempt; a claim outlives it, so no other node retries one under way */
    public BackChannelDelivery(
            BackChannelOutbox outbox,
            ClientStore clients,
            LogoutTokens tokens,
            LogoutTokenSender sender,
            BackChannelRetryPolicy policy,
            Duration timeout,
            Clock clock) {
        this.outbox = outbox;
        this.clients = clients;
        this.tokens = tokens;
        this.sender = sender;
        this.policy = policy;
        this.lease = timeout.plus(Duration.ofMinutes(1));
        this.clock = clock;
    }

    /** Delivers every notice due now; answers the attempts made. */
    public List<Attempt> deliverDue() {
        List<Attempt> attempts = new ArrayList<>();
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<LogoutNotice> claimed = outbox.claimDue(clock.instant(), BATCH, lease);
            attempts.addAll(deliverAll(claimed));
            if (claimed.size() < BATCH) {
                break;
            }
        }
        return attempts;
    }

    private List<Attempt> deliverAll(List<LogoutNotice> claimed) {
        List<Future<Attempt>> running = new ArrayList<>();
        // Side by side, so one slow receiver does not hold up the others for its whole deadline.
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            claimed.forEach(notice -> running.add(pool.submit(() -> deliver(notice))));
        }
        List<Attempt> done = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<Attempt> attempt : running) {
            try {
                done.add(attempt.get());
            } catch (ExecutionException e) {
                // The outcome could not be recorded: the claim runs out and the notice is tried again.
                failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return done;
    }

    private Attempt deliver(LogoutNotice notice) {
        DeliveryResult result = send(notice);
        var decision = policy.decide(result, notice.attempt(), clock.instant());
        outbox.record(notice, decision, clock.instant());
        return new Attempt(notice, decision);
    }

    private DeliveryResult send(LogoutNotice notice) {
        Optional<Client> client = clients.find(notice.clientId());
        if (client.isEmpty() || !client.get().isActive()) {
            return new DeliveryResult.NoReceiver("the client is gone or disabled");
        }
        if (client.get().backchannelLogoutUri().isEmpty()) {
            return new DeliveryResult.NoReceiver("the client no longer registers a backchannel_logout_uri");
        }
        String token;
        try {
            token = tokens.mint(client.get(), notice);
        } catch (RuntimeException e) {
            // No key can sign now (503 at the endpoints): a passing condition, so the notice waits and retries.
            return new DeliveryResult.Unreachable("no logout token could be signed: " + e.getMessage());
        }
        return sender.send(client.get().backchannelLogoutUri().get(), token);
    }
}
