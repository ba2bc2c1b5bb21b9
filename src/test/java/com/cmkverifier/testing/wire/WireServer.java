package com.cmkverifier.testing.wire;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A local HTTPS server for wire-level tests of the real Azure SDK clients: records every request, and lets a
 * test inject faults (a canned answer, a dropped connection or a cut-off body for the next n matching requests)
 * and latency. It also counts the connections clients opened and those still open, for leak checks.
 */
public final class WireServer implements AutoCloseable {

    static {
        // The JDK server writes a response's headers and body separately; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK hold every answer for ~40 ms, which no Azure service adds.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** {@code cutAt}: -1 sends the whole reply, 0 closes the connection unanswered, n sends only n body bytes. */
    private record Fault(Predicate<Received> matches, int[] remaining, Reply reply, Duration delay, int cutAt) {
    }

    /** What to send: the reply, and how much of it (as {@link Fault#cutAt}). */
    private record Answer(Reply reply, int cutAt) {
    }

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wire-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final Set<InetSocketAddress> clients = ConcurrentHashMap.newKeySet();
    private final Function<Received, Reply> service;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;

    private WireServer(Function<Received, Reply> service) {
        this.service = service;
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(TestCertificate.serverContext()));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static WireServer start(Function<Received, Reply> service) {
        return new WireServer(service);
    }

    public String baseUrl() {
        return "https://localhost:" + server.getAddress().getPort();
    }

    /** An SDK HTTP client that trusts this server's certificate (and nothing else). */
    public static HttpClient trustingClient() {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(TestCertificate.clientContext())).build();
    }

    /** Bounded retries with tiny back-off, so that retry tests count requests without waiting. */
    public static RetryOptions retries(int max) {
        return new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(max)
                .setBaseDelay(Duration.ofMillis(10)).setMaxDelay(Duration.ofMillis(50)));
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public long count(Predicate<Received> which) {
        return received.stream().filter(which).count();
    }

    /** Holds every request for {@code delay} before answering: a remote service's round trip. */
    public void latency(Duration delay) {
        latency = delay;
    }

    /** The requests this server is answering now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The most requests this server was answering at the same time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Answers the next {@code times} matching requests with {@code reply} instead of the service. */
    public synchronized void failNext(Predicate<Received> which, int times, Reply reply) {
        faults.add(new Fault(which, new int[] {times}, reply, Duration.ZERO, -1));
    }

    /** Closes the connection of the next {@code times} matching requests without answering them. */
    public synchronized void dropNext(Predicate<Received> which, int times) {
        faults.add(new Fault(which, new int[] {times}, null, Duration.ZERO, 0));
    }

    /**
     * Answers the next {@code times} matching requests with {@code reply} whose headers announce the whole body
     * but whose connection closes after {@code bytes} of it: a body truncated in transit.
     */
    public synchronized void truncateNext(Predicate<Received> which, int times, Reply reply, int bytes) {
        faults.add(new Fault(which, new int[] {times}, reply, Duration.ZERO, Math.max(1, bytes)));
    }

    /** Holds the next {@code times} matching requests for {@code delay} before the service answers. */
    public synchronized void delayNext(Predicate<Received> which, int times, Duration delay) {
        faults.add(new Fault(which, new int[] {times}, null, delay, -1));
    }

    /** Forgets every fault not yet used up, so that the next requests get the service's own answers. */
    public synchronized void clearFaults() {
        faults.clear();
    }

    /** Connections clients opened to this server so far (distinct client addresses). */
    public int connectionsOpened() {
        return clients.size();
    }

    /**
     * Connections to this server that are established right now, from the kernel's table; -1 where there is no
     * {@code /proc/net/tcp} to read (not Linux).
     */
    public int connectionsOpen() {
        return OpenSockets.established(server.getAddress().getPort());
    }

    private synchronized Fault takeFault(Received r) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (f.matches.test(r)) {
                if (--f.remaining[0] <= 0) {
                    it.remove();
                }
                return f;
            }
        }
        return null;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Answer answer = answer(ex);
            if (answer.cutAt() == 0) {
                // Closing an exchange before its headers are sent closes the connection itself.
                return;
            }
            Reply reply = answer.reply();
            byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            int send = answer.cutAt() > 0 ? Math.min(answer.cutAt(), bytes.length) : bytes.length;
            if (send > 0) {
                OutputStream out = ex.getResponseBody();
                out.write(bytes, 0, send);
                if (send == bytes.length) {
                    out.close();
                }
            }
        } catch (IOException e) {
            // A body cut short cannot be closed cleanly: the server drops the connection, which is the point.
        }
    }

    /**
     * Counts the request in flight from its arrival until its answer is ready, never while the answer travels:
     * the client may send its next request as soon as it has read one, so a count that lasted longer would
     * see more in flight than the client ever had.
     */
    private Answer answer(HttpExchange ex) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            byte[] bytes = ex.getRequestBody().readAllBytes();
            Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery(), headers, new String(bytes, StandardCharsets.UTF_8),
                    System.nanoTime(), bytes);
            received.add(r);
            clients.add(ex.getRemoteAddress());
            Fault fault = takeFault(r);
            Duration delay = latency.plus(fault == null ? Duration.ZERO : fault.delay);
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            if (fault != null && fault.cutAt == 0) {
                return new Answer(null, 0);
            }
            return new Answer(fault != null && fault.reply != null ? fault.reply : service.apply(r),
                    fault == null ? -1 : fault.cutAt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Reply.error(503, "ServiceUnavailable", "server stopping"), -1);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
