package io.purertc.ice;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The checklist of the agent's one data stream: candidate pairs ordered by priority, their Frozen/Waiting
 * bookkeeping, the limit on their number and the triggered-check queue. It decides which pair to check
 * next; the agent sends the checks and reports their outcome. Confined to the agent's event loop.
 */
// RFC 8445 §6.1.2 (forming, pruning, limits, states), §6.1.4.2 (scheduling), §7.2.5.3.3 (unfreezing)
final class Checklist {

    /** Sorted by priority, highest first. */
    private final List<CandidatePair> pairs = new ArrayList<>();
    private final ArrayDeque<CandidatePair> triggered = new ArrayDeque<>();
    private final int maxPairs;

    Checklist(int maxPairs) {
        this.maxPairs = maxPairs;
    }

    List<CandidatePair> pairs() {
        return pairs;
    }

    boolean contains(CandidatePair pair) {
        return pairs.contains(pair);
    }

    boolean isEmpty() {
        return pairs.isEmpty();
    }

    CandidatePair pairAt(IceAgent.LocalBase base, InetSocketAddress remote) {
        for (CandidatePair pair : pairs) {
            if (pair.base == base && pair.remoteAddress().equals(remote)) {
                return pair;
            }
        }
        return null;
    }

    /** The highest-priority pair matching, or null. */
    CandidatePair first(Predicate<CandidatePair> matching) {
        for (CandidatePair pair : pairs) {
            if (matching.test(pair)) {
                return pair;
            }
        }
        return null;
    }

    boolean any(Predicate<CandidatePair> matching) {
        return first(matching) != null;
    }

    /**
     * Adds a pair unless the list is full of pairs at least as good: RFC 8445 §6.1.2.5 keeps the
     * highest-priority pairs, and only a pair not yet checked makes room. Returns null when refused.
     */
    CandidatePair add(IceAgent.LocalBase base, IceCandidate remote, long priority) {
        if (pairs.size() >= maxPairs) {
            CandidatePair lowest = null;
            for (int i = pairs.size() - 1; i >= 0 && lowest == null; i--) {
                CandidatePair p = pairs.get(i);
                if (p.state == CandidatePair.State.FROZEN || p.state == CandidatePair.State.WAITING) {
                    lowest = p;
                }
            }
            if (lowest == null || lowest.priority >= priority) {
                return null;
            }
            pairs.remove(lowest);
            triggered.remove(lowest);
        }
        CandidatePair pair = new CandidatePair(base, remote, priority, CandidatePair.State.FROZEN);
        // RFC 8445 §6.1.2.6 and RFC 8838 §11: the first pair of a foundation, or one whose foundation has
        // already succeeded, waits; the rest stay frozen until a pair of their foundation succeeds.
        boolean seen = any(p -> p.foundation.equals(pair.foundation));
        boolean succeeded = any(p -> p.foundation.equals(pair.foundation) && p.state == CandidatePair.State.SUCCEEDED);
        if (!seen || succeeded) {
            pair.state = CandidatePair.State.WAITING;
        }
        int at = 0;
        while (at < pairs.size() && pairs.get(at).priority >= pair.priority) {
            at++;
        }
        pairs.add(at, pair);
        return pair;
    }

    /** Recomputes every priority (after a role switch or a remote candidate's update) and re-sorts. */
    void reprioritise(ToLongFunction<CandidatePair> priority) {
        for (CandidatePair pair : pairs) {
            pair.priority = priority.applyAsLong(pair);
        }
        pairs.sort(Comparator.comparingLong((CandidatePair p) -> p.priority).reversed());
    }

    /** RFC 8445 §7.2.5.3.3: a success unfreezes the pairs of the same foundation. */
    void unfreeze(String foundation) {
        for (CandidatePair pair : pairs) {
            if (pair.state == CandidatePair.State.FROZEN && pair.foundation.equals(foundation)) {
                pair.state = CandidatePair.State.WAITING;
            }
        }
    }

    void trigger(CandidatePair pair, boolean first) {
        if (!pair.triggered) {
            pair.triggered = true;
            if (first) {
                triggered.addFirst(pair);
            } else {
                triggered.addLast(pair);
            }
        }
    }

    /** Whether a check could be due: something triggered, waiting or frozen. */
    boolean hasWork() {
        return !triggered.isEmpty() || any(p -> p.state == CandidatePair.State.WAITING
                || p.state == CandidatePair.State.FROZEN);
    }

    /** Whether nothing is queued and no pair is frozen, waiting or in progress. */
    boolean settled() {
        return triggered.isEmpty() && !any(CandidatePair::pending);
    }

    /**
     * The pair to check next: the triggered queue first (RFC 8445 §7.3.1.4), else the highest-priority
     * Waiting pair, else Frozen pairs whose foundation has nothing Waiting or In-Progress are unfrozen and
     * the best of them taken (§6.1.4.2). Null when there is nothing to check.
     */
    CandidatePair next() {
        while (!triggered.isEmpty()) {
            CandidatePair pair = triggered.poll();
            pair.triggered = false;
            if (pairs.contains(pair) && (pair.state != CandidatePair.State.FAILED || pair.nominating)) {
                return pair;
            }
        }
        CandidatePair waiting = first(p -> p.state == CandidatePair.State.WAITING);
        if (waiting != null) {
            return waiting;
        }
        for (CandidatePair frozen : pairs) {
            if (frozen.state == CandidatePair.State.FROZEN && !any(p -> p.foundation.equals(frozen.foundation)
                    && (p.state == CandidatePair.State.WAITING || p.state == CandidatePair.State.IN_PROGRESS))) {
                frozen.state = CandidatePair.State.WAITING;
            }
        }
        return first(p -> p.state == CandidatePair.State.WAITING);
    }

    /**
     * RFC 8445 §8.1.2: once a pair is nominated, pairs not yet checked are dropped, and so are checks in
     * progress on pairs of lower priority, each handed to {@code dropped} so its transaction can stop.
     */
    void conclude(CandidatePair nominated, Consumer<CandidatePair> dropped) {
        triggered.clear();
        pairs.removeIf(p -> {
            boolean drop = p.state == CandidatePair.State.FROZEN || p.state == CandidatePair.State.WAITING
                    || p.state == CandidatePair.State.IN_PROGRESS && p.priority < nominated.priority;
            if (drop) {
                dropped.accept(p);
            }
            return drop;
        });
    }

    void clearTriggered() {
        triggered.clear();
    }
}
