package io.streamsdr.testkit;

import io.streamsdr.core.spi.Check;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Things a test opens and {@link DrExtension} closes after it, in reverse order of registration,
 * whether the test passed or failed. Ask for it as a test parameter:
 *
 * <pre>{@code
 * @ExtendWith(DrExtension.class)
 * class FailoverTest {
 *     @Test
 *     void failsOver(DrResources resources) {
 *         MockCluster cluster = resources.register(MockCluster.start());   // closed after the test
 *         assertThat(cluster.client().namespaces().list().getItems()).isEmpty();
 *     }
 * }
 * }</pre>
 *
 * <p>One instance per test; thread-safe. {@link #close()} closes every resource even when some
 * throw: the first exception is thrown with the others added as suppressed.
 */
public final class DrResources implements AutoCloseable {
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private boolean closed;

    /** An empty set of resources; {@link DrExtension} makes one per test. */
    public DrResources() {
    }

    /**
     * Closes {@code resource} when the test ends, before the resources registered earlier.
     *
     * @return {@code resource}, so that opening and registering is one expression
     * @throws io.streamsdr.core.InvalidConfigurationException when {@code resource} is null
     * @throws IllegalStateException when these resources were already closed (the test is over)
     */
    public <T extends AutoCloseable> T register(T resource) {
        Check.notNull("resource", resource);
        synchronized (resources) {
            if (closed) {
                throw new IllegalStateException("DrResources are closed: the test they belong to is over, so '"
                        + resource + "' would never be closed");
            }
            resources.push(resource);
        }
        return resource;
    }

    /** How many resources are registered and not closed yet. */
    public int size() {
        synchronized (resources) {
            return resources.size();
        }
    }

    /**
     * Closes every registered resource, last registered first. Idempotent.
     *
     * @throws Exception the first exception a resource threw, with the others suppressed
     */
    @Override
    public void close() throws Exception {
        Exception first = null;
        while (true) {
            AutoCloseable next;
            synchronized (resources) {
                closed = true;
                next = resources.poll();
            }
            if (next == null) {
                break;
            }
            try {
                next.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "DrResources[" + size() + " open]";
    }
}
