package com.cmkverifier.application;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one setting that chooses how callers are known, and the platform's own flag. */
class ApiAuthenticationTest {

    private static final String STORAGE = "UseDevelopmentStorage=true";
    private static final String KEY = "0123456789abcdef0123456789abcdef";

    private static ApiAuthentication of(String... pairs) {
        java.util.Map<String, String> env = new java.util.HashMap<>(Map.of(AppSettings.STORAGE, STORAGE));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return AppSettings.from(env).apiAuthentication();
    }

    private static String refused(String... pairs) {
        return assertThrows(BadSetting.class, () -> of(pairs)).getMessage();
    }

    @Test
    void entraIsTheDefaultAndTrustsThePrincipalOnlyWhenThePlatformSaysItsSignInIsOn() {
        assertEquals(ApiAuthentication.Mode.ENTRA, of().mode());
        assertFalse(of().platformAuth());
        assertTrue(of(ApiAuthentication.PLATFORM_AUTH, "True").platformAuth());
        assertFalse(of(ApiAuthentication.PLATFORM_AUTH, "1").platformAuth());
    }

    @Test
    void functionKeyModeNeedsALongKeyAndNeverPrintsIt() {
        ApiAuthentication a = of(AppSettings.AUTH_MODE, "function-key", AppSettings.FUNCTION_KEY, KEY);
        assertEquals(ApiAuthentication.Mode.FUNCTION_KEY, a.mode());
        assertFalse(a.toString().contains(KEY));
        assertTrue(refused(AppSettings.AUTH_MODE, "function-key").contains(AppSettings.FUNCTION_KEY));
        assertTrue(refused(AppSettings.AUTH_MODE, "function-key", AppSettings.FUNCTION_KEY, "short").contains("32"));
    }

    @Test
    void anUnknownModeOrAKeyLeftOverInEntraModeFailsNamingTheSetting() {
        assertTrue(refused(AppSettings.AUTH_MODE, "none").contains(AppSettings.AUTH_MODE));
        assertTrue(refused(AppSettings.FUNCTION_KEY, KEY).contains(AppSettings.FUNCTION_KEY));
    }
}
