package io.streamsdr.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 support for DR tests: a fresh {@link VirtualClock} for every test and a
 * {@link DrResources} that closes what the test opened.
 *
 * <pre>{@code
 * @ExtendWith(DrExtension.class)
 * class FailoverTest {
 *     @Test
 *     void restoresWithinTheRto(VirtualClock clock) {
 *         RestorePlan plan = RestorePlan.builder("failover")
 *             .withStep(Step.named("rds-restore").withAction(ctx -> ctx.sleep(Duration.ofMinutes(20))))   // 20 virtual minutes
 *             .build();
 *         PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock));
 *         DrAssertions.assertThat(report).succeeded().rtoAtMost(Duration.ofMinutes(45));
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>{@code VirtualClock}</b> parameters of test methods and of {@code @BeforeEach} and
 *       {@code @AfterEach} methods, and fields marked {@link VirtualTime @VirtualTime}, all receive the
 *       same clock, new for each test and starting at {@link VirtualClock#DEFAULT_START}. (A
 *       constructor or {@code @BeforeAll} parameter gets a clock of the test class instead.)</li>
 *   <li><b>{@code DrResources}</b> parameters receive the test's resources; what is
 *       {@linkplain DrResources#register registered} there is closed after the test, in reverse order,
 *       whether the test passed or failed.</li>
 * </ul>
 *
 * <p>Both live in the test's {@link ExtensionContext.Store}, which JUnit closes when the test's
 * context ends (values that are {@link AutoCloseable} are closed by the store). Nothing is kept in
 * static state, so tests may run in parallel.
 */
public final class DrExtension implements BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DrExtension.class);
    private static final String CLOCK = "virtual-clock";
    private static final String RESOURCES = "resources";

    /** Made by JUnit for {@code @ExtendWith(DrExtension.class)}. */
    public DrExtension() {
    }

    /** The clock of the test (or test class) that {@code context} belongs to, made on first use. */
    public static VirtualClock clock(ExtensionContext context) {
        // Keyed by the context's id: a store also answers with its parents' values, and a test must not
        // see a clock made for its class.
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(List.of(CLOCK, context.getUniqueId()),
                k -> VirtualClock.create(), VirtualClock.class);
    }

    /** The resources of the test (or test class) that {@code context} belongs to, made on first use. */
    public static DrResources resources(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(List.of(RESOURCES, context.getUniqueId()),
                k -> new DrResources(), DrResources.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.isAnnotationPresent(VirtualTime.class)) {
                        inject(f, instance, context);
                    }
                }
            }
        }
    }

    private static void inject(Field f, Object instance, ExtensionContext context) {
        String where = f.getDeclaringClass().getName() + "." + f.getName();
        if (f.getType() != VirtualClock.class) {
            throw new ExtensionConfigurationException("@VirtualTime field " + where + " must be of type VirtualClock, but is "
                    + f.getType().getName());
        }
        if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
            throw new ExtensionConfigurationException("@VirtualTime field " + where
                    + " must be neither static nor final: it gets a new clock before each test");
        }
        try {
            f.setAccessible(true);
            f.set(instance, clock(context));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("Could not set @VirtualTime field " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == VirtualClock.class || type == DrResources.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == VirtualClock.class) {
            return clock(extensionContext);
        }
        if (type == DrResources.class) {
            return resources(extensionContext);
        }
        throw new ParameterResolutionException("DrExtension cannot resolve a parameter of type " + type.getName());
    }
}
