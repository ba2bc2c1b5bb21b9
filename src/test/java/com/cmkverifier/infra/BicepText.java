package com.cmkverifier.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Bicep file read as text, for the build's deployment checks (there is no Bicep compiler on the build machines).
 *
 * <p>A small scanner knows Bicep's comments, single-quoted strings with {@code ${...}} interpolation and
 * {@code '''} multi-line strings, so that braces and keywords inside strings or comments are not mistaken for
 * code. On top of it: top-level statements, resource bodies, and the keys of object literals.
 *
 * <p>Limits, on purpose: it does not evaluate expressions, resolve variables or follow them across files, check
 * types, or know resource schemas. A value computed at deployment time (a parameter, a ternary) is seen only as
 * its text; the checks built on this class say so where it matters.
 */
final class BicepText {

    private static final Pattern RESOURCE = Pattern.compile("\\bresource\\s+(\\w+)\\s+'([^'@]+)(?:@([^']+))?'\\s*(existing\\s*)?=");
    private static final Pattern STATEMENT_START =
            Pattern.compile("^(targetScope|param|var|resource|module|output|type|func|import|metadata)\\b\\s*(\\w*)");
    private static final Pattern OBJECT_KEY = Pattern.compile("^\\s*('[^']*'|[A-Za-z_$][\\w$]*)\\s*:");
    static final Pattern GUID = Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");

    record Statement(String keyword, String name, String text, int offset) { }

    record Resource(String symbol, String type, String apiVersion, boolean existing, String body, int offset) { }

    private final String name;
    private final String code;
    private final boolean[] isCode;

    private BicepText(String name, String source) {
        this.name = name;
        this.isCode = new boolean[source.length()];
        this.code = scan(source, isCode);
    }

    static BicepText of(String name, String source) {
        return new BicepText(name, source);
    }

    static BicepText read(Path file) {
        try {
            return new BicepText(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    /** The source with comments blanked out (same offsets and line numbers as the file). */
    String code() {
        return code;
    }

    int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < code.length(); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    String where(int offset) {
        return name + ":" + lineOf(offset);
    }

    /** Top-level statements; decorator lines end up in the statement before them, which no check relies on. */
    List<Statement> statements() {
        List<Statement> found = new ArrayList<>();
        int depth = 0;
        int start = -1;
        String keyword = null;
        String stmtName = null;
        for (int lineStart = 0; lineStart < code.length(); ) {
            int lineEnd = code.indexOf('\n', lineStart);
            lineEnd = lineEnd < 0 ? code.length() : lineEnd;
            Matcher m = STATEMENT_START.matcher(code.substring(lineStart, lineEnd));
            if (depth == 0 && isCode[lineStart] && m.find()) {
                if (start >= 0) {
                    found.add(new Statement(keyword, stmtName, code.substring(start, lineStart), start));
                }
                start = lineStart;
                keyword = m.group(1);
                stmtName = m.group(2);
            }
            depth += nesting(lineStart, lineEnd);
            lineStart = lineEnd + 1;
        }
        if (start >= 0) {
            found.add(new Statement(keyword, stmtName, code.substring(start), start));
        }
        return found;
    }

    List<Statement> statements(String keyword) {
        return statements().stream().filter(s -> s.keyword().equals(keyword)).toList();
    }

    /** Every resource declaration, nested child resources included, with the text of its body. */
    List<Resource> resources() {
        List<Resource> found = new ArrayList<>();
        Matcher m = RESOURCE.matcher(code);
        while (m.find()) {
            if (!isCode[m.start()]) {
                continue;
            }
            int open = nextCodeChar('{', m.end());
            String body = open < 0 ? "" : code.substring(open, closingBrace(open) + 1);
            found.add(new Resource(m.group(1), m.group(2), m.group(3), m.group(4) != null, body, m.start()));
        }
        return found;
    }

    /** Resources of one type that this file declares (not {@code existing} references). */
    List<Resource> declared(String type) {
        return resources().stream().filter(r -> !r.existing() && r.type().equalsIgnoreCase(type)).toList();
    }

    /** Entries of the object literal assigned by {@code var name = {...}}, empty when there is none. */
    Optional<Map<String, String>> varObject(String varName) {
        Matcher m = Pattern.compile("^var\\s+" + Pattern.quote(varName) + "\\s*=\\s*\\{", Pattern.MULTILINE).matcher(code);
        return m.find() && isCode[m.start()] ? Optional.of(objectEntries(m.end() - 1)) : Optional.empty();
    }

    /** Keys at the first level of the object literal that opens at {@code open}; quotes are dropped. */
    Set<String> objectKeys(int open) {
        return objectEntries(open).keySet();
    }

    /**
     * Entries at the first level of the object literal that opens at {@code open}: key (quotes dropped) to the
     * text after the colon on the same line (for a nested object or array, just its opening bracket).
     */
    Map<String, String> objectEntries(int open) {
        Map<String, String> entries = new LinkedHashMap<>();
        int close = closingBrace(open);
        int depth = 0;
        for (int lineStart = open + 1; lineStart < close; ) {
            int lineEnd = code.indexOf('\n', lineStart);
            lineEnd = lineEnd < 0 || lineEnd > close ? close : lineEnd;
            String line = code.substring(lineStart, lineEnd);
            Matcher m = OBJECT_KEY.matcher(line);
            if (depth == 0 && m.find() && keyIsCode(lineStart + m.start(1))) {
                entries.put(m.group(1).replace("'", ""), line.substring(m.end()).trim());
            }
            depth += nesting(lineStart, lineEnd);
            lineStart = lineEnd + 1;
        }
        return entries;
    }

    /** Declared parameters, name to whether it has a default value. */
    Map<String, Boolean> params() {
        Map<String, Boolean> params = new LinkedHashMap<>();
        for (Statement s : statements("param")) {
            params.put(s.name(), paramDefault(s.name()).isPresent());
        }
        return params;
    }

    /** The text of a parameter's default value (after {@code =} on its declaration line), if it has one. */
    Optional<String> paramDefault(String param) {
        return statements("param").stream()
                .filter(s -> s.name().equals(param))
                .map(s -> s.text().lines().findFirst().orElse(""))
                .filter(line -> line.contains("="))
                .map(line -> line.substring(line.indexOf('=') + 1).trim())
                .findFirst();
    }

    Set<String> outputNames() {
        Set<String> names = new LinkedHashSet<>();
        statements("output").forEach(s -> names.add(s.name()));
        return names;
    }

    /** The {@code params: {...}} object of a module statement: parameter name to the text of its value. */
    Map<String, String> moduleParams(Statement module) {
        Matcher m = Pattern.compile("\\bparams\\s*:\\s*\\{").matcher(module.text());
        return m.find() ? objectEntries(module.offset() + m.end() - 1) : Map.of();
    }

    /** The path a module statement loads, relative to this file. */
    static String modulePath(Statement module) {
        Matcher m = Pattern.compile("^module\\s+\\w+\\s+'([^']+)'").matcher(module.text());
        if (!m.find()) {
            throw new IllegalArgumentException("not a module statement: " + module.text());
        }
        return m.group(1);
    }

    /** A quoted key's opening quote is not code itself, but the character before it (a space, a newline) is. */
    private boolean keyIsCode(int at) {
        return code.charAt(at) == '\'' ? at > 0 && isCode[at - 1] : isCode[at];
    }

    private int nesting(int from, int to) {
        int delta = 0;
        for (int i = from; i < to; i++) {
            if (isCode[i]) {
                char c = code.charAt(i);
                if (c == '{' || c == '[' || c == '(') {
                    delta++;
                } else if (c == '}' || c == ']' || c == ')') {
                    delta--;
                }
            }
        }
        return delta;
    }

    private int nextCodeChar(char wanted, int from) {
        for (int i = from; i < code.length(); i++) {
            if (isCode[i] && code.charAt(i) == wanted) {
                return i;
            }
        }
        return -1;
    }

    private int closingBrace(int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            if (!isCode[i]) {
                continue;
            }
            char c = code.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException(where(open) + ": unbalanced braces");
    }

    /** One level of the scanner: code (top level or inside an interpolation) or a single-quoted string. */
    private static final class Mode {
        final boolean string;
        int braces;

        Mode(boolean string) {
            this.string = string;
        }
    }

    private static String scan(String src, boolean[] isCode) {
        StringBuilder out = new StringBuilder(src);
        Deque<Mode> modes = new ArrayDeque<>();
        modes.push(new Mode(false));
        int i = 0;
        while (i < src.length()) {
            Mode mode = modes.peek();
            char c = src.charAt(i);
            if (mode.string) {
                if (c == '\\') {
                    i += 2;
                } else if (src.startsWith("${", i)) {
                    modes.push(new Mode(false));
                    i += 2;
                } else {
                    if (c == '\'') {
                        modes.pop();
                    }
                    i++;
                }
            } else if (src.startsWith("'''", i)) {
                int end = src.indexOf("'''", i + 3);
                i = end < 0 ? src.length() : end + 3;
            } else if (src.startsWith("//", i)) {
                int end = src.indexOf('\n', i);
                i = blank(out, i, end < 0 ? src.length() : end);
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                i = blank(out, i, end < 0 ? src.length() : end + 2);
            } else if (c == '\'') {
                modes.push(new Mode(true));
                i++;
            } else if (c == '}' && mode.braces == 0 && modes.size() > 1) {
                modes.pop(); // end of an interpolation: back inside its string
                i++;
            } else {
                if (c == '{') {
                    mode.braces++;
                } else if (c == '}') {
                    mode.braces--;
                }
                isCode[i++] = true;
            }
        }
        return out.toString();
    }

    private static int blank(StringBuilder out, int from, int to) {
        for (int j = from; j < to; j++) {
            if (out.charAt(j) != '\n') {
                out.setCharAt(j, ' ');
            }
        }
        return to;
    }
}
