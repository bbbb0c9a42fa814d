package dev.sockets.chat.server.command;

import dev.sockets.chat.server.state.Channel;

import dev.sockets.chat.protocol.CaseMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * Which channels one LIST asks for, from its comma-separated parameter (005 {@code ELIST=MNU}): names and
 * masks ({@code #chan}, {@code *an1}; M), masks a channel must not match ({@code !*an1}; N) and member
 * counts ({@code >5} more than five, {@code <5} fewer; U). A channel is listed when it matches one of the
 * names or masks (any, if none is given), none of the negated masks and every count. Anything else is
 * taken as a name, so a condition this server does not offer ({@code C>2}) matches no channel rather than
 * all of them. Immutable.
 */
record ListFilter(List<String> masks, List<String> notMasks, int moreThan, int fewerThan) {

    /** The filter of {@code LIST param}. */
    static ListFilter parse(String param) {
        List<String> masks = new ArrayList<>();
        List<String> notMasks = new ArrayList<>();
        int moreThan = -1;
        int fewerThan = Integer.MAX_VALUE;
        for (String item : param.split(",")) {
            if (item.isEmpty()) {
                continue;
            }
            int count = item.length() > 1 ? count(item.substring(1)) : -1;
            if (item.charAt(0) == '>' && count >= 0) {
                moreThan = Math.max(moreThan, count);
            } else if (item.charAt(0) == '<' && count >= 0) {
                fewerThan = Math.min(fewerThan, count);
            } else if (item.charAt(0) == '!' && item.length() > 1) {
                notMasks.add(item.substring(1));
            } else {
                masks.add(item);
            }
        }
        return new ListFilter(List.copyOf(masks), List.copyOf(notMasks), moreThan, fewerThan);
    }

    /** A member count of at most 9 digits, or -1. */
    private static int count(String s) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return -1;
        }
        return Integer.parseInt(s);
    }

    /** Only plain names: the channels can be looked up instead of going through all of them. */
    boolean onlyNames() {
        return notMasks.isEmpty() && moreThan < 0 && fewerThan == Integer.MAX_VALUE && !masks.isEmpty()
                && masks.stream().noneMatch(m -> m.indexOf('*') >= 0 || m.indexOf('?') >= 0);
    }

    boolean accepts(Channel ch) {
        int size = ch.size();
        if (size <= moreThan || size >= fewerThan) {
            return false;
        }
        for (String m : notMasks) {
            if (CaseMapping.matches(m, ch.name())) {
                return false;
            }
        }
        if (masks.isEmpty()) {
            return true;
        }
        for (String m : masks) {
            if (CaseMapping.matches(m, ch.name())) {
                return true;
            }
        }
        return false;
    }
}
