package io.cairnmq.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cairnmq.engine.hz.HzEngine;
import io.cairnmq.engine.hz.HzSubscriptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The boundaries between the parts of the engine on Hazelcast, checked on the compiled classes.
 * Every edge between its packages is written down here: a new one fails until it is added on
 * purpose.
 */
@Timeout(60)
class EngineArchitectureTest {

    private static final String ENGINE = "io.cairnmq.engine.hz";
    private static final String OPS = "io.cairnmq.engine.hz.ops..";
    private static final String MEMBER = "io.cairnmq.engine.hz.member..";
    private static final String FLOW = "io.cairnmq.engine.hz.flow..";
    private static final String RECOVERY = "io.cairnmq.engine.hz.recovery..";
    private static final String REPLICA = "io.cairnmq.engine.hz.replica..";
    private static final String SPILL = "io.cairnmq.engine.hz.spill..";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cairnmq.engine");

    /**
     * The engine's entry uses every part. The parts serve it and call back into it (the engine
     * owns the member's threads, maps and calls); besides, flow, replica and spill use the
     * durability and owned retries of recovery, and nothing else of one another. Operations and
     * the member plumbing use only each other (a factory creates the operations by id, and the
     * operations find their member's services there).
     */
    @Test
    void thePartsOfTheEngineDependOnEachOtherOnlyAlongTheEdgesWrittenHere() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Engine").definedBy(ENGINE)
                .layer("Flow").definedBy(FLOW)
                .layer("Recovery").definedBy(RECOVERY)
                .layer("Replica").definedBy(REPLICA)
                .layer("Spill").definedBy(SPILL)
                .layer("Member").definedBy(MEMBER)
                .layer("Ops").definedBy(OPS)
                .whereLayer("Engine").mayOnlyAccessLayers("Flow", "Recovery", "Replica", "Spill", "Member", "Ops")
                .whereLayer("Flow").mayOnlyAccessLayers("Engine", "Recovery", "Member", "Ops")
                .whereLayer("Replica").mayOnlyAccessLayers("Engine", "Recovery", "Member", "Ops")
                .whereLayer("Spill").mayOnlyAccessLayers("Engine", "Recovery", "Member", "Ops")
                .whereLayer("Recovery").mayOnlyAccessLayers("Engine", "Member", "Ops")
                .whereLayer("Member").mayOnlyAccessLayers("Ops")
                .whereLayer("Ops").mayOnlyAccessLayers("Member")
                .check(MAIN);
    }

    @Test
    void theMemberPlumbingDependsOnNoOtherPartButTheOperations() {
        noClasses().that().resideInAPackage(MEMBER)
                .should().dependOnClassesThat().resideInAnyPackage(ENGINE, FLOW, RECOVERY, REPLICA, SPILL)
                .check(MAIN);
    }

    @Test
    void shardOperationsDoNotDependOnTheClientFacingEngine() {
        noClasses().that().resideInAPackage(OPS)
                .should().dependOnClassesThat().resideInAnyPackage(ENGINE, FLOW, RECOVERY, REPLICA, SPILL)
                .check(MAIN);
    }

    /**
     * The parts reach the engine's entry through {@link HzEngine} alone (and the subscriptions it
     * hands out, whose names recovery restores), never through the objects clients hold.
     */
    @Test
    void thePartsReachTheEngineThroughHzEngineOnly() {
        noClasses().that().resideInAnyPackage(FLOW, RECOVERY, REPLICA, SPILL)
                .should().dependOnClassesThat(resideInAPackage(ENGINE)
                        .and(not(equivalentTo(HzEngine.class)))
                        .and(not(equivalentTo(HzSubscriptions.class))))
                .check(MAIN);
    }
}
