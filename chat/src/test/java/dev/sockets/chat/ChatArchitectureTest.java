package dev.sockets.chat;

import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.state.Change;
import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.RemoteUser;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependencies the chat code keeps: the protocol knows no client or server, client and server never
 * know each other, the server's packages are layers (config and protocol below state, state below the
 * network interface, the store beside the configuration, then session, command and cluster side by side, then the wiring in
 * {@code chat.server}, which nothing but the launcher imports), the client parses with the protocol's
 * codec, no package cycle anywhere, and state
 * changes reach the network only through a committed {@link Change} (see docs/ARCHITECTURE.md).
 */
class ChatArchitectureTest {

    private static JavaClasses chat;

    @BeforeAll
    static void importChat() {
        chat = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sockets.chat");
    }

    @Test
    void theProtocolKnowsNoClientAndNoServer() {
        noClasses().that().resideInAPackage("dev.sockets.chat.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sockets.chat.client..", "dev.sockets.chat.server..")
                .check(chat);
    }

    @Test
    void clientAndServerNeverKnowEachOther() {
        noClasses().that().resideInAPackage("dev.sockets.chat.client..")
                .should().dependOnClassesThat().resideInAPackage("dev.sockets.chat.server..")
                .check(chat);
        noClasses().that().resideInAPackage("dev.sockets.chat.server..")
                .should().dependOnClassesThat().resideInAPackage("dev.sockets.chat.client..")
                .check(chat);
    }

    /**
     * Only a committed Change publishes state; messages are published by the lock-free fan-out of a
     * channel or by a remote user's mailbox, and the cluster publishes its own bursts.
     */
    @Test
    void onlyAChangeMessagesAndTheClusterPublish() {
        noClasses().that().doNotBelongToAnyOf(Change.class, Channel.class, RemoteUser.class)
                .and().resideOutsideOfPackage("dev.sockets.chat.server.cluster..")
                .should().callMethod(Network.class, "publish", dev.sockets.chat.server.state.NetworkEvent.class,
                        dev.sockets.chat.server.state.Client.class)
                .orShould().callMethod(dev.sockets.chat.server.state.Peers.class, "publish",
                        dev.sockets.chat.server.state.NetworkEvent.class, dev.sockets.chat.server.state.Client.class)
                .check(chat);
    }

    /** One IRC parser: the client's view of a received line is made by the protocol's codec. */
    @Test
    void theClientParsesWithTheProtocolCodec() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .that().haveFullyQualifiedName("dev.sockets.chat.client.IrcMessage")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.sockets.chat.protocol.IrcLine")
                .check(chat);
    }

    @Test
    void theServerIsLayered() {
        String base = "dev.sockets.chat.server";
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage("dev.sockets.chat..")
                .layer("protocol").definedBy("dev.sockets.chat.protocol..")
                .layer("config").definedBy(base + ".config..")
                .layer("store").definedBy(base + ".store..")
                .layer("account").definedBy(base + ".account..")
                .layer("state").definedBy(base + ".state..")
                .layer("network").definedBy(base + ".network..")
                .layer("session").definedBy(base + ".session..")
                .layer("command").definedBy(base + ".command..")
                .layer("cluster").definedBy(base + ".cluster..")
                .layer("wiring").definedBy(base)
                .layer("launcher").definedBy("dev.sockets.chat")
                .layer("client").definedBy("dev.sockets.chat.client..")
                .whereLayer("launcher").mayNotBeAccessedByAnyLayer()
                .whereLayer("wiring").mayOnlyBeAccessedByLayers("launcher")
                .whereLayer("session").mayOnlyBeAccessedByLayers("wiring", "launcher")
                .whereLayer("command").mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("cluster").mayOnlyBeAccessedByLayers("wiring", "launcher")
                .whereLayer("network").mayOnlyBeAccessedByLayers("session", "command", "cluster", "wiring", "launcher")
                .whereLayer("state").mayOnlyBeAccessedByLayers("network", "session", "command", "cluster", "wiring",
                        "launcher")
                .whereLayer("account").mayOnlyBeAccessedByLayers("command", "wiring", "launcher")
                .whereLayer("store").mayOnlyBeAccessedByLayers("state", "network", "session", "command", "cluster",
                        "wiring", "launcher")
                .whereLayer("config").mayOnlyBeAccessedByLayers("store", "state", "network", "session", "command", "cluster",
                        "wiring", "launcher")
                .whereLayer("client").mayOnlyBeAccessedByLayers("launcher")
                .check(chat);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.sockets.chat.(**)").should().beFreeOfCycles().check(chat);
    }
}
