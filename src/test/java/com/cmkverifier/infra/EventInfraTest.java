package com.cmkverifier.infra;

import com.cmkverifier.application.events.EventIntake;
import com.cmkverifier.core.types.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Event Grid deployment (docs/events.md), read as text (no Bicep compiler here): which events each event
 * subscription passes, where it delivers, that its retries are bounded and end in the dead-letter container, and
 * that the dead-letter writer may write that container and nothing else.
 */
class EventInfraTest {

    private static final BicepText VAULT = BicepText.read(DeploymentFiles.INFRA.resolve("app/vault-events.bicep"));
    private static final BicepText SUBSCRIPTION =
            BicepText.read(DeploymentFiles.INFRA.resolve("app/subscription-events-topic.bicep"));
    private static final BicepText DEAD_LETTER =
            BicepText.read(DeploymentFiles.INFRA.resolve("app/events-deadletter.bicep"));
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    private static List<String> quotedIn(String text, String from, String to) {
        int start = text.indexOf(from);
        int end = text.indexOf(to, start + from.length());
        assertTrue(start >= 0 && end > start, () -> from + " ... " + to + " not found in " + text);
        List<String> out = new ArrayList<>();
        Matcher m = QUOTED.matcher(text.substring(start + from.length(), end));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static BicepText.Resource subscriptionOf(BicepText file) {
        List<BicepText.Resource> subs = file.declared("Microsoft.EventGrid/systemTopics/eventSubscriptions");
        assertEquals(1, subs.size(), file::toString);
        return subs.get(0);
    }

    @Test
    void vaultTopicsPassOnlyTheKeyEventsTheAppHandles() {
        BicepText.Resource topic = VAULT.declared("Microsoft.EventGrid/systemTopics").get(0);
        assertTrue(topic.body().contains("topicType: 'Microsoft.KeyVault.vaults'"), topic::body);
        assertEquals(List.of(EventIntake.KEY_NEW_VERSION, EventIntake.KEY_NEAR_EXPIRY, EventIntake.KEY_EXPIRED),
                quotedIn(subscriptionOf(VAULT).body(), "includedEventTypes: [", "]"));
    }

    @Test
    void subscriptionTopicsPassOnlySuccessfulWritesOnEveryCmkCapableType() throws Exception {
        String body = subscriptionOf(SUBSCRIPTION).body();
        assertTrue(SUBSCRIPTION.declared("Microsoft.EventGrid/systemTopics").get(0).body()
                .contains("topicType: 'Microsoft.Resources.Subscriptions'"));
        assertEquals(List.of(EventIntake.RESOURCE_WRITE), quotedIn(body, "includedEventTypes: [", "]"));
        assertTrue(body.contains("key: 'data.operationName'") && body.contains("operatorType: 'StringIn'"), body);
        Set<String> filtered = new TreeSet<>(quotedIn(SUBSCRIPTION.code(), "var cmkCapableWrites = [", "]"));
        Set<String> expected = new TreeSet<>();
        for (Field f : ResourceTypes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.get(null) instanceof String v && v.startsWith("Microsoft.")
                    && v.contains("/") && ResourceTypes.isCmkCapable(v)) {
                expected.add(v + "/write");
            }
        }
        assertEquals(expected, filtered, "the filter and services.md's ARM types agree");
        assertTrue(filtered.size() <= 25, "Event Grid allows 25 values per advanced filter");
    }

    @Test
    void everySubscriptionDeliversToHandleEventWithBoundedRetriesThenDeadLetters() {
        for (BicepText file : List.of(VAULT, SUBSCRIPTION)) {
            String body = subscriptionOf(file).body();
            assertTrue(body.contains("endpointType: 'AzureFunction'"), body);
            assertTrue(body.contains("resourceId: '${functionAppId}/functions/HandleEvent'"), body);
            assertTrue(body.contains("maxEventsPerBatch: 1"), "the trigger takes one event per call");
            Matcher attempts = Pattern.compile("maxDeliveryAttempts: (\\d+)").matcher(body);
            Matcher ttl = Pattern.compile("eventTimeToLiveInMinutes: (\\d+)").matcher(body);
            assertTrue(attempts.find() && ttl.find(), body);
            assertTrue(Integer.parseInt(attempts.group(1)) <= 30 && Integer.parseInt(ttl.group(1)) <= 1440, body);
            assertTrue(body.contains("deadLetterWithResourceIdentity") && body.contains("endpointType: 'StorageBlob'")
                    && body.contains("blobContainerName: deadLetterContainerName"), body);
            assertTrue(body.contains("userAssignedIdentity: deadLetterIdentityId"), body);
        }
    }

    @Test
    void theDeadLetterWriterMayWriteItsContainerOnly() {
        List<BicepText.Resource> grants = DEAD_LETTER.declared("Microsoft.Authorization/roleAssignments");
        assertEquals(1, grants.size());
        assertTrue(grants.get(0).body().contains("scope: storage::blobService::container"), grants.get(0)::body);
        assertTrue(DEAD_LETTER.code().contains("var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'"));
        assertTrue(DEAD_LETTER.code().contains("publicAccess: 'None'"));
    }

    @Test
    void mainDeploysTheTopicsOnlyWhenEventsAreOn() {
        BicepText main = BicepText.read(DeploymentFiles.MAIN_BICEP);
        List<BicepText.Statement> modules = main.statements("module").stream()
                .filter(m -> m.text().contains("events")).toList();
        assertEquals(4, modules.size(), modules::toString);
        modules.forEach(m -> assertTrue(m.text().contains("if (events)"), m::text));
    }
}
