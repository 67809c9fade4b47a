package io.tapflow.resources.catalog;

import java.util.List;

/** A catalog that cannot be applied, with every problem found, each naming its entry. */
public final class CatalogException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public CatalogException(String origin, List<String> problems) {
        super(origin + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ", nothing applied:\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
