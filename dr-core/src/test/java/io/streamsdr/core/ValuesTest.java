package io.streamsdr.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void aSecretNeverShowsItsValue() {
        Secret s = Secret.of("hunter2");

        assertThat(s).hasToString("Secret[****]");
        assertThat(String.valueOf(s)).doesNotContain("hunter2");
        assertThat(s.reveal()).isEqualTo("hunter2");
        assertThat(s).isEqualTo(Secret.of("hunter2")).isNotEqualTo(Secret.of("hunter3"));
        assertThat(StepOutput.secret("pw").display(s)).isEqualTo("****");
    }

    @Test
    void outputsSurviveTheirJournalForm() {
        assertThat(StepOutput.integer("port").decode(StepOutput.integer("port").encode(3306))).isEqualTo(3306);
        Instant t = Instant.parse("2026-01-01T10:15:30Z");
        assertThat(StepOutput.instant("t").decode(StepOutput.instant("t").encode(t))).isEqualTo(t);
        assertThat(StepOutput.duration("d").decode("PT20M")).isEqualTo(Duration.ofMinutes(20));
        assertThat(StepOutput.secret("pw").decode("x")).isEqualTo(Secret.of("x"));
        assertThat(StepOutput.string("a")).isEqualTo(StepOutput.string("a")).isNotEqualTo(StepOutput.integer("a"));
    }

    @Test
    void backoffGrowsToItsCapAndJitterStaysWithinBounds() {
        Backoff b = Backoff.exponential(Duration.ofSeconds(30), 1.5, Duration.ofSeconds(60));
        SplittableRandom r = new SplittableRandom(1);

        assertThat(b.delayAfter(1, r)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.delayAfter(2, r)).isEqualTo(Duration.ofSeconds(45));
        assertThat(b.delayAfter(3, r)).isEqualTo(Duration.ofSeconds(60));
        assertThat(b.delayAfter(50, r)).isEqualTo(Duration.ofSeconds(60));
        Backoff jittered = b.withJitter(0.2);
        for (int i = 0; i < 1000; i++) {
            assertThat(jittered.delayAfter(1, r)).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(36));
        }
        assertThatThrownBy(() -> b.delayAfter(0, r)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void objectivesApplyPerComponentOrOverall() {
        Objectives o = Objectives.none().withRpo(Duration.ofMinutes(15)).withRpo("kafka", Duration.ofSeconds(5));

        assertThat(o.rpoFor("kafka")).contains(Duration.ofSeconds(5));
        assertThat(o.rpoFor("rds")).contains(Duration.ofMinutes(15));
        assertThat(Objectives.none().rpoFor("rds")).isEmpty();
    }

    @Test
    void durationsReadLikePeopleWriteThem() {
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofMinutes(-1))).isEqualTo("-1m");
        assertThat(Durations.format(null)).isEqualTo("-");
    }

    @Test
    void protectionStatusKeepsItsRules() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(ProtectionStatus.healthy("rds", now, Duration.ofMinutes(5)).rpo()).contains(Duration.ofMinutes(5));
        assertThat(ProtectionStatus.unhealthy("rds", now, "no snapshot").rpo()).isEmpty();
        assertThat(ProtectionStatus.unhealthy("rds", now, "no snapshot").reason()).contains("no snapshot");
        assertThatThrownBy(() -> ProtectionStatus.unhealthy("rds", now, " "))
                .hasMessage("Invalid reason of unhealthy protection status: must not be blank");
        assertThatThrownBy(() -> RecoveryPoint.window("w", "rds", null, now, Map.of()))
                .hasMessage("Invalid recovery point windowStart: must not be null");
        assertThatThrownBy(() -> RecoveryPoint.window("w", "rds", now.plusSeconds(1), now, Map.of()))
                .hasMessage("Invalid recovery point windowStart: must not be after capturedAt");
        assertThatThrownBy(() -> RecoveryPoint.of("w", "rds", RecoveryPoint.Kind.POINT_IN_TIME_WINDOW, now))
                .hasMessage("Invalid recovery point kind: a window needs its start: use RecoveryPoint.window(...)");
        assertThat(RecoveryPoint.window("w", "rds", now.minusSeconds(60), now, Map.of()).windowStart()).contains(now.minusSeconds(60));
    }
}
