package com.cmkverifier.application;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a timer setting as the Functions host reads it: an NCRONTAB expression of six fields (second, minute,
 * hour, day, month, day of week; learn.microsoft.com, "Timer trigger for Azure Functions", NCRONTAB
 * expressions), each {@code *}, a value, a range, a list, or a step. A sweep or discovery runs the whole estate,
 * so second and minute must be single values: the timer fires at most once an hour.
 */
final class TimerSchedule {

    private record Field(String name, int min, int max, List<String> names) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field("second", 0, 59, List.of()), new Field("minute", 0, 59, List.of()),
            new Field("hour", 0, 23, List.of()), new Field("day", 1, 31, List.of()),
            new Field("month", 1, 12, List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                    "nov", "dec")),
            new Field("day of week", 0, 6, List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat")));
    private static final Pattern PART = Pattern.compile("(\\*|[A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?(?:/(\\d+))?");

    private TimerSchedule() {
    }

    /** @throws BadSetting naming {@code setting} and what is wrong with its value */
    static String check(String setting, String value) {
        String[] fields = value.trim().split("\\s+");
        String shape = " must be an NCRONTAB expression of six fields (second minute hour day month day-of-week),"
                + " like 0 0 2 * * *";
        if (fields.length != FIELDS.size()) {
            throw new BadSetting("setting " + setting + shape + "; got " + fields.length + " fields in '" + value + "'");
        }
        for (int i = 0; i < fields.length; i++) {
            Field f = FIELDS.get(i);
            for (String part : fields[i].split(",", -1)) {
                if (!valid(part, f)) {
                    throw new BadSetting("setting " + setting + shape + "; its " + f.name() + " field '" + fields[i]
                            + "' is not " + f.min() + "-" + f.max() + ", a range, a list or a step");
                }
            }
        }
        for (int i = 0; i < 2; i++) {
            if (!fields[i].matches("\\d{1,2}")) {
                throw new BadSetting("setting " + setting + " must fire at most once an hour (it covers the whole"
                        + " estate): its " + FIELDS.get(i).name() + " field must be one number, got '" + fields[i] + "'");
            }
        }
        return value.trim();
    }

    private static boolean valid(String part, Field f) {
        Matcher m = PART.matcher(part);
        if (!m.matches()) {
            return false;
        }
        if (m.group(3) != null && Integer.parseInt(m.group(3)) == 0) {
            return false;
        }
        if ("*".equals(m.group(1))) {
            return m.group(2) == null;
        }
        Integer from = value(m.group(1), f);
        Integer to = m.group(2) == null ? from : value(m.group(2), f);
        return from != null && to != null && from <= to;
    }

    private static Integer value(String text, Field f) {
        if (text.matches("\\d{1,2}")) {
            int n = Integer.parseInt(text);
            return n >= f.min() && n <= f.max() ? n : null;
        }
        int i = f.names().indexOf(text.toLowerCase(Locale.ROOT));
        return i < 0 ? null : f.min() + i;
    }
}
