/**
 * Prometheus in tests: {@link io.streamsdr.testkit.prometheus.Promtool} runs Prometheus' {@code promtool} on rule
 * files, and {@link io.streamsdr.testkit.prometheus.SeriesRecorder} turns scrapes taken on virtual time into
 * promtool's {@code input_series}, so alert rules are tested on series a real registry produced.
 */
package io.streamsdr.testkit.prometheus;
