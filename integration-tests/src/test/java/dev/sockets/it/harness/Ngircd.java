package dev.sockets.it.harness;

import dev.sockets.common.net.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * ngIRCd in the foreground ({@code -n}) from a private config on a free port of 127.0.0.1: somebody
 * else's IRC server for our chat client. No DNS, ident or PAM, no connection limits, and
 * {@code MaxPenaltyTime = 0} so its flood penalty (1 s without reads after a burst) does not slow a
 * scripted client. Ready once it logs {@code ready.}; started as root it switches to nobody. Closing
 * kills it by PID. Not thread-safe.
 */
public final class Ngircd implements AutoCloseable {

    private final ExternalProcess process;
    private final int port;

    private Ngircd(ExternalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Ngircd start(Path dir) throws IOException {
        String ngircd = Tools.require("ngircd", "ngircd");
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = FreePorts.tcpAndUdp();
            Path conf = dir.resolve("ngircd-" + attempt + ".conf").toAbsolutePath();
            Files.writeString(conf, """
                    [Global]
                        Name = ngircd.it.localhost
                        Info = interoperability peer of the sockets integration tests
                        Listen = 127.0.0.1
                        Ports = %d
                        MotdPhrase = integration tests
                        AdminInfo1 = sockets integration tests
                        AdminInfo2 = loopback only
                        AdminEMail = root@localhost
                    [Limits]
                        MaxConnections = 0
                        MaxConnectionsIP = 0
                        MaxJoins = 10
                        MaxPenaltyTime = 0
                        PingTimeout = 120
                        PongTimeout = 20
                    [Options]
                        DNS = no
                        Ident = no
                        PAM = no
                    """.formatted(port));
            // ngIRCd switches to nobody when started as root; it must still read its config on a rehash
            conf.toFile().setReadable(true, false);
            ExternalProcess p = ExternalProcess.named("ngircd").command(ngircd, "-n", "-f", conf.toString()).start();
            try {
                p.awaitStdout("ready.", Duration.ofSeconds(15));
                return new Ngircd(p, port);
            } catch (AssertionError e) {
                p.close();
                last = e;
                if (!(p.stdout() + p.stderr()).contains("in use")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    public Endpoint endpoint() {
        return new Endpoint(InetAddress.getLoopbackAddress(), port);
    }

    public ExternalProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
