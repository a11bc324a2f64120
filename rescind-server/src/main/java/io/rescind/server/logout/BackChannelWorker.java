package io.rescind.server.logout;

import io.rescind.core.logout.BackChannelDelivery;
import io.rescind.core.logout.BackChannelRetryPolicy.Decision;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread that empties the back-channel logout outbox: it delivers what is due every poll interval, and
 * at once when {@link #wake()} says a revocation just queued notices. Failures are logged at WARN with the client, the
 * notice and the reason, never the token.
 */
public final class BackChannelWorker {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(BackChannelWorker.class);

    private final BackChannelDelivery delivery;
    private final Duration pollInterval;
    private final Semaphore wakeUps = new Semaphore(0);
    private final ReentrantLock polling = new ReentrantLock();
    private volatile Thread thread;

    public BackChannelWorker(BackChannelDelivery delivery, Duration pollInterval) {
        this.delivery = delivery;
        this.pollInterval = pollInterval;
    }

    public void start() {
        Thread worker = Thread.ofPlatform().daemon().name("rescind-backchannel").unstarted(this::run);
        thread = worker;
        worker.start();
    }

    /** Stops the thread; the attempts of a round under way are interrupted and tried again later (at least once). */
    public void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(STOP_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Asks for a delivery round now, without waiting for it. */
    public void wake() {
        wakeUps.release();
    }

    /**
     * Delivers everything due now on the caller's thread and answers how many attempts it made. A round already under
     * way on the worker finishes first, so when this returns every notice that was due has had its attempt.
     */
    public int deliverDue() {
        polling.lock();
        try {
            List<BackChannelDelivery.Attempt> attempts = delivery.deliverDue();
            attempts.forEach(BackChannelWorker::log);
            return attempts.size();
        } finally {
            polling.unlock();
        }
    }

    private void run() {
        while (thread == Thread.currentThread()) {
            try {
                deliverDue();
            } catch (RuntimeException e) {
                LOG.warn("Back-channel logout delivery failed: {}", e.getMessage());
            }
            try {
                wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void log(BackChannelDelivery.Attempt attempt) {
        var notice = attempt.notice();
        switch (attempt.decision()) {
            case Decision.Delivered d ->
                LOG.debug("Back-channel logout notice {} delivered to client {}", notice.id(), notice.clientId());
            case Decision.RetryAt retry ->
                LOG.warn(
                        "Back-channel logout notice {} to client {} failed (attempt {}): {}; next attempt at {}",
                        notice.id(),
                        notice.clientId(),
                        notice.attempt(),
                        retry.error(),
                        retry.at());
            case Decision.Failed failed ->
                LOG.warn(
                        "Back-channel logout notice {} to client {} failed for good (attempt {}): {}",
                        notice.id(),
                        notice.clientId(),
                        notice.attempt(),
                        failed.error());
        }
    }
}
