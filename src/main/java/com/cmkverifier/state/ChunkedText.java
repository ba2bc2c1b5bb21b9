package com.cmkverifier.state;

import com.azure.data.tables.models.TableEntity;

/**
 * Stores a long string across several entity properties. A Table string property holds at most 64 KiB
 * (32 K UTF-16 characters) and an entity at most 1 MiB, so text is cut into {@link #CHUNK} character parts,
 * never between the two halves of a surrogate pair, and refused above {@link #MAX_LENGTH}.
 */
public final class ChunkedText {

    static final int CHUNK = 30_000;
    static final int MAX_PARTS = 12;
    /** What fits beside an entity's other properties within the 1 MiB entity limit. */
    public static final int MAX_LENGTH = CHUNK * MAX_PARTS;

    private ChunkedText() {
    }

    public static boolean fits(String text) {
        return text.length() <= MAX_LENGTH - MAX_PARTS;
    }

    public static void put(TableEntity entity, String name, String text) {
        if (!fits(text)) {
            throw new IllegalArgumentException(name + " is " + text.length() + " characters, more than an entity holds");
        }
        int parts = 0;
        for (int start = 0; start < text.length(); parts++) {
            int end = Math.min(start + CHUNK, text.length());
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            entity.addProperty(name + parts, text.substring(start, end));
            start = end;
        }
        entity.addProperty(name + "Parts", parts);
    }

    /** The stored text, or null when the entity has none under {@code name}. */
    public static String get(TableEntity entity, String name) {
        Object parts = entity.getProperty(name + "Parts");
        if (!(parts instanceof Integer n)) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Object part = entity.getProperty(name + i);
            if (!(part instanceof String s)) {
                throw new IllegalStateException(name + " part " + i + " of " + n + " is missing");
            }
            sb.append(s);
        }
        return sb.toString();
    }
}
