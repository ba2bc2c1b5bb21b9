package com.cmkverifier.application.events;

import com.cmkverifier.application.Discoveries;
import com.cmkverifier.application.InvalidRequest;
import com.cmkverifier.application.NotFound;
import com.cmkverifier.application.Verifications;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.types.ResourceTypes;
import com.cmkverifier.json.Jackson;
import com.cmkverifier.state.EventClaims;
import com.cmkverifier.state.RegistryStore;
import com.cmkverifier.state.RejectedEvents;
import com.cmkverifier.state.Run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What each Event Grid event starts (docs/events.md): a resource write on a registered resource starts one
 * verification per resource and {@link #WINDOW} with {@code since} = the event time, as
 * {@code POST /api/verifications} would; a new key version opens a rotation follow-up; an expiring or expired
 * key starts a verification of every resource on it. Everything else is ignored before any storage is read. An
 * event that can never be processed is kept in {@link RejectedEvents} and answered, not thrown: a throw makes
 * Event Grid redeliver it, which is kept for failures that may pass (storage unreachable).
 */
public final class EventIntake {

    public static final String RESOURCE_WRITE = "Microsoft.Resources.ResourceWriteSuccess";
    public static final String KEY_NEW_VERSION = "Microsoft.KeyVault.KeyNewVersionCreated";
    public static final String KEY_NEAR_EXPIRY = "Microsoft.KeyVault.KeyNearExpiry";
    public static final String KEY_EXPIRED = "Microsoft.KeyVault.KeyExpired";
    /**
     * Writes on one resource within this window start one verification: a Terraform apply or a portal blade
     * writes a resource several times in a minute, and the run's re-checks cover what lands after its start.
     */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private final RegistryStore registry;
    private final Verifications verifications;
    private final Discoveries discoveries;
    private final EventClaims claims;
    private final RejectedEvents rejected;
    private final Rotations rotations;
    private final Clock clock;

    /** @param discoveries discovery when a scope is configured, else null: writes on unregistered resources are then ignored */
    public EventIntake(RegistryStore registry, Verifications verifications, Discoveries discoveries, EventClaims claims,
                       RejectedEvents rejected, Rotations rotations, Clock clock) {
        this.registry = registry;
        this.verifications = verifications;
        this.discoveries = discoveries;
        this.claims = claims;
        this.rejected = rejected;
        this.rotations = rotations;
        this.clock = clock;
    }

    /**
     * Handles one delivered event.
     *
     * @return one line saying what it started, ignored or rejected (for the invocation's log)
     * @throws RuntimeException when storage fails: Event Grid then redelivers the event, within its retry policy
     */
    public String accept(String body) {
        try {
            GridEvent e = GridEvent.parse(body);
            return switch (e.type()) {
                case RESOURCE_WRITE -> resourceWrite(e);
                case KEY_NEW_VERSION -> rotations.open(key(e), e.dataText("version"), e.time());
                case KEY_NEAR_EXPIRY, KEY_EXPIRED -> expiring(e);
                default -> "ignored event " + e.id() + ": type " + e.type() + " starts nothing";
            };
        } catch (MalformedEvent | InvalidRequest m) {
            rejected.add(body, m.getMessage(), clock.instant());
            return "CMKV_EVENT_REJECTED " + m.getMessage() + " (kept in the rejected events; not retried)";
        }
    }

    private String resourceWrite(GridEvent e) {
        String uri = e.dataText("resourceUri") != null ? e.dataText("resourceUri") : e.subject();
        String type = armType(uri);
        if (!ResourceTypes.isCmkCapable(type)) {
            return "ignored event " + e.id() + ": " + type + " cannot hold a customer-managed key";
        }
        List<ProtectedResource> matches = registry.registry().resources().stream()
                .filter(r -> uri.equalsIgnoreCase(r.resourceId())).toList();
        if (matches.isEmpty()) {
            if (discoveries == null) {
                return "ignored event " + e.id() + ": " + uri + " is not registered (no registry entry names it as resourceId)";
            }
            if (!claims.claim("discovery", e.time(), WINDOW, e.id())) {
                return "event " + e.id() + ": a discovery was already started for a write in this window";
            }
            return guarded("discovery", e.time(), () -> "event " + e.id() + " on unregistered " + uri
                    + " started discovery " + discoveries.changed().id());
        }
        List<String> started = new ArrayList<>();
        for (ProtectedResource r : matches) {
            String subject = "write:" + r.name();
            if (claims.claim(subject, e.time(), WINDOW, e.id())) {
                started.add(guarded(subject, e.time(), () -> r.name() + " -> run " + start(r.name(), e.time()).id()));
            }
        }
        return started.isEmpty() ? "event " + e.id() + ": a verification of " + uri + " already started in this window"
                : "event " + e.id() + " started " + String.join(", ", started);
    }

    private String expiring(GridEvent e) {
        KeyReference key = key(e);
        List<ProtectedResource> onKey = registry.registry().onKey(key.keyId());
        if (onKey.isEmpty()) {
            return "ignored event " + e.id() + ": no registered resource uses " + key.keyId();
        }
        String subject = e.type() + ":" + key.keyId();
        if (!claims.claim(subject, e.time(), WINDOW, e.id())) {
            return "event " + e.id() + ": the resources on " + key.keyId() + " are already being verified";
        }
        return guarded(subject, e.time(), () -> {
            List<String> started = new ArrayList<>();
            for (ProtectedResource r : onKey) {
                started.add(r.name() + " -> run " + start(r.name(), null).id());
            }
            return "event " + e.id() + " (" + e.type() + ") started " + String.join(", ", started);
        });
    }

    /** Runs the work a claim guards; when it fails the claim is given back so that the redelivery can do it. */
    private String guarded(String subject, Instant at, Supplier<String> work) {
        try {
            return work.get();
        } catch (InvalidRequest e) {
            throw e;
        } catch (NotFound e) {
            return "ignored: " + e.getMessage();
        } catch (RuntimeException e) {
            claims.release(subject, at, WINDOW);
            throw e;
        }
    }

    /** Starts a run exactly as {@code POST /api/verifications} would: through the same request validation. */
    private Run start(String resource, Instant eventTime) {
        var request = Jackson.MAPPER.createObjectNode().put("resource", resource);
        if (eventTime != null) {
            Instant now = clock.instant();
            // An event stamped a little ahead of this host's clock still means "since the change".
            request.put("since", (eventTime.isAfter(now) ? now : eventTime).toString());
        }
        return verifications.start(request);
    }

    /** The key a Key Vault event names: its {@code id} (a key URL), else vault and object name. */
    private static KeyReference key(GridEvent e) {
        String objectType = e.dataText("objectType");
        if (objectType != null && !objectType.equalsIgnoreCase("Key")) {
            throw new MalformedEvent("data.ObjectType", "must be Key for " + e.type() + ", not " + objectType);
        }
        String id = e.dataText("id");
        if (id == null) {
            throw new MalformedEvent("data.Id", "is required: the key's URL");
        }
        try {
            KeyReference k = KeyReference.parse(id);
            return new KeyReference(k.vaultHost(), k.keyName(), null);
        } catch (IllegalArgumentException ex) {
            throw new MalformedEvent("data.Id", "must be a Key Vault key URL: " + ex.getMessage());
        }
    }

    /**
     * The resource type of an ARM id: {@code Microsoft.Storage/storageAccounts} for an account, with child types
     * appended for a child ({@code .../blobServices}).
     */
    static String armType(String uri) {
        if (uri == null || !uri.toLowerCase(Locale.ROOT).startsWith("/subscriptions/")) {
            throw new MalformedEvent("data.resourceUri", "must be an Azure resource id starting /subscriptions/");
        }
        int p = uri.toLowerCase(Locale.ROOT).lastIndexOf("/providers/");
        if (p < 0) {
            return "(a subscription or resource group)";
        }
        String[] parts = uri.substring(p + "/providers/".length()).split("/");
        StringBuilder type = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i += 2) {
            type.append('/').append(parts[i]);
        }
        return type.toString();
    }
}
