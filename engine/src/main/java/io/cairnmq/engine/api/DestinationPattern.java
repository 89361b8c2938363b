package io.cairnmq.engine.api;

import java.util.Arrays;
import java.util.List;

/**
 * The destinations a rule is about (a line of the access file, or of destination settings): a
 * kind and a name pattern in dot-separated segments, where {@code *} stands for exactly one
 * segment and {@code >}, as the last segment, for one or more (as in ActiveMQ): {@code orders.*} matches {@code orders.eu} but
 * not {@code orders} or {@code orders.eu.paris}; {@code orders.>} matches the last two.
 *
 * <p>Of two patterns matching the same destination the more specific one is the one {@link
 * #compareTo} puts first: compared segment by segment from the left, at the first segment where
 * they differ a name beats {@code *} and {@code *} beats {@code >}. So an exact name beats every
 * wildcard, and a longer literal prefix beats a shorter one; two different patterns that match
 * the same name always differ somewhere, so there is never a tie.
 */
public record DestinationPattern(DestinationKind kind, List<String> segments) implements Comparable<DestinationPattern> {

    private static final String ONE = "*";
    private static final String REST = ">";

    public DestinationPattern {
        segments = List.copyOf(segments);
    }

    /**
     * Reads {@code queue:PATTERN} or {@code topic:PATTERN}.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public static DestinationPattern parse(String qualified) {
        for (DestinationKind kind : DestinationKind.values()) {
            if (qualified.startsWith(kind.prefix())) {
                return new DestinationPattern(kind, segments(qualified.substring(kind.prefix().length())));
            }
        }
        throw new IllegalArgumentException("expected queue:PATTERN or topic:PATTERN");
    }

    private static List<String> segments(String pattern) {
        List<String> segments = Arrays.asList(pattern.split("\\.", -1));
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("expected a pattern of dot-separated names, '*' and '>'; '"
                        + pattern + "' has an empty segment");
            }
            boolean wildcard = segment.equals(ONE) || segment.equals(REST);
            if (!wildcard && (segment.contains(ONE) || segment.contains(REST))) {
                throw new IllegalArgumentException("'*' and '>' stand for whole segments, not parts of one: '"
                        + segment + "'");
            }
            if (segment.equals(REST) && i != segments.size() - 1) {
                throw new IllegalArgumentException("'>' stands for the rest of a name, so it comes last: '"
                        + pattern + "'");
            }
        }
        return segments;
    }

    public boolean matches(DestinationName destination) {
        if (destination.kind() != kind) {
            return false;
        }
        String[] name = destination.name().split("\\.", -1);
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.equals(REST)) {
                return name.length > i;
            }
            if (i >= name.length || !(segment.equals(ONE) || segment.equals(name[i]))) {
                return false;
            }
        }
        return name.length == segments.size();
    }

    /** More specific first; see the class comment. */
    @Override
    public int compareTo(DestinationPattern other) {
        for (int i = 0; i < Math.min(segments.size(), other.segments.size()); i++) {
            int order = Integer.compare(rank(segments.get(i)), rank(other.segments.get(i)));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(other.segments.size(), segments.size());
    }

    private static int rank(String segment) {
        return segment.equals(REST) ? 2 : segment.equals(ONE) ? 1 : 0;
    }

    @Override
    public String toString() {
        return kind.prefix() + String.join(".", segments);
    }
}
