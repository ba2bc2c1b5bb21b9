package com.cmkverifier.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Mocked Functions request and context, as Microsoft's archetype tests do, with a response builder that
 * records what the function answered. The context's logger keeps its lines so tests can read them.
 */
final class FunctionCall {

    /** Synchronized: workers on several threads log through one context. */
    final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    final ExecutionContext context;

    FunctionCall() {
        this(Integer.MAX_VALUE);
    }

    /** @param dieAfter how many lines this "worker" logs before it is killed (the next line throws) */
    FunctionCall(int dieAfter) {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (logged.size() >= dieAfter) {
                    throw new IllegalStateException("the worker was killed");
                }
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        context = mock(ExecutionContext.class);
        when(context.getLogger()).thenReturn(logger);
        when(context.getFunctionName()).thenReturn("test");
    }

    /** A request as the platform passes it on from a caller signed in with every app role. */
    HttpRequestMessage<Optional<String>> request(HttpMethod method, String path, String body) {
        return request(method, path, body, Map.of(ClientPrincipal.HEADER, Principals.of(Principals.OBJECT_ID,
                "Verifications.Run", "Results.Read", "Registry.Write")));
    }

    /** A request with exactly these headers. */
    @SuppressWarnings("unchecked")
    HttpRequestMessage<Optional<String>> request(HttpMethod method, String path, String body,
                                                 Map<String, String> headers) {
        HttpRequestMessage<Optional<String>> req = mock(HttpRequestMessage.class);
        when(req.getHttpMethod()).thenReturn(method);
        when(req.getUri()).thenReturn(URI.create("https://cmkv.example.net" + path));
        when(req.getBody()).thenReturn(Optional.ofNullable(body));
        when(req.getQueryParameters()).thenReturn(query(URI.create("https://cmkv.example.net" + path)));
        when(req.getHeaders()).thenReturn(headers);
        doAnswer(inv -> new Response((HttpStatus) inv.getArgument(0))).when(req).createResponseBuilder(any(HttpStatus.class));
        return req;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                q.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return q;
    }

    /** A response as the function built it; {@link #json()} parses its body. */
    static final class Response implements HttpResponseMessage, HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new HashMap<>();
        private Object body;

        Response(HttpStatus status) {
            this.status = status;
        }

        @Override
        public Builder status(HttpStatusType status) {
            this.status = status;
            return this;
        }

        @Override
        public Builder header(String key, String value) {
            headers.put(key, value);
            return this;
        }

        @Override
        public Builder body(Object body) {
            this.body = body;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            return this;
        }

        @Override
        public HttpStatusType getStatus() {
            return status;
        }

        @Override
        public String getHeader(String key) {
            return headers.get(key);
        }

        @Override
        public Object getBody() {
            return body;
        }

        int code() {
            return status.value();
        }

        JsonNode json() {
            return StoredJson.parse((String) body);
        }
    }

    static Response of(HttpResponseMessage m) {
        return (Response) m;
    }
}
