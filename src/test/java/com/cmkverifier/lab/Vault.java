package com.cmkverifier.lab;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/** A key vault: where its keys live and where its diagnostic setting archives its audit events. */
record Vault(String subscriptionId, String resourceGroup, String name) {

    String host() {
        return name + ".vault.azure.net";
    }

    String url() {
        return "https://" + host();
    }

    /** The ARM id as the archive writes it in {@code resourceId}: upper case. */
    String archiveResourceId() {
        return armId().toUpperCase(Locale.ROOT);
    }

    String armId() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.KeyVault/vaults/" + name;
    }

    /**
     * The archive blob of the hour starting at {@code hour}, relative to the container's parent:
     * {@code insights-logs-auditevent/resourceId=/SUBSCRIPTIONS/.../y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json}.
     */
    String blobPath(Instant hour) {
        ZonedDateTime t = hour.atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "insights-logs-auditevent/resourceId=%s/y=%04d/m=%02d/d=%02d/h=%02d/m=00/PT1H.json",
                archiveResourceId(), t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour());
    }
}
