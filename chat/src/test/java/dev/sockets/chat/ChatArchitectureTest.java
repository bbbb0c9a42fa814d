package dev.sockets.chat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.sockets.chat.server.Change;
import dev.sockets.chat.server.Channel;
import dev.sockets.chat.server.Network;
import dev.sockets.chat.server.RemoteUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependencies the chat code keeps. What holds today: the protocol knows no client or server, client
 * and server never know each other, and state changes reach the network only through a committed
 * {@link Change}. The server's own layering (state, network, session, command, cluster) is not yet in
 * packages of its own: see docs/ARCHITECTURE.md.
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
                .should().callMethod(Network.class, "publish", dev.sockets.chat.server.NetworkEvent.class,
                        dev.sockets.chat.server.Client.class)
                .check(chat);
    }
}
