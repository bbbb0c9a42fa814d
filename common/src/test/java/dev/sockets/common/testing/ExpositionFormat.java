package dev.sockets.common.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: it rejects what
 * the format's rules forbid rather than guessing. Checked: every line is a {@code # HELP}, a
 * {@code # TYPE}, another comment, or a sample; metric and label names match the format's regular
 * expressions, label names do not start with {@code __} nor repeat; label values and HELP texts use only
 * the escapes the format defines; HELP and TYPE at most once per family and TYPE before its samples;
 * the samples of one family are together; no series twice; values are floats (or NaN, +Inf, -Inf) and
 * timestamps integers; counters are not negative; a histogram's series are {@code _bucket} (with
 * {@code le}), {@code _count} and {@code _sum}, its buckets cumulative up to {@code le="+Inf"}, which
 * equals {@code _count}; the text ends with a newline.
 */
public final class ExpositionFormat {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|NaN|[+-]Inf");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: its metric name, labels (in order), value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types = new HashMap<>();
    private final Map<String, String> help = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private ExpositionFormat() {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} naming the line at the first violation. */
    public static ExpositionFormat parse(String text) {
        ExpositionFormat f = new ExpositionFormat();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the text does not end with a newline");
        }
        String[] lines = text.split("\n", -1);
        Set<String> closedFamilies = new HashSet<>();
        Set<String> series = new HashSet<>();
        String currentFamily = null;
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int no = i + 1;
            try {
                String family;
                if (line.startsWith("#")) {
                    family = f.comment(line);
                    if (family == null) {
                        continue;
                    }
                    if (f.hasSamples(family)) {
                        throw new IllegalArgumentException("HELP or TYPE after the samples of " + family);
                    }
                } else {
                    if (line.isBlank()) {
                        throw new IllegalArgumentException("empty line");
                    }
                    Sample s = sample(line);
                    family = f.familyOf(s.name());
                    f.checkSample(family, s);
                    String key = s.name() + new TreeMap<>(s.labels());
                    if (!series.add(key)) {
                        throw new IllegalArgumentException("series twice: " + key);
                    }
                    f.samples.add(s);
                }
                if (!family.equals(currentFamily)) {
                    if (closedFamilies.contains(family)) {
                        throw new IllegalArgumentException("the lines of " + family + " are not together");
                    }
                    if (currentFamily != null) {
                        closedFamilies.add(currentFamily);
                    }
                    currentFamily = family;
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + no + ": " + e.getMessage() + ": " + line, e);
            }
        }
        f.checkHistograms();
        return f;
    }

    private boolean hasSamples(String family) {
        return samples.stream().anyMatch(s -> familyOf(s.name()).equals(family));
    }

    /** The family of a comment line ({@code # HELP} or {@code # TYPE}), or null for another comment. */
    private String comment(String line) {
        String[] parts = line.split(" ", 4);
        if (parts.length < 3 || !parts[0].equals("#") || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
            return null;
        }
        String name = parts[2];
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name " + name);
        }
        if (parts[1].equals("HELP")) {
            String text = parts.length > 3 ? parts[3] : "";
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\\') {
                    if (i + 1 >= text.length() || "\\n".indexOf(text.charAt(i + 1)) < 0) {
                        throw new IllegalArgumentException("bad escape in HELP");
                    }
                    i++;
                }
            }
            if (help.put(name, text) != null) {
                throw new IllegalArgumentException("second HELP for " + name);
            }
        } else {
            if (parts.length != 4 || !TYPES.contains(parts[3])) {
                throw new IllegalArgumentException("bad TYPE");
            }
            if (types.put(name, parts[3]) != null) {
                throw new IllegalArgumentException("second TYPE for " + name);
            }
        }
        return name;
    }

    /** The family a sample's name belongs to: a histogram's or summary's when it has their suffix. */
    private String familyOf(String name) {
        for (String suffix : List.of("_bucket", "_count", "_sum")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String t = types.get(base);
                if ("histogram".equals(t) || ("summary".equals(t) && !suffix.equals("_bucket"))) {
                    return base;
                }
            }
        }
        return name;
    }

    private void checkSample(String family, Sample s) {
        String type = types.getOrDefault(family, "untyped");
        if (type.equals("histogram")) {
            if (s.name().equals(family)) {
                throw new IllegalArgumentException("a histogram sample needs _bucket, _count or _sum");
            }
            if (s.name().endsWith("_bucket") != s.labels().containsKey("le")) {
                throw new IllegalArgumentException("le belongs on _bucket samples, and only there");
            }
            if (s.labels().containsKey("le")) {
                value(s.labels().get("le"));
            }
        }
        if (type.equals("counter") && (s.value() < 0 || Double.isNaN(s.value()))) {
            throw new IllegalArgumentException("a counter below 0 or NaN");
        }
    }

    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, List<double[]>> buckets = new LinkedHashMap<>();
            Map<Map<String, String>, Double> counts = new HashMap<>();
            for (Sample s : samples) {
                Map<String, String> rest = new TreeMap<>(s.labels());
                String le = rest.remove("le");
                if (s.name().equals(family + "_bucket")) {
                    buckets.computeIfAbsent(rest, k -> new ArrayList<>()).add(new double[] {value(le), s.value()});
                } else if (s.name().equals(family + "_count")) {
                    counts.put(rest, s.value());
                }
            }
            buckets.forEach((labels, bs) -> {
                double lastLe = Double.NEGATIVE_INFINITY;
                double lastCount = 0;
                for (double[] b : bs) {
                    if (b[0] <= lastLe || b[1] < lastCount) {
                        throw new IllegalArgumentException(family + labels + ": buckets not increasing and cumulative");
                    }
                    lastLe = b[0];
                    lastCount = b[1];
                }
                if (lastLe != Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException(family + labels + ": no le=\"+Inf\" bucket");
                }
                Double count = counts.get(labels);
                if (count != null && count != lastCount) {
                    throw new IllegalArgumentException(family + labels + ": _count differs from the +Inf bucket");
                }
            });
        });
    }

    private static Sample sample(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name " + name);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < n && line.charAt(i) == '{') {
            i++;
            while (true) {
                if (i < n && line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw new IllegalArgumentException("label without =");
                }
                String label = line.substring(i, eq);
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                    throw new IllegalArgumentException("bad label name " + label);
                }
                i = eq + 1;
                if (i >= n || line.charAt(i) != '"') {
                    throw new IllegalArgumentException("label value not quoted");
                }
                i++;
                StringBuilder v = new StringBuilder();
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unterminated label value");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        char e = i < n ? line.charAt(i++) : 0;
                        switch (e) {
                            case '\\' -> v.append('\\');
                            case '"' -> v.append('"');
                            case 'n' -> v.append('\n');
                            default -> throw new IllegalArgumentException("bad escape in a label value");
                        }
                    } else {
                        v.append(c);
                    }
                }
                if (labels.put(label, v.toString()) != null) {
                    throw new IllegalArgumentException("label twice: " + label);
                }
                if (i < n && line.charAt(i) == ',') {
                    i++;
                } else if (i >= n || line.charAt(i) != '}') {
                    throw new IllegalArgumentException("expected , or } after a label");
                }
            }
        }
        if (i >= n || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("expected one space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ", -1);
        if (rest.length < 1 || rest.length > 2) {
            throw new IllegalArgumentException("expected a value and at most a timestamp");
        }
        double value = value(rest[0]);
        if (rest.length == 2 && !TIMESTAMP.matcher(rest[1]).matches()) {
            throw new IllegalArgumentException("bad timestamp " + rest[1]);
        }
        return new Sample(name, labels, value);
    }

    private static double value(String text) {
        if (text == null || !FLOAT.matcher(text).matches()) {
            throw new IllegalArgumentException("bad value " + text);
        }
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The TYPE of {@code family}, or null. */
    public String type(String family) {
        return types.get(family);
    }

    /** The HELP text of {@code family}, or null. */
    public String help(String family) {
        return help.get(family);
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /**
     * The value of the one sample named {@code name} whose labels include {@code labels} (name, value,
     * ...); throws when there is none or more than one.
     */
    public double value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.size() + " samples " + name + " " + List.of(labels));
        }
        return found.get(0).value();
    }

    /** Every sample named {@code name} whose labels include {@code labels} (name, value, ...). */
    public List<Sample> find(String name, String... labels) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                all &= labels[i + 1].equals(s.labels().get(labels[i]));
            }
            if (all) {
                out.add(s);
            }
        }
        return out;
    }
}
