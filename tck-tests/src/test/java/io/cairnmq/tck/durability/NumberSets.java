package io.cairnmq.tck.durability;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The set arithmetic of the kill tests, over message numbers. */
final class NumberSets {

    private NumberSets() {
    }

    /** 0 to n - 1. */
    static Set<Integer> range(int n) {
        Set<Integer> result = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            result.add(i);
        }
        return result;
    }

    /** What {@code expected} holds and {@code found} does not, in order. */
    static Set<Integer> missing(Set<Integer> expected, Collection<Integer> found) {
        Set<Integer> result = new TreeSet<>(expected);
        result.removeAll(found);
        return result;
    }

    static List<Integer> sorted(Collection<Integer> numbers) {
        List<Integer> copy = new ArrayList<>(numbers);
        copy.sort(null);
        return copy;
    }
}
