package io.rescind.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module boundaries (DESIGN §6): the core is domain and protocol logic, with no HTTP and no JDBC. */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rescind.core");

    @Test
    void theCoreDependsOnNoJdbc() {
        noClasses()
                .that()
                .resideInAPackage("io.rescind.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..")
                .check(CORE);
    }

    @Test
    void theCoreDependsOnNoHttpServer() {
        noClasses()
                .that()
                .resideInAPackage("io.rescind.core..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.helidon..")
                .check(CORE);
    }
}
