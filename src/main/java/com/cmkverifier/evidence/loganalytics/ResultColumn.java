package com.cmkverifier.evidence.loganalytics;

import java.util.Arrays;
import java.util.List;

/**
 * A column of a query's answer as the reader reads it: name and Kusto type. The build checks each query's
 * result columns against these with Microsoft's KQL analyzer ({@code KqlAnalyzerTest}).
 */
record ResultColumn(String name, String type) {

    /** Columns written {@code "Name:type"}, in the order the query returns them. */
    static List<ResultColumn> of(String... nameAndType) {
        return Arrays.stream(nameAndType).map(s -> s.split(":", 2)).map(p -> new ResultColumn(p[0], p[1])).toList();
    }

    @Override
    public String toString() {
        return name + ":" + type;
    }
}
