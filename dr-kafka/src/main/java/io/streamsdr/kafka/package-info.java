/**
 * MirrorMaker 2 backup, lag-based RPO and failback. Under construction: see the project's issues.
 */
package io.streamsdr.kafka;
