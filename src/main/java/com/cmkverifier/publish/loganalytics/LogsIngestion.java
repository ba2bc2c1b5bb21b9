package com.cmkverifier.publish.loganalytics;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/**
 * The Logs Ingestion API of Azure Monitor through azure-core's pipeline ({@code azure-monitor-ingestion} is not
 * available to this build): {@code POST {endpoint}/dataCollectionRules/{immutableId}/streams/{stream}} with a
 * gzip JSON array of rows, answered 204. The retry policy retries 408, 429 and 5xx and unanswered requests,
 * honouring {@code Retry-After}. Built once; thread-safe.
 */
public final class LogsIngestion {

    static final String API_VERSION = "2023-01-01";
    static final String SCOPE = "https://monitor.azure.com/.default";

    private final HttpPipeline pipeline;
    private final String url;

    public LogsIngestion(IngestionSettings settings, TokenCredential credential, HttpClient httpClient) {
        this.url = settings.uploadUrl();
        this.pipeline = new HttpPipelineBuilder().httpClient(httpClient).policies(
                new UserAgentPolicy("cmk-verifier"),
                new RetryPolicy(new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(settings.maxRetries())
                        .setBaseDelay(settings.retryDelay()).setMaxDelay(Duration.ofMinutes(1)))),
                // Refuses plain http itself, so that the token never travels unencrypted.
                new BearerTokenAuthenticationPolicy(credential, SCOPE)).build();
    }

    /**
     * Sends one batch, a UTF-8 JSON array of rows, compressed.
     *
     * @throws HttpResponseException when the service refused it or kept failing after the retries
     */
    public void upload(byte[] jsonArray) {
        HttpRequest request = new HttpRequest(HttpMethod.POST, url)
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
                .setHeader(HttpHeaderName.CONTENT_ENCODING, "gzip")
                .setBody(gzip(jsonArray));
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            int status = response.getStatusCode();
            if (status < 200 || status >= 300) {
                String body = response.getBodyAsBinaryData().toString();
                throw new HttpResponseException("Logs Ingestion API answered " + status + ": "
                        + body.substring(0, Math.min(body.length(), 300)), response);
            }
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
