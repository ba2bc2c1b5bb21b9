package com.cmkverifier.evidence.live;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTTP client under the SDK clients' pipelines, so below their retry policy: every attempt, first or
 * retried, passes the {@link QuotaGate} of its service (a vault's budget and its subscription's, the identity's
 * query slots, a Resource Graph hold-off) before it leaves, and a 429 it brings back holds the whole app off that
 * vault, off Log Analytics or off Resource Graph, for the Retry-After the service named. Other requests (sign-in,
 * plain ARM reads) pass untouched.
 */
public final class ThrottledHttpClient implements HttpClient {

    /** The path of a Resource Graph query (learn.microsoft.com/rest/api/azureresourcegraph, "Resources"). */
    private static final String RESOURCE_GRAPH_PATH = "/providers/microsoft.resourcegraph/resources";

    /** When a 429 names no wait: the first delay of Key Vault's documented back-off. */
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private final HttpClient inner;
    private final QuotaGate gate;
    private final VaultEndpoints vaults;
    private final String logsPrefix;
    private final Duration queryHold;

    private ThrottledHttpClient(HttpClient inner, QuotaGate gate, VaultEndpoints vaults, URI logsEndpoint,
                                Duration queryHold) {
        this.inner = inner;
        this.gate = gate;
        this.vaults = vaults;
        this.logsPrefix = logsEndpoint == null ? null : logsEndpoint.toString().replaceAll("/+$", "") + "/";
        this.queryHold = queryHold;
    }

    /**
     * {@code inner} behind the gate. Typed as the SDK's interface so that callers' bytecode never names this
     * class where an {@code HttpClient} is expected: verifying it would load the SDK's HTTP classes, which the
     * offline CLI never loads ({@code OfflineClassLoadingTest}).
     *
     * @param queryHold how long a query may hold its slot: its own timeout and a margin
     */
    public static HttpClient wrap(HttpClient inner, QuotaGate gate, VaultEndpoints vaults, URI logsEndpoint,
                                  Duration queryHold) {
        return new ThrottledHttpClient(inner, gate, vaults, logsEndpoint, queryHold);
    }

    /**
     * {@code inner} behind the gate's Resource Graph hold-off, for the Resource Manager pipeline of discovery and
     * of the vaults' subscriptions: a Resource Graph 429 heard by one instance holds every instance off.
     */
    public static HttpClient resourceManager(HttpClient inner, QuotaGate gate) {
        return new ThrottledHttpClient(inner, gate, VaultEndpoints.DIRECT, null, Duration.ZERO);
    }

    /** What a request passed through, to undo and to learn from once it is answered. */
    private final class Pass {
        private final String vault;
        private final int slot;
        private final boolean resourceGraph;

        private Pass(String vault, int slot, boolean resourceGraph) {
            this.vault = vault;
            this.slot = slot;
            this.resourceGraph = resourceGraph;
        }

        void answered(HttpResponse r) {
            if (r.getStatusCode() != 429) {
                return;
            }
            Duration wait = retryAfter(r).orElse(DEFAULT_RETRY_AFTER);
            if (vault != null) {
                gate.vaultThrottled(vault, wait);
            } else if (resourceGraph) {
                gate.resourceGraphThrottled(wait);
            } else if (slot >= 0) {
                gate.queryThrottled(wait);
            }
        }

        void close() {
            if (slot >= 0) {
                gate.leaveQuery(slot);
            }
        }
    }

    private Pass enter(HttpRequest request) {
        String url = request.getUrl().toString();
        Optional<String> vault = vaults.vaultHostOf(request.getUrl());
        if (vault.isPresent()) {
            gate.enterVault(vault.get());
            return new Pass(vault.get(), -1, false);
        }
        if (logsPrefix != null && url.startsWith(logsPrefix)) {
            return new Pass(null, gate.enterQuery(queryHold), false);
        }
        if (request.getUrl().getPath().toLowerCase(Locale.ROOT).endsWith(RESOURCE_GRAPH_PATH)) {
            gate.enterResourceGraph();
            return new Pass(null, -1, true);
        }
        return new Pass(null, -1, false);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        // using: the pass is closed however the exchange ends, cancelled included, also when the cancel comes after
        // the gate let the request through but before the exchange began (flatMap dropped the pass there).
        return Mono.using(() -> enter(request), pass -> inner.send(request, context).doOnNext(pass::answered),
                Pass::close).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        Pass pass = enter(request);
        try {
            HttpResponse r = inner.sendSync(request, context);
            pass.answered(r);
            return r;
        } finally {
            pass.close();
        }
    }

    /** Retry-After in seconds or as an HTTP date, or the millisecond headers Azure services also send. */
    static Optional<Duration> retryAfter(HttpResponse r) {
        for (String ms : new String[] {"retry-after-ms", "x-ms-retry-after-ms"}) {
            String v = r.getHeaderValue(ms);
            if (v != null && v.trim().matches("\\d{1,9}")) {
                return Optional.of(Duration.ofMillis(Long.parseLong(v.trim())));
            }
        }
        String v = r.getHeaderValue("Retry-After");
        if (v == null) {
            return Optional.empty();
        }
        if (v.trim().matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
        }
        try {
            Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v.trim(),
                    DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
