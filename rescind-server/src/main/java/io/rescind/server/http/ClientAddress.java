package io.rescind.server.http;

import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;

/** The address of the peer that sent a request (proxies are not trusted for it). */
public final class ClientAddress {
    private ClientAddress() {}

    public static String of(ServerRequest req) {
        return req.remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : "unknown";
    }
}
