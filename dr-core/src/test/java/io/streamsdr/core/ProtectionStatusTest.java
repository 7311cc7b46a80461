package io.streamsdr.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a status carries for monitoring: the newest recovery point, a mirror's lag, and a target's defaults. */
class ProtectionStatusTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void aStatusNamesItsNewestPointAndCarriesAMirrorsLag() {
        RecoveryPoint newest = RecoveryPoint.of("snap-7", "rds", RecoveryPoint.Kind.MANUAL_SNAPSHOT, NOW.minusSeconds(300));
        ProtectionStatus s = ProtectionStatus.healthy("rds", NOW, Duration.ofMinutes(5)).withNewestRecoveryPoint(newest)
                .withReplicationLag(new ReplicationLag(12, Duration.ofSeconds(3)));

        assertThat(s.newestRecoveryPoint()).contains(newest);
        assertThat(s.recoverableTo()).contains(NOW.minusSeconds(300));
        assertThat(s.replicationLag()).contains(new ReplicationLag(12, Duration.ofSeconds(3)));
        assertThat(s).isEqualTo(ProtectionStatus.healthy("rds", NOW, Duration.ofMinutes(5)).withNewestRecoveryPoint(newest)
                .withReplicationLag(new ReplicationLag(12, Duration.ofSeconds(3))));
        assertThat(s).isNotEqualTo(ProtectionStatus.healthy("rds", NOW, Duration.ofMinutes(5)));
        assertThat(s.toString()).isEqualTo("ProtectionStatus[rds, healthy, rpo=PT5M, newest snap-7, lag 12 records, 3s]");
        assertThat(ProtectionStatus.healthy("kafka", NOW, Duration.ofSeconds(4)).recoverableTo()).as("now minus the RPO")
                .contains(NOW.minusSeconds(4));
        assertThat(ProtectionStatus.unhealthy("kafka", NOW, "unreachable").recoverableTo()).isEmpty();
        assertThat(new ReplicationLag(0, Duration.ZERO).caughtUp()).isTrue();
        assertThat(new ReplicationLag(1, Duration.ZERO).caughtUp()).isFalse();
    }

    @Test
    void badValuesAreRefused() {
        ProtectionStatus s = ProtectionStatus.healthy("rds", NOW, Duration.ZERO);
        assertThatThrownBy(() -> s.withNewestRecoveryPoint(RecoveryPoint.of("b1", "namespace streams", RecoveryPoint.Kind.BACKUP, NOW)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid newest recovery point of protection status 'rds': must belong to 'rds', but 'b1' belongs to "
                        + "'namespace streams'");
        assertThatThrownBy(() -> s.withNewestRecoveryPoint(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid newest recovery point of protection status 'rds': must not be null");
        assertThatThrownBy(() -> s.withReplicationLag(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid replication lag of protection status 'rds': must not be null");
        assertThatThrownBy(() -> new ReplicationLag(-1, Duration.ZERO)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid replication lag records: must not be negative, was -1");
        assertThatThrownBy(() -> new ReplicationLag(0, Duration.ofSeconds(-2))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid replication lag time: must not be negative, was -2s");
    }

    @Test
    void aTargetWrittenBeforeMonitoringHasTheDefaults() {
        BackupTarget old = new BackupTarget() {
            @Override
            public String name() {
                return "legacy";
            }

            @Override
            public RecoveryPoint takeRecoveryPoint(RunContext ctx) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<RecoveryPoint> recoveryPoints(RunContext ctx) {
                return List.of();
            }

            @Override
            public ProtectionStatus protectionStatus(RunContext ctx) {
                return ProtectionStatus.healthy("legacy", ctx.now(), Duration.ZERO);
            }
        };
        assertThat(old.kind()).isEqualTo(BackupTarget.DEFAULT_KIND).isEqualTo("custom");
        assertThat(old.expectedInterval()).isEqualTo(Optional.empty());
    }
}
