package com.cmkverifier.lab;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Pretty JSON with LF line ends on every platform: the committed lab must be byte-identical wherever it is
 * regenerated, and Jackson's default indenter uses the system line separator.
 */
final class JsonOutput {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DefaultIndenter LF = new DefaultIndenter("  ", "\n");
    /** {@code "name": value}, as Key Vault and the Azure CLI print it, not Jackson's {@code "name" : value}. */
    static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(LF).withArrayIndenter(LF);
    private static final ObjectWriter WRITER = MAPPER.writer(PRETTY);

    private JsonOutput() {
    }

    static void write(Path file, Object value) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, WRITER.writeValueAsString(value) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A streaming generator with the same layout, for files too large to build in memory. */
    static JsonGenerator prettyGenerator(Writer out) throws IOException {
        JsonGenerator g = MAPPER.getFactory().createGenerator(out);
        g.setPrettyPrinter(PRETTY);
        return g;
    }
}
