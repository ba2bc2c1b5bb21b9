package com.cmkverifier.evidence.cloud;

import com.cmkverifier.evidence.cloud.AzureCloud.Setting;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AzureCloudTest {

    private static final Setting LOGS_UNSET = Setting.logs("CMKV_LOGS_ENDPOINT", null);
    private static final Setting ARM_UNSET = Setting.arm("CMKV_ARM_ENDPOINT", null);
    private static final Setting AUTHORITY_UNSET = Setting.authority(null);

    @Test
    void theVaultHostsDecideTheCloudAndItsAuthority() {
        AzureCloud cn = AzureCloud.of(Set.of("kv-a.vault.azure.cn", "hsm.managedhsm.azure.cn"),
                List.of(LOGS_UNSET, ARM_UNSET, AUTHORITY_UNSET));

        assertEquals(AzureCloud.CHINA, cn);
        assertEquals("https://login.chinacloudapi.cn", cn.authorityHost());
        assertEquals(URI.create("https://api.loganalytics.azure.cn/v1"), cn.logsEndpoint());
        assertEquals(URI.create("https://management.chinacloudapi.cn"), cn.armEndpoint());
        assertEquals("https://stx.queue.core.chinacloudapi.cn", cn.storageEndpoint("stx", "queue"));
        assertEquals("https://login.microsoftonline.us", AzureCloud.of(Set.of("kv.vault.usgovcloudapi.net"),
                List.of()).authorityHost());
        assertEquals(AzureCloud.PUBLIC, AzureCloud.of(Set.of(), List.of(LOGS_UNSET)), "nothing says otherwise");
    }

    @Test
    void endpointsOfTheSameCloudAreAccepted() {
        assertEquals(AzureCloud.US_GOVERNMENT, AzureCloud.of(Set.of("kv.vault.usgovcloudapi.net"), List.of(
                Setting.logs("CMKV_LOGS_ENDPOINT", URI.create("https://api.loganalytics.us/v1")),
                Setting.arm("CMKV_ARM_ENDPOINT", URI.create("https://management.usgovcloudapi.net")),
                Setting.authority("https://login.microsoftonline.us/"))));
    }

    @Test
    void aMixedConfigurationIsRefusedInOneLineNamingEachSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AzureCloud.of(
                Set.of("kv-a.vault.azure.cn"), List.of(
                        Setting.logs("CMKV_LOGS_ENDPOINT", URI.create("https://api.loganalytics.azure.com/v1")),
                        ARM_UNSET, Setting.authority("https://login.microsoftonline.com"))));

        String m = e.getMessage();
        assertEquals(1, m.lines().count(), m);
        assertTrue(m.contains("kv-a.vault.azure.cn (China)") && m.contains("CMKV_LOGS_ENDPOINT")
                && m.contains("(public)") && m.contains("AZURE_AUTHORITY_HOST"), m);
    }

    @Test
    void anAuthorityOfNoKnownCloudIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AzureCloud.of(
                Set.of("kv-a.vault.azure.net"), List.of(Setting.authority("https://login.example.org"))));

        assertTrue(e.getMessage().startsWith("AZURE_AUTHORITY_HOST"), e.getMessage());
    }
}
