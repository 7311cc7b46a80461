/**
 * A Kubernetes API server for tests: fabric8's mock server in CRUD mode, bound to loopback, with
 * hooks that let fakes (the Velero controller, Deployment rollouts) act on the stored objects on
 * virtual time before each request is answered. Needs {@code io.fabric8:kubernetes-server-mock}
 * and {@code io.fabric8:kubernetes-client} on the test classpath.
 */
package io.streamsdr.testkit.k8s;
