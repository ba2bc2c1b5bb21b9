package com.cmkverifier.application;

import java.util.Locale;
import java.util.Map;

/**
 * How the HTTP API knows its callers (spec section 13), read once from the settings. In {@link Mode#ENTRA} (the
 * default) the platform's App Service Authentication signs callers in and the app reads their app roles from
 * the principal the platform injects; that principal is trusted only when the platform says its authentication
 * is on ({@link #PLATFORM_AUTH}, which App Service sets and callers cannot). {@link Mode#FUNCTION_KEY} is for
 * deployments without Entra: one shared key, checked by the app, which cannot tell one caller's rights from
 * another's.
 *
 * @param mode         how callers are known
 * @param platformAuth whether App Service Authentication is on for this app
 * @param functionKey  the shared key in {@link Mode#FUNCTION_KEY}, else null; never printed
 */
public record ApiAuthentication(Mode mode, boolean platformAuth, String functionKey) {

    public static final String MODE = "CMKV_AUTH";
    public static final String FUNCTION_KEY = "CMKV_FUNCTION_KEY";
    /**
     * Read-only, injected by App Service when its authentication is on ("Environment variables and app settings
     * in Azure App Service", MicrosoftDocs/azure-docs articles/app-service/reference-app-settings.md).
     */
    public static final String PLATFORM_AUTH = "WEBSITE_AUTH_ENABLED";
    /** A shorter key could be guessed; the Functions host's own keys are longer still. */
    static final int MIN_KEY_LENGTH = 32;

    /** How callers are known. */
    public enum Mode { ENTRA, FUNCTION_KEY }

    /** @throws BadSetting naming {@link #MODE} or {@link #FUNCTION_KEY} when either cannot be used */
    static ApiAuthentication fromEnvironment(Map<String, String> env) {
        String mode = env.getOrDefault(MODE, "").trim().toLowerCase(Locale.ROOT);
        boolean platform = "true".equalsIgnoreCase(env.getOrDefault(PLATFORM_AUTH, "").trim());
        String key = env.getOrDefault(FUNCTION_KEY, "").trim();
        switch (mode) {
            case "", "entra" -> {
                if (!key.isEmpty()) {
                    throw new BadSetting("setting " + FUNCTION_KEY + " is set but " + MODE
                            + " is not function-key: remove the key, or choose the mode that uses it");
                }
                return new ApiAuthentication(Mode.ENTRA, platform, null);
            }
            case "function-key" -> {
                if (key.length() < MIN_KEY_LENGTH) {
                    throw new BadSetting("setting " + FUNCTION_KEY + " must hold a key of at least " + MIN_KEY_LENGTH
                            + " characters when " + MODE + " is function-key");
                }
                return new ApiAuthentication(Mode.FUNCTION_KEY, platform, key);
            }
            default -> throw new BadSetting("setting " + MODE + " must be entra or function-key");
        }
    }

    @Override
    public String toString() {
        return "ApiAuthentication[mode=" + mode + ", platformAuth=" + platformAuth + "]";
    }
}
