package com.cmkverifier.core.probe;

import com.cmkverifier.core.model.KeyId;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the probe is about to disable, written before it does, twice: a local file and the {@value #TAG} tag on
 * the key version itself, so that {@code cmkv probe --restore} can re-enable the version from any machine even
 * when the probing process (or its machine) is gone.
 *
 * @param who      the person or pipeline that ran the probe, as far as this machine knows it
 * @param deadline when the watchdog re-enables the version whatever else happens
 */
public record RestoreRecord(String resource, KeyId key, String version, String who, Instant disabledAt,
                            Instant deadline) {

    /** The tag name; Key Vault keeps tags per version, and this one rides on the probed version. */
    public static final String TAG = "cmkv-probe";
    /** Key Vault refuses tag values over 256 characters. */
    private static final int MAX_TAG_VALUE = 256;
    private static final Pattern TAG_VALUE = Pattern.compile(
            "version=([0-9a-f]{32});disabledAt=([^;]+);deadline=([^;]+);who=(.*)");

    /** A name unique per key version, safe as a file name (vault names, key names and versions are [a-z0-9-]). */
    public String fileName() {
        return key.vaultName() + "_" + key.keyName() + "_" + version + ".json";
    }

    /** The tag's value: version, disabled-at, deadline and who (last, cut so the value fits Key Vault's limit). */
    public String tagValue() {
        String v = "version=" + version + ";disabledAt=" + disabledAt + ";deadline=" + deadline + ";who=" + who;
        return v.length() > MAX_TAG_VALUE ? v.substring(0, MAX_TAG_VALUE) : v;
    }

    /** The version's tags with this record's tag added. */
    public Map<String, String> taggedOnto(Map<String, String> tags) {
        Map<String, String> out = new LinkedHashMap<>(tags);
        out.put(TAG, tagValue());
        return out;
    }

    /** The version's tags without the probe's tag. */
    public static Map<String, String> untagged(Map<String, String> tags) {
        Map<String, String> out = new LinkedHashMap<>(tags);
        out.remove(TAG);
        return out;
    }

    /** The record a version's tags carry, if they carry this tool's tag naming that very version. */
    public static Optional<RestoreRecord> fromTags(KeyId key, String version, Map<String, String> tags) {
        String value = tags.get(TAG);
        Matcher m = value == null ? null : TAG_VALUE.matcher(value);
        if (m == null || !m.matches() || !m.group(1).equalsIgnoreCase(version)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RestoreRecord(null, key, m.group(1), m.group(4), Instant.parse(m.group(2)),
                    Instant.parse(m.group(3))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
