package com.cmkverifier.functions;

import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The function classes, and their HTTP routes as the annotations declare them. */
final class FunctionRoutes {

    static final List<Class<?>> CLASSES = List.of(VerificationFunctions.class, ResourceFunctions.class,
            SweepFunctions.class, JobFunctions.class, OpenApiFunction.class, KeyVersionFunctions.class,
            DiscoveryFunctions.class, EventFunctions.class, RotationFunctions.class);

    /** One HTTP function: its route, method (lower case) and auth level. */
    record Route(String function, String route, String method, AuthorizationLevel auth) {
    }

    private FunctionRoutes() {
    }

    /** Every function by name, mapped to its HTTP trigger or null for other triggers. */
    static Map<String, HttpTrigger> functions() {
        Map<String, HttpTrigger> out = new TreeMap<>();
        for (Class<?> c : CLASSES) {
            for (Method m : c.getDeclaredMethods()) {
                FunctionName name = m.getAnnotation(FunctionName.class);
                if (name != null) {
                    HttpTrigger http = null;
                    for (Parameter p : m.getParameters()) {
                        http = http != null ? http : p.getAnnotation(HttpTrigger.class);
                    }
                    out.put(name.value(), http);
                }
            }
        }
        return out;
    }

    /** "post /verifications" for every HTTP function and method. */
    static Map<String, Route> http() {
        Map<String, Route> out = new TreeMap<>();
        functions().forEach((name, http) -> {
            if (http != null) {
                for (var method : http.methods()) {
                    String m = method.name().toLowerCase(Locale.ROOT);
                    out.put(m + " /" + http.route(), new Route(name, http.route(), m, http.authLevel()));
                }
            }
        });
        return out;
    }
}
