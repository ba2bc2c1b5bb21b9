package com.cmkverifier.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment's security invariants, each a function from a Bicep file to its violations (empty = holds).
 * Kept apart from the tests so that the same rule runs over the real files and over deliberately bad snippets.
 *
 * <p>Text checks, not a compiler: a role id is recognised by its GUID wherever it is written, a setting by its
 * literal value. A role id built at deployment time (from a parameter, by string concatenation) or a value held in
 * a variable is invisible here; the rules therefore also require the literal forms (e.g. every GUID must be on the
 * allow-list, TLS minimums must be literals).
 */
final class BicepPolicy {

    /** The only built-in roles the deployment may grant, by role definition id. */
    static final Map<String, String> ALLOWED_ROLES = Map.of(
            "21090545-7ca7-4776-b22c-e363652d74d2", "Key Vault Reader",
            "73c42c96-874c-492b-b04d-ab87d138a893", "Log Analytics Reader",
            "3b03c2da-16b3-4a49-8834-0f8130efdd3b", "Log Analytics Data Reader",
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner",
            "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor",
            "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor",
            "3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher",
            // Event Grid's dead-letter identity, on the dead-letter container only (app/events-deadletter.bicep).
            "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor",
            // Discovery: Resource Graph and ARM reads of configuration (*/read), on the subscriptions or management
            // group the user names; it cannot change a resource, use a key or read data.
            "acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader");

    /** Roles that can use or manage keys, or grant access: named in the failure so the mistake is obvious. */
    static final Map<String, String> DENIED_ROLES = Map.ofEntries(
            Map.entry("14b46e9e-c2b7-41b4-b07b-48a6ebf60603", "Key Vault Crypto Officer"),
            Map.entry("12338af0-0e69-4776-bea7-57ae8d297424", "Key Vault Crypto User"),
            Map.entry("e147488a-f6f5-4113-8e2d-b22465e65bf6", "Key Vault Crypto Service Encryption User"),
            Map.entry("08bbd89e-9f13-488c-ac41-acfcb10c90ab", "Key Vault Crypto Service Release User"),
            Map.entry("00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator"),
            Map.entry("f25e0fa2-a7c8-4377-a976-54943a77a395", "Key Vault Contributor"),
            Map.entry("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User"),
            Map.entry("b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "Key Vault Secrets Officer"),
            Map.entry("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor"),
            Map.entry("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner"),
            Map.entry("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator"),
            Map.entry("f58310d9-a9f6-439a-9e8d-f62e7b41a168", "Role Based Access Control Administrator"));

    /** Resource types that grant access some other way than a built-in role assignment. */
    private static final Set<String> GRANTING_TYPES = Set.of(
            "microsoft.authorization/roledefinitions",
            "microsoft.keyvault/vaults/accesspolicies",
            "accesspolicies");

    private static final Pattern SECRET_IN_OUTPUT = Pattern.compile(
            "(?i)\\blist\\w*\\(|primaryKey|secondaryKey|connectionString|instrumentationKey|accountKey|masterKey"
                    + "|sharedAccess|password|secret");
    private static final Pattern TLS_SETTING = Pattern.compile(
            "\\b(minTlsVersion|scmMinTlsVersion|minimumTlsVersion|minimalTlsVersion)\\s*:\\s*(\\S+)");
    private static final Set<String> TLS_ACCEPTED = Set.of("'1.2'", "'1.3'", "'TLS1_2'", "'TLS1_3'");

    private BicepPolicy() {
    }

    /** Every GUID in the file is an allowed role id; a denied role is named. */
    static List<String> roleViolations(BicepText bicep) {
        List<String> violations = new ArrayList<>();
        Matcher m = BicepText.GUID.matcher(bicep.code());
        while (m.find()) {
            String guid = m.group().toLowerCase(Locale.ROOT);
            if (DENIED_ROLES.containsKey(guid)) {
                violations.add(bicep.where(m.start()) + " grants " + DENIED_ROLES.get(guid) + " (" + guid + ")");
            } else if (!ALLOWED_ROLES.containsKey(guid)) {
                violations.add(bicep.where(m.start()) + " uses " + guid + ", which is not an allowed role id");
            }
        }
        return violations;
    }

    /** No custom role definitions and no Key Vault access policies: only the allow-listed built-in roles. */
    static List<String> otherGrants(BicepText bicep) {
        return bicep.resources().stream()
                .filter(r -> !r.existing() && GRANTING_TYPES.contains(r.type().toLowerCase(Locale.ROOT)))
                .map(r -> bicep.where(r.offset()) + " declares " + r.type())
                .toList();
    }

    /** No output carries a key, secret or connection string, and nothing lists keys at all. */
    static List<String> exposedSecrets(BicepText bicep) {
        List<String> violations = new ArrayList<>();
        for (BicepText.Statement output : bicep.statements("output")) {
            Matcher m = SECRET_IN_OUTPUT.matcher(output.text());
            if (m.find()) {
                violations.add(bicep.where(output.offset()) + " output " + output.name() + " exposes '" + m.group() + "'");
            }
        }
        Matcher listKeys = Pattern.compile("(?i)\\blistKeys\\(").matcher(bicep.code());
        while (listKeys.find()) {
            violations.add(bicep.where(listKeys.start()) + " reads keys with listKeys()");
        }
        return violations;
    }

    /** Every site answers HTTPS only and every TLS minimum that appears is a literal 1.2 or later. */
    static List<String> transportViolations(BicepText bicep) {
        List<String> violations = new ArrayList<>();
        for (BicepText.Resource site : bicep.declared("Microsoft.Web/sites")) {
            require(bicep, site, "httpsOnly: true", violations);
            require(bicep, site, "minTlsVersion: '1.2'", violations);
        }
        for (BicepText.Resource account : bicep.declared("Microsoft.Storage/storageAccounts")) {
            require(bicep, account, "supportsHttpsTrafficOnly: true", violations);
            require(bicep, account, "minimumTlsVersion: 'TLS1_2'", violations);
        }
        Matcher tls = TLS_SETTING.matcher(bicep.code());
        while (tls.find()) {
            if (!TLS_ACCEPTED.contains(tls.group(2))) {
                violations.add(bicep.where(tls.start()) + " sets " + tls.group(1) + " to " + tls.group(2));
            }
        }
        return violations;
    }

    /** Storage accepts Entra ID only (no shared key, so no connection strings or SAS) and no anonymous blobs. */
    static List<String> storageAccessViolations(BicepText bicep) {
        List<String> violations = new ArrayList<>();
        for (BicepText.Resource account : bicep.declared("Microsoft.Storage/storageAccounts")) {
            require(bicep, account, "allowSharedKeyAccess: false", violations);
            require(bicep, account, "allowBlobPublicAccess: false", violations);
        }
        return violations;
    }

    /** Telemetry needs an Entra token: Application Insights has local (key) authentication disabled. */
    static List<String> telemetryAuthViolations(BicepText bicep) {
        List<String> violations = new ArrayList<>();
        for (BicepText.Resource component : bicep.declared("Microsoft.Insights/components")) {
            require(bicep, component, "DisableLocalAuth: true", violations);
        }
        return violations;
    }

    private static void require(BicepText bicep, BicepText.Resource resource, String setting, List<String> violations) {
        if (!resource.body().replaceAll("\\s+", " ").contains(setting)) {
            violations.add(bicep.where(resource.offset()) + " " + resource.type() + " " + resource.symbol()
                    + " lacks " + setting);
        }
    }
}
