package com.cmkverifier.lab;

import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.AuditActivityBuilder;
import com.cmkverifier.core.activity.KeyLocator;
import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.discovery.OfflineConfigurationSource;
import com.cmkverifier.registry.RegistryReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The lab's story yields the verdicts samples/lab/README.md promises: the committed registry read by the real
 * registry reader, the story's events and key versions fed to the real core as the evidence readers would
 * deliver them (those readers are tested on files of their own), beside Azure's description of the lab
 * ({@code samples/lab/resources}, read by the real reader).
 */
class SampleLabStoryTest {

    private static Map<String, Verdict> verdicts;

    @BeforeAll
    static void verifyTheLab() {
        LabEvidence lab = SampleLab.build();
        Window window = Window.ending(lab.evaluationTime(), Duration.parse(lab.window()));
        Registry registry = RegistryReader.read(Path.of("samples", "lab", "registry.json"));
        VerificationService service = new VerificationService((resources, w) -> activity(lab, w),
                (key, pinned) -> lookup(lab, key), VerificationSettings.DEFAULTS,
                new OfflineConfigurationSource(List.of(Path.of("samples", "lab", "resources"))));
        VerificationReport report = service.verify(registry, registry.resources(), window, lab.evaluationTime());
        verdicts = report.verdicts().stream().collect(Collectors.toMap(Verdict::resource, v -> v));
    }

    @ParameterizedTest(name = "{0} is {1} with {2}")
    @CsvSource(delimiter = '|', value = {
            "stcmkdata      | VERIFIED     | KEY_USE_CONFIRMED",
            "des-prod-vms   | VERIFIED     | KEY_USE_CONFIRMED",
            "aip-tenant-key | VERIFIED     | KEY_USE_CONFIRMED",
            "mysql-orders   | FAILED       | KEY_USE_CONFIRMED KEY_USE_FAILING KEY_DISABLED",
            "pg-analytics   | INCONCLUSIVE | NO_KEY_USE",
            "sql-billing    | WARNING      | KEY_USE_CONFIRMED STALE_KEY_VERSION",
            "sb-events      | WARNING      | KEY_USE_CONFIRMED KEY_EXPIRED",
            "la-cluster     | INCONCLUSIVE | NO_AUDIT_LOGS AUDIT_LOGS_NOT_ROUTED"})
    void eachResourceGetsTheVerdictItsStoryTells(String resource, VerdictStatus status, String codes) {
        Verdict v = verdicts.get(resource);
        Set<FindingCode> expected = Arrays.stream(codes.split(" ")).map(FindingCode::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(status + " " + expected, v.status() + " " + v.findings().stream().map(f -> f.code())
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    private static AuditActivity activity(LabEvidence lab, Window window) {
        AuditActivityBuilder b = new AuditActivityBuilder(window, key -> true);
        for (AuditEvent e : lab.events()) {
            KeyLocator.Located at = KeyLocator.locate(e.objectId());
            CallerIdentity c = e.caller();
            b.accept(new AuditRecord(e.time(), e.operation(), e.httpStatus(), e.resultSignature(), e.description(),
                    e.vault().name(), at == null ? null : at.key(), at == null ? null : at.version(),
                    new Caller(c.objectId(), c.appId(), c.managedIdentityResourceId())));
        }
        return b.build();
    }

    private static KeyLookup lookup(LabEvidence lab, KeyId key) {
        Map<String, KeyVersion> versions = new LinkedHashMap<>();
        boolean listed = false;
        for (LabEvidence.KeyExport export : lab.keyExports()) {
            boolean detailed = export.form() == KeyMetadataWriter.Form.REST_BUNDLE
                    || export.form() == KeyMetadataWriter.Form.AZ_SHOW;
            for (LabKey k : export.versions()) {
                if (new KeyId(k.vault().host(), k.name()).equals(key)) {
                    listed |= !detailed;
                    KeyVersion v = new KeyVersion(k.version(), k.enabled(), null, k.expires(), k.created(),
                            k.updated(), k.recoveryLevel(), detailed ? k.keyType() : null,
                            detailed ? k.modulusBits() : null, detailed ? k.keyOps() : null);
                    versions.merge(k.version(), v, KeyVersion::mergedWith);
                }
            }
        }
        return versions.isEmpty() ? new KeyLookup.Unavailable("not exported")
                : new KeyLookup.Found(List.copyOf(versions.values()), listed);
    }
}
