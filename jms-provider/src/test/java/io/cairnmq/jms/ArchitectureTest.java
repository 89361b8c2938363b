package io.cairnmq.jms;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The boundaries of the design, checked on the compiled classes. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cairnmq");

    @Test
    void theJmsLayerUsesTheEngineApiOnly() {
        noClasses().that().resideInAPackage("io.cairnmq.jms..")
                .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..", "io.cairnmq.engine.hz..",
                        "io.cairnmq.engine.queue..", "io.cairnmq.engine.codec..", "io.cairnmq.engine.store..",
                        "io.cairnmq.engine.topic..", "io.cairnmq.engine.selector..", "org.h2..", "com.zaxxer..")
                .check(MAIN);
    }

    @Test
    void theSessionsPartsDoNotReachBackIntoTheSession() {
        // The session hands each of its parts what that part needs; none calls back into the
        // session, so that each can be read and changed without it.
        noClasses().that().belongToAnyOf(MessageFactory.class, AsyncSends.class, Settlement.class,
                        LocalTransaction.class, SessionConsumers.class, ListenerDispatch.class)
                .should().dependOnClassesThat().belongToAnyOf(CairnSession.class)
                .check(MAIN);
    }

    @Test
    void theEngineApiKnowsNoJmsAndNoStorageTechnology() {
        noClasses().that().resideInAPackage("io.cairnmq.engine.api..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.jms..", "com.hazelcast..",
                        "io.cairnmq.engine.hz..", "org.h2..", "com.zaxxer..")
                .check(MAIN);
    }

    @Test
    void shardRulesArePlainJava() {
        noClasses().that().resideInAnyPackage("io.cairnmq.engine.queue..", "io.cairnmq.engine.codec..",
                        "io.cairnmq.engine.topic..", "io.cairnmq.engine.selector..", "io.cairnmq.engine.tx..")
                .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..", "jakarta.jms..", "org.h2..",
                        "com.zaxxer..", "io.cairnmq.engine.hz..", "io.cairnmq.engine.store..")
                .check(MAIN);
    }

    @Test
    void theTransactionProtocolRunsThroughItsOperationsOnly() {
        // The steps of the commit protocol change shard entries only as operations of their own,
        // which the backups replay: nothing else in the engine touches a transaction's records.
        noClasses().that().resideInAPackage("io.cairnmq.engine.hz..")
                .and().resideOutsideOfPackage("io.cairnmq.engine.hz.ops..")
                .should().callMethod(io.cairnmq.engine.tx.EntryTransactions.class, "applyCommitted", String.class,
                        java.util.List.class)
                .orShould().callMethod(io.cairnmq.engine.tx.EntryTransactions.class, "applyPrepared", String.class,
                        io.cairnmq.engine.tx.PreparedWork.class)
                .check(MAIN);
    }

    @Test
    void onlyTheH2PackageImportsH2AndHikari() {
        noClasses().that().resideInAPackage("io.cairnmq..").and().resideOutsideOfPackage("io.cairnmq.engine.store.h2..")
                .should().dependOnClassesThat().resideInAnyPackage("org.h2..", "com.zaxxer..")
                .check(MAIN);
    }

    @Test
    void onlyTheHazelcastPackageImportsHazelcast() {
        noClasses().that().resideInAPackage("io.cairnmq..").and().resideOutsideOfPackage("io.cairnmq.engine.hz..")
                .should().dependOnClassesThat().resideInAPackage("com.hazelcast..")
                .check(MAIN);
    }
}
