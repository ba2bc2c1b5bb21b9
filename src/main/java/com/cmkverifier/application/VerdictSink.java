package com.cmkverifier.application;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.state.RegistryStore;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one way every final outcome leaves the app, whether a check made it or it ended without one (expiry,
 * poison, last try, a bad setting, "no longer registered"): {@link #keep} before the final write (the history
 * row, durable first), {@link #announce} after it won (one {@link VerdictLine} per verdict for the alerts). A
 * writer that loses its conditional write announces nothing; its kept row is dropped when it is sent.
 */
public final class VerdictSink {

    private final VerdictHistory history;
    private final RegistryStore registry;

    /** @param registry where an unchecked outcome's type and key are looked up */
    public VerdictSink(VerdictHistory history, RegistryStore registry) {
        this.history = history;
        this.registry = registry;
    }

    /** @throws RuntimeException when the rows could not be kept: do not make the final write */
    public void keep(List<FinalVerdict> verdicts) {
        if (!verdicts.isEmpty()) {
            history.keep(verdicts);
        }
    }

    /** @param log the invocation's log, where the alerts read the verdict lines */
    public void announce(List<FinalVerdict> verdicts, Consumer<String> log) {
        verdicts.forEach(v -> log.accept(VerdictLine.of(v)));
    }

    /**
     * The verdict of an outcome no check decided: INCONCLUSIVE, the reason as its one finding (so that history
     * and alerts carry it, as they carry a checked verdict's findings); type and key from the registry entry
     * while there is one.
     */
    Verdict unchecked(String resource, Window window, String reason) {
        ProtectedResource entry;
        try {
            entry = registry.find(resource).orElse(null);
        } catch (RuntimeException e) {
            entry = null;
        }
        return new Verdict(resource, entry == null ? null : entry.type(), entry == null ? null : entry.key().url(),
                window, VerdictStatus.INCONCLUSIVE,
                List.of(new Finding(FindingCode.SOURCE_INCOMPLETE, reason, Map.of(), null)), List.of());
    }
}
