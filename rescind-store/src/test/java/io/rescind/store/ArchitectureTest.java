package io.rescind.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module boundaries (DESIGN §6): the store is storage only; HTTP lives in rescind-server. */
class ArchitectureTest {
    private static final JavaClasses STORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rescind.store");

    @Test
    void theStoreDependsOnNoHttpServer() {
        noClasses()
                .that()
                .resideInAPackage("io.rescind.store..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.helidon..")
                .check(STORE);
    }

    @Test
    void theStoreMakesNoHttpCalls() {
        noClasses()
                .that()
                .resideInAPackage("io.rescind.store..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("java.net.http..")
                .check(STORE);
    }
}
