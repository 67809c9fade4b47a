package io.tapflow.it.flink;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Packs the compiled classes of one package into a job jar, the way a user's build would, without a
 * shading step: the session cluster already provides the Flink API.
 */
final class JobJar {

    private JobJar() {
    }

    static Path of(Class<?> mainClass, Path jar) throws IOException {
        Path classesRoot;
        try {
            classesRoot = Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the classes of " + mainClass, e);
        }
        String packagePath = mainClass.getPackageName().replace('.', '/');
        Path packageDir = classesRoot.resolve(packagePath);

        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        List<Path> classes;
        try (Stream<Path> files = Files.list(packageDir)) {
            classes = files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Path clazz : classes) {
                out.putNextEntry(new JarEntry(packagePath + "/" + clazz.getFileName()));
                Files.copy(clazz, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
