package io.tapflow.agent.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The type and allowed range of one setting. Every scalar arrives as text (from YAML or from a
 * flag) and is parsed here, so both sources accept exactly the same spellings.
 */
public interface ValueType {

    /** Parses one scalar; throws IllegalArgumentException with a phrase that completes "must be ...". */
    Object parse(String text);

    /** What a valid value looks like, for error messages. */
    String describe();

    /** True for true/false settings, which a bare command-line flag switches on. */
    default boolean isBoolean() {
        return false;
    }

    static ValueType integer(long min, long max) {
        return new ValueType() {
            @Override
            public Object parse(String text) {
                long v;
                try {
                    v = Long.parseLong(text.trim().replace("_", ""));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(describe());
                }
                if (v < min || v > max) {
                    throw new IllegalArgumentException(describe());
                }
                return v;
            }

            @Override
            public String describe() {
                return "an integer from " + min + " to " + max;
            }
        };
    }

    static ValueType decimal(double min, double max) {
        return new ValueType() {
            @Override
            public Object parse(String text) {
                double v;
                try {
                    v = Double.parseDouble(text.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(describe());
                }
                if (!(v >= min && v <= max)) {
                    throw new IllegalArgumentException(describe());
                }
                return v;
            }

            @Override
            public String describe() {
                return "a number from " + min + " to " + max;
            }
        };
    }

    static ValueType bool() {
        return new ValueType() {
            @Override
            public Object parse(String text) {
                return switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on" -> Boolean.TRUE;
                    case "false", "no", "off" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException(describe());
                };
            }

            @Override
            public String describe() {
                return "true or false";
            }

            @Override
            public boolean isBoolean() {
                return true;
            }
        };
    }

    static ValueType text() {
        return new ValueType() {
            @Override
            public Object parse(String text) {
                return text;
            }

            @Override
            public String describe() {
                return "a string";
            }
        };
    }

    static ValueType oneOf(String... choices) {
        Set<String> allowed = Set.of(choices);
        return new ValueType() {
            @Override
            public Object parse(String text) {
                String v = text.trim().toLowerCase(Locale.ROOT);
                if (!allowed.contains(v)) {
                    throw new IllegalArgumentException(describe());
                }
                return v;
            }

            @Override
            public String describe() {
                return "one of " + String.join(", ", choices);
            }
        };
    }

    static ValueType regex() {
        return new ValueType() {
            @Override
            public Object parse(String text) {
                try {
                    return Pattern.compile(text);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(describe() + " (" + e.getDescription() + " at index " + e.getIndex() + ")");
                }
            }

            @Override
            public String describe() {
                return "a valid regular expression";
            }
        };
    }

    /** Durations with a mandatory unit: a bare number is ambiguous (ms? s?), so it is refused. */
    static ValueType duration(Duration min, Duration max) {
        Pattern syntax = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|µs|ms|s|m|h)");
        return new ValueType() {
            @Override
            public Object parse(String text) {
                Matcher m = syntax.matcher(text.trim());
                if (!m.matches()) {
                    throw new IllegalArgumentException(describe());
                }
                double n = Double.parseDouble(m.group(1));
                double nanosPerUnit = switch (m.group(2)) {
                    case "us", "µs" -> 1e3;
                    case "ms" -> 1e6;
                    case "s" -> 1e9;
                    case "m" -> 60e9;
                    default -> 3600e9;
                };
                Duration d = Duration.ofNanos(Math.round(n * nanosPerUnit));
                if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                    throw new IllegalArgumentException(describe());
                }
                return d;
            }

            @Override
            public String describe() {
                return "a duration with a unit (us, ms, s, m, h) from " + Durations.format(min) + " to " + Durations.format(max);
            }
        };
    }

    static ValueType size(long min, long max) {
        Pattern syntax = Pattern.compile("(\\d+)\\s*([kKmMgG](?:i?B)?|B)?");
        return new ValueType() {
            @Override
            public Object parse(String text) {
                Matcher m = syntax.matcher(text.trim());
                if (!m.matches()) {
                    throw new IllegalArgumentException(describe());
                }
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "B" : m.group(2);
                long factor = switch (Character.toLowerCase(unit.charAt(0))) {
                    case 'k' -> 1L << 10;
                    case 'm' -> 1L << 20;
                    case 'g' -> 1L << 30;
                    default -> 1L;
                };
                if (n > max / factor || n * factor < min || n * factor > max) {
                    throw new IllegalArgumentException(describe());
                }
                return n * factor;
            }

            @Override
            public String describe() {
                return "a size in bytes (units KiB, MiB, GiB) from " + Sizes.format(min) + " to " + Sizes.format(max);
            }
        };
    }

    /** Helpers for readable bounds in messages. */
    final class Durations {
        private Durations() {
        }

        static String format(Duration d) {
            long nanos = d.toNanos();
            if (nanos % 3_600_000_000_000L == 0 && nanos > 0) return nanos / 3_600_000_000_000L + "h";
            if (nanos % 60_000_000_000L == 0 && nanos > 0) return nanos / 60_000_000_000L + "m";
            if (nanos % 1_000_000_000L == 0) return nanos / 1_000_000_000L + "s";
            if (nanos % 1_000_000L == 0) return nanos / 1_000_000L + "ms";
            return nanos / 1_000L + "us";
        }
    }

    final class Sizes {
        private Sizes() {
        }

        static String format(long bytes) {
            if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) return (bytes >> 30) + "GiB";
            if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) return (bytes >> 20) + "MiB";
            if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) return (bytes >> 10) + "KiB";
            return bytes + "B";
        }
    }
}
