package io.streamsdr.drill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small "streams" Helm chart, written from Java so the drill needs no chart repository: two
 * Deployments ({@code <release>-api}, {@code <release>-worker}) whose environment reads
 * {@code externalizedMariadb.host} and {@code externalizedKafka.bootstrapServers}, and a ConfigMap
 * holding both.
 */
final class StreamsChart {
    /** The Deployments the chart renders for release {@code streams}. */
    static final List<String> DEPLOYMENTS = List.of("streams-api", "streams-worker");

    private StreamsChart() {
    }

    static Path writeTo(Path chart) {
        try {
            Files.createDirectories(chart.resolve("templates"));
            Files.writeString(chart.resolve("Chart.yaml"), """
                    apiVersion: v2
                    name: streams
                    description: Streams, reduced to what a failover re-points
                    version: 1.0.0
                    appVersion: "1.0"
                    """);
            Files.writeString(chart.resolve("values.yaml"), """
                    image:
                      repository: streams
                      tag: "1.0"
                    externalizedMariadb:
                      host: localhost
                      port: 3306
                    externalizedKafka:
                      bootstrapServers: localhost:9092
                    featureFlag: "off"
                    """);
            Files.writeString(chart.resolve("templates/deployments.yaml"), deployment("api", 2) + "---\n" + deployment("worker", 1));
            Files.writeString(chart.resolve("templates/configmap.yaml"), """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: {{ .Release.Name }}-endpoints
                    data:
                      db: {{ .Values.externalizedMariadb.host | quote }}
                      kafka: {{ .Values.externalizedKafka.bootstrapServers | quote }}
                    """);
            return chart;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the streams chart into " + chart, e);
        }
    }

    private static String deployment(String component, int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}-%1$s
                  labels:
                    app: {{ .Release.Name }}-%1$s
                spec:
                  replicas: %2$d
                  selector:
                    matchLabels:
                      app: {{ .Release.Name }}-%1$s
                  template:
                    metadata:
                      labels:
                        app: {{ .Release.Name }}-%1$s
                    spec:
                      containers:
                        - name: %1$s
                          image: "{{ .Values.image.repository }}/%1$s:{{ .Values.image.tag }}"
                          env:
                            - name: DB_HOST
                              value: {{ .Values.externalizedMariadb.host | quote }}
                            - name: DB_PORT
                              value: {{ .Values.externalizedMariadb.port | quote }}
                            - name: KAFKA_BOOTSTRAP_SERVERS
                              value: {{ .Values.externalizedKafka.bootstrapServers | quote }}
                            - name: FEATURE_FLAG
                              value: {{ .Values.featureFlag | quote }}
                """.formatted(component, replicas);
    }
}
