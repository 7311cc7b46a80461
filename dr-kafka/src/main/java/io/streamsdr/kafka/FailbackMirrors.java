package io.streamsdr.kafka;

import io.streamsdr.core.Poller;
import io.streamsdr.kafka.internal.Rules;
import java.util.Optional;
import java.util.function.Function;

/**
 * The live side of a {@link KafkaFailback}: the mirrors its steps start in this JVM, the reverse
 * mirror (backup → new production) and the forward mirror started again at the end (new production
 * → backup). The failback's definition never changes; these handles are what its runs leave behind,
 * for the step after the one that started a mirror, for a test, and for a drill's teardown:
 *
 * <pre>{@code
 * drill.teardownIfRan(failback.resumeMirroringSteps(), "stop the restarted forward mirror",
 *     () -> failback.mirrors().stopAll(Poller.system()));
 * }</pre>
 *
 * A run resumed in a new JVM starts with no handle and makes them again from the failback's
 * configurations (MirrorMaker 2 resumes from its committed offsets). Thread-safe.
 */
public final class FailbackMirrors {
    private final MirrorConfig reverseConfig;
    private final MirrorConfig restartConfig;
    private final Function<MirrorConfig, Mirror> factory;
    private Mirror reverse;
    private Mirror restartedForward;

    FailbackMirrors(MirrorConfig reverseConfig, MirrorConfig restartConfig, Function<MirrorConfig, Mirror> factory) {
        this.reverseConfig = reverseConfig;
        this.restartConfig = restartConfig;
        this.factory = factory;
    }

    /** The reverse mirror (backup → new production), once a step of this failback has made it. */
    public synchronized Optional<Mirror> reverse() {
        return Optional.ofNullable(reverse);
    }

    /** The forward mirror started again (new production → backup), once the resume step has made it. */
    public synchronized Optional<Mirror> restartedForward() {
        return Optional.ofNullable(restartedForward);
    }

    /**
     * Stops every mirror a step of this failback started in this JVM that still runs (the reverse
     * mirror, if a failed run left it running, and the restarted forward mirror); the others are skipped.
     *
     * @param poller what the stops' retries wait through (outside a plan: {@link Poller#system()})
     * @return what was stopped, in words (a drill's teardown reports it)
     * @throws io.streamsdr.core.InvalidConfigurationException when {@code poller} is null
     * @throws io.streamsdr.core.CallFailedException           when a mirror cannot be stopped (the other is still tried)
     */
    public String stopAll(Poller poller) {
        Rules.notNull("poller", poller);
        Mirror r;
        Mirror f;
        synchronized (this) {
            r = reverse;
            f = restartedForward;
        }
        StringBuilder done = new StringBuilder();
        RuntimeException failure = null;
        for (Mirror m : new Mirror[] {f, r}) {
            if (m == null) {
                continue;
            }
            try {
                if (!m.isRunning()) {
                    continue;
                }
                m.stop(poller);
                done.append(done.length() == 0 ? "stopped MirrorMaker 2 " : ", ").append(m.config().flow());
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return done.length() == 0 ? "no mirror of this failback was running" : done.toString();
    }

    /** The reverse mirror, made from the failback's reverse configuration on first use. */
    synchronized Mirror reverseOrNew() {
        if (reverse == null) {
            reverse = factory.apply(reverseConfig);
        }
        return reverse;
    }

    /** The restarted forward mirror, made from the failback's restart configuration on first use. */
    synchronized Mirror restartedForwardOrNew() {
        if (restartedForward == null) {
            restartedForward = factory.apply(restartConfig);
        }
        return restartedForward;
    }

    @Override
    public synchronized String toString() {
        return "FailbackMirrors[reverse " + (reverse == null ? "not made" : reverse) + ", restarted forward "
                + (restartedForward == null ? "not made" : restartedForward) + "]";
    }
}
