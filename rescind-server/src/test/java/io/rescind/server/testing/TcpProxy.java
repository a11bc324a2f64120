package io.rescind.server.testing;

import io.rescind.store.ConnectionSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback TCP proxy in front of a test database, so a test can cut a server off its PostgreSQL and reconnect it
 * without touching the database itself: {@link #cut()} resets every connection and refuses new ones,
 * {@link #restore()} lets them through again.
 */
public final class TcpProxy implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?(/.*)");

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean passing = true;

    private TcpProxy(String targetHost, int targetPort) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread.ofVirtual().name("tcp-proxy-accept").start(this::accept);
    }

    /** A proxy to the database {@code settings} name, and the settings that reach it through the proxy. */
    public static Proxied in(ConnectionSettings settings) {
        Matcher url = URL.matcher(settings.jdbcUrl());
        if (!url.matches()) {
            throw new IllegalArgumentException("not a host:port database URL: " + settings.redactedUrl());
        }
        try {
            var proxy = new TcpProxy(url.group(1), url.group(2) == null ? 5432 : Integer.parseInt(url.group(2)));
            String through = "jdbc:postgresql://127.0.0.1:" + proxy.listener.getLocalPort() + url.group(3);
            return new Proxied(proxy, new ConnectionSettings(through, settings.user(), settings.password()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A proxy and the connection settings that go through it. */
    public record Proxied(TcpProxy proxy, ConnectionSettings settings) {}

    /** Resets every open connection and refuses new ones (they are accepted and reset at once). */
    public synchronized void cut() {
        passing = false;
        open.forEach(TcpProxy::reset);
        open.clear();
    }

    /** Lets new connections through again. */
    public void restore() {
        passing = true;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = connectUpstream(client);
                if (upstream != null) {
                    Thread.ofVirtual().start(() -> pump(client, upstream));
                    Thread.ofVirtual().start(() -> pump(upstream, client));
                }
            } catch (IOException e) {
                // the listener closed, or one connection failed: the others go on
            }
        }
    }

    /**
     * The upstream half of an accepted connection, or null when the proxy is cut (the client is reset): decided under
     * the same lock as {@link #cut()}, so no connection slips through a cut.
     */
    private synchronized Socket connectUpstream(Socket client) {
        if (!passing) {
            reset(client);
            return null;
        }
        try {
            Socket upstream = new Socket(targetHost, targetPort);
            open.add(client);
            open.add(upstream);
            return upstream;
        } catch (IOException e) {
            reset(client);
            return null;
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // reset or closed: end both directions
        } finally {
            reset(from);
            reset(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing
        }
        cut();
    }
}
