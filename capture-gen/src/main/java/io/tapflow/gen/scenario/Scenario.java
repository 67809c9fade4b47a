package io.tapflow.gen.scenario;

/**
 * A named traffic scenario. It hands the generator its conversations in order of their first
 * packet; the generator interleaves their packets by time.
 */
public interface Scenario {
    String name();

    String description();

    /**
     * Starts producing conversations for {@code ctx}. Small scenarios build them all at once; large
     * ones create them lazily so that only the active ones are in memory.
     */
    ConversationSource open(ScenarioContext ctx);

    /** True when the generator should keep every conversation's truth in memory (small scenarios). */
    default boolean keepsFlowTruth() {
        return true;
    }
}
