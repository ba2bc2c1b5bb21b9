package com.cmkverifier.discovery.live;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.rest.Response;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.resourcemanager.resourcegraph.ResourceGraphManager;
import com.azure.resourcemanager.resourcegraph.models.QueryRequest;
import com.azure.resourcemanager.resourcegraph.models.QueryRequestOptions;
import com.azure.resourcemanager.resourcegraph.models.QueryResponse;
import com.azure.resourcemanager.resourcegraph.models.ResultFormat;
import com.azure.resourcemanager.resourcegraph.models.ResultTruncated;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.ArmTypes;
import com.cmkverifier.discovery.AzureDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Live discovery: Azure Resource Graph through {@code azure-resourcemanager-resourcegraph} (one query, paged on
 * {@code $skipToken}, within the quota its headers announce), then plain ARM reads, one per resource, only for
 * what Resource Graph lacks: SQL encryption protectors, storage encryption scopes, key vault diagnostic settings.
 * Thread-safe; build once.
 */
public final class LiveDiscovery {

    /** The management hosts a token may go to (public, China, US Government clouds). */
    public static final List<String> ARM_HOSTS = List.of("management.azure.com", "management.chinacloudapi.cn",
            "management.usgovcloudapi.net");
    public static final String ARM_ENDPOINT_SETTING = "CMKV_ARM_ENDPOINT";
    static final int PAGE_SIZE = 1000;
    private static final HttpHeaderName QUOTA_REMAINING = HttpHeaderName.fromString("x-ms-user-quota-remaining");
    private static final HttpHeaderName QUOTA_RESETS = HttpHeaderName.fromString("x-ms-user-quota-resets-after");
    private static final String SUBSCRIPTION_TYPE = "microsoft.resources/subscriptions";
    private static final HttpHeaderName SUBSCRIPTION_LIMIT = HttpHeaderName.fromString("x-ms-tenant-subscription-limit-hit");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ResourceGraphManager graph;
    private final HttpPipeline arm;
    private final String armEndpoint;
    private final Consumer<Duration> sleeper;
    private final String query;
    private final String byIdQuery;
    private final String byTypeQuery;
    private final String vaultSubscriptionsQuery;
    /** The wait the last answer's quota headers asked for, taken before the next query of any caller. */
    private final AtomicReference<Duration> pendingWait = new AtomicReference<>(Duration.ZERO);

    /**
     * @param armEndpoint the Resource Manager endpoint ({@code https://management.azure.com} in the public cloud)
     * @param sleeper     waits out the Resource Graph quota; injected so that tests count instead of waiting
     */
    public LiveDiscovery(TokenCredential credential, HttpClient httpClient, RetryOptions retry, URI armEndpoint,
                         Consumer<Duration> sleeper) {
        this.armEndpoint = armEndpoint.toString().replaceAll("/+$", "");
        this.arm = new HttpPipelineBuilder().httpClient(httpClient).policies(new RetryPolicy(retry),
                new BearerTokenAuthenticationPolicy(credential, this.armEndpoint + "/.default")).build();
        this.graph = ResourceGraphManager.authenticate(arm, new AzureProfile(null, null, new AzureEnvironment(
                Map.of("resourceManagerEndpointUrl", this.armEndpoint + "/",
                        "managementEndpointUrl", this.armEndpoint + "/"))));
        this.sleeper = sleeper;
        this.query = ConfigurationQuery.bind(kql("discovery-resources.kql"), Map.of());
        this.byIdQuery = kql("configuration-by-id.kql");
        this.byTypeQuery = kql("configuration-by-subscription.kql");
        this.vaultSubscriptionsQuery = kql("vault-subscriptions.kql");
    }

    /** Production against an endpoint already validated by {@link #armEndpoint}. */
    public static LiveDiscovery production(URI armEndpoint, TokenCredential credential) {
        return production(armEndpoint, credential, new JdkHttpClientBuilder().build());
    }

