package io.tapflow.agent.capture;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Runs code with the calling thread inside another network namespace (Linux setns(2)).
 *
 * <p>Network namespaces are per thread, and a socket stays in the namespace it was created in. So
 * the agent opens its capture handles inside the target namespace and switches straight back: the
 * capture threads then read those sockets from the agent's own namespace, where Kafka and the
 * metrics endpoint live. This is how a host agent captures the interfaces of a container or of an
 * {@code ip netns} namespace without running inside it. Needs CAP_SYS_ADMIN.
 */
public final class NetworkNamespace {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final Path NAMED = Path.of("/var/run/netns");

    private interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int setns(int fd, int nstype) throws LastErrorException;
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    private NetworkNamespace() {
    }

    /**
     * The namespace file for a setting value: a name made by {@code ip netns add} (found under
     * /var/run/netns) or a path such as {@code /proc/PID/ns/net}.
     */
    public static Path resolve(String spec) {
        Path path = spec.contains("/") ? Path.of(spec) : NAMED.resolve(spec);
        if (!Files.exists(path)) {
            throw new IllegalStateException("capture.netns: network namespace '" + spec + "' not found (" + path + ")");
        }
        return path;
    }

    /** Calls {@code action} with this thread in namespace {@code ns}, then returns the thread to its own. */
    public static <T> T callInside(Path ns, Callable<T> action) throws Exception {
        LibC libc = Holder.LIBC;
        int own = open(libc, "/proc/thread-self/ns/net");
        try {
            int target = open(libc, ns.toString());
            try {
                setns(libc, target, ns.toString());
            } finally {
                libc.close(target);
            }
            try {
                return action.call();
            } finally {
                setns(libc, own, "the agent's own namespace");
            }
        } finally {
            libc.close(own);
        }
    }

    private static int open(LibC libc, String path) {
        try {
            return libc.open(path, O_RDONLY | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot open network namespace " + path + ": errno " + e.getErrorCode(), e);
        }
    }

    private static void setns(LibC libc, int fd, String what) {
        try {
            libc.setns(fd, CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot enter network namespace " + what + ": errno " + e.getErrorCode()
                    + (e.getErrorCode() == 1 ? " (EPERM: needs CAP_SYS_ADMIN)" : ""), e);
        }
    }
}
