package org.frisbeegw.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape ../shared/ARCHITECTURE.md draws, held by the build: no package cycles anywhere
 * (each package of every module is a slice), the module arrows point one way, and the
 * transport library stays in the listener packages. Checkstyle's import control pins the
 * same arrows per file; this checks the compiled classes, including what a FQN hides.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProductClasses() {
        // Test classes arrive from target/test-classes and from the modules' test jars (*-tests.jar).
        ImportOption productOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        classes = new ClassFileImporter().withImportOption(productOnly).importPackages("org.frisbeegw");
        for (String module : new String[] {"org.frisbeegw.wire.GetRequest", "org.frisbeegw.helper.data.FrisbeeClient",
            "org.frisbeegw.tmcd.listener.TmcdListener", "org.frisbeegw.xmlrpc.listener.XmlRpcShim",
            "org.frisbeegw.gateway.Gateway"}) {
            assertTrue(classes.contain(module), "product classes imported: " + module);
        }
    }

    /** The suite runs in a 64 MiB heap: let the imported classes go. */
    @AfterAll
    static void release() {
        classes = null;
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("org.frisbeegw.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void minaIsUsedOnlyInListenerPackages() {
        noClasses().that().resideOutsideOfPackage("..listener..").should().dependOnClassesThat()
                .resideInAPackage("org.apache.mina..").check(classes);
    }

    @Test
    void theWireLayerDependsOnTheJdkAlone() {
        noClasses().that().resideInAPackage("org.frisbeegw.wire..").should().dependOnClassesThat()
                .resideOutsideOfPackages("java..", "org.frisbeegw.wire..").check(classes);
    }

    @Test
    void modulesDependOnlyDownTheirList() {
        noClasses().that().resideInAPackage("org.frisbeegw.helper..").should().dependOnClassesThat()
                .resideInAnyPackage("org.frisbeegw.tmcd..", "org.frisbeegw.xmlrpc..", "org.frisbeegw.gateway..")
                .check(classes);
        noClasses().that().resideInAnyPackage("org.frisbeegw.tmcd..", "org.frisbeegw.xmlrpc..").should()
                .dependOnClassesThat().resideInAPackage("org.frisbeegw.gateway..").check(classes);
        noClasses().that().resideInAPackage("org.frisbeegw.tmcd..").should().dependOnClassesThat()
                .resideInAPackage("org.frisbeegw.xmlrpc..").check(classes);
        noClasses().that().resideInAPackage("org.frisbeegw.xmlrpc..").should().dependOnClassesThat()
                .resideInAPackage("org.frisbeegw.tmcd..").check(classes);
    }
}
