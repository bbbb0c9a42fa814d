package dev.sockets.chat;

import dev.sockets.chat.client.ChatClientCommand;
import dev.sockets.common.cli.Cli;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code chat}: the IRC-subset chat suite. Subcommands: {@code server}, {@code client}, {@code account}. Without one it prints its usage
 * and exits 2.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "A LAN chat server speaking a compatible subset of IRC (irssi, weechat, nc ...).",
        subcommands = {ChatServerCommand.class, ChatClientCommand.class, ChatAccountCommand.class})
public final class ChatMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        Cli.main(new ChatMain(), args);
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: server, client or account");
    }
}
