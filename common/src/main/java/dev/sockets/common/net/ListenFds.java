package dev.sockets.common.net;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.channels.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * systemd's socket activation protocol ({@code sd_listen_fds(3)}): {@code LISTEN_PID} names the process
 * the sockets are for, {@code LISTEN_FDS} counts them from file descriptor 3 on, {@code LISTEN_FDNAMES}
 * names them, colon-separated ({@code FileDescriptorName=} of the socket units, by default the unit's
 * name). One process thus gets its TCP, UDP and TLS sockets at once, which standard input (inetd mode)
 * cannot carry.
 *
 * <p>Java has no public way to turn a file descriptor number into a channel; it only wraps descriptor 0
 * ({@link System#inheritedChannel()}). So each descriptor is moved onto 0 for the moment the JDK's own
 * code ({@code sun.nio.ch.InheritedChannel}) wraps it, and standard input is put back after: the channels
 * are then exactly those of inetd mode, with every socket type and address family handled by the JDK.
 * That code is internal, hence {@code Add-Opens: java.base/sun.nio.ch} in the jars' manifests. Like the
 * inetd channel, these channels must never be closed (the JDK would point descriptors 0-2 at /dev/null on
 * close, silencing the log): servers only stop using them, and the descriptors go when the process exits.
 */
public final class ListenFds {

    /** The first passed descriptor ({@code SD_LISTEN_FDS_START}). */
    public static final int FIRST = 3;

    private ListenFds() {
    }

    /**
     * The sockets passed to this process, or an empty list when the environment passes none to it
     * ({@code LISTEN_PID} absent or another process's: the variables were inherited from a parent).
     *
     * @throws IllegalArgumentException when the variables are malformed or a descriptor is not a socket,
     *                                  with a message for the user
     */
    public static List<InheritedSocket> inherit(Map<String, String> env, long pid) {
        int count = count(env, pid);
        if (count == 0) {
            return List.of();
        }
        List<String> names = names(env, count);
        List<InheritedSocket> sockets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int fd = FIRST + i;
            Channel channel;
            try {
                channel = Jdk.wrap(fd);
            } catch (IOException e) {
                throw new IllegalArgumentException("LISTEN_FDS: file descriptor " + fd + ": " + e.getMessage(), e);
            }
            if (channel == null) {
                throw new IllegalArgumentException("LISTEN_FDS: file descriptor " + fd + " (" + names.get(i)
                        + ") is not a TCP or UDP socket");
            }
            sockets.add(new InheritedSocket(names.get(i), channel));
        }
        return List.copyOf(sockets);
    }

    /** How many descriptors the environment passes to process {@code pid} (0: none for it). */
    static int count(Map<String, String> env, long pid) {
        String forPid = env.get("LISTEN_PID");
        String fds = env.get("LISTEN_FDS");
        if (forPid == null || fds == null) {
            return 0;
        }
        try {
            if (Long.parseLong(forPid.strip()) != pid) {
                return 0;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LISTEN_PID=" + forPid + " is not a process id");
        }
        int count;
        try {
            count = Integer.parseInt(fds.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LISTEN_FDS=" + fds + " is not a number of file descriptors");
        }
        if (count < 0 || count > 1024) {
            throw new IllegalArgumentException("LISTEN_FDS=" + fds + " is not a number of file descriptors (0-1024)");
        }
        return count;
    }

    /** The names of the {@code count} descriptors: {@code LISTEN_FDNAMES}, or {@code unknown} as systemd says. */
    static List<String> names(Map<String, String> env, int count) {
        String joined = env.get("LISTEN_FDNAMES");
        if (joined == null) {
            return java.util.Collections.nCopies(count, "unknown");
        }
        List<String> names = List.of(joined.split(":", -1));
        if (names.size() != count) {
            throw new IllegalArgumentException("LISTEN_FDNAMES=" + joined + " names " + names.size()
                    + " file descriptors, but LISTEN_FDS=" + count);
        }
        return names;
    }

    /** The JDK's inetd code, pointed at one descriptor at a time. */
    private static final class Jdk {

        private static final Method DUP;
        private static final Method DUP2;
        private static final Method CLOSE;
        private static final Method CREATE;
        private static final RuntimeException UNAVAILABLE;

        static {
            Method dup = null;
            Method dup2 = null;
            Method close = null;
            Method create = null;
            RuntimeException unavailable = null;
            try {
                Class<?> c = Class.forName("sun.nio.ch.InheritedChannel");
                dup = c.getDeclaredMethod("dup", int.class);
                dup2 = c.getDeclaredMethod("dup2", int.class, int.class);
                close = c.getDeclaredMethod("close0", int.class);
                create = c.getDeclaredMethod("createChannel");
                for (Method m : List.of(dup, dup2, close, create)) {
                    m.setAccessible(true);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                unavailable = new IllegalStateException("socket activation needs the JDK's sun.nio.ch.InheritedChannel "
                        + "opened to this code (java --add-opens java.base/sun.nio.ch=ALL-UNNAMED; the jars' "
                        + "manifests say so for java -jar): " + e, e);
            }
            DUP = dup;
            DUP2 = dup2;
            CLOSE = close;
            CREATE = create;
            UNAVAILABLE = unavailable;
        }

        /** A channel on (a duplicate of) {@code fd}, which is closed; null when it is not a socket. */
        static synchronized Channel wrap(int fd) throws IOException {
            if (UNAVAILABLE != null) {
                throw UNAVAILABLE;
            }
            int stdin = (int) call(DUP, 0);
            try {
                call(DUP2, fd, 0);
                Channel channel = (Channel) call(CREATE);
                call(CLOSE, fd);
                return channel;
            } finally {
                call(DUP2, stdin, 0);
                call(CLOSE, stdin);
            }
        }

        private static Object call(Method m, Object... args) throws IOException {
            try {
                return m.invoke(null, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
