package com.cmkverifier.core.probe;

import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.ExpectedIdentity;

import java.util.List;
import java.util.Map;

/**
 * What Azure says before the probe may disable anything (spec section 11, guards 2 to 5 and 7), read by the
 * adapters and judged by {@link AzureGuards}. Each part that could not be read carries why, never a guess.
 *
 * @param resource     the resource's own Resource Graph row; null when Resource Graph did not return it
 * @param vault        the key's vault; null when not returned
 * @param vaultGroup   the vault's resource group; null when not returned
 * @param keyUsers     every resource in the scope whose configuration references the key (any version)
 * @param scopeGaps    why the scope could not be read fully; empty when it was
 * @param callers      successful uses of the probed version in the look-back, by caller
 * @param logProblem   why the look-back query was not a complete answer; null when it was
 * @param version      the probed version as Key Vault reports it now; null when it could not be read
 * @param keyProblem   why the version could not be read
 */
public record ProbeFacts(Tagged resource, Tagged vault, Tagged vaultGroup, List<KeyUser> keyUsers,
                         List<String> scopeGaps, List<CallerUse> callers, String logProblem,
                         KeyVersionSwitch.VersionState version, String keyProblem) {

    public ProbeFacts {
        keyUsers = List.copyOf(keyUsers);
        scopeGaps = List.copyOf(scopeGaps);
        callers = List.copyOf(callers);
    }

    /** One Azure resource (or resource group) with its tags as Resource Graph describes them. */
    public record Tagged(String id, Map<String, String> tags) {
        public Tagged {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }
    }

    /**
     * A resource whose configuration references the key.
     *
     * @param tags null when Resource Graph returned no tags row for it
     */
    public record KeyUser(String resourceId, String name, Map<String, String> tags, ExpectedIdentity identity) {
    }

    /** @param label the caller's name for people: display name when known, else its ids */
    public record CallerUse(Caller caller, String label, long uses) {
    }
}
