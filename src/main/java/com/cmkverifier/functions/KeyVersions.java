package com.cmkverifier.functions;

import com.cmkverifier.application.EvidenceSources;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.KeyVaultHosts;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.rotation.RotationCheck;
import com.cmkverifier.output.RotationOutput;
import com.cmkverifier.state.RegistryStore;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code GET /api/keys/{vaultHost}/{keyName}/versions?since=P30D}: rotation readiness of one key (spec section
 * 10), answered synchronously: one log query for the key over the look-back, summarised on the server, and the
 * key's metadata. Every path value is validated before it reaches a request or a query.
 */
public final class KeyVersions {

    static final Duration DEFAULT_LOOK_BACK = Duration.ofDays(30);
    /** Log Analytics keeps interactive data up to two years; a longer look-back could only be UNKNOWN. */
    static final Duration MAX_LOOK_BACK = Duration.ofDays(730);

    private final RegistryStore registry;
    private final Supplier<EvidenceSources> evidence;
    private final Clock clock;

    public KeyVersions(RegistryStore registry, Supplier<EvidenceSources> evidence, Clock clock) {
        this.registry = registry;
        this.evidence = evidence;
        this.clock = clock;
    }

    public ApiResponse get(String vaultHost, String keyName, String since) {
        KeyReference key = keyOf(vaultHost, keyName);
        Window lookBack = Window.ending(clock.instant(), lookBack(since));
        EvidenceSources sources = evidence.get();
        return ApiResponse.json(200, RotationOutput.tree(new RotationCheck(sources.auditLogs(), sources.keyMetadata())
                .run(key, lookBack, registry.registry(), null)));
    }

    /** The versionless key that the route's path values name, each validated before it reaches a request or query. */
    static KeyReference keyOf(String vaultHost, String keyName) {
        String host = vaultHost == null ? "" : vaultHost.toLowerCase(Locale.ROOT);
        if (!KeyVaultHosts.isKeyVaultHost(host)) {
            throw Problem.invalid("vaultHost", "must be a Key Vault or Managed HSM host such as"
                    + " kv-name.vault.azure.net");
        }
        if (keyName == null || !KeyReference.KEY_NAME.matcher(keyName).matches()) {
            throw Problem.invalid("keyName", "must be 1 to 127 letters, digits and hyphens");
        }
        KeyReference key;
        try {
            key = KeyReference.parse("https://" + host + "/keys/" + keyName);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("vaultHost", e.getMessage());
        }
        return key;
    }

    private static Duration lookBack(String since) {
        if (since == null || since.isBlank()) {
            return DEFAULT_LOOK_BACK;
        }
        try {
            Duration d = Duration.parse(since.trim());
            if (!d.isNegative() && !d.isZero() && d.compareTo(MAX_LOOK_BACK) <= 0) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // Reported below with the same message as an out-of-range duration.
        }
        throw Problem.invalid("since", "must be an ISO-8601 duration from PT1S to P730D, such as P30D");
    }
}
