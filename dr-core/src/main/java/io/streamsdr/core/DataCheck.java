package io.streamsdr.core;

/**
 * Evidence from the data of one component: what was there just before the disaster, compared with what
 * came back. A drill captures a {@link DataBaseline} on production while it is still readable (the drill
 * declares the disaster, so it can read just before striking), and after the restore verifies the
 * restored side against it ({@link Drill.Builder#withDataCheck}). Implementations: the MariaDB/MySQL check
 * of dr-aws (rows and tables), the Kafka check of dr-kafka (records per partition), the namespace check of
 * dr-velero (objects).
 *
 * <p><b>When a data check fails the drill</b> (the rule every implementation follows, through
 * {@link DataEvidence#passed()}): it fails when something that existed at or before the restore point (the
 * newest heartbeat that came back) is missing, extra or changed on the restored side, when no heartbeat came
 * back, when nothing was compared, or when the check could not run; what was written after that
 * heartbeat and is missing is loss within the RPO, reported with its count and does not fail it.
 *
 * <pre>{@code
 * DataBaseline rows = rdsCheck.capture(run);      // production, just before the disaster
 * DrillReport report = failover.drill().withDataCheck(rdsCheck, rows).run(options);
 * }</pre>
 */
public interface DataCheck {
    /**
     * The component this check is evidence for, named as the component's backup target and the plan's RPO
     * are named ({@code "rds"}, {@code "kafka"}, {@code "namespace streams"}), so the report shows both RPOs side by side.
     */
    String component();

    /**
     * Reads production before the disaster: what is there (items with a count and a digest) and the newest
     * heartbeat. {@link DataBaseline#takenAt()} is the run's now, the disaster as near as the drill knows it.
     *
     * @throws DrException when production cannot be read (a {@link CallFailedException} naming what was called)
     */
    DataBaseline capture(RunContext ctx);

    /**
     * Reads the restored side and compares it with {@code before}. A difference is a result, not an
     * exception; the drill records an exception as a check that could not run.
     *
     * @throws DrException when the restored side cannot be read
     */
    DataEvidence verify(RunContext ctx, DataBaseline before);
}
