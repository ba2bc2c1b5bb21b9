package com.cmkverifier.reliability;

import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.Received;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.WireServer;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * The faults a service can answer with, each injected for every matching request (a persistent fault, so that
 * retries cannot hide it). The names are the fault classes listed in {@code docs/reliability.md}.
 */
enum WireFault {
    /** 429 with Retry-After on every try: a throttling storm. */
    THROTTLING_STORM,
    INTERNAL_ERROR_500,
    UNAVAILABLE_503,
    GATEWAY_TIMEOUT_504,
    /** The connection closes before any answer. */
    CONNECTION_DROPPED,
    /** HTTP 200 whose body is not JSON. */
    MALFORMED_JSON,
    /** HTTP 200 announcing a body longer than what arrives before the connection closes. */
    TRUNCATED_BODY,
    /** The answer comes later than the client's timeout. */
    TOO_SLOW,
    /** Log Analytics only: HTTP 200 with rows and an error object. */
    PARTIAL_ERROR,
    /** Log Analytics only: HTTP 200 with a table of other columns than the query's. */
    WRONG_COLUMNS;

    static final int FOREVER = 10_000;
    static final Duration SLOW = Duration.ofSeconds(20);

    void inject(WireServer server, Predicate<Received> which) {
        switch (this) {
            case THROTTLING_STORM -> server.failNext(which, FOREVER, Reply.throttled(1));
            case INTERNAL_ERROR_500 -> server.failNext(which, FOREVER, Reply.error(500, "InternalServerError", "boom"));
            case UNAVAILABLE_503 -> server.failNext(which, FOREVER, Reply.error(503, "ServiceUnavailable", "busy")
                    .withHeader("Retry-After", "0"));
            case GATEWAY_TIMEOUT_504 -> server.failNext(which, FOREVER, Reply.error(504, "GatewayTimeout", "late"));
            case CONNECTION_DROPPED -> server.dropNext(which, FOREVER);
            case MALFORMED_JSON -> server.failNext(which, FOREVER, Reply.json(200, "{\"value\": [{\"kid\": tru"));
            case TRUNCATED_BODY -> server.truncateNext(which, FOREVER, Reply.json(200,
                    "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[],\"rows\":[]}],\"value\":[]}"), 12);
            case TOO_SLOW -> server.delayNext(which, FOREVER, SLOW);
            case PARTIAL_ERROR -> server.failNext(which, FOREVER, FakeLogAnalytics.partialError());
            case WRONG_COLUMNS -> server.failNext(which, FOREVER, Reply.json(200, "{\"tables\":[{\"name\":"
                    + "\"PrimaryResult\",\"columns\":[{\"name\":\"Computer\",\"type\":\"string\"}],"
                    + "\"rows\":[[\"vm-1\"]]}]}"));
        }
    }
}
