package com.cmkverifier.evidence.loganalytics;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands a call's raw answer body to the caller that asked for it. The SDK (azure-monitor-query 1.5.2) keeps only
 * the code and message of an answer's {@code error}, not the details whose severities tell a warning (a fuzzy
 * union leg whose table does not exist) from a real partial failure, nor the semantic error code of a 400.
 */
final class RawAnswerPolicy implements HttpPipelinePolicy {

    private static final String KEY = "cmkv-raw-answer";

    /** A context under which the last answer's body (of any attempt) lands in {@code body}. */
    static Context asking(AtomicReference<BinaryData> body) {
        return new Context(KEY, body);
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return next.process().map(response -> keep(context, response));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        return keep(context, next.processSync());
    }

    @SuppressWarnings("unchecked")
    private static HttpResponse keep(HttpPipelineCallContext context, HttpResponse response) {
        Object holder = context.getData(KEY).orElse(null);
        if (!(holder instanceof AtomicReference<?>)) {
            return response;
        }
        // Buffered once; the SDK then reads the same bytes.
        HttpResponse buffered = response.buffer();
        ((AtomicReference<BinaryData>) holder).set(buffered.getBodyAsBinaryData());
        return buffered;
    }
}