    /** @param httpClient the Functions app's: behind the quota gate, so that a 429 holds every instance off */
    public static LiveDiscovery production(URI armEndpoint, TokenCredential credential, HttpClient httpClient) {
        return new LiveDiscovery(credential, httpClient,
                new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(3)), armEndpoint, LiveDiscovery::sleep);
    }

    /** @throws IllegalArgumentException naming {@code CMKV_ARM_ENDPOINT} when it is not a Resource Manager host */
    public static URI armEndpoint(Map<String, String> env) {
        String v = env.getOrDefault(ARM_ENDPOINT_SETTING, "https://management.azure.com");
        URI uri;
        try {
            uri = URI.create(v.trim());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getPort() != -1
                || !ARM_HOSTS.contains(String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(ARM_ENDPOINT_SETTING + ": must be https://{one of " + ARM_HOSTS + "}");
        }
        return uri;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryFailedException("interrupted while waiting for the Resource Graph quota", e);
        }
    }

    /**
     * Reads the scope's description. Subscriptions count as read completely only when their own row came back
     * (the credential reads them) and no subscription limit cut the scope short.
     *
     * @throws DiscoveryFailedException when a Resource Graph page fails: nothing partial is returned
     */
    public AzureDescription describe(DiscoveryScope scope) {
        AzureDescription d = new AzureDescription();
        Answer a = read(query, scope, total -> true);
        a.into(d, row -> true);
        if (!a.limitHit()) {
            a.visibleSubscriptions().forEach(d::completeSubscription);
            scope.subscriptions().stream().filter(s -> !a.visibleSubscriptions().contains(s))
                    .forEach(d::unseenSubscription);
        }
        armReads(d, null);
        return d;
    }

    /** Azure's description of the given resources (one Resource Graph query per batch, paged) and their vaults. */
    public AzureDescription describeIds(List<String> resourceIds, Set<String> vaultNames) {
        Set<String> subscriptions = subscriptionsOf(resourceIds);
        String bound = ConfigurationQuery.byId(byIdQuery, resourceIds, vaultNames, subscriptions);
        AzureDescription d = new AzureDescription();
        Answer a = read(bound, DiscoveryScope.EVERYTHING, total -> true);
        a.into(d, row -> true);
        judgeScope(d, a, subscriptions);
        armReads(d, vaultNames);
        return d;
    }

    /**
     * Azure's description of the given resources read the other way: every resource of their types in their
     * subscriptions, paged, keeping only the given ones (so that both shapes describe the same resources). Gives up
     * after the first page when its {@code totalRecords} says the query would take more than {@code maxQueries}
     * pages: the caller then asks by id.
     *
     * @return empty when the answer would cost more than {@code maxQueries} queries (one query was spent)
     */
    public Optional<AzureDescription> describeByType(List<String> resourceIds, Set<String> types,
                                                     Set<String> vaultNames, int maxQueries) {
        Set<String> subscriptions = subscriptionsOf(resourceIds);
        String bound = ConfigurationQuery.bySubscription(byTypeQuery, subscriptions, types, vaultNames);
        Answer a = read(bound, DiscoveryScope.EVERYTHING, total -> pagesFor(total) <= maxQueries);
        if (a == null) {
            return Optional.empty();
        }
        Set<String> wanted = new HashSet<>();
        resourceIds.forEach(id -> wanted.add(id.toLowerCase(Locale.ROOT)));
        AzureDescription d = new AzureDescription();
        a.into(d, row -> !ArmTypes.of(String.valueOf(ArmResource.text(row, "type"))).isPresent()
                || wanted.contains(String.valueOf(ArmResource.text(row, "id")).toLowerCase(Locale.ROOT)));
        judgeScope(d, a, subscriptions);
        armReads(d, vaultNames);
        return Optional.of(d);
    }

    /**
     * The subscription of each named key vault the identity can read (vault name to subscription id, lower case):
     * one query per {@value LiveConfigurationSource#BATCH} names, paged, within the quota the answers announce. A
     * name that is not a vault name, or a vault the identity cannot see, is absent from the answer.
     *
     * @throws DiscoveryFailedException when a page fails
     */
    public Map<String, String> vaultSubscriptions(Set<String> vaultNames) {
        List<String> names = vaultNames.stream().map(n -> n.toLowerCase(Locale.ROOT))
                .filter(n -> KeyReference.VAULT_NAME.matcher(n).matches()).distinct().sorted().toList();
        Map<String, String> out = new TreeMap<>();
        for (int from = 0; from < names.size(); from += LiveConfigurationSource.BATCH) {
            List<String> batch = names.subList(from, Math.min(names.size(), from + LiveConfigurationSource.BATCH));
            String bound = ConfigurationQuery.bind(vaultSubscriptionsQuery, Map.of(ConfigurationQuery.Values.VAULTS,
                    batch));
            read(bound, DiscoveryScope.EVERYTHING, total -> true).pages().forEach(page -> page.forEach(row -> {
                String name = ArmResource.text(row, "name");
                String sub = ArmResource.text(row, "subscriptionId");
                if (name != null && sub != null) {
                    out.put(name.toLowerCase(Locale.ROOT), sub.toLowerCase(Locale.ROOT));
                }
            }));
        }
        return out;
    }

    /** How many queries (pages) an answer of {@code rows} rows takes. */
    static int pagesFor(long rows) {
        return (int) Math.max(1, (rows + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    private static Set<String> subscriptionsOf(List<String> resourceIds) {
        Set<String> subs = new TreeSet<>();
        resourceIds.stream().map(ResourceConfiguration::subscriptionOf).filter(Objects::nonNull).forEach(subs::add);
        return subs;
    }

    /**
     * Asked about these subscriptions: the ones whose own row came back were in the answer's scope, so a resource
     * of theirs that did not come back is absent; the others the verifier cannot see (spec section 14).
     */
    private static void judgeScope(AzureDescription d, Answer a, Set<String> asked) {
        for (String sub : asked) {
            if (a.visibleSubscriptions().contains(sub) && !a.limitHit()) {
                d.completeSubscription(sub);
            } else if (!a.visibleSubscriptions().contains(sub)) {
                d.unseenSubscription(sub);
            }
        }
    }

    /**
     * Every page of one query: rows of each page, the subscriptions whose own row came back, and whether the answer
     * is cut short (the tenant's subscription limit, or truncated without a continuation token).
     */
    private record Answer(List<List<JsonNode>> pages, boolean limitHit, Set<String> visibleSubscriptions) {

        /** Only a query read to its last page is an answer: rows join the description once all pages arrived. */
        void into(AzureDescription d, Predicate<JsonNode> keep) {
            for (int i = 0; i < pages.size(); i++) {
                d.scopedAnswer("Resource Graph page " + (i + 1), pages.get(i).stream().filter(keep).toList());
            }
        }
    }

    /**
     * Every row a shipped query ({@code docs/kql/{file}}, nothing bound into it) returns over the scope, all pages
     * read; for readers that need other columns than discovery's (the probe's tags).
     *
     * @throws DiscoveryFailedException when a page fails or the tenant's subscription limit cut the scope short
     */
    public List<JsonNode> rows(String queryFile, DiscoveryScope scope) {
        Answer a = read(kql(queryFile), scope, total -> true);
        if (a.limitHit()) {
            throw new DiscoveryFailedException("Resource Graph answered for only part of the scope (the tenant's"
                    + " subscription limit was hit): name the subscriptions with --scope", null);
        }
        List<JsonNode> out = new ArrayList<>();
        a.pages().forEach(out::addAll);
        return out;
    }

    /**
     * Every page of one query, each sent within the quota the previous answer announced.
     *
     * @param keepGoing given the first page's {@code totalRecords}, whether to read the rest
     * @return null when {@code keepGoing} declined
     */
    private Answer read(String kql, DiscoveryScope scope, LongPredicate keepGoing) {
        QueryRequestOptions options = new QueryRequestOptions().withTop(PAGE_SIZE)
                .withResultFormat(ResultFormat.OBJECT_ARRAY);
        QueryRequest request = new QueryRequest().withQuery(kql).withOptions(options);
        if (!scope.subscriptions().isEmpty()) {
            request.withSubscriptions(scope.subscriptions());
        }
        if (!scope.managementGroups().isEmpty()) {
            request.withManagementGroups(scope.managementGroups());
        }
        List<List<JsonNode>> pages = new ArrayList<>();
        Set<String> visible = new HashSet<>();
        boolean limitHit = false;
        for (int page = 1; ; page++) {
            Response<QueryResponse> r;
            // One page at a time per process: a caller that reads the quota headers' wait is the one that takes it,
            // so concurrent callers (a discovery job, the sweep's vault lookups) all honour it.
            synchronized (pendingWait) {
                Duration wait = pendingWait.getAndSet(Duration.ZERO);
                if (!wait.isZero()) {
                    sleeper.accept(wait);
                }
                r = send(request, page);
                pendingWait.set(QuotaPause.before(r.getHeaders().getValue(QUOTA_REMAINING),
                        r.getHeaders().getValue(QUOTA_RESETS)));
            }
            QueryResponse body = r.getValue();
            List<JsonNode> rows = new ArrayList<>();
            if (body.data() instanceof List<?> list) {
                for (Object row : list) {
                    JsonNode json = MAPPER.valueToTree(row);
                    if (SUBSCRIPTION_TYPE.equalsIgnoreCase(ArmResource.text(json, "type"))) {
                        Optional.ofNullable(ArmResource.text(json, "subscriptionId"))
                                .ifPresent(s -> visible.add(s.toLowerCase(Locale.ROOT)));
                    } else {
                        rows.add(json);
                    }
                }
            }
            pages.add(rows);
            limitHit |= "true".equalsIgnoreCase(r.getHeaders().getValue(SUBSCRIPTION_LIMIT));
            String token = body.skipToken();
            // Truncated without a token: the answer cannot be paged to its end (work-with-data.md, "Paging results").
            limitHit |= (token == null || token.isEmpty()) && body.resultTruncated() == ResultTruncated.TRUE;
            if (token == null || token.isEmpty()) {
                break;
            }
            if (page == 1 && !keepGoing.test(body.totalRecords())) {
                return null;
            }
            options.withSkipToken(token);
        }
        return new Answer(pages, limitHit, visible);
    }

    /** One page; a refusal becomes the cause the service gave (spec section 14). */
    private Response<QueryResponse> send(QueryRequest request, int page) {
        try {
            return graph.resourceProviders().resourcesWithResponse(request, Context.NONE);
        } catch (ManagementException e) {
            // Resource Graph's own 403 says AccessDenied; ARM's generic one AuthorizationFailed: both lack Reader.
            String code = e.getValue() == null ? null : e.getValue().getCode();
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 403) {
                throw new DiscoveryFailedException("Resource Graph denied access (" + code + "): give the verifier's"
                        + " identity the Reader role on the subscriptions or management group it reads (Key Vault"
                        + " Reader or Log Analytics Reader do not grant it)", e);
            }
            throw new DiscoveryFailedException("Resource Graph page " + page + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DiscoveryFailedException("Resource Graph page " + page + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The child resources Resource Graph lacks, one ARM read each; a failed read is reported and leaves that
     * resource undetermined (SQL) or its vault's routing unknown, never guessed.
     *
     * @param vaultNames the vaults whose diagnostic settings to read; null for every vault in the description
     */
    private void armReads(AzureDescription d, Set<String> vaultNames) {
        Set<String> vaultsRead = new HashSet<>();
        for (JsonNode row : d.rowsOfInterest()) {
            String id = ArmResource.text(row, "id");
            String type = String.valueOf(ArmResource.text(row, "type")).toLowerCase(Locale.ROOT);
            switch (type) {
                case "microsoft.sql/servers", "microsoft.sql/managedinstances" ->
                        get(d, id + "/encryptionProtector/current?api-version=2023-08-01", false);
                case "microsoft.storage/storageaccounts" -> {
                    if ("Microsoft.Keyvault".equalsIgnoreCase(ArmResource.text(row, "properties.encryption.keySource"))) {
                        get(d, id + "/encryptionScopes?api-version=2023-05-01", true);
                    }
                }
                case "microsoft.keyvault/vaults", "microsoft.keyvault/managedhsms" -> {
                    String name = String.valueOf(ArmResource.text(row, "name")).toLowerCase(Locale.ROOT);
                    if ((vaultNames == null || vaultNames.contains(name)) && vaultsRead.add(name)) {
                        get(d, id + "/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview",
                                true);
                    }
                }
                default -> {
                }
            }
        }
    }

    private void get(AzureDescription d, String pathAndQuery, boolean list) {
        HttpRequest req = new HttpRequest(HttpMethod.GET, armEndpoint + pathAndQuery);
        try (HttpResponse resp = arm.sendSync(req, Context.NONE)) {
            String body = resp.getBodyAsBinaryData().toString();
            if (resp.getStatusCode() / 100 != 2) {
                d.skip(pathAndQuery, "ARM answered " + resp.getStatusCode());
                return;
            }
            JsonNode json = MAPPER.readTree(body);
            List<JsonNode> items = new ArrayList<>();
            if (list) {
                json.path("value").forEach(items::add);
            } else {
                items.add(json);
            }
            d.children(pathAndQuery, items);
        } catch (IOException | RuntimeException e) {
            d.skip(pathAndQuery, "ARM read failed: " + e.getMessage());
        }
    }

    private static String kql(String file) {
        try (InputStream in = LiveDiscovery.class.getResourceAsStream("/kql/" + file)) {
            if (in == null) {
                throw new IllegalStateException("query " + file + " is missing from the classpath (kql/)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
