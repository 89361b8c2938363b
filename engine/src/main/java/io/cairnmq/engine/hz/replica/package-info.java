/**
 * The journal following partition moves: a member that receives a shard writes it into its
 * journal and copies its disk backlog from another holder; a member that gave a shard away drops
 * its rows once the receivers have copied them ({@link io.cairnmq.engine.hz.replica.ReplicaFollower}).
 */
package io.cairnmq.engine.hz.replica;
