/**
 * A Kubernetes API server for tests: fabric8's mock server in CRUD mode, bound to loopback, with
 * hooks that let fakes (the Velero controller, Deployment rollouts) act on the stored objects on
 * virtual time before each request is answered. Needs {@code io.fabric8:kubernetes-server-mock},
 * {@code io.fabric8:kubernetes-client} and {@code io.fabric8:kubernetes-httpclient-jdk} on the test
 * classpath (dr-testkit declares them optional); {@link io.streamsdr.testkit.k8s.MockCluster#start()}
 * names whichever is missing, with the version to add.
 */
package io.streamsdr.testkit.k8s;
