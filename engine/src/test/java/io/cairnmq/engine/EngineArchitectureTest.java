package io.cairnmq.engine;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cairnmq.engine.hz.HzEngine;
import io.cairnmq.engine.hz.HzSubscriptions;
import io.cairnmq.engine.hz.member.InjectedFailures;
import io.cairnmq.engine.hz.member.MemberContext;
import io.cairnmq.engine.hz.member.MemberServices;
import io.cairnmq.engine.hz.member.ShardReply;
import io.cairnmq.engine.hz.member.WakeupBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
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

    /**
     * What code running on a member needs of that member it reaches through the member's context,
     * found through the Hazelcast instance it runs on: the member plumbing and the operations keep
     * no registry keyed by member in a static collection, and no member's services, bus or
     * injected failures in a static field.
     */
    @Test
    void theMemberPlumbingAndTheOperationsKeepNoMemberStateInStaticFields() {
        noFields().that().areStatic().and().areDeclaredInClassesThat().resideInAnyPackage(MEMBER, OPS)
                .should().haveRawType(assignableTo(Map.class).or(assignableTo(Collection.class))
                        .or(assignableTo(MemberContext.class)).or(assignableTo(MemberServices.class))
                        .or(assignableTo(WakeupBus.class)).or(assignableTo(InjectedFailures.class)))
                .check(MAIN);
    }

    /**
     * A consumer's parts share its lock but not one another: the lease pump, the acknowledgement
     * pipeline and the delivery buffer know neither each other (but the pump fills the buffer)
     * nor the consumer, which wires them and which they reach only through what it hands them
     * ({@code LeasePump.Owner}, the pipeline's suppliers).
     */
    @Test
    void aConsumersPartsReachEachOtherOnlyThroughTheConsumer() {
        noClasses().that(consumerPart("LeasePump"))
                .should().dependOnClassesThat(consumerPart("AcknowledgementPipeline").or(consumerPart("HzConsumer")))
                .check(MAIN);
        noClasses().that(consumerPart("AcknowledgementPipeline"))
                .should().dependOnClassesThat(consumerPart("LeasePump").or(consumerPart("DeliveryBuffer"))
                        .or(consumerPart("HzConsumer")))
                .check(MAIN);
        noClasses().that(consumerPart("DeliveryBuffer"))
                .should().dependOnClassesThat(consumerPart("LeasePump").or(consumerPart("AcknowledgementPipeline"))
                        .or(consumerPart("HzConsumer")))
                .check(MAIN);
    }

    /**
     * Each family of shard operations answers with a reply of its own, one final class next to
     * the others in the member plumbing; they are made where operations decide, and the rest of
     * the engine only reads them.
     */
    @Test
    void repliesAreFinalClassesOfTheMemberPlumbingMadeOnlyWhereOperationsDecide() {
        classes().that().areAssignableTo(ShardReply.class).and().doNotHaveModifier(JavaModifier.ABSTRACT)
                .should().haveModifier(JavaModifier.FINAL).andShould().resideInAPackage(MEMBER)
                .check(MAIN);
        noClasses().that().resideOutsideOfPackages(MEMBER, OPS)
                .should().callConstructorWhere(target(owner(assignableTo(ShardReply.class))))
                .check(MAIN);
    }

    /** A class of the engine's entry package, or one nested in it, by simple name. */
    private static DescribedPredicate<HasName> consumerPart(String simpleName) {
        return nameMatching(Pattern.quote(ENGINE + "." + simpleName) + "(\\$.*)?");
    }
}
