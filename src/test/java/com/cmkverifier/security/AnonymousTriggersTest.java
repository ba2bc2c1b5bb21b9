package com.cmkverifier.security;

import com.cmkverifier.functions.VerificationFunctions;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every HTTP trigger is anonymous to the Functions host: callers are signed in by App Service Authentication and
 * admitted route by route by the app itself ({@code functions.RouteRolesTest}), or by the app's own key check in
 * function-key mode. A host key would be a second shared secret that every caller must hold.
 */
class AnonymousTriggersTest {

    private static final String PACKAGE = "com.cmkverifier.functions";

    /** The compiled main classes of the functions package (test classes share the package name). */
    private static List<Class<?>> functionClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(VerificationFunctions.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(PACKAGE.replace('.', '/'));
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String simple = f.getFileName().toString().replace(".class", "");
                out.add(Class.forName(PACKAGE + "." + simple, false, AnonymousTriggersTest.class.getClassLoader()));
            }
        }
        return out;
    }

    private static List<String> httpTriggersWith(AuthorizationLevel level, boolean equal) throws Exception {
        List<String> found = new ArrayList<>();
        for (Class<?> c : functionClasses()) {
            for (Method m : c.getDeclaredMethods()) {
                for (Parameter p : m.getParameters()) {
                    HttpTrigger t = p.getAnnotation(HttpTrigger.class);
                    if (t != null && (t.authLevel() == level) == equal) {
                        found.add(m.getAnnotation(FunctionName.class).value());
                    }
                }
            }
        }
        return found;
    }

    @Test
    void everyHttpTriggerLeavesTheCallerCheckToTheApp() throws Exception {
        assertEquals(List.of(), httpTriggersWith(AuthorizationLevel.ANONYMOUS, false));
    }

    @Test
    void theCheckSeesTheHttpFunctions() throws Exception {
        List<String> anonymous = httpTriggersWith(AuthorizationLevel.ANONYMOUS, true);
        assertTrue(anonymous.containsAll(List.of("StartVerification", "GetVerification", "PutResource")), anonymous::toString);
    }
}
