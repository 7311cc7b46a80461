package io.streamsdr.velero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The schedule parser against robfig/cron v3 ParseStandard's rules. */
class CronScheduleTest {

    @ParameterizedTest
    @ValueSource(strings = {"0 3 * * *", "*/15 * * * *", "0 0-23/2 * * mon-fri", "0 0 1,15 * *", "5 4 * jan,JUL sun",
            "0 0 ? * ?", "@daily", "@midnight", "@hourly", "@weekly", "@monthly", "@yearly", "@annually", "@every 2h30m",
            "@every 1.5h", "@every 500ms", "TZ=Europe/Paris 0 3 * * *", "CRON_TZ=America/New_York @daily", "  0 3 * * *  ",
            "0 +3 * * *", "30 */6 * * 0", "0 0 * * 6"})
    void acceptsWhatVeleroAccepts(String expression) {
        assertThat(CronSchedule.isValid(expression)).as(expression).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''| empty spec string",
            "0 3 * *| expected exactly 5 fields",
            "0 3 * * * *| expected exactly 5 fields",
            "60 * * * *| minute: end of range (60) above maximum (59)",
            "* 24 * * *| hour: end of range (24) above maximum (23)",
            "* * 0 * *| day of month: beginning of range (0) below minimum (1)",
            "* * * 13 *| month: end of range (13) above maximum (12)",
            "* * * * 7| day of week: end of range (7) above maximum (6)",
            "5-1 * * * *| beginning of range (5) beyond end of range (1)",
            "*/0 * * * *| step of range should be a positive number",
            "1-2-3 * * * *| too many hyphens",
            "*/2/3 * * * *| too many slashes",
            "x * * * *| failed to parse int from 'x'",
            "* * * foo *| month: failed to parse int from 'foo'",
            "* * * * funday| day of week: failed to parse int from 'funday'",
            "@fortnightly| unrecognized descriptor: @fortnightly",
            "@every| unrecognized descriptor",
            "@every 5| missing unit",
            "@every 5 minutes| failed to parse duration",
            "@every 3d| unknown unit \"d\"",
            "@every -1h| @every needs a positive duration",
            "@every 0s| @every needs a positive duration",
            "TZ=Mars/Olympus 0 3 * * *| provided bad location Mars/Olympus",
            "CRON_TZ=Europe/Paris| must be followed by a space and a schedule",
            "@DAILY| unrecognized descriptor"})
    void refusesWhatVeleroRefuses(String expression, String reason) {
        assertThatThrownBy(() -> CronSchedule.parse(expression))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Invalid schedule '" + expression + "'")
                .hasMessageContaining(reason);
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> CronSchedule.parse(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("must not be null");
    }

    @ParameterizedTest
    @CsvSource({
            "0 3 * * *, 2026-01-01T00:00:00Z, 2026-01-01T03:00:00Z",
            "0 3 * * *, 2026-01-01T03:00:00Z, 2026-01-02T03:00:00Z",
            "*/15 * * * *, 2026-01-01T10:07:30Z, 2026-01-01T10:15:00Z",
            "@hourly, 2026-01-01T10:00:00Z, 2026-01-01T11:00:00Z",
            "@every 2h30m, 2026-01-01T10:00:00.750Z, 2026-01-01T12:30:00Z",
            "0 0 * * mon, 2026-01-01T00:00:00Z, 2026-01-05T00:00:00Z",
            "0 0 13 * fri, 2026-01-01T00:00:00Z, 2026-01-02T00:00:00Z",
            "0 0 29 2 *, 2026-01-01T00:00:00Z, 2028-02-29T00:00:00Z",
            "TZ=Europe/Paris 0 3 * * *, 2026-01-01T00:00:00Z, 2026-01-01T02:00:00Z"})
    void nextActivationIsRobfigs(String expression, String after, String expected) {
        assertThat(CronSchedule.parse(expression).next(Instant.parse(after))).isEqualTo(Instant.parse(expected));
    }

    @Test
    void impossibleDatesHaveNoNextActivation() {
        assertThat(CronSchedule.parse("0 0 30 2 *").next(Instant.parse("2026-01-01T00:00:00Z"))).isNull();
    }

    @Test
    void zoneComesFromThePrefix() {
        assertThat(CronSchedule.parse("CRON_TZ=Asia/Tokyo @daily").zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(CronSchedule.parse("@daily").zone()).isEqualTo(java.time.ZoneOffset.UTC);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 */6 * * *| PT6H",
            "*/5 * * * *| PT5M",
            "@daily| PT24H",
            "0 2 * * 1-5| PT72H",
            "0 1,13 * * *| PT12H",
            "@every 90m| PT1H30M",
            "@monthly| PT744H",
            "TZ=Europe/Paris 0 3 * * *| PT25H",
            "*/1 * * * 1-5| PT48H1M"})
    void theLongestIntervalIsTheLongestGapBetweenTwoRuns(String expression, String longest) {
        assertThat(CronSchedule.parse(expression).longestInterval()).as(expression).contains(java.time.Duration.parse(longest));
    }

    @org.junit.jupiter.api.Test
    void aScheduleThatHardlyFiresHasNoInterval() {
        assertThat(CronSchedule.parse("0 0 30 2 *").longestInterval()).isEmpty();
        assertThat(CronSchedule.parse("0 0 29 2 *").longestInterval()).as("leap days: 2028 to 2032").contains(java.time.Duration.ofDays(1461));
    }
}
