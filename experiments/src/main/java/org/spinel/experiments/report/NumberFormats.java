package org.spinel.experiments.report;

import java.util.Locale;

/**
 * The number formats a report marker may name (the second word of {@code <!-- spinel:value FILE#SELECTOR FORMAT -->}):
 * <ul>
 * <li>{@code f0} ... {@code f9}: fixed decimals ({@code f3}: 0.123);</li>
 * <li>{@code pct0} ... {@code pct9}: a fraction as a percentage without the sign ({@code pct2}: 0.8409 → 84.09);</li>
 * <li>{@code int}: rounded to an integer; {@code sep}: rounded, thousands separated by spaces (117 600);</li>
 * <li>{@code min1}: seconds as minutes, one decimal (660.4 → 11.0);</li>
 * <li>{@code sci0} ... {@code sci9}: mantissa with that many decimals, e, exponent ({@code sci2}: 5.75e5);</li>
 * <li>{@code str}: the value as text; {@code date}: its first 10 characters (an ISO date); {@code c7}: its first 7
 * (a short commit hash).</li>
 * </ul>
 * Negative numbers are written with the minus sign U+2212, as in the reports' prose.
 */
public final class NumberFormats {
    private NumberFormats() {
    }

    /**
     * Formats {@code value} (a number or text) as {@code format} says.
     *
     * @throws ReportException for an unknown format, or a number format given text that is not a number
     */
    public static String format(Object value, String format) {
        switch (format) {
            case "str":
                return String.valueOf(value);
            case "date":
                return prefix(value, 10, format);
            case "c7":
                return prefix(value, 7, format);
            default:
                break;
        }
        double v = number(value, format);
        if (format.equals("int")) {
            return minus(Long.toString(Math.round(v)));
        }
        if (format.equals("sep")) {
            return separated(Math.round(v));
        }
        if (format.equals("min1")) {
            return fixed(v / 60, 1);
        }
        if (format.matches("sci[0-9]")) {
            return scientific(v, format.charAt(3) - '0');
        }
        if (format.matches("f[0-9]")) {
            return fixed(v, format.charAt(1) - '0');
        }
        if (format.matches("pct[0-9]")) {
            return fixed(v * 100, format.charAt(3) - '0');
        }
        throw new ReportException("unknown format \"" + format
                + "\" (expected f0..f9, pct0..pct9, int, sep, min1, sci0..sci9, str, date or c7)");
    }

    /** {@code v} with {@code decimals} decimals (half-up on the decimal expansion), minus sign U+2212. */
    public static String fixed(double v, int decimals) {
        if (!Double.isFinite(v)) {
            throw new ReportException("not a finite number: " + v);
        }
        String s = new java.math.BigDecimal(Double.toString(v)).setScale(decimals, java.math.RoundingMode.HALF_UP)
                .toPlainString();
        if (s.matches("-0(\\.0*)?")) {
            s = s.substring(1);
        }
        return minus(s);
    }

    /** {@code n} with its thousands separated by spaces when it has five digits or more (1649, 16 558). */
    public static String separated(long n) {
        String digits = Long.toString(Math.abs(n));
        if (digits.length() > 4) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < digits.length(); i++) {
                if (i > 0 && (digits.length() - i) % 3 == 0) {
                    b.append(' ');
                }
                b.append(digits.charAt(i));
            }
            digits = b.toString();
        }
        return (n < 0 ? "\u2212" : "") + digits;
    }

    /** Mantissa with {@code decimals} decimals, "e", exponent: 575 123 → 5.75e5. */
    public static String scientific(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "e", v);
        int e = s.indexOf('e');
        return minus(s.substring(0, e) + "e" + Integer.parseInt(s.substring(e + 1)));
    }

    private static String minus(String s) {
        return s.replace('-', '\u2212');
    }

    private static String prefix(Object value, int n, String format) {
        String s = String.valueOf(value);
        if (s.length() < n) {
            throw new ReportException("format " + format + " needs at least " + n + " characters, got \"" + s + "\"");
        }
        return s.substring(0, n);
    }

    private static double number(Object value, String format) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new ReportException("format " + format + " needs a number, got \"" + value + "\"");
        }
    }
}
