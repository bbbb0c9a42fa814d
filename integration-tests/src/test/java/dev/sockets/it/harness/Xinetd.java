package dev.sockets.it.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * xinetd in the foreground ({@code -dontfork}) from a private config, serving only its built-in
 * {@code echo}, {@code daytime} and {@code time} services, each over TCP and UDP on its own free port of
 * 127.0.0.1: somebody else's RFC 862/867/868 servers for our clients to talk to. Built-in services are
 * found by service name; {@code type = INTERNAL UNLISTED} plus {@code port} moves them off their
 * /etc/services ports, and {@code cps = 0 0} stops xinetd disabling a service after a burst of
 * connections. Ready once its own log says {@code Started working: 6 available services}. Closing kills
 * it by PID. Not thread-safe.
 */
public final class Xinetd implements AutoCloseable {

    private static final String[] SERVICES = {"echo", "daytime", "time"};

    private final ExternalProcess process;
    private final Map<String, Integer> ports;

    private Xinetd(ExternalProcess process, Map<String, Integer> ports) {
        this.process = process;
        this.ports = ports;
    }

    /** Starts xinetd with its config, pid file and log in {@code dir}. */
    public static Xinetd start(Path dir) throws IOException {
        String xinetd = Tools.require("xinetd", "xinetd");
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (String s : SERVICES) {
                ports.put(s, FreePorts.tcpAndUdp());
            }
            Path conf = dir.resolve("xinetd-" + attempt + ".conf");
            Path log = dir.resolve("xinetd-" + attempt + ".log");
            Files.writeString(conf, config(ports, dir.resolve("services.log")));
            ExternalProcess p = ExternalProcess.named("xinetd").command(xinetd, "-dontfork", "-stayalive",
                    "-f", conf.toString(), "-pidfile", dir.resolve("xinetd.pid").toString(),
                    "-filelog", log.toString()).start();
            try {
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                        .until(() -> read(log).contains("Started working") || !p.isAlive());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                p.close();
                throw new AssertionError("xinetd did not start working within 15 s; log:\n" + read(log) + p.describe());
            }
            String text = read(log);
            if (p.isAlive() && text.contains("Started working: " + 2 * SERVICES.length + " available services")) {
                return new Xinetd(p, ports);
            }
            p.close();
            last = new AssertionError("xinetd did not bind all its services (a port taken meanwhile?); log:\n"
                    + text + p.describe());
        }
        throw last;
    }

    private static String config(Map<String, Integer> ports, Path serviceLog) {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                defaults
                {
                    log_type       = FILE %s
                    log_on_success =
                    log_on_failure = HOST
                    instances      = UNLIMITED
                    per_source     = UNLIMITED
                    cps            = 0 0
                }
                """.formatted(serviceLog));
        ports.forEach((service, port) -> {
            for (String[] t : new String[][] {{"stream", "tcp", "no"}, {"dgram", "udp", "yes"}}) {
                sb.append("""
                        service %s
                        {
                            id          = %s-%s
                            type        = INTERNAL UNLISTED
                            socket_type = %s
                            protocol    = %s
                            port        = %d
                            bind        = 127.0.0.1
                            wait        = %s
                        }
                        """.formatted(service, service, t[1], t[0], t[1], port, t[2]));
            }
        });
        return sb.toString();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port (TCP and UDP) of a built-in service: {@code echo}, {@code daytime} or {@code time}. */
    public int port(String service) {
        Integer p = ports.get(service);
        if (p == null) {
            throw new IllegalArgumentException("no such service: " + service);
        }
        return p;
    }

    public ExternalProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
