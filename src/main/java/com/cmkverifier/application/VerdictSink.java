package com.cmkverifier.application;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where final verdicts go: the one place a verdict is handed on once it is final (a run's, after its stored
 * conclusion won; a shard's, after its results are recorded). {@link #TRACE_LINES} writes a
 * {@link VerdictLine} per verdict to the invocation's log; further sinks (reports, Log Analytics) hook in here.
 */
public interface VerdictSink {

    VerdictSink TRACE_LINES = (verdicts, log) -> verdicts.forEach(v -> log.accept(VerdictLine.of(v)));

    /**
     * @param verdicts one for a run, a shard's worth for a sweep
     * @param log      the invocation's log
     */
    void accept(List<FinalVerdict> verdicts, Consumer<String> log);
}
