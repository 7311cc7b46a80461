/** dr-kafka's internals: free to change, never in a public signature. */
package io.streamsdr.kafka.internal;
