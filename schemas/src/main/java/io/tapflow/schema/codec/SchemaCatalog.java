package io.tapflow.schema.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every version of every published schema, loaded from the {@code .avsc} files on the classpath
 * (the schemas jar ships them), and indexed by CRC-64-AVRO fingerprint — the 8 bytes a
 * single-object encoded message carries in its header.
 *
 * <p>Each file is parsed with its own parser, so two versions of the same record name coexist.
 */
public final class SchemaCatalog {

    private static volatile SchemaCatalog classpathCatalog;

    private final Map<PublishedSchema, Schema> current;
    private final Map<PublishedSchema, List<Schema>> released;
    private final Map<Long, Schema> byFingerprint;
    private final Map<Long, PublishedSchema> publishedByFingerprint;

    private SchemaCatalog(Map<PublishedSchema, Schema> current, Map<PublishedSchema, List<Schema>> released) {
        this.current = current;
        this.released = released;
        this.byFingerprint = new HashMap<>();
        this.publishedByFingerprint = new HashMap<>();
        for (PublishedSchema p : PublishedSchema.values()) {
            List<Schema> all = new ArrayList<>(released.get(p));
            all.add(current.get(p));
            for (Schema s : all) {
                long fp = fingerprint(s);
                byFingerprint.putIfAbsent(fp, s);
                publishedByFingerprint.putIfAbsent(fp, p);
            }
        }
    }

    /** The catalog of the schemas jar on the classpath (loaded once). */
    public static SchemaCatalog fromClasspath() {
        SchemaCatalog c = classpathCatalog;
        if (c == null) {
            synchronized (SchemaCatalog.class) {
                c = classpathCatalog;
                if (c == null) {
                    c = load();
                    classpathCatalog = c;
                }
            }
        }
        return c;
    }

    private static SchemaCatalog load() {
        Map<PublishedSchema, Schema> current = new EnumMap<>(PublishedSchema.class);
        Map<PublishedSchema, List<Schema>> released = new EnumMap<>(PublishedSchema.class);
        for (PublishedSchema p : PublishedSchema.values()) {
            current.put(p, parseResource(p.currentResource())
                    .orElseThrow(() -> new IllegalStateException("schema " + p.currentResource() + " is not on the classpath")));
            List<Schema> versions = new ArrayList<>();
            for (int v = 1; ; v++) {
                Optional<Schema> s = parseResource(p.releasedResource(v));
                if (s.isEmpty()) {
                    break;
                }
                versions.add(s.get());
            }
            released.put(p, Collections.unmodifiableList(versions));
        }
        return new SchemaCatalog(current, released);
    }

    /**
     * A catalog read from directories laid out like the repository: {@code currentDir/<file>.avsc}
     * and {@code releasedDir/<file>/v<N>.avsc} (what a third party gets from schemas/src/main/avro
     * and schemas/src/released, without the jar).
     */
    public static SchemaCatalog fromDirectories(java.nio.file.Path currentDir, java.nio.file.Path releasedDir) {
        Map<PublishedSchema, Schema> current = new EnumMap<>(PublishedSchema.class);
        Map<PublishedSchema, List<Schema>> released = new EnumMap<>(PublishedSchema.class);
        for (PublishedSchema p : PublishedSchema.values()) {
            java.nio.file.Path file = currentDir.resolve(p.fileName() + ".avsc");
            current.put(p, parseFile(file).orElseThrow(() -> new IllegalStateException("schema file " + file + " is missing")));
            List<Schema> versions = new ArrayList<>();
            for (int v = 1; ; v++) {
                Optional<Schema> s = parseFile(releasedDir.resolve(p.fileName()).resolve("v" + v + ".avsc"));
                if (s.isEmpty()) {
                    break;
                }
                versions.add(s.get());
            }
            released.put(p, Collections.unmodifiableList(versions));
        }
        return new SchemaCatalog(current, released);
    }

    private static Optional<Schema> parseFile(java.nio.file.Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Schema.Parser().parse(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Optional<Schema> parseResource(String resource) {
        try (InputStream in = SchemaCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new Schema.Parser().parse(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** CRC-64-AVRO fingerprint of the schema's Parsing Canonical Form (docs and custom properties do not count). */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** The current (newest) version: what producers write and what decoders project old data onto. */
    public Schema current(PublishedSchema schema) {
        return current.get(schema);
    }

    /** Released versions, oldest first (v1 at index 0). Empty if the schema was never released. */
    public List<Schema> released(PublishedSchema schema) {
        return released.get(schema);
    }

    /** Every known version (released ones and the current one), oldest first; duplicates by fingerprint removed. */
    public List<Schema> allVersions(PublishedSchema schema) {
        Map<Long, Schema> unique = new java.util.LinkedHashMap<>();
        for (Schema s : released.get(schema)) {
            unique.putIfAbsent(fingerprint(s), s);
        }
        unique.putIfAbsent(fingerprint(current.get(schema)), current.get(schema));
        return List.copyOf(unique.values());
    }

    /** The writer schema with this fingerprint, if any version of any published schema has it. */
    public Optional<Schema> byFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** Which published schema a fingerprint belongs to. */
    public Optional<PublishedSchema> publishedSchemaOf(long fingerprint) {
        return Optional.ofNullable(publishedByFingerprint.get(fingerprint));
    }
}
