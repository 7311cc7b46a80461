package io.streamsdr.testkit.aws;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for tests against a real {@code moto_server}: one server per test run (kept in the
 * root context's store, closed when the run ends), reset before each test, and injected into
 * {@code @BeforeAll}, {@code @BeforeEach} and test methods that take a {@link MotoServer} parameter.
 * When moto_server is not installed the tests are disabled with an install hint (also printed on
 * stderr), or fail with it when the environment variable {@code CI} is set.
 *
 * <pre>{@code
 * @ExtendWith(MotoServerExtension.class)
 * class MyRdsTest {
 *     static RdsClient rds;
 *
 *     @BeforeAll
 *     static void clients(MotoServer moto) {
 *         rds = RdsClient.builder().endpointOverride(moto.endpoint()).region(Region.EU_WEST_1)
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
 *             .httpClientBuilder(UrlConnectionHttpClient.builder())
 *             .build();
 *     }
 *
 *     @Test
 *     void startsWithNoInstance() {
 *         assertThat(rds.describeDBInstances().dbInstances()).isEmpty();   // moto_server is reset before each test
 *     }
 * }
 * }</pre>
 */
public final class MotoServerExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoServerExtension.class);

    /** Disables the tests, with the install hint as the reason, when moto_server is missing and {@code CI} is not set. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (MotoServer.isInstalled() || MotoServer.isCi(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("moto_server is installed, or CI requires it");
        }
        if (context.getTestMethod().isEmpty()) {
            // once per class, where a person reading the build output sees it
            System.err.println("[streams-dr] skipping " + context.getDisplayName() + ": " + MotoServer.INSTALL_HINT);
        }
        return ConditionEvaluationResult.disabled(MotoServer.INSTALL_HINT);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server(extensionContext);
    }

    private static MotoServer server(ExtensionContext context) {
        MotoServer.requireInstalled(MotoServer.isInstalled(), System.getenv("CI"));
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(MotoServer.class, k -> MotoServer.shared(), MotoServer.class);
    }
}
