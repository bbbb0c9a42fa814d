package dev.sockets.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class ManPagesTest {

    @Command(name = "server", mixinStandardHelpOptions = true, description = {".Leading dot, first line.", "More."})
    static final class ServerTestCommand implements Callable<Integer>, ProtocolPort {
        @Mixin ServerOptions server;
        @Option(names = "--nicklen", paramLabel = "N", description = "Longest nick (default: ${DEFAULT-VALUE}).")
        int nickLength = 30;

        @Override
        public Integer call() {
            return 0;
        }

        @Override
        public String defaultPortHelp() {
            return "7";
        }
    }

    @Command(name = "proto", subcommands = ServerTestCommand.class, description = "A protocol.")
    static final class ProtocolTestCommand {
    }

    @Test
    void onePagePerCommandNamedAsTypedInRoffWithTheSuitesVersion(@TempDir Path dir) throws Exception {
        ManPages.main(new String[] {dir.toString(), ProtocolTestCommand.class.getName()});
        try (var pages = Files.list(dir.resolve("man1"))) {
            assertThat(pages.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("sockets-proto.1",
                    "sockets-proto-server.1");
        }
        String page = Files.readString(dir.resolve("man1/sockets-proto-server.1"));
        assertThat(page).startsWith(".TH \"SOCKETS\\-PROTO\\-SERVER\" \"1\" \"\" \"sockets " + Cli.version().replace("-", "\\-")
                + "\" \"Sockets Manual\"\n.SH NAME\nsockets\\-proto\\-server \\- \\&.Leading dot, first line.\n"
                + ".SH SYNOPSIS\n.B sockets proto server\n[options]\n");
        assertThat(Cli.version()).isNotEqualTo("unknown");
        assertThat(page).contains(".TP\n\\fB\\-\\-nicklen\\fR=\\fIN\\fR\nLongest nick (default: 30).\n")
                .contains("CAP_NET_BIND_SERVICE. Default: 7.\n")
                .contains(".SH SEE ALSO\n\\fBsockets\\-proto\\fR(1)\n")
                .doesNotContain("${");
        assertThat(page.indexOf("\\fB\\-h\\fR")).isGreaterThan(page.indexOf("\\-\\-write\\-timeout"))
                .isLessThan(page.indexOf("\\fB\\-V\\fR"));
        assertThat(Files.readString(dir.resolve("man1/sockets-proto.1")))
                .contains(".SH COMMANDS\n.TP\n\\fBserver\\fR\n\\&.Leading dot, first line.\n");
    }
}
