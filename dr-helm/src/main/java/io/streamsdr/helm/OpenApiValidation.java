package io.streamsdr.helm;

/**
 * Whether Helm validates rendered manifests against the cluster's OpenAPI schema before installing or
 * upgrading. A property of the cluster a {@link Helm} talks to, set once on it
 * ({@link HelmJava#withOpenApiValidation}, {@link HelmBinary#withOpenApiValidation}).
 */
public enum OpenApiValidation {
    /** Validate (Helm's default). */
    ENABLED,
    /**
     * Skip it ({@code --disable-openapi-validation}): for API servers that serve no OpenAPI document,
     * such as dr-testkit's Helm-capable mock.
     */
    DISABLED
}
