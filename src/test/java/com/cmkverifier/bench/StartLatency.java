package com.cmkverifier.bench;

import com.cmkverifier.application.AppSettings;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.queue.QueueClient;
import com.cmkverifier.functions.AppContext;
import com.cmkverifier.functions.VerificationFunctions;
import com.cmkverifier.state.Azurite;
import com.cmkverifier.state.StorageClients;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * {@code POST /api/verifications} to 202 in-process: the annotated function method of the production entry
 * class, called with a mocked {@link HttpRequestMessage} and {@link ExecutionContext} as the function tests
 * do, against Azurite (there is no Functions host here). Side by side with each call, the floor: the two
 * storage writes a start makes (one table insert, one queue message) sent directly with the SDK clients.
 * The settings come from the environment that {@code bench/http-latency.sh} sets, as the host would set them.
 * Run by {@code bench/http-latency.sh}; not a test.
 *
 * <p>Arguments (optional): calls per run, runs, output file.
 */
public final class StartLatency {

    private static final String BODY = "{\"resource\": \"stcmkdata\"}";
    /**
     * The principal App Service Authentication injects for a caller with the app role Verifications.Run (the
     * scripts set WEBSITE_AUTH_ENABLED as the platform does), so that the timed path includes the role check.
     */
    private static final String PRINCIPAL = java.util.Base64.getEncoder().encodeToString(("{\"auth_typ\":\"aad\","
            + "\"claims\":[{\"typ\":\"oid\",\"val\":\"bench\"},{\"typ\":\"roles\",\"val\":\"Verifications.Run\"}],"
            + "\"role_typ\":\"roles\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private StartLatency() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path out = Path.of(args.length > 2 ? args[2] : "bench/out/http-latency.md");
        Azurite.connection();

        long t0 = System.nanoTime();
        AppContext.production();
        long contextNanos = System.nanoTime() - t0;
        VerificationFunctions functions = new VerificationFunctions();
        ExecutionContext context = context();
        long t1 = System.nanoTime();
        int firstStatus = start(functions, context);
        long firstNanos = System.nanoTime() - t1;
        if (firstStatus != 202) {
            throw new IllegalStateException("POST /api/verifications answered " + firstStatus + ", not 202");
        }

        StorageClients storage = new StorageClients(AppSettings.fromEnvironment().storage());
        String stem = "floor" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        TableClient table = storage.tables().createTableIfNotExists(stem);
        QueueClient queue = storage.queue(stem);
        queue.createIfNotExists();

        StringBuilder md = new StringBuilder();
        md.append("Command: `bench/http-latency.sh ").append(calls).append(' ').append(runs).append("` on ")
                .append(java.time.LocalDate.now()).append("; machine: ").append(SweepCost.machine()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Production context built (settings, Table and Queue clients, registry "
                + "seed of samples/lab): %.0f ms; first POST after it: %.0f ms (both include class loading).%n%n",
                contextNanos / 1e6, firstNanos / 1e6));
        md.append("| run | POST p50 ms | POST p99 ms | floor p50 ms | floor p99 ms | ratio p50 |\n|---|---|---|---|---|---|\n");
        double[][] medians = new double[4][runs];
        for (int r = 0; r < runs; r++) {
            long[] post = new long[calls];
            long[] floor = new long[calls];
            for (int i = 0; i < calls; i++) {
                HttpRequestMessage<Optional<String>> request = request();
                long a = System.nanoTime();
                int status = functions.start(request, context).getStatus().value();
                long b = System.nanoTime();
                table.createEntity(new TableEntity("floor", UUID.randomUUID().toString()).addProperty("n", i));
                queue.sendMessage("{\"n\":" + i + "}");
                long c = System.nanoTime();
                if (status != 202) {
                    throw new IllegalStateException("call " + i + " answered " + status);
                }
                post[i] = b - a;
                floor[i] = c - b;
            }
            double[] row = {pct(post, 50), pct(post, 99), pct(floor, 50), pct(floor, 99)};
            for (int k = 0; k < 4; k++) {
                medians[k][r] = row[k];
            }
            md.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f | %.2f |%n", r + 1, row[0], row[1],
                    row[2], row[3], row[0] / row[2]));
        }
        double[] m = new double[4];
        for (int k = 0; k < 4; k++) {
            double[] v = medians[k].clone();
            Arrays.sort(v);
            m[k] = v[v.length / 2];
        }
        md.append(String.format(Locale.ROOT, "| **median** | %.1f | %.1f | %.1f | %.1f | %.2f |%n", m[0], m[1], m[2],
                m[3], m[0] / m[2]));
        table.deleteTable();
        queue.delete();
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.println(md);
        System.exit(0);
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6;
    }

    private static int start(VerificationFunctions functions, ExecutionContext context) {
        return functions.start(request(), context).getStatus().value();
    }

    /** The request, and its response already mocked, so that no mock is made while a call is timed. */
    @SuppressWarnings("unchecked")
    private static HttpRequestMessage<Optional<String>> request() {
        HttpRequestMessage<Optional<String>> req = mock(HttpRequestMessage.class);
        URI uri = URI.create("https://cmkv.example.net/api/verifications");
        when(req.getUri()).thenReturn(uri);
        when(req.getBody()).thenReturn(Optional.of(BODY));
        when(req.getQueryParameters()).thenReturn(Map.of());
        when(req.getHeaders()).thenReturn(Map.of("X-MS-CLIENT-PRINCIPAL", PRINCIPAL));
        HttpStatus[] answered = new HttpStatus[1];
        HttpResponseMessage.Builder b = builder(answered);
        when(req.createResponseBuilder(any(HttpStatus.class))).thenAnswer(inv -> {
            answered[0] = inv.getArgument(0);
            return b;
        });
        return req;
    }

    private static HttpResponseMessage.Builder builder(HttpStatus[] answered) {
        HttpResponseMessage response = mock(HttpResponseMessage.class);
        when(response.getStatus()).thenAnswer(inv -> answered[0]);
        HttpResponseMessage.Builder b = mock(HttpResponseMessage.Builder.class);
        when(b.header(any(), any())).thenReturn(b);
        when(b.body(any())).thenReturn(b);
        when(b.build()).thenReturn(response);
        return b;
    }

    private static ExecutionContext context() {
        ExecutionContext c = mock(ExecutionContext.class);
        when(c.getLogger()).thenReturn(Logger.getLogger("bench"));
        when(c.getFunctionName()).thenReturn("StartVerification");
        return c;
    }
}
