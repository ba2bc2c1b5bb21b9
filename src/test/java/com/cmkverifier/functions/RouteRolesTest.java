package com.cmkverifier.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route of openapi.json, called through its Functions entry point with no principal, with every role but
 * the ones it documents, and with each documented role alone (platform authentication on, as App Service sets
 * it). The documented roles are checked against spec section 13 first, so a route cannot pass by documenting
 * the role it happens to ask for.
 */
class RouteRolesTest {

    /** Spec section 13, "Who may call the API". */
    private static final Map<String, Set<String>> SPEC = Map.ofEntries(
            Map.entry("post /verifications", Set.of("Verifications.Run")),
            Map.entry("get /verifications/{id}", Set.of("Verifications.Run", "Results.Read")),
            Map.entry("get /resources", Set.of("Results.Read")),
            Map.entry("get /resources/{name}", Set.of("Results.Read")),
            Map.entry("put /resources/{name}", Set.of("Registry.Write")),
            Map.entry("delete /resources/{name}", Set.of("Registry.Write")),
            Map.entry("get /sweeps/latest", Set.of("Results.Read")),
            Map.entry("get /sweeps/{id}", Set.of("Results.Read")),
            Map.entry("post /discoveries", Set.of("Registry.Write")),
            Map.entry("get /discoveries/latest", Set.of("Results.Read")),
            Map.entry("get /discoveries/{id}", Set.of("Results.Read")),
            Map.entry("get /keys/{vaultHost}/{keyName}/versions", Set.of("Results.Read")),
            Map.entry("get /openapi.json", Set.of("Results.Read")));

    private static final Map<String, String> BINDINGS = Map.of("id", "00000000-0000-4000-8000-000000000001",
            "name", "stcmkdata", "vaultHost", "kv-cmk-prod.vault.azure.net", "keyName", "stg-cmk");
    private static final Map<String, String> BODIES = Map.of(
            "post /verifications", "{\"resource\":\"stcmkdata\"}",
            "put /resources/{name}", "{\"type\":\"Microsoft.Storage/storageAccounts\",\"key\":\""
                    + VerificationFlowTest.KEY + "\",\"identity\":{\"principalId\":\"" + VerificationFlowTest.PRINCIPAL + "\"}}",
            "post /discoveries", "{}");

    @TempDir
    Path dir;
    private TestApp app;

    @BeforeEach
    void start() {
        app = new TestApp(dir);
        VerificationFlowTest.register(app, "stcmkdata");
    }

    /** "post /verifications" to the roles its operation documents in x-cmkv-app-roles. */
    static Map<String, Set<String>> documented() {
        JsonNode doc = new OpenApi().document(null).body();
        Map<String, Set<String>> out = new TreeMap<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            Set<String> roles = new TreeSet<>();
            op.getValue().path("x-cmkv-app-roles").forEach(r -> roles.add(r.asText()));
            out.put(op.getKey() + " " + path.getKey(), roles);
        }));
        return out;
    }

    /** Calls the route's entry point as the host would, with these headers. */
    private FunctionCall.Response call(String route, Map<String, String> headers) throws Exception {
        FunctionRoutes.Route r = FunctionRoutes.http().get(route);
        String path = "/api/" + r.route();
        for (Map.Entry<String, String> b : BINDINGS.entrySet()) {
            path = path.replace("{" + b.getKey() + "}", b.getValue());
        }
        HttpRequestMessage<Optional<String>> request = app.call.request(
                HttpMethod.value(r.method().toUpperCase(Locale.ROOT)), path, BODIES.get(route), headers);
        for (Class<?> c : FunctionRoutes.CLASSES) {
            for (Method m : c.getDeclaredMethods()) {
                FunctionName name = m.getAnnotation(FunctionName.class);
                if (name != null && name.value().equals(r.function())) {
                    Object functions = c.getDeclaredConstructor(Supplier.class).newInstance((Supplier<AppContext>) () -> app.context);
                    List<Object> args = new ArrayList<>();
                    for (Parameter p : m.getParameters()) {
                        BindingName binding = p.getAnnotation(BindingName.class);
                        args.add(p.getType() == HttpRequestMessage.class ? request
                                : p.getType() == ExecutionContext.class ? app.call.context
                                : BINDINGS.get(binding.value()));
                    }
                    return FunctionCall.of((HttpResponseMessage) m.invoke(functions, args.toArray()));
                }
            }
        }
        throw new AssertionError("no function " + r.function());
    }

    private static Map<String, String> principal(Set<String> roles) {
        return Map.of(ClientPrincipal.HEADER, Principals.of(Principals.OBJECT_ID, roles.toArray(String[]::new)));
    }

    private int registered() {
        return app.context.resources().list().size();
    }

    @Test
    void everyRouteDocumentsTheRolesOfSpecSectionThirteen() {
        assertEquals(new TreeMap<>(SPEC), documented());
        assertEquals(SPEC.keySet(), FunctionRoutes.http().keySet());
    }

    @Test
    void withoutAPrincipalEveryRouteAnswers401AndDoesNothing() throws Exception {
        for (String route : documented().keySet()) {
            FunctionCall.Response r = call(route, Map.of());
            assertEquals(401, r.code(), route);
            assertEquals("Bearer", r.getHeader("WWW-Authenticate"), route);
            assertEquals(ApiResponse.PROBLEM_JSON, r.getHeader("Content-Type"), route);
        }
        assertEquals(1, registered());
        assertEquals(0, app.waiting(), "no verification or discovery was queued");
    }

    @Test
    void everyOtherRoleIsAnswered403NamingTheRolesTheRouteNeeds() throws Exception {
        for (Map.Entry<String, Set<String>> route : documented().entrySet()) {
            Set<String> others = EnumSet.allOf(Role.class).stream().map(Role::value)
                    .filter(v -> !route.getValue().contains(v)).collect(Collectors.toSet());
            FunctionCall.Response r = call(route.getKey(), principal(others));
            assertEquals(403, r.code(), route.getKey());
            JsonNode p = r.json();
            route.getValue().forEach(role -> assertTrue(p.get("detail").asText().contains(role), p::toString));
            List<String> named = new ArrayList<>();
            p.get("roles").forEach(n -> named.add(n.asText()));
            assertEquals(new ArrayList<>(new TreeSet<>(route.getValue())), named, route.getKey());
        }
        assertEquals(1, registered());
        assertEquals(0, app.waiting(), "no verification or discovery was queued");
    }

    @Test
    void eachDocumentedRoleAloneOpensTheRoute() throws Exception {
        for (Map.Entry<String, Set<String>> route : documented().entrySet()) {
            for (String role : route.getValue()) {
                FunctionCall.Response r = call(route.getKey(), principal(Set.of(role)));
                assertFalse(r.code() == 401 || r.code() == 403 || r.code() >= 500,
                        () -> route.getKey() + " as " + role + ": " + r.code() + " " + r.getBody());
            }
        }
    }
}
