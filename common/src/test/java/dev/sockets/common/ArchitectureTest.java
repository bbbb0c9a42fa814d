package dev.sockets.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The shape of {@code common}: {@code net}, {@code limit} and {@code tls} at the bottom, depending on
 * nothing else here; {@code tcp} and {@code udp} on them; {@code server} on those; {@code metrics} on
 * {@code server}; {@code cli} on top.
 * No package cycles, and no protocol module anywhere.
 */
class ArchitectureTest {

    private static final JavaClasses COMMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.sockets.common");

    @Test
    void layersPointDownOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("net").definedBy("dev.sockets.common.net..")
                .layer("limit").definedBy("dev.sockets.common.limit..")
                .layer("tls").definedBy("dev.sockets.common.tls..")
                .layer("tcp").definedBy("dev.sockets.common.tcp..")
                .layer("udp").definedBy("dev.sockets.common.udp..")
                .layer("server").definedBy("dev.sockets.common.server..")
                .layer("metrics").definedBy("dev.sockets.common.metrics..")
                .layer("cli").definedBy("dev.sockets.common.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("server").mayOnlyBeAccessedByLayers("metrics", "cli")
                .whereLayer("tcp").mayOnlyBeAccessedByLayers("server", "cli")
                .whereLayer("udp").mayOnlyBeAccessedByLayers("server", "cli")
                .whereLayer("net").mayOnlyBeAccessedByLayers("tcp", "udp", "server", "metrics", "cli")
                .whereLayer("limit").mayOnlyBeAccessedByLayers("udp", "server", "cli")
                .whereLayer("tls").mayOnlyBeAccessedByLayers("server", "cli")
                .check(COMMON);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.sockets.common.(*)..").should().beFreeOfCycles().check(COMMON);
    }

    @Test
    void namesNoProtocol() {
        noClasses().that().resideInAPackage("dev.sockets.common..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sockets.echo..", "dev.sockets.daytime..",
                        "dev.sockets.chat..")
                .check(COMMON);
    }
}
