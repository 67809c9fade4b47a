package io.tapflow.resources.catalog;

/** Lets tests in this package run the CLI without System.exit. */
final class CatalogCommandAccess {
    private CatalogCommandAccess() {}

    static int run(String... args) throws Exception {
        return io.tapflow.resources.CatalogCommand.run(args);
    }
}
