package io.tapflow.gen.scenario;

import io.tapflow.gen.conv.Conversation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/** Conversations in non-decreasing order of their first packet's time; null when exhausted. */
@FunctionalInterface
public interface ConversationSource {
    Conversation next();

    /** A source over a finished list, sorted by first packet (stable for equal times). */
    static ConversationSource of(List<? extends Conversation> conversations) {
        List<Conversation> sorted = new ArrayList<>();
        for (Conversation c : conversations) {
            if (!c.packets().isEmpty()) {
                sorted.add(c);
            }
        }
        sorted.sort(Comparator.comparingLong(Conversation::firstUs));
        Iterator<Conversation> it = sorted.iterator();
        return () -> it.hasNext() ? it.next() : null;
    }
}
